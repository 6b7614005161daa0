"""Ledgers built in code, for screenshots, benchmarks and by hand: a demo (several units, two years, skipped
rows, notes, task reports, a return and a review note) and a city-sized one (30 units × 8 years × every
indicator and every task item).

    python -m bench.make_ledger demo /tmp/demo.sqlite        # then LEDGER_DATABASE_URL=sqlite:////tmp/demo.sqlite
    python -m bench.make_ledger city /tmp/city.sqlite
"""
from __future__ import annotations

import random
import sys

import pandas as pd

from ledger import store
from ledger.db import make_engine, migrate
from loaders.catalog import Catalog, load_catalog, split_ids
from loaders.items import item_roles, ledger_items, responsibilities
from tracker.assess import targets_by_indicator

EMPTY = pd.DataFrame(columns=["indicator_id", "year", "value"])


def plausible_values(catalog: Catalog, indicator_id: str, years: range, rng: random.Random, pace: float = 0.9) -> list:
    """(year, value) on the way to the indicator's first target, at `pace` of the straight path, with noise."""
    indicator = catalog.indicators.set_index("indicator_id").loc[indicator_id]
    targets = targets_by_indicator(catalog).get(indicator_id, [])
    if not targets:
        return []
    target = targets[0]
    if not pd.isna(indicator["baseline_value"]):
        start = float(indicator["baseline_value"])
    elif indicator["direction"] == "increase":
        start = target.value * 0.72
    else:
        start = target.value * 1.06
    end_year = target.year or 2025
    rows = []
    for year in years:
        share = min(1.0, (year - 2020) / max(1, end_year - 2020)) * pace
        value = start + (target.value - start) * share * rng.uniform(0.9, 1.1)
        if indicator["unit"] == "%":
            value = min(value, 100.0)
        rows.append((year, round(value, 1 if abs(value) < 1000 else 0)))
    return rows


def demo(engine, catalog: Catalog, seed: int = 2026) -> None:
    """What an office's ledger looks like after two year-end cycles: most units reported, some did not."""
    rng = random.Random(seed)
    indicators = catalog.indicators
    units = ["ndrc", "housing", "transport", "natres", "utilities", "agri", "miit", "commerce"]
    quiet = {"miit"}  # reported nothing in 2026
    roles = item_roles(catalog)
    statuses = ["completed", "on_schedule", "on_schedule", "on_schedule", "behind", "not_started"]
    for year in (2025, 2026):
        for unit in units:
            if year == 2026 and unit in quiet:
                continue
            led = [i for i in indicators["indicator_id"] if unit in split_ids(
                indicators.set_index("indicator_id").at[i, "lead_units"])]
            rows = []
            for indicator_id in led:
                for value_year, value in plausible_values(catalog, indicator_id, range(2020, year + 1), rng,
                                                          pace=rng.choice([0.5, 0.85, 1.0, 1.1])):
                    rows.append({"indicator_id": indicator_id, "year": value_year, "value": value, "sheet": "填报",
                                 "row": 5 + len(rows), "column": "C", "approximate": value_year == year and
                                 rng.random() < 0.2, "note": "初步统计" if value_year == year else ""})
            values = pd.DataFrame(rows, columns=["indicator_id", "year", "value", "sheet", "row", "column",
                                                 "approximate", "note"]) if rows else EMPTY
            items = roles[(roles["unit_id"] == unit) & (roles["role"] == "lead")]["item_id"].drop_duplicates()
            tasks = pd.DataFrame([{
                "item_id": item_id, "status": "" if rng.random() < 0.05 else rng.choice(statuses),
                "progress": f"{year}年推进情况:已完成年度计划的{rng.randint(40, 100)}%。",
                "issues": rng.choice(["", "资金未完全到位", "项目审批周期长", "统计口径待统一"]),
                "next_steps": rng.choice(["按计划推进", "加快项目建设", "争取上级资金支持"]),
                "evidence": rng.choice(["", "见附件"]), "sheet": "重点任务", "row": 5 + n}
                for n, item_id in enumerate(items) if rng.random() < 0.85])
            problems = pd.DataFrame([{"file": f"{unit}-{year}年度进展.xlsx", "sheet": "填报", "row": 40, "column": "C",
                                      "code": "problem.needs_a_decision",
                                      "params": {"written": "本单位自定指标", "flags": ["choose"]}}])
            saved = store.save_submission(engine, store.SubmissionInput(
                unit, year, rng.choice(["王工", "李娜", "张伟", "马丽"]), f"{unit}-{year}年度进展.xlsx", "",
                note="部分数据为初步统计,年报发布后更正。" if rng.random() < 0.4 else ""), values, problems, tasks=tasks)
            if unit == "utilities" and year == 2026:
                store.add_review(engine, saved.id, decision="returned", item_id=str(tasks["item_id"].iloc[0]),
                                 text_="请补充验收材料后重新报送。", reviewer="办公室 张主任")
            if unit == "housing" and year == 2026:
                store.add_review(engine, saved.id, decision="note", text_="已审核,数据口径与统计局一致。", reviewer="办公室 张主任")


def city(engine, catalog: Catalog, units: int = 30, years: range = range(2019, 2027), seed: int = 7) -> None:
    """A city's ledger at full size: every unit reports every year on every indicator it leads, its contribution
    to a few it supports, and on every item it leads or supports."""
    rng = random.Random(seed)
    unit_ids = list(catalog.units["unit_id"])[:units]
    indicators = list(catalog.indicators["indicator_id"])
    roles = item_roles(catalog)
    for year in years:
        batch = []
        for unit in unit_ids:
            # what a unit reports: every indicator it leads, and its contribution to a few it supports
            answers = responsibilities(catalog, unit)
            led = [i for i in indicators if answers.get(("indicator", i)) == "lead"]
            supported = [i for i in indicators if answers.get(("indicator", i)) == "partner"]
            mine = led + rng.sample(supported, min(4, len(supported)))
            rows = [{"indicator_id": i, "year": y, "value": v, "sheet": "填报", "row": 5, "column": "C"}
                    for i in mine for y, v in plausible_values(catalog, i, range(2020, year), rng)[-3:]]
            items = roles.loc[roles["unit_id"] == unit, "item_id"].drop_duplicates()
            tasks = pd.DataFrame([{"item_id": i, "status": rng.choice(["completed", "on_schedule", "behind"]),
                                   "progress": "推进中", "issues": "", "next_steps": "", "evidence": "", "sheet": "S",
                                   "row": 1} for i in items])
            values = pd.DataFrame(rows).drop_duplicates(["indicator_id", "year"]) if rows else EMPTY
            if values.empty and tasks.empty:
                continue
            batch.append((store.SubmissionInput(unit, year, "测试", f"{unit}-{year}.xlsx", ""), values, None, tasks))
        store.save_submissions(engine, batch)
    items = ledger_items(catalog)
    assert len(items)  # the catalog's items are what the tasks name


def main(argv: list[str]) -> None:
    kind, path = argv
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    catalog = load_catalog()
    (demo if kind == "demo" else city)(engine, catalog)
    print(f"LEDGER_DATABASE_URL=sqlite:///{path}")


if __name__ == "__main__":
    main(sys.argv[1:])
