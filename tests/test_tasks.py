"""The task ledger from Excel: the template's 重点任务 sheet and departments' own 工作台账, built here as staff make them."""
from __future__ import annotations

import io

import openpyxl
import pytest

from conftest import problem_words
from workbooks import make_xlsx
from loaders.actuals import read_actuals
from loaders.items import ledger_items
from loaders.tasks import parse_item_number
from tracker.template import HEADER_ROW, build_template
import plan_counts as plan


@pytest.mark.parametrize("cell, parsed", [
    (8, (8, None)), ("8", (8, None)), (8.0, (8, None)), ("８", (8, None)), ("8(1)", (8, 1)), ("8（2）", (8, 2)),
    ("8-1", (8, 1)), ("8.2", (8, 2)), (8.1, (8, 1)), ("13①", (13, 1)), ("②", (None, 2)), ("(1)", (None, 1)),
    ("一", (None, None)), ("", (None, None)), (None, (None, None)), ("第8项", (None, None)),
])
def test__parse_item_number__the_ways_offices_number_sub_items(cell, parsed):
    assert parse_item_number(cell) == parsed


def test__ledger_items__tasks_goals_projects_and_duties(catalog):
    items = ledger_items(catalog)
    assert items["kind"].value_counts().to_dict() == {"goal": plan.QUALITATIVE, "task": plan.TASK_ITEMS, "project": plan.PROJECTS,
                                                    "duty": plan.DUTIES}
    by_id = items.set_index("item_id")
    assert by_id.loc[["8a", "8b", "13b"], "number"].tolist() == ["8(1)", "8(2)", "13(2)"]
    assert by_id.at["A04-01", "lead_units"] == "natres"          # a goal takes its task row's units
    assert by_id.at["A00-01", "lead_units"] == "office"          # a main goal: the leading group office
    assert (by_id.at["P24", "title_zh"], by_id.at["P24", "page"]) == ("生活垃圾焚烧发电项目", 21)


def template_sheet(catalog, unit="housing", lang="zh"):
    book = openpyxl.load_workbook(io.BytesIO(build_template(catalog, lang, unit, 2025)))
    return book, book["重点任务" if lang == "zh" else "Tasks"]


def test__template__task_sheet_in_the_layout_offices_use(catalog):
    book, sheet = template_sheet(catalog)
    assert book.sheetnames == ["填报", "重点任务", "说明"]
    assert sheet["A1"].value == "银川市碳达峰重点任务工作台账(2025年度) · 市住建局"
    assert [c.value for c in sheet[HEADER_ROW]] == ["序号", "类别", "重点任务", "主要工作", "牵头/配合", "完成状态", "工作进展",
                                                   "存在问题", "下步计划", "佐证/备注", "编号(勿改)"]
    rows = list(sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    housing = ledger_items(catalog)
    assert len(rows) == 50  # every item 市住建局 leads or supports
    first = rows[0]
    assert first[:5] == ("1", "任务分工", "推进清洁能源开发利用", first[3], "配合") and first[10] == "1"
    assert ("12(1)", "任务分工", "推行新建建筑绿色升级 · 持续开展绿色建筑创建行动") == rows[[r[10] for r in rows].index("12a")][:3]
    assert sheet.column_dimensions["K"].hidden
    assert sheet.protection.sheet and not sheet["F5"].protection.locked and sheet["D5"].protection.locked
    validation = sheet.data_validations.dataValidation[0]
    assert validation.formula1 == '"已完成,按期推进,进度滞后,未启动,已调整/取消"' and str(validation.sqref) == "F5:F54"
    assert set(housing["item_id"]) >= {r[10] for r in rows}


def test__template__filled_in_task_sheet_reads_back_exactly(catalog):
    book, sheet = template_sheet(catalog, "utilities", "en")
    ids = {sheet.cell(r, 11).value: r for r in range(HEADER_ROW + 1, sheet.max_row + 1)}
    fill = {"21": ("Completed", "Sorting system covers all 6 districts.", "", "Keep it running", "@附件1 验收报告"),
            "P24": ("On schedule", "Incineration plant: boiler installed.", "Grid connection late", "Trial run in Q2", ""),
            "13a": ("", "150,000 m² retrofitted this year.", "", "", "")}
    for item_id, texts in fill.items():
        for column, text in zip(range(6, 11), texts):
            sheet.cell(ids[item_id], column, text or None)
    buffer = io.BytesIO()
    book.save(buffer)
    result = read_actuals(buffer.getvalue(), "utilities-2025.xlsx")
    tasks = result.tasks.set_index("item_id")
    assert tasks.loc[["21", "P24", "13a"], "status"].tolist() == ["completed", "on_schedule", ""]
    assert tasks.loc["P24", ["progress", "issues", "next_steps"]].tolist() == [
        "Incineration plant: boiler installed.", "Grid connection late", "Trial run in Q2"]
    assert tasks.loc["21", "evidence"] == "@附件1 验收报告"  # kept as written; exports neutralise it
    assert set(tasks["matched_by"]) == {"id"} and tasks.loc["P24", "row"] == ids["P24"]
    assert result.problems.empty and result.values.empty


def own_ledger(with_status: bool = True) -> bytes:
    """A department's own 台账: a merged title, a two-row header, action headings, its own sub-item numbers,
    a task over two rows (merged cells), a task found by its words, and a row the plan does not have."""
    status = ["完成状态"] if with_status else []
    rows = [
        ["市住建局2024年度碳达峰重点任务推进情况台账"],
        ["填报单位(盖章):市住建局", None, None, "填报日期:2024年12月10日"],
        ["序号", "重点任务", "主要工作", *status, "工作推进情况", "存在困难和问题", "下一步工作打算", "备注"],
        ["四、城乡建设低碳发展行动"],
        ["12.1", "持续开展绿色建筑创建行动", None, *(["正常推进"] if with_status else []),
         "新建绿色建筑面积312万平方米。", "星级绿色建筑比例偏低", "提高星级比例", ""],
        ["12（2）", "推广绿色建材", None, *(["已完成"] if with_status else []), "绿色建材认证企业8家。", "", "", "见附件2"],
        [None, None, None, *([None] if with_status else []), "应用示范工程2项。", None, None, None],
        ["13②", "加强建筑用能管理", None, *(["滞后"] if with_status else []), "能耗监测平台建设中。", "资金未到位", "争取专项资金", ""],
        [14, "推进农村建设和用能低碳转型", None, *(["基本完成"] if with_status else []), "农房节能改造1200户。", "", "", ""],
        [None, "开展绿色建筑、“零碳”“低碳”建筑示范工程创建行动", None, *(["未启动"] if with_status else []),
         "示范项目选址中。", "", "", ""],
        ["15", "单位自定工作:机关办公楼节能改造", None, *(["已完成"] if with_status else []), "已完成改造。", "", "", ""],
        ["99", "自拟:屋顶光伏调研", None, *([None] if with_status else []), "完成调研报告。", "", "", ""],
        [],
        ["注:以上数据为初步统计。"],
    ]
    return make_xlsx({"重点任务台账": rows})


def test__read__a_departments_own_ledger_with_its_numbers_and_words(catalog):
    result = read_actuals(own_ledger(), "住建局台账.xlsx")
    tasks = result.tasks
    assert tasks["item_id"].tolist() == ["12a", "12b", "13b", "14", "P15", "15", ""]
    assert tasks["status"].tolist() == ["on_schedule", "completed", "behind", "", "not_started", "completed", ""]
    assert tasks["matched_by"].tolist() == ["number", "number", "number", "number", "text", "number", ""]
    by_id = tasks.set_index("item_id")
    assert by_id.loc["12b", "progress"] == "绿色建材认证企业8家。\n应用示范工程2项。"  # the merged row continues it
    assert by_id.loc["12a", ["issues", "next_steps"]].tolist() == ["星级绿色建筑比例偏低", "提高星级比例"]
    assert by_id.loc["12b", "evidence"] == "见附件2"
    # 基本完成 is not clearly one of the five statuses, and row 99 is not one of the plan's: both are asked
    assert tasks[["row", "written", "status_written", "ask"]].values.tolist()[3:] == [
        [9, "14 推进农村建设和用能低碳转型", "基本完成", "status"], [10, "开展绿色建筑、“零碳”“低碳”建筑示范工程创建行动", "未启动", ""],
        [11, "15 单位自定工作:机关办公楼节能改造", "已完成", ""], [12, "99 自拟:屋顶光伏调研", "", "item"]]
    assert result.problems.empty


def test__read__a_ledger_without_a_status_column_is_read_without_guessing(catalog):
    result = read_actuals(own_ledger(with_status=False), "台账.xlsx")
    assert set(result.tasks["status"]) == {""}  # "已完成改造" in the text does not make it completed
    assert result.tasks["item_id"].tolist() == ["12a", "12b", "13b", "14", "P15", "15", ""]
    assert problem_words(result, "en") == [
        "The sheet has no status column: the reports were read, but without a status (it is never guessed from the text)."]


def test__read__a_row_number_with_two_sub_items_needs_its_words_or_a_sub_number(catalog):
    rows = [["序号", "重点任务", "完成状态", "进展情况"],
            [8, "实施重点行业清洁生产", "按期推进", "审核企业30家。"],
            [9, None, "按期推进", "淘汰落后产能2项。"],
            [9.2, None, "已完成", "关停退出1家。"]]
    result = read_actuals(make_xlsx({"S": rows}), "a.xlsx")
    # 8's words name 8(2); 9 alone could be 9(1) or 9(2): the person chooses; 9.2 is 9(2)
    assert result.tasks[["item_id", "status", "ask", "candidates"]].values.tolist() == [
        ["8b", "on_schedule", "", ""], ["", "on_schedule", "item", "9a|9b"], ["9b", "completed", "", ""]]
    assert result.problems.empty


def test__read__a_workbook_with_numbers_and_tasks_reads_both(catalog, awkward_wide_sheet):
    book = openpyxl.load_workbook(io.BytesIO(awkward_wide_sheet))
    tasks = book.create_sheet("台账")
    for row in [["序号", "重点任务", "完成状态", "工作进展"], ["21", "推进生活垃圾减量化资源化", "已完成", "分类全覆盖。"]]:
        tasks.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    result = read_actuals(buffer.getvalue(), "both.xlsx")
    assert len(result.values) > 0 and result.tasks["item_id"].tolist() == ["21"]
    assert result.sheets["layout"].tolist() == ["wide", "tasks"]
