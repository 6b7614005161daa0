"""December 2026: the 十四五 targets (2025) are due. A ledger built in code with 2025 values above and below their
targets and 2026 values: every due target has its own verdict on its 2025 value, a later improvement stands
beside it, and the status toward 2030 is read off a plan path that runs through the 2025 milestone."""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import words
from ledger import store
from ledger.year_end import read_frames, year_end
from tracker.assess import value_on_path, verdict_frame
from tracker.charts import trajectory_chart

VALUES = [  # (unit, indicator, year, value)
    ("ndrc", "new_energy_capacity", 2020, 300), ("ndrc", "new_energy_capacity", 2025, 455),
    ("ndrc", "new_energy_capacity", 2026, 510),
    ("ndrc", "clean_energy_capacity", 2020, 380), ("ndrc", "clean_energy_capacity", 2025, 470),
    ("ndrc", "nonhydro_renewable_power_share", 2020, 20), ("ndrc", "nonhydro_renewable_power_share", 2025, 27.5),
    ("ndrc", "electricity_share", 2020, 25), ("ndrc", "electricity_share", 2025, 31),
    ("ndrc", "electricity_share", 2026, 33),
    ("ndrc", "coal_power_supply_coal_rate", 2020, 320), ("ndrc", "coal_power_supply_coal_rate", 2025, 302),
    ("transport", "municipal_vehicle_nev_share", 2021, 40), ("transport", "municipal_vehicle_nev_share", 2025, 82),
    ("miit", "industrial_solid_waste_utilization", 2024, 55.0), ("miit", "industrial_solid_waste_utilization", 2026, 56.9),
    ("natres", "forest_coverage", 2020, 14.8), ("natres", "forest_coverage", 2025, 16.2),
    ("natres", "forest_coverage", 2026, 16.4),
]


@pytest.fixture
def picture(engine, catalog):
    for unit in dict.fromkeys(u for u, *_ in VALUES):
        rows = [(i, y, v) for u, i, y, v in VALUES if u == unit]
        store.save_submission(engine, store.SubmissionInput(unit, 2026, "王工", f"{unit}.xlsx", ""),
                              pd.DataFrame(rows, columns=["indicator_id", "year", "value"]))
    return year_end(catalog, read_frames(engine), 2026)


def verdict_of(picture, indicator_id: str) -> dict:
    verdicts = verdict_frame(picture.indicators.dropna(subset=["reason"]))
    return verdicts[(verdicts["indicator_id"] == indicator_id) & (verdicts["target_year"] == 2025)].iloc[0].to_dict()


@pytest.mark.parametrize("indicator_id, verdict, gap, zh, en", [
    ("new_energy_capacity", "missed", 45,
     "2025 年实际 455 万千瓦,2025 年目标 ≥ 500 万千瓦,差 45 万千瓦,到期未达成。2026 年已达 510 万千瓦。",
     "2025 actual 455 ×10⁴ kW against the 2025 target ≥ 500 ×10⁴ kW: missed by 45 ×10⁴ kW. By 2026 it reached "
     "510 ×10⁴ kW."),
    ("clean_energy_capacity", "missed", 30,
     "2025 年实际 470 万千瓦,2025 年目标 ≥ 500 万千瓦,差 30 万千瓦,到期未达成。",
     "2025 actual 470 ×10⁴ kW against the 2025 target ≥ 500 ×10⁴ kW: missed by 30 ×10⁴ kW."),
    ("nonhydro_renewable_power_share", "missed", 2.5,
     "2025 年实际 27.5%,2025 年目标 ≥ 30%,差 2.5 个百分点,到期未达成。",
     "2025 actual 27.5% against the 2025 target ≥ 30%: missed by 2.5 percentage points."),
    ("electricity_share", "missed", 4,
     "2025 年实际 31%,2025 年目标 ≥ 35%,差 4 个百分点,到期未达成。2026 年为 33%。",
     "2025 actual 31% against the 2025 target ≥ 35%: missed by 4 percentage points. 2026: 33%."),
    ("coal_power_supply_coal_rate", "missed", 2,
     "2025 年实际 302 克/千瓦时,2025 年目标 ≤ 300 克/千瓦时,差 2 克/千瓦时,到期未达成。",
     "2025 actual 302 g/kWh against the 2025 target ≤ 300 g/kWh: missed by 2 g/kWh."),
    ("municipal_vehicle_nev_share", "missed", 18,
     "2025 年实际 82%,2025 年目标 100%,差 18 个百分点,到期未达成。",
     "2025 actual 82% against the 2025 target 100%: missed by 18 percentage points."),
    ("forest_coverage", "met", None,
     "2025 年实际 16.2%,达到 2025 年目标 ≥ 16%,到期达成。2026 年已达 16.4%。",
     "2025 actual 16.2% meets the 2025 target ≥ 16%: met. By 2026 it reached 16.4%."),
    ("industrial_solid_waste_utilization", "no_value_for_year", None,
     "没有 2025 年的实际值,无法判断 2025 年目标 57% 是否达成;2026 年为 56.9%。",
     "No actual for 2025, so whether the 2025 target 57% was met cannot be told; 2026: 56.9%."),
])
def test__verdict__each_2025_target_is_judged_on_its_2025_value(picture, indicator_id, verdict, gap, zh, en):
    row = verdict_of(picture, indicator_id)
    assert (row["verdict"], None if pd.isna(row["gap"]) else row["gap"]) == (verdict, gap)
    assert (words(row["reason"]), words(row["reason"], "en")) == (zh, en)


def test__status__toward_2030_on_a_path_through_the_2025_milestone(picture, catalog):
    indicators = picture.indicators.set_index("indicator_id")
    capacity = indicators.loc["new_energy_capacity"]
    # 2030 target ≥ 750; the path runs (2020, 300) → (2025, 500) → (2030, 750): r(2026) = 550, not the 2020 → 2030 line
    assert capacity["path"] == [(2020, 300.0), (2025, 500.0), (2030, 750.0)]
    assert (capacity["target_year"], capacity["required_value"]) == (2030, pytest.approx(550))
    assert capacity["status"] == "acceleration_needed"   # (510 - 300)/(550 - 300) = 0.84
    assert words(capacity["reason"]) == ("2026 年实际 510 万千瓦,按计划路径应达 550 万千瓦,2030 年目标 ≥ 750 万千瓦;"
                                         "实际进展为应有进展的 84%。")
    # 57 % by 2025 was its only target: past it, only the verdict stands, never "on track"
    waste = indicators.loc["industrial_solid_waste_utilization"]
    assert waste["status"] == "past_targets"
    assert words(waste["reason"], "en") == "Every target's year has passed: its 1 verdict stands."
    # the chart draws that very path, and the verdict on its 2025 point
    spec = trajectory_chart(catalog, "new_energy_capacity", "zh", actuals=picture.current[
        picture.current["indicator_id"] == "new_energy_capacity"], assessment=capacity.to_dict()).to_dict()
    datasets = spec["datasets"].values()
    drawn = next(d for d in datasets if d and d[0].get("series") == "规划路径")
    assert [(p["year"], p["value"]) for p in drawn] == [(2020, 300.0), (2025, 500.0), (2030, 750.0)]
    assert value_on_path([(p["year"], p["value"]) for p in drawn], 2026) == capacity["required_value"]
    marks = next(d for d in datasets if d and "verdict" in d[0])
    assert [(m["year"], m["verdict"], m["symbol"], m["label"]) for m in marks] == [(2025, "missed", "✖", "✖ 到期未达成")]
    # the marks take the registry's colour as it is: no colour scale of theirs joins the lines' legend
    colours = [layer["encoding"]["color"] for layer in spec["layer"] if "color" in layer.get("encoding", {})]
    assert {c.get("field") for c in colours if c.get("scale", {}) is not None} == {"series"}
    assert [c["field"] for c in colours if c.get("scale", {}) is None] == ["colour"] and marks[0]["colour"] == "#c92a2a"


def test__verdicts__are_counted_per_action_for_the_leaders(picture):
    verdicts = verdict_frame(picture.indicators.dropna(subset=["reason"]))
    due_2025 = verdicts[verdicts["target_year"] == 2025]
    assert due_2025["verdict"].value_counts().to_dict() == {"missed": 6, "met": 1, "no_value_for_year": 1}


def test__year_end__every_due_target_has_exactly_one_verdict(picture, catalog):
    numeric_2025 = catalog.targets[(catalog.targets["year"] == 2025) & catalog.targets["value"].notna()]
    distinct = numeric_2025.drop_duplicates(["indicator_id", "year"])
    counts = picture.verdict_counts(2025)
    assert sum(counts.values()) == len(distinct) == len(picture.verdicts)
    assert counts == {"met": 1, "missed": 6, "no_value_for_year": len(distinct) - 7}


def test__verdict__a_share_falls_short_in_percentage_points(catalog):
    from loaders.message import Difference
    from tracker.wording import _named
    assert _named("gap", Difference(1.0, "forest_coverage"), "en", catalog) == "1 percentage point"
    assert _named("gap", Difference(0.8, "forest_coverage"), "en", catalog) == "0.8 percentage points"
    assert _named("gap", Difference(0.8, "forest_coverage"), "zh", catalog) == "0.8 个百分点"
    assert _named("gap", Difference(45.0, "new_energy_capacity"), "zh", catalog) == "45 万千瓦"
