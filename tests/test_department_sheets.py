"""Departments' own sheets, read as they meant them or put to them — never a silent guess — and a unit saving
only what it answers for. Each sheet is built here the way a department keeps it: its own numbering, grouped
two-row headers, part-year columns, fractions, its own status words, project names, a chart sheet."""
from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
from sqlalchemy.orm import Session

import workbooks
from conftest import problem_words
from workbooks import with_cells
from ledger import store
from loaders.actuals import UploadError, read_actuals
from loaders.catalog import load_catalog
from loaders.items import indicator_leads, responsibilities
from tracker.report import contributions_table
from tracker.review import review, row_key
from tracker.template import HEADER_ROW, YEARS, build_template


def xlsx(rows: list[list], merges: tuple[str, ...] = (), sheet: str = "表1") -> bytes:
    return workbooks.xlsx(rows, sheet, merges)


def triples(result) -> list[tuple]:
    return list(result.values[["indicator_id", "year", "value"]].itertuples(index=False, name=None))


# 1. what a sheet is, from what its columns hold ---------------------------------------------------------------

NUMBERS_WITH_SERIAL_NUMBERS = [  # 序号 and 完成情况 over 2025年 | 2026年, then 备注: numbers, not a 台账
    ["市发改委2026年度碳达峰指标完成情况"],
    ["序号", "指标名称", "单位", "完成情况", None, "备注"],
    [None, None, None, "2025年", "2026年", None],
    [1, "新能源发电装机规模", "万千瓦", 455, 510, "初步统计"],
    [2, "清洁能源装机规模", "万千瓦", 470, 520, None],
    [3, "非水可再生能源电力消纳比重", "%", 27.5, 29, None],
]


def test__read__a_numbers_sheet_with_serial_numbers_and_a_grouped_header_is_numbers():
    result = read_actuals(xlsx(NUMBERS_WITH_SERIAL_NUMBERS, ("A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:F3")), "发改委.xlsx")
    assert result.sheets[["sheet", "layout", "values"]].values.tolist() == [["表1", "wide", 6]]
    assert triples(result) == [("new_energy_capacity", 2025, 455.0), ("new_energy_capacity", 2026, 510.0),
                               ("clean_energy_capacity", 2025, 470.0), ("clean_energy_capacity", 2026, 520.0),
                               ("nonhydro_renewable_power_share", 2025, 27.5),
                               ("nonhydro_renewable_power_share", 2026, 29.0)]
    assert result.tasks.empty and result.values["note"].tolist()[:2] == ["初步统计", "初步统计"]


def test__read__the_same_sheet_without_merges_kept_is_read_the_same():
    """CSV, or a tool that does not keep merged ranges: the blanks after 完成情况 still make it a group."""
    result = read_actuals(xlsx(NUMBERS_WITH_SERIAL_NUMBERS), "发改委.xlsx")
    assert triples(result)[:2] == [("new_energy_capacity", 2025, 455.0), ("new_energy_capacity", 2026, 510.0)]


def test__read__a_sheet_of_numbers_and_narrative_is_put_to_the_person_and_read_as_they_say():
    rows = [["序号", "指标名称", "2026年", "工作进展"],
            [1, "森林覆盖率", 16.2, "完成国土绿化12万亩,超额完成年度任务。"],
            [2, "湿地保护率", 85.0, "新建湿地公园2处。"]]
    content = xlsx(rows)
    result = read_actuals(content, "自然资源局.xlsx")
    assert result.sheets[["layout", "values"]].values.tolist() == [["unsure", 0]]
    assert problem_words(result) == [
        "该工作表既有数值又有文字进展,无法确定是指标数据表还是任务台账;请在下方选择按哪一种读取。"]
    as_numbers = read_actuals(content, "自然资源局.xlsx", kinds={"表1": "numbers"})
    assert triples(as_numbers) == [("forest_coverage", 2026, 16.2), ("wetland_protection_rate", 2026, 85.0)]
    as_tasks = read_actuals(content, "自然资源局.xlsx", kinds={"表1": "tasks"})
    assert as_tasks.tasks["progress"].tolist() == ["完成国土绿化12万亩,超额完成年度任务。", "新建湿地公园2处。"]
    with pytest.raises(UploadError) as error:   # its only sheet left out: nothing to read
        read_actuals(content, "自然资源局.xlsx", kinds={"表1": "skip"})
    assert error.value.message.code == "upload.no_table"


def test__read__a_progress_column_of_numbers_is_not_a_task_ledger():
    """序号 | 指标 | 目标值 | 完成情况 with numbers and no year: it names no task and tells no year, so it is
    listed, not saved as task texts on rows 1–3."""
    rows = [["序号", "指标", "目标值", "完成情况"], [1, "森林覆盖率", "16%", 15.9], [2, "湿地面积", "80万亩", 79]]
    with pytest.raises(UploadError) as error:
        read_actuals(xlsx(rows), "a.xlsx")
    assert error.value.message.code == "upload.no_table"


# 2. a department's own numbering ------------------------------------------------------------------------------

OWN_NUMBERS = [["市住建局2026年度重点任务工作台账"],
               ["序号", "重点任务", "完成状态", "工作进展"],
               [1, "推行新建建筑绿色升级", "按期推进", "绿色建筑占新建建筑比例提升至70%"],
               ["(1)", "持续开展绿色建筑创建行动", "按期推进", "创建绿色建筑312万平方米"],
               ["(2)", "推广绿色建材", "已完成", "绿色建材认证企业8家"],
               [2, "加强建筑用能管理", "进度滞后", "能耗监测平台建设中"],
               [3, "推进农村建设和用能低碳转型", "按期推进", "农房节能改造1200户"]]


def test__read__a_departments_own_numbers_do_not_land_on_the_plans_rows_1_to_5():
    tasks = read_actuals(xlsx(OWN_NUMBERS), "住建局台账.xlsx").tasks
    assert tasks[["row", "item_id", "matched_by", "ask", "candidates"]].values.tolist() == [
        [3, "", "", "item", "12b|12a"],               # the measure of 12(1) and 12(2): which one?
        [4, "12a", "text_over_number", "", ""],
        [5, "", "", "item", "P16|29|P15|12b"],        # too short to name one clearly: the likeliest are offered
        [6, "13b", "text_over_number", "", ""],
        [7, "14", "text_over_number", "", ""]]
    assert not set(tasks["item_id"]) & {"1", "2", "3", "4", "5"}


def test__review__a_row_on_an_item_the_unit_does_not_answer_for_is_named_and_left_out(catalog):
    rows = [["序号", "重点任务", "完成状态", "工作进展"], ["12(1)", "持续开展绿色建筑创建行动", "按期推进", "创建312万平方米"],
            [17, "完善绿色交通基础设施", "按期推进", "新建充电桩800个"]]
    result = read_actuals(xlsx(rows), "台账.xlsx")
    checked = review([result], {}, unit="housing", roles=responsibilities(catalog, "housing"))
    assert checked.rows[["target", "role", "include", "flags"]].values.tolist() == [
        ["12a", "lead", True, ()], ["17", "none", False, ("not_yours",)]]
    # the administrator may include it; the unit's own decision to include it changes nothing
    decisions = {row_key("task", result.sha256, "表1", 3): {"include": True}}
    assert not review([result], decisions, unit="housing", roles=responsibilities(catalog, "housing")).rows.at[1, "include"]
    assert review([result], decisions, unit="housing", roles=responsibilities(catalog, "housing"),
                  for_all=True).rows.at[1, "include"]


# 3. grouped two-row headers for tasks -------------------------------------------------------------------------

def test__read__推进情况_over_three_columns_keeps_the_narrative_apart_from_the_status():
    rows = [["序号", "重点任务", "推进情况", None, None, "下步计划"],
            [None, None, "完成状态", "工作进展", "存在问题", None],
            ["21", "推进生活垃圾减量化资源化", "已完成", "全市生活垃圾分类覆盖率达100%", "转运能力不足", "新建转运站2座"]]
    for merges in (("C1:E1", "A1:A2", "B1:B2", "F1:F2"), ()):
        task = read_actuals(xlsx(rows, merges), "市政局.xlsx").tasks.iloc[0]
        assert (task["item_id"], task["status"], task["progress"], task["issues"], task["next_steps"]) == (
            "21", "completed", "全市生活垃圾分类覆盖率达100%", "转运能力不足", "新建转运站2座")


# 4. years with a period, error cells and formulas without their result ------------------------------------------

def test__read__part_year_columns_are_read_as_such_or_listed_with_the_reason():
    rows = [["自然资源局2026年度进展"],
            ["指标", "单位", "2025年", "2026年(1-10月)", "上半年", "截至10月底", "2026年预计"],
            ["森林覆盖率", "%", 15.6, 16.0, None, None, 16.3],
            ["湿地面积", "万亩", 78, None, 78.5, None, None],
            ["湿地保护率", "%", None, None, None, 84.0, None]]
    result = read_actuals(xlsx(rows), "a.xlsx")
    assert result.values[["indicator_id", "year", "value", "months"]].values.tolist() == [
        ["forest_coverage", 2025, 15.6, ""], ["forest_coverage", 2026, 16.0, "1-10"],
        ["wetland_area", 2025, 78.0, ""], ["wetland_area", 2026, 78.5, "1-6"],   # 上半年 of the title's year
        ["wetland_protection_rate", 2026, 84.0, "1-10"]]
    assert problem_words(result, "en") == [
        "The column heading “2026年预计” looks like a year, but which year or part of it cannot be told (expected e.g. "
        "2026, 2026年, 2026年1-10月, 截至2026年10月底); the column was not read."]


def test__read__a_whole_year_wins_over_a_part_of_it_and_says_so():
    rows = [["指标", "2026年1-10月", "2026年"], ["森林覆盖率", 16.0, 16.2]]
    result = read_actuals(xlsx(rows), "a.xlsx")
    assert result.values[["year", "value", "months"]].values.tolist() == [[2026, 16.2, ""]]
    assert problem_words(result) == ["“森林覆盖率”2026 年既有全年的数值,又有1–10 月的数值;保留全年的数值,此格未读取。"]



def test__read__error_cells_and_formulas_without_a_result_are_listed_not_dropped():
    content = with_cells(xlsx([["指标", 2025, 2026], ["森林覆盖率", 15.6, 0], ["湿地面积", 0, 79]]), {
        "C2": '<c r="C2" t="e"><f>B2/0</f><v>#DIV/0!</v></c>', "B3": '<c r="B3"><f>SUM(D3:E3)</f></c>'})
    result = read_actuals(content, "a.xlsx")
    assert triples(result) == [("forest_coverage", 2025, 15.6), ("wetland_area", 2026, 79.0)]
    assert result.problems[["row", "column"]].values.tolist() == [[2, "C"], [3, "B"]]
    assert problem_words(result, "en") == [
        "The cell shows the error “#DIV/0!” (a formula that failed): there is no value to read; skipped.",
        "The cell holds a formula whose result was not saved in the file (perhaps written by a tool that does not "
        "calculate); skipped. Open and save it in Excel, then upload it again."]


# 5. shares written as fractions -------------------------------------------------------------------------------

def test__read__shares_written_as_fractions_are_asked_with_x100_offered(catalog):
    rows = [["指标", "2025", "2026"], ["城市绿色出行比例", 0.64, 0.665], ["新能源公交车占比", 1.0, None],
            ["森林覆盖率", 15.9, 16.1]]
    result = read_actuals(xlsx(rows), "交通局.xlsx")
    assert result.values[["indicator_id", "value", "ask"]].values.tolist() == [
        ["green_travel_share", 0.64, "fraction"], ["green_travel_share", 0.665, "fraction"],
        ["electric_bus_share", 1.0, "fraction"], ["forest_coverage", 15.9, ""], ["forest_coverage", 16.1, ""]]
    checked = review([result], {}, unit=None, roles=None)
    assert checked.counts()["waiting"] == 3 and checked.values()["indicator_id"].tolist() == ["forest_coverage"] * 2
    decisions = {row_key("value", result.sha256, "表1", 2, "B"): {"scale": 100},
                 row_key("value", result.sha256, "表1", 2, "C"): {"scale": 100},
                 row_key("value", result.sha256, "表1", 3, "B"): {"scale": 1}}   # 1 % as written, the person says
    used = review([result], decisions, unit=None, roles=None).values()
    assert used[["indicator_id", "year", "value"]].values.tolist() == [
        ["green_travel_share", 2025, 64.0], ["green_travel_share", 2026, 66.5], ["electric_bus_share", 2025, 1.0],
        ["forest_coverage", 2025, 15.9], ["forest_coverage", 2026, 16.1]]


def test__read__the_apps_own_template_filled_with_fractions_is_asked_too(catalog):
    book = openpyxl.load_workbook(io.BytesIO(build_template(catalog, "zh", "transport", 2026)))
    sheet = book["填报"]
    rows = {sheet.cell(r, 1).value: r for r in range(HEADER_ROW + 1, sheet.max_row + 1)}
    sheet.cell(rows["green_travel_share"], 7 + YEARS.index(2026), 0.665)
    buffer = io.BytesIO()
    book.save(buffer)
    result = read_actuals(buffer.getvalue(), "模板.xlsx")
    assert result.values[["indicator_id", "value", "ask"]].values.tolist() == [["green_travel_share", 0.665, "fraction"]]


# 6. status words, 7. projects by their names, 10. sheets that are not worksheets -------------------------------

def test__read__status_words_offices_use_are_mapped_where_clear_and_asked_where_not():
    rows = [["序号", "重点任务", "完成状态", "工作进展"],
            ["21", "推进生活垃圾减量化资源化", "正在推进", "转运站建设中"],
            ["22", "持续巩固提升生态系统碳汇能力", "持续推进", "湿地保护"],
            ["23", "提升生态系统碳汇增量", "基本完成", "造林12万亩"]]
    tasks = read_actuals(xlsx(rows), "a.xlsx").tasks
    assert tasks[["item_id", "status", "status_written", "ask"]].values.tolist() == [
        ["21", "on_schedule", "正在推进", ""], ["22", "", "持续推进", "status"], ["23", "", "基本完成", "status"]]


def test__read__key_projects_are_found_by_the_names_the_plan_gives_them():
    rows = [["重点项目", "完成状态", "工作进展"], ["城市综合交通路网工程", "按期推进", "绕城高速东段通车"],
            ["绿色公路典型示范工程", "按期推进", "示范路段完工"]]
    result = read_actuals(xlsx(rows), "交通局项目.xlsx")
    assert result.tasks[["item_id", "matched_by", "ask"]].values.tolist() == [["P18", "text", ""], ["P21", "text", ""]]
    assert result.problems.empty


def test__read__a_chart_sheet_is_skipped_with_a_line_and_the_rest_is_read():
    result = read_actuals(workbooks.xlsb([["指标", 2026], ["森林覆盖率", 16.1]], chart_sheet="图表1"), "图表.xlsb")
    assert triples(result) == [("forest_coverage", 2026, 16.1)]
    assert problem_words(result, "en") == [
        "This is a chart sheet (or a dialog or macro sheet) with no cells; it was not read, and the other sheets were."]


# 12. who reports what, on SQLite and PostgreSQL ----------------------------------------------------------------

def no_values() -> pd.DataFrame:
    return pd.DataFrame(columns=["indicator_id", "year", "value"])


def test__save__a_unit_cannot_change_another_units_indicator_or_item(engine, catalog):
    def answers_for(unit: str, kind: str, thing: str) -> bool:
        return (kind, thing) in responsibilities(catalog, unit)
    prefab = pd.DataFrame([("prefab_building_share", 2026, 11.1)], columns=["indicator_id", "year", "value"])
    report_on_12a = pd.DataFrame([{"item_id": "12a", "status": "completed", "progress": "x", "issues": "",
                                   "next_steps": "", "evidence": "", "sheet": "", "row": None}])
    with pytest.raises(store.LedgerError) as error:   # commerce leads and supports neither
        store.save_submission(engine, store.SubmissionInput("commerce", 2026, "王工", "a.xlsx", ""), prefab,
                              answers_for=answers_for)
    assert error.value.message.code == "ledger.not_the_units_indicator"
    with pytest.raises(store.LedgerError):
        store.save_submission(engine, store.SubmissionInput("commerce", 2026, "王工", "a.xlsx", ""), no_values(),
                              tasks=report_on_12a, answers_for=answers_for)
    with Session(engine) as session:
        assert store.head(session) == 0   # nothing was saved
    # the districts support the prefab share: their value is kept as their contribution; housing's is the ledger's
    store.save_submission(engine, store.SubmissionInput("housing", 2026, "李工", "h.xlsx", ""), prefab.assign(value=30.2),
                          answers_for=answers_for)
    store.save_submission(engine, store.SubmissionInput("districts", 2026, "马丽", "t.xlsx", ""), prefab,
                          answers_for=answers_for)
    with Session(engine) as session:
        everything = store.all_values(session)
        ledger = store.current_values(session, indicator_leads(catalog))
    assert ledger[["indicator_id", "value", "reporting_unit"]].values.tolist() == [["prefab_building_share", 30.2, "housing"]]
    contribution = store.contributions(everything, indicator_leads(catalog))
    assert contribution[["indicator_id", "value", "reporting_unit"]].values.tolist() == [
        ["prefab_building_share", 11.1, "districts"]]


# 8. a corrected file under the same name, 9. files that disagree on the year ------------------------------------

def test__upload__a_corrected_file_replaces_the_earlier_one_and_the_same_file_is_read_once():
    from ui.uploads import placement
    first = read_actuals(xlsx([["指标", 2026], ["森林覆盖率", 16.1]]), "自然资源局.xlsx")
    corrected = read_actuals(xlsx([["指标", 2026], ["森林覆盖率", 16.3]]), "自然资源局.xlsx")
    other = read_actuals(xlsx([["指标", 2026], ["湿地面积", 79]]), "湿地.xlsx")
    loaded = {first.sha256: first, other.sha256: other}
    said, replaced = placement(loaded, corrected)
    assert (said.code, replaced) == ("upload.replaced_same_name", [first.sha256])
    said, replaced = placement(loaded, first)
    assert (said.code, replaced) == ("upload.same_file_again", [])
    assert placement(loaded, read_actuals(xlsx([["指标", 2026], ["森林蓄积量", 190]]), "蓄积.xlsx")) == (None, [])


def test__progress__files_that_disagree_on_the_year_keep_the_cycles_year_and_say_so():
    from test_pages import progress_with
    from tracker.cycle import reporting_cycle_year
    old = xlsx([["市住建局2024年度进展情况"], ["指标", 2024], ["装配式建筑占比", 26.0]])
    new = xlsx([["市住建局2026年度进展情况"], ["指标", 2026], ["装配式建筑占比", 31.0]])
    app = progress_with((old, "2024.xlsx"), (new, "2026.xlsx"), lang="en")
    year = reporting_cycle_year()
    assert [w.value for w in app.warning] == [
        f"The uploaded files name different years in their titles (2024\\.xlsx 2024; 2026\\.xlsx 2026); the reporting "
        f"year stays {year}, the year-end cycle under way. To use another year, choose it under Reporting year."]
    assert app.selectbox(key="widget:reporting_year").value == year


def test__progress__a_partners_value_is_shown_as_its_contribution_beside_the_leads():
    from test_pages import ledger_engine, open_app, status_rows
    engine = ledger_engine()
    prefab = pd.DataFrame([("prefab_building_share", 2025, 28.0), ("prefab_building_share", 2026, 30.2)],
                          columns=["indicator_id", "year", "value"])
    store.save_submission(engine, store.SubmissionInput("housing", 2026, "李工", "h.xlsx", ""), prefab)
    store.save_submission(engine, store.SubmissionInput("districts", 2026, "马丽", "d.xlsx", ""),
                          prefab.assign(value=[9.0, 11.1]))
    app = open_app("pages/progress.py", lang="en")
    assert status_rows(app).loc["Prefabricated buildings as a share of new construction floor area", "Latest actual"] == 30.2
    panel = next(e for e in app.expander if e.label.startswith("Values reported by partner units"))
    assert panel.label == "Values reported by partner units (2, shown as their contributions)"
    # its table is drawn once the panel is opened (a rerun AppTest cannot make; tests/test_browser.py opens the
    # counts and history panels the same way): here, the table it draws
    assert not panel.dataframe
    catalog = load_catalog()
    with Session(engine) as session:
        given = store.contributions(store.all_values(session), indicator_leads(catalog))
    table = contributions_table(catalog, given, indicator_leads(catalog), "en")
    assert table[["Year", "Value", "Reported by (partner)", "Lead unit"]].values.tolist() == [
        ["2025", 9.0, "People's governments of the counties, county-level city and districts", "Municipal Bureau of Housing and Urban-Rural Development"],
        ["2026", 11.1, "People's governments of the counties, county-level city and districts", "Municipal Bureau of Housing and Urban-Rural Development"]]


# what six departments' own files showed (a helper wrote them without reading the reader) -------------------

def test__read__the_same_item_on_two_sheets_is_kept_once_and_said():
    book = openpyxl.Workbook()
    book.active.title = "重点任务"
    for row in [["序号", "重点任务", "完成状态", "工作进展"], [16, "构建绿色高效交通体系", "按期推进", "路网优化"]]:
        book.active.append(row)
    projects = book.create_sheet("重点项目")
    for row in [["重点项目", "完成状态", "工作进展"], ["城市综合交通路网工程", "按期推进", "东段通车"],
                ["城市综合交通路网工程", "按期推进", "再报一次"]]:
        projects.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    result = read_actuals(buffer.getvalue(), "交通局台账.xlsx")
    assert result.tasks["item_id"].tolist() == ["16", "P18"]
    assert problem_words(result, "en") == ["This task was already reported in row 2; the first was kept."]


def test__read__the_plans_own_number_and_task_columns_decide_over_a_main_work_that_names_a_project():
    rows = [["序号", "方案序号", "方案任务", "主要工作", "进展状态", "工作进展"],
            [1, 16, "构建绿色高效交通体系", "实施城市综合交通路网工程,优化货物运输结构", "按期推进", "路网优化"],
            [2, 17, "完善绿色交通基础设施", "加强充电站(桩)建设", "进度滞后", "充电桩建设滞后"]]
    tasks = read_actuals(xlsx(rows), "交通局台账.xlsx").tasks
    assert tasks[["item_id", "status", "matched_by"]].values.tolist() == [["16", "on_schedule", "number"],
                                                                         ["17", "behind", "number"]]


def test__read__a_name_merged_down_over_its_years_names_every_one_of_them():
    rows = [["指标", "年份", "数值"], ["森林覆盖率(%)", 2025, 15.9], [None, 2026, 16.2], ["湿地面积(万亩)", 2025, 78],
            [None, 2026, 79]]
    result = read_actuals(xlsx(rows, ("A2:A3", "A4:A5")), "自然资源局.xlsx")
    assert triples(result) == [("forest_coverage", 2025, 15.9), ("forest_coverage", 2026, 16.2),
                               ("wetland_area", 2025, 78.0), ("wetland_area", 2026, 79.0)]
    assert result.problems.empty


def test__read__a_heading_with_a_word_after_its_months_is_still_that_part_of_the_year():
    rows = [["指标", "2025年完成", "2026年1-10月完成"], ["城镇燃气普及率", 95.1, 95.6]]
    result = read_actuals(xlsx(rows), "市政局.xlsx")
    assert result.values[["year", "value", "months"]].values.tolist() == [[2025, 95.1, ""], [2026, 95.6, "1-10"]]


def test__read__years_down_and_indicators_across_is_read_the_other_way():
    rows = [["工业绿色发展情况"], ["年份", "绿色工厂(家)", "绿色园区(个)", "备注"], [2024, 12, 2, None],
            ["2025年", 15, 3, None], ["2026年1-10月", 18, None, None]]
    result = read_actuals(xlsx(rows), "工信局.xlsx")
    assert result.values[["indicator_id", "year", "value", "months"]].values.tolist() == [
        ["green_factories", 2024, 12.0, ""], ["green_parks", 2024, 2.0, ""], ["green_factories", 2025, 15.0, ""],
        ["green_parks", 2025, 3.0, ""], ["green_factories", 2026, 18.0, "1-10"]]


def test__read__a_short_form_of_a_name_is_offered_not_taken():
    rows = [["指标", 2026], ["数据中心纳入能耗在线监测比例", 60]]
    row = read_actuals(xlsx(rows), "发改委.xlsx").values.iloc[0]
    assert (row["indicator_id"], row["ask"], row["candidates"]) == ("", "indicator", "data_center_monitoring_share")
    tasks = read_actuals(xlsx([["重点项目", "完成状态", "工作进展"], ["黄河堤防建设、河道整治等重大工程", "按期推进", "x"]]),
                         "a.xlsx").tasks
    assert tasks[["item_id", "ask"]].values.tolist() == [["", "item"]] and "P50" in tasks["candidates"].iloc[0]


def test__read__a_split_tasks_number_yields_to_words_that_name_another_task():
    rows = [["序号", "重点任务", "完成状态", "工作进展"], [8, "推进产业园区绿色循环化发展", "按期推进", "园区循环化改造"]]
    tasks = read_actuals(xlsx(rows), "发改委台账.xlsx").tasks
    assert tasks[["item_id", "matched_by"]].values.tolist() == [["18", "text_over_number"]]


def test__review__a_status_word_waits_for_a_choice_and_a_fraction_is_asked_once_an_indicator_is_chosen(catalog):
    from tracker.review import share_targets
    rows = [["序号", "重点任务", "完成状态", "工作进展"], ["21", "推进生活垃圾减量化资源化", "持续推进", "转运站建设中"]]
    result = read_actuals(xlsx(rows), "a.xlsx")
    key = row_key("task", result.sha256, "表1", 2)
    assert review([result], {}, unit=None, roles=None).rows.at[0, "include"] == False  # noqa: E712
    chosen = review([result], {key: {"status": "on_schedule"}}, unit=None, roles=None).tasks()
    assert chosen[["item_id", "status"]].values.tolist() == [["21", "on_schedule"]]
    numbers = read_actuals(xlsx([["指标", 2026], ["本局自定的出行数据", 0.64]]), "b.xlsx")
    key = row_key("value", numbers.sha256, "表1", 2, "B")
    picked = review([numbers], {key: {"target": "green_travel_share"}}, unit=None, roles=None,
                    shares=share_targets(catalog)).rows.iloc[0]
    assert (picked["include"], picked["flags"]) == (False, ("fraction",))


def test__review__the_administrator_is_told_a_row_is_not_the_units_and_decides(catalog):
    result = read_actuals(xlsx([["指标", 2026], ["森林覆盖率", 16.2]]), "住建局.xlsx")
    row = review([result], {}, unit="housing", roles=responsibilities(catalog, "housing"), for_all=True).rows.iloc[0]
    assert (row["include"], row["locked"], row["flags"]) == (False, False, ("not_yours",))
