"""The year-end report and its annex from a ledger built in code: several units over two years, some silent,
skipped rows, notes, a returned report. Counts add up to the catalog's totals; every section says what it
should; the Word file is read back with python-docx."""
from __future__ import annotations

import datetime
import io
import re

import openpyxl
import pandas as pd
import pytest
from docx import Document

from ledger import store
from ledger.__main__ import main as ledger_command
from ledger.leaders_report import build_leaders_report
from ledger.pack import build_pack, pack_tables
from ledger.year_end import read_frames, year_end
import plan_counts as plan

GENERATED = datetime.datetime(2026, 1, 5, 2, 30, tzinfo=datetime.timezone.utc)  # 10:30 in Beijing


def values(*rows):
    return pd.DataFrame([{"indicator_id": i, "year": y, "value": v, "sheet": "填报", "row": n + 5, "column": "C",
                          "note": note} for n, (i, y, v, note) in enumerate(rows)],
                        columns=["indicator_id", "year", "value", "sheet", "row", "column", "note"])


def tasks(*rows):
    return pd.DataFrame([{"item_id": i, "status": s, "progress": p, "issues": q, "next_steps": "", "evidence": "",
                          "sheet": "重点任务", "row": n + 5} for n, (i, s, p, q) in enumerate(rows)])


def skipped(file: str):
    return pd.DataFrame([{"file": file, "sheet": "填报", "row": 30, "column": "A", "code": "unknown_indicator",
                          "message_zh": "无法识别的指标“自定指标”;该行未读取。",
                          "message_en": "Unknown indicator “自定指标”; the row was not read."}])


def save(engine, unit, year, v, t=None, p=None, note=""):
    return store.save_submission(engine, store.SubmissionInput(unit, year, "王工", f"{unit}-{year}.xlsx", "a" * 64, note=note),
                                 v if v is not None else values(), p, tasks=t)


@pytest.fixture
def ledger(engine):
    save(engine, "ndrc", 2024, values(("clean_energy_capacity", 2020, 380.0, ""), ("clean_energy_capacity", 2024, 470.0, "")),
         tasks(("1", "on_schedule", "光伏试点推进", "")))
    save(engine, "natres", 2024, values(("forest_coverage", 2023, 15.6, ""), ("forest_coverage", 2024, 15.8, "")),
         tasks(("22", "on_schedule", "湿地保护推进", "")))
    save(engine, "ndrc", 2025, values(("clean_energy_capacity", 2025, 505.0, "初步统计"),
                              ("coal_power_supply_coal_rate", 2020, 320.0, ""),
                              ("coal_power_supply_coal_rate", 2025, 318.0, "")),
         tasks(("1", "completed", "装机突破500万千瓦", ""), ("2", "behind", "煤耗下降慢", "机组改造滞后")), skipped("ndrc-2025.xlsx"),
         note="2025年数据为初步统计")
    returned = save(engine, "utilities", 2025, values(("old_residential_retrofit_area", 2025, 160.0, "")),
                    tasks(("21", "completed", "分类全覆盖", "")))
    store.add_review(engine, returned.id, decision="returned", text_="缺少验收材料", reviewer="办公室")
    save(engine, "transport", 2025, values(("prefab_building_share", 2024, 26.0, "")))  # housing's indicator: a contribution
    save(engine, "agri", 2025, None, tasks(("24", "", "秸秆综合利用推进", "")))  # no status column in its sheet
    return engine


@pytest.fixture
def picture(ledger, catalog):
    return year_end(catalog, read_frames(ledger), 2025, GENERATED)


def test__year_end__every_indicator_and_item_in_exactly_one_status(picture, catalog):
    assert sum(picture.indicator_counts().values()) == len(catalog.indicators) == plan.INDICATORS
    assert sum(picture.item_counts().values()) == plan.LEDGER_ITEMS
    assert {kind: sum(picture.item_counts(kind).values()) for kind in ("task", "goal", "project", "duty")} == {
        "task": plan.TASK_ITEMS, "goal": plan.QUALITATIVE, "project": plan.PROJECTS, "duty": plan.DUTIES}
    indicators = picture.indicators.set_index("indicator_id")
    # 2025's targets are due in the 2025 cycle once 2025's values are in: each has its verdict; the status looks on
    assert indicators.loc["clean_energy_capacity", ["status", "previous_status", "target_year"]].tolist() == [
        "on_track", "acceleration_needed", 2030]
    assert [v["verdict"] for v in indicators.at["clean_energy_capacity", "verdicts"]] == ["met"]
    assert indicators.loc["coal_power_supply_coal_rate", "status"] == "past_targets"   # 300 g/kWh by 2025 only
    assert [v["verdict"] for v in indicators.at["coal_power_supply_coal_rate", "verdicts"]] == ["missed"]
    assert indicators.loc["wetland_area", "status"] == "no_data"
    items = picture.items.set_index("item_id")
    assert items.loc[["1", "2", "21", "22", "24"], "status"].tolist() == [
        "completed", "behind", "returned", "not_reported", "no_status"]


def test__year_end__coverage_per_unit_counts_what_each_unit_reported_itself(picture):
    coverage = picture.coverage.set_index("unit_id")
    assert coverage.loc["ndrc", "reporting"] == "partial"
    assert coverage.loc["natres", ["items_reported", "indicators_reported", "reporting"]].tolist() == [0, 0, "none"]
    housing = coverage.loc["housing"]  # reported nothing itself: transport's value of its prefab share is transport's
    assert (housing["indicators_reported"], housing["items_reported"], housing["reporting"]) == (0, 0, "none")
    assert picture.indicators.set_index("indicator_id").at["prefab_building_share", "status"] == "no_data"
    assert coverage.loc["agri", "items_reported"] == 1
    utilities = coverage.loc["utilities"]   # its item 21 was returned: due again, not reported
    assert "21" in utilities["items_missing"] and utilities["reporting"] == "partial"


def test__annex__honest_tables_for_analysts(ledger, picture, catalog):
    tables = pack_tables(catalog, picture, "en")
    assert (len(tables["statuses"]), len(tables["tasks"])) == (plan.INDICATORS, plan.LEDGER_ITEMS)
    summary = tables["summary"]
    assert summary.loc[summary["Status"] == "Total", "Count"].tolist() == [plan.INDICATORS, plan.LEDGER_ITEMS, 3]
    assert summary.loc[summary["Status"] != "Total"].groupby("Kind")["Count"].sum().to_dict() == {
        "Indicators": plan.INDICATORS, "Ledger items": plan.LEDGER_ITEMS, "Targets due in 2025": 3}
    verdicts = tables["verdicts"][["Indicator", "Target year", "Verdict", "Value of that year", "Short by"]]
    assert verdicts.astype(object).where(verdicts.notna(), None).values.tolist() == [
        ["Installed clean-energy capacity", 2025, "✔ Met", 505.0, None],
        ["Average standard-coal consumption of coal-fired power supply", 2025, "✖ Missed", 318.0, 18.0],
        ["Energy-saving retrofits of old residential compounds (cumulative)", 2025, "✔ Met", 160.0, None]]
    statuses = tables["statuses"].set_index("Indicator")
    assert statuses.loc["Installed clean-energy capacity", ["Status", "Status a year before", "Reported in 2025"]].tolist() == [
        "On track", "Acceleration needed", "yes"]
    assert statuses.loc["Wetland area", ["Status", "Reported in 2025"]].tolist() == ["No data", "no"]
    by_unit = tables["by_unit"].set_index("Unit")
    assert by_unit.loc["Municipal Bureau of Natural Resources", "Reported"] == "Nothing reported"
    assert tables["skipped"]["Problem"].tolist() == ["Unknown indicator “自定指标”; the row was not read."]
    submissions = tables["submissions"]
    assert submissions["Note"].tolist()[0] == "2025年数据为初步统计"
    assert submissions["Submitted (Beijing time)"].str.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d").all()
    # indicator × year, numbers as numbers and the unit in its own column
    by_year = tables["values_by_year"].set_index("Indicator")
    assert by_year.loc["Installed clean-energy capacity", ["Unit", "2020", "2024", "2025", "2026"]].tolist() == [
        "×10⁴ kW", 380.0, 470.0, 505.0, None]
    # every unit's own words, the partners' too (natres supports task 22 … but reported on it in 2024 only)
    texts = tables["unit_texts"]
    assert texts[["Reporting unit", "Lead or partner", "Progress"]].values.tolist() == [
        ["Municipal Development and Reform Commission", "Lead", "装机突破500万千瓦"],
        ["Municipal Development and Reform Commission", "Lead", "煤耗下降慢"],
        ["Municipal Bureau of Agriculture and Rural Affairs", "Lead", "秸秆综合利用推进"]]
    # the changes since a year before: each of one kind, the counts adding up to the list
    counts = tables["move_counts"].set_index("Change")["Count"]
    assert counts["Total"] == len(tables["moves"]) == counts.drop("Total").sum()
    book = openpyxl.load_workbook(io.BytesIO(build_pack(ledger, catalog, 2025, "zh", picture=picture)))
    assert book.sheetnames == ["概况", "各年数值", "到期目标", "各指标状态", "重点任务状态", "各单位报送内容", "报送情况",
                               "状态变化", "本年度新数值", "本年度报送", "跳过的行", "数值来源", "轨迹图"]
    assert book["概况"]["A1"].value == "银川市2025年度碳达峰工作进展情况附表"
    assert book["概况"]["A2"].value.startswith("生成时间(北京时间):2026-01-05 10:30")
    assert isinstance(book["各年数值"]["C2"].value, (int, float, type(None)))
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if re.fullmatch(r"[0-9a-f]{32}|[0-9a-f]{64}", c)]
    values = book["数值来源"]
    value_cell = [c.value for c in values[2]][2]
    assert isinstance(value_cell, (int, float)) and book["各指标状态"].auto_filter.ref  # a number, not text


def test__command_line__pack_writes_the_report_or_the_annex(ledger, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LEDGER_DATABASE_URL", str(ledger.url))
    assert ledger_command(["pack", "2025", "--out", str(tmp_path / "report.docx")]) == 0
    assert Document(str(tmp_path / "report.docx")).paragraphs[0].text == "银川市2025年度碳达峰工作进展情况的报告"
    assert ledger_command(["pack", "2025", "--out", str(tmp_path / "annex.xlsx"), "--lang", "en"]) == 0
    assert openpyxl.load_workbook(tmp_path / "annex.xlsx").sheetnames[0] == "Summary"
    with pytest.raises(SystemExit):
        ledger_command(["pack", "2025", "--out", str(tmp_path / "report.pdf")])
    assert "--out must end in .docx (the report) or .xlsx (the annex), not .pdf" in capsys.readouterr().err


def test__year_end__a_year_with_no_data_says_so(engine, catalog):
    picture = year_end(catalog, read_frames(engine), 2025, GENERATED)
    assert picture.indicator_counts()["no_data"] == plan.INDICATORS and not picture.has_data
    document = Document(io.BytesIO(build_leaders_report(catalog, picture, "zh", charts=False)))
    text = [p.text for p in document.paragraphs]
    assert "没有进度落后于规划路径的指标。" in text and "没有滞后、逾期或被退回的任务。" in text
    assert "方案确定的45项指标中，45项尚无数据。" in text
