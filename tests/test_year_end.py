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


@pytest.fixture
def ledger(engine):
    save = lambda unit, year, v, t=None, p=None, note="": store.save_submission(  # noqa: E731
        engine, store.SubmissionInput(unit, year, "王工", f"{unit}-{year}.xlsx", "a" * 64, note=note),
        v if v is not None else values(), p, tasks=t)
    save("ndrc", 2024, values(("clean_energy_capacity", 2020, 380.0, ""), ("clean_energy_capacity", 2024, 470.0, "")),
         tasks(("1", "on_schedule", "光伏试点推进", "")))
    save("natres", 2024, values(("forest_coverage", 2023, 15.6, ""), ("forest_coverage", 2024, 15.8, "")),
         tasks(("22", "on_schedule", "湿地保护推进", "")))
    save("ndrc", 2025, values(("clean_energy_capacity", 2025, 505.0, "初步统计"),
                              ("coal_power_supply_coal_rate", 2020, 320.0, ""),
                              ("coal_power_supply_coal_rate", 2025, 318.0, "")),
         tasks(("1", "completed", "装机突破500万千瓦", ""), ("2", "behind", "煤耗下降慢", "机组改造滞后")), skipped("ndrc-2025.xlsx"),
         note="2025年数据为初步统计")
    returned = save("utilities", 2025, values(("old_residential_retrofit_area", 2025, 160.0, "")),
                    tasks(("21", "completed", "分类全覆盖", "")))
    store.add_review(engine, returned.id, decision="returned", text_="缺少验收材料", reviewer="办公室")
    save("transport", 2025, values(("prefab_building_share", 2024, 26.0, "")))  # housing's indicator: a contribution
    save("agri", 2025, None, tasks(("24", "", "秸秆综合利用推进", "")))  # no status column in its sheet
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


def test__leaders_report__an_overdue_item_says_whether_its_unit_reported(ledger, catalog):
    """A year later, the goals dated 2025 are past their year: the report says which had no report at all."""
    picture = year_end(catalog, read_frames(ledger), 2026, GENERATED)
    overdue = picture.items[picture.items["status"] == "overdue"]
    assert len(overdue) and overdue["reported_status"].isna().all()
    document = Document(io.BytesIO(build_leaders_report(catalog, picture, "zh", charts=False)))
    text = [p.text for p in document.paragraphs]
    overall = next(p for p in text if p.startswith("台账中的"))
    assert "项已过期限而未报完成" in overall and f"已过期限的 {len(overdue)} 项中，{len(overdue)} 项牵头单位本年度没有报送。" in overall
    reasons = [row.cells[5].text for row in document.tables[1].rows if row.cells[4].text == "逾期"]
    assert reasons and all(r == "2025 年到期，牵头单位本年度没有报送" for r in reasons)


def test__leaders_report__a_word_document_that_reads_as_a_report(picture, catalog):
    document = Document(io.BytesIO(build_leaders_report(catalog, picture, "zh", charts=False)))
    text = [p.text for p in document.paragraphs]
    assert text[0] == "银川市碳达峰实施方案2025年度落实情况报告"
    assert text[1] == "市碳达峰碳中和工作领导小组办公室 · 2026年1月5日"
    assert "截至2026年01月05日 10:30（北京时间）" in text[2]   # a Chinese document's own punctuation
    headings = [t for t in text if re.match(r"^[一二三四]、", t)]
    assert headings == ["一、总体情况", "二、分行动进展", "三、滞后与偏离的目标和任务", "四、报送情况"]
    # the year's own targets are judged where their value is in; the rest wait for it
    assert text[text.index("一、总体情况") + 1] == (
        "方案确定的 2025 年数值目标共 40 项，已报送 2025 年数值的 3 项中，2 项达成，1 项未达成；其余 37 项待 2025 年数值"
        "报送后判断（逐项见附表3）。")
    assert text[text.index("一、总体情况") + 2] == (
        "方案确定的 45 项指标中，2 项按计划推进、2 项目标年份均已过去、41 项尚无数据。")
    assert text[text.index("一、总体情况") + 3].startswith(
        "台账中的 158 项重点任务、定性目标、重点项目和工作职责（任务分工 43 项、定性目标 44 项、重点项目 54 项、工作职责 17 项）中，"
        "1 项已完成、1 项进度滞后、1 项未注明状态、1 项被退回待重报、")
    assert any(t.startswith("（一）能源绿色低碳转型行动。本行动有") for t in text)
    assert any("清洁能源装机规模2025 年 505 万千瓦，2030 年目标 ≈ 650 万千瓦，按计划推进。" in t for t in text)
    assert not any(re.search(r"[\u4e00-\u9fff][,;]|[,;][\u4e00-\u9fff]", t) for t in text)
    behind = document.tables[1]
    rows = [[c.text for c in row.cells] for row in behind.rows]
    assert rows[0] == ["序号", "类别", "名称", "牵头单位", "最新情况", "原因或存在问题"]
    assert ["1", "指标", "燃煤电厂平均供电标准煤耗", "市发改委"] == rows[1][:4]
    assert rows[2][1:] == ["任务分工", "第2项“严格合理控制化石能源消费”", "市发改委", "进度滞后", "机组改造滞后"]
    assert any(r[4] == "退回待重报" and r[5] == "缺少验收材料" for r in rows)
    assert any("尚未报送的单位" in t and "市自然资源局" in t for t in text)
    everything = "\n".join(text + [c.text for table in document.tables for row in table.rows for c in row.cells])
    assert not re.search(r"\b[0-9a-f]{32}\b", everything)  # no internal ids or file hashes
    assert "nan" not in everything and "None" not in everything


def test__leaders_report__in_english_too(picture, catalog):
    document = Document(io.BytesIO(build_leaders_report(catalog, picture, "en", charts=False)))
    text = [p.text for p in document.paragraphs]
    assert text[0] == "Yinchuan carbon-peak plan: implementation in 2025"
    assert [t for t in text if re.match(r"^\d\. ", t)] == [
        "1. Overview", "2. Progress by action", "3. Targets and tasks behind or off track", "4. Reporting by unit"]
    assert any(t.startswith("Action 1, Green and low-carbon energy transition. Of its") for t in text)


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
    assert by_unit.loc["Municipal Bureau of Natural Resources", "Verdict"] == "Nothing reported"
    assert tables["skipped"]["Problem"].tolist() == ["Unknown indicator “自定指标”; the row was not read."]
    submissions = tables["submissions"]
    assert submissions["Note"].tolist()[0] == "2025年数据为初步统计"
    assert submissions["Submitted (Beijing time)"].str.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d").all()
    book = openpyxl.load_workbook(io.BytesIO(build_pack(ledger, catalog, 2025, "zh", picture=picture)))
    assert book.sheetnames == ["概况", "到期目标", "各指标状态", "重点任务状态", "报送情况", "状态变化", "本年度新数值", "本年度报送",
                               "跳过的行", "数值来源", "轨迹图"]
    assert book["概况"]["A2"].value.startswith("生成时间(北京时间):2026-01-05 10:30")
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if re.fullmatch(r"[0-9a-f]{32}|[0-9a-f]{64}", c)]
    values = book["数值来源"]
    value_cell = [c.value for c in values[2]][2]
    assert isinstance(value_cell, (int, float)) and book["各指标状态"].auto_filter.ref  # a number, not text


def test__command_line__pack_writes_the_report_or_the_annex(ledger, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LEDGER_DATABASE_URL", str(ledger.url))
    assert ledger_command(["pack", "2025", "--out", str(tmp_path / "report.docx")]) == 0
    assert Document(str(tmp_path / "report.docx")).paragraphs[0].text == "银川市碳达峰实施方案2025年度落实情况报告"
    assert ledger_command(["pack", "2025", "--out", str(tmp_path / "annex.xlsx"), "--lang", "en"]) == 0
    assert openpyxl.load_workbook(tmp_path / "annex.xlsx").sheetnames[0] == "Summary"
    with pytest.raises(SystemExit):
        ledger_command(["pack", "2025", "--out", str(tmp_path / "report.pdf")])
    assert "--out must end in .docx (the report) or .xlsx (the annex), not .pdf" in capsys.readouterr().err


def test__year_end__a_year_with_no_data_says_so(engine, catalog):
    picture = year_end(catalog, read_frames(engine), 2025, GENERATED)
    assert picture.indicator_counts()["no_data"] == plan.INDICATORS and not picture.has_data
    document = Document(io.BytesIO(build_leaders_report(catalog, picture, "zh", charts=False)))
    assert "本年度没有滞后或偏离的指标和任务。" in [p.text for p in document.paragraphs]


def test__item_phrase__quotes_inside_quotes_become_single():
    from ledger.leaders_report import item_phrase
    goal = {"kind": "goal", "number": None, "title_zh": "“十四五”期间,全市产业结构调整取得明显进展。",
            "title_en": "During the “14th Five-Year Plan” period, …"}
    assert item_phrase(goal, "zh") == "“‘十四五’期间,全市产业结构调整取得明显进展”"
    assert item_phrase(goal, "en") == "“During the ‘14th Five-Year Plan’ period, …”"
    task = {"kind": "task", "number": "11", "title_zh": "推进城乡建设低碳转型", "title_en": "Low-carbon urban and rural construction"}
    assert item_phrase(task, "zh") == "第11项“推进城乡建设低碳转型”"
