"""The Excel template departments fill in: numbers on one sheet, the task ledger on another.

填报 (Actuals): one row per indicator, one column per year 2020–2030; the plan's targets are shown beside each
indicator and locked (the sheet is protected, without a password, against accidental edits); only the year
cells are open, with number validation.
重点任务 (Tasks): the ledger items the unit leads or supports, in the layout Chinese offices use — 序号 · 类别 ·
重点任务 · 主要工作 · 牵头/配合 (read-only) · 完成状态 (a drop-down) · 工作进展 · 存在问题 · 下步计划 · 佐证/备注 —
with each item's id in a hidden column so that the upload finds it exactly.
Filled in and uploaded, both sheets read back exactly (loaders.actuals and loaders.tasks recognise them).
"""
from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from loaders.catalog import Catalog, split_ids
from loaders.items import item_roles, ledger_items, unit_item_roles
from tracker.assess import pick_targets
from loaders.statuses import REPORTED
from tracker.i18n import format_target, pick, status_name

YEARS = tuple(range(2020, 2031))
HEADER_ROW = 4
INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="BFBFBF")

SHEET_NAME = {"zh": "填报", "en": "Actuals"}
TASK_SHEET_NAME = {"zh": "重点任务", "en": "Tasks"}
INSTRUCTIONS_NAME = {"zh": "说明", "en": "Instructions"}
ITEM_KIND = {"task": ("任务分工", "Task"), "goal": ("定性目标", "Qualitative goal"), "project": ("重点项目", "Key project"),
             "duty": ("工作职责", "Duty")}
TASK_HEADERS = (("序号", "No."), ("类别", "Kind"), ("重点任务", "Key task"), ("主要工作", "Main work"),
                ("牵头/配合", "Lead/partner"), ("完成状态", "Status"), ("工作进展", "Progress"), ("存在问题", "Issues"),
                ("下步计划", "Next steps"), ("佐证/备注", "Evidence/notes"), ("编号(勿改)", "Item id (do not change)"))
TASK_INPUT_COLUMNS = range(6, 11)   # 完成状态 … 佐证/备注, 1-based


def template_indicators(catalog: Catalog, unit_id: str | None = None) -> pd.DataFrame:
    """Indicators with numeric targets, in plan order; only those the unit leads or supports if one is given."""
    numeric = set(catalog.targets.dropna(subset=["value", "indicator_id"])["indicator_id"])
    indicators = catalog.indicators[catalog.indicators["indicator_id"].isin(numeric)]
    if unit_id:
        involved = indicators.apply(lambda row: unit_id in split_ids(row["lead_units"]) + split_ids(row["partner_units"]),
                                    axis=1)
        indicators = indicators[involved]
    return indicators


def _title_rows(sheet, title: str, instruction: str, lang: str, unit_name: str | None, year: int | None) -> None:
    """Row 1: the sheet's title with its year (the reader takes the reporting year from it) and unit; row 2: how
    to fill it in."""
    if year:
        title += pick(f"({year}年度)", f" ({year})", lang)
    sheet["A1"] = title + (f" · {unit_name}" if unit_name else "")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = instruction
    sheet["A2"].font = Font(italic=True, color="555555")


def build_template(catalog: Catalog, lang: str = "zh", unit_id: str | None = None, year: int | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME[lang]
    indicators = template_indicators(catalog, unit_id)
    unit_name = None
    if unit_id:
        unit = catalog.units.set_index("unit_id").loc[unit_id]
        unit_name = pick(unit["name_zh"], unit["name_en"], lang)

    _title_rows(sheet, pick("银川市碳达峰目标进展填报表", "Yinchuan carbon-peak targets: progress sheet", lang),
                pick("请只在浅黄色单元格中填写各年实际值(数字;百分比填 30 或 30%)。目标列仅供参考,已锁定。详见“说明”工作表。",
                     "Fill in actual values in the light-yellow cells only (numbers; a percentage as 30 or 30%). "
                     "The target columns are for reference and locked. See the Instructions sheet.", lang),
                lang, unit_name, year)

    headers = [pick("指标编号", "indicator_id", lang), pick("指标", "Indicator", lang), pick("单位", "Unit", lang),
               pick("2025年目标", "2025 target", lang), pick("2030年目标", "2030 target", lang),
               pick("未定年份目标", "Target without year", lang), *YEARS]
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=header)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
    first_year_column = 7

    for offset, row in enumerate(indicators.itertuples(), start=1):
        r = HEADER_ROW + offset
        unit = row.unit_en if lang == "en" else row.unit
        by_year: dict = {2025: [], 2030: [], None: []}
        for target in pick_targets(catalog, row.indicator_id):
            by_year.setdefault(target.year, []).append(format_target(target.value, target.comparator, unit, lang,
                                                                     target.aspiration))
        fixed = [row.indicator_id, pick(row.name_zh, row.name_en, lang), unit,
                 "; ".join(by_year[2025]), "; ".join(by_year[2030]), "; ".join(by_year[None])]
        for column, value in enumerate(fixed, start=1):
            cell = sheet.cell(row=r, column=column, value=value)
            cell.fill, cell.border = LOCKED_FILL, Border(bottom=THIN)
            cell.alignment = Alignment(vertical="center", wrap_text=column == 2)
        for column in range(first_year_column, first_year_column + len(YEARS)):
            cell = sheet.cell(row=r, column=column)
            cell.fill, cell.protection = INPUT_FILL, Protection(locked=False)
            cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
            cell.number_format = "General"

    last_row = HEADER_ROW + len(indicators)
    if len(indicators):
        validation = DataValidation(
            type="decimal", operator="between", formula1="-1000000000", formula2="1000000000", allow_blank=True,
            showErrorMessage=True, errorTitle=pick("请输入数字", "Numbers only", lang),
            error=pick("请输入数字,如 12.5。不要输入文字或单位。", "Enter a number such as 12.5, without text or units.", lang))
        validation.add(f"{get_column_letter(first_year_column)}{HEADER_ROW + 1}:"
                       f"{get_column_letter(first_year_column + len(YEARS) - 1)}{last_row}")
        sheet.add_data_validation(validation)
    widths = [30, 44, 12, 16, 16, 16] + [9] * len(YEARS)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[HEADER_ROW].height = 32
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=first_year_column)
    sheet.protection.sheet = True          # no password: a guard against slips, not a lock
    sheet.protection.formatCells = False
    sheet.protection.formatColumns = False

    _task_sheet(book.create_sheet(TASK_SHEET_NAME[lang]), catalog, lang, unit_id, unit_name, year)
    _instructions(book.create_sheet(INSTRUCTIONS_NAME[lang]), lang, unit_name)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _instructions(sheet, lang: str, unit_name: str | None) -> None:
    lines = {
        "zh": [
            "填表说明",
            "1. 在“填报”工作表的浅黄色单元格中,按年份填写各指标的实际值;没有数据的年份留空。",
            "2. 只填数字。百分比可填 30 或 30%;也可以使用千位分隔符(1,234)。不要在数字后写单位或文字说明。",
            "3. 单位以“单位”列为准(如 万千瓦、%、台)。“较2020年下降”类指标填累计下降的百分数(如 3.5)。",
            "4. 目标列来自《银川市碳达峰实施方案(征求意见稿)》,仅供参考,已锁定,无需修改。",
            "5. 不要修改“指标编号”列;与本单位无关的行留空即可,空行不会读取。",
            "6. “重点任务”工作表是本单位牵头或配合的重点任务、定性目标、重点项目和工作职责:在“完成状态”下拉列表中选择状态,"
            "并填写工作进展、存在问题、下步计划和佐证材料;不涉及的行留空。不要修改隐藏的“编号(勿改)”列。",
            "7. 填好后在“进展对比”页面上传本文件,即可看到各指标是否达成、是否按计划推进及原因,各项任务进入台账。",
            "8. 也可以上传本单位自己的进度表:需有“指标”列和年份列(如 2023 或 2023年),或“指标、年份、数值”三列;"
            "或本单位的工作台账:需有“序号”或“重点任务”列,以及“工作进展”(或进展情况、推进情况、完成情况)列。",
        ],
        "en": [
            "How to fill in this sheet",
            "1. In the Actuals sheet, enter each indicator's actual value under its year in the light-yellow cells; leave years without data empty.",
            "2. Numbers only. A percentage may be 30 or 30%; thousands separators (1,234) are fine. No units or words after the number.",
            "3. Use the unit in the Unit column (e.g. ×10⁴ kW, %, posts). For 'fall from 2020' indicators enter the cumulative fall in percent (e.g. 3.5).",
            "4. The target columns come from the Yinchuan carbon-peak implementation plan (draft); they are for reference and locked.",
            "5. Do not change the indicator_id column; leave rows that do not concern your unit empty (empty rows are not read).",
            "6. The Tasks sheet lists the tasks, qualitative goals, key projects and duties your unit leads or supports: choose a "
            "status from the drop-down list and write the progress, issues, next steps and evidence; leave rows that do not "
            "concern you empty. Do not change the hidden item-id column.",
            "7. Upload the filled file on the Progress page to see which targets are met or on track, and why; the task reports go into the ledger.",
            "8. You may also upload your own progress sheet (an indicator column and year columns such as 2023 or 2023年, or indicator, "
            "year and value columns) or your own work ledger (a No. or task column and a progress column).",
        ],
    }[lang]
    if unit_name:
        lines.insert(1, pick(f"本表只列出{unit_name}牵头或配合的指标。", f"This sheet lists only the indicators {unit_name} leads or supports.", lang))
    for index, line in enumerate(lines, start=1):
        cell = sheet.cell(row=index, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if index == 1:
            cell.font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 120


def _task_sheet(sheet, catalog: Catalog, lang: str, unit_id: str | None, unit_name: str | None, year: int | None) -> None:
    items = ledger_items(catalog)
    if unit_id:
        mine = unit_item_roles(item_roles(catalog), unit_id)
        items = items[items["item_id"].isin(mine.index)]
    unit_names = {row.unit_id: pick(row.name_zh, row.name_en, lang) for row in catalog.units.itertuples()}
    _title_rows(sheet, pick("银川市碳达峰重点任务工作台账", "Yinchuan carbon-peak work ledger: key tasks", lang),
                pick("在浅黄色单元格中填写:“完成状态”从下拉列表中选择,再写明工作进展、存在问题、下步计划和佐证材料。不涉及的行留空。",
                     "Fill in the light-yellow cells: choose the status from the list, then write the progress, issues, "
                     "next steps and evidence. Leave rows that do not concern you empty.", lang),
                lang, unit_name, year)
    for column, (zh, en) in enumerate(TASK_HEADERS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=pick(zh, en, lang))
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
    for offset, item in enumerate(items.itertuples(), start=1):
        r = HEADER_ROW + offset
        if unit_id:
            role = pick("牵头", "Lead", lang) if mine[item.item_id] == "lead" else pick("配合", "Partner", lang)
        else:
            role = ("、" if lang == "zh" else "; ").join(unit_names[u] for u in split_ids(item.lead_units))
        fixed = [item.number if item.kind == "task" else "", pick(*ITEM_KIND[item.kind], lang),
                 pick(item.title_zh, item.title_en, lang), pick(item.detail_zh, item.detail_en, lang), role]
        for column, value in enumerate(fixed, start=1):
            cell = sheet.cell(row=r, column=column, value=value)
            cell.fill, cell.border = LOCKED_FILL, Border(bottom=THIN)
            cell.alignment = Alignment(vertical="top", wrap_text=column in (3, 4))
        for column in TASK_INPUT_COLUMNS:
            cell = sheet.cell(row=r, column=column)
            cell.fill, cell.protection = INPUT_FILL, Protection(locked=False)
            cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        sheet.cell(row=r, column=len(TASK_HEADERS), value=item.item_id)
    last_row = HEADER_ROW + len(items)
    if len(items):
        labels = [status_name(code, lang) for code in REPORTED]
        validation = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True,
                                    showErrorMessage=True, errorTitle=pick("请从列表中选择", "Choose from the list", lang),
                                    error=pick("完成状态只能是:", "The status must be one of: ", lang) + "、".join(labels))
        validation.add(f"F{HEADER_ROW + 1}:F{last_row}")
        sheet.add_data_validation(validation)
    for column, width in enumerate([8, 12, 30, 50, 12, 14, 40, 30, 30, 24, 12], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.column_dimensions[get_column_letter(len(TASK_HEADERS))].hidden = True
    sheet.row_dimensions[HEADER_ROW].height = 32
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=6)
    sheet.protection.sheet = True          # no password: a guard against slips, not a lock
    sheet.protection.formatCells = False
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
