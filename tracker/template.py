"""The Excel template departments fill in: one row per indicator, one column per year 2020–2030.

The plan's targets are shown beside each indicator and locked (the sheet is protected, without a password,
against accidental edits); only the year cells are open, with number validation. Filled in and uploaded,
the template reads back exactly (loaders.actuals recognises its header).
"""
from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from loaders.catalog import Catalog, split_ids
from tracker.assess import pick_targets
from tracker.i18n import format_target, pick

YEARS = tuple(range(2020, 2031))
HEADER_ROW = 4
INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="BFBFBF")

SHEET_NAME = {"zh": "填报", "en": "Actuals"}
INSTRUCTIONS_NAME = {"zh": "说明", "en": "Instructions"}


def template_indicators(catalog: Catalog, unit_id: str | None = None) -> pd.DataFrame:
    """Indicators with numeric targets, in plan order; only those the unit leads or supports if one is given."""
    numeric = set(catalog.targets.dropna(subset=["value", "indicator_id"])["indicator_id"])
    indicators = catalog.indicators[catalog.indicators["indicator_id"].isin(numeric)]
    if unit_id:
        involved = indicators.apply(lambda row: unit_id in split_ids(row["lead_units"]) + split_ids(row["partner_units"]),
                                    axis=1)
        indicators = indicators[involved]
    return indicators


def build_template(catalog: Catalog, lang: str = "zh", unit_id: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME[lang]
    indicators = template_indicators(catalog, unit_id)
    unit_name = None
    if unit_id:
        unit = catalog.units.set_index("unit_id").loc[unit_id]
        unit_name = pick(unit["name_zh"], unit["name_en"], lang)

    title = pick("银川市碳达峰目标进展填报表", "Yinchuan carbon-peak targets: progress sheet", lang)
    sheet["A1"] = title + (f" · {unit_name}" if unit_name else "")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = pick("请只在浅黄色单元格中填写各年实际值(数字;百分比填 30 或 30%)。目标列仅供参考,已锁定。详见“说明”工作表。",
                       "Fill in actual values in the light-yellow cells only (numbers; a percentage as 30 or 30%). "
                       "The target columns are for reference and locked. See the Instructions sheet.", lang)
    sheet["A2"].font = Font(italic=True, color="555555")

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
            "5. 不要修改“指标编号”列;可以删除与本单位无关的行。",
            "6. 填好后在“进展对比”页面上传本文件,即可看到各指标是否达成、是否按计划推进及原因。",
            "7. 也可以上传本单位自己的进度表:需有“指标”列和年份列(如 2023 或 2023年),或“指标、年份、数值”三列。",
        ],
        "en": [
            "How to fill in this sheet",
            "1. In the Actuals sheet, enter each indicator's actual value under its year in the light-yellow cells; leave years without data empty.",
            "2. Numbers only. A percentage may be 30 or 30%; thousands separators (1,234) are fine. No units or words after the number.",
            "3. Use the unit in the Unit column (e.g. ×10⁴ kW, %, posts). For 'fall from 2020' indicators enter the cumulative fall in percent (e.g. 3.5).",
            "4. The target columns come from the Yinchuan carbon-peak implementation plan (draft); they are for reference and locked.",
            "5. Do not change the indicator_id column; rows that do not concern your unit may be deleted.",
            "6. Upload the filled file on the Progress page to see which targets are met or on track, and why.",
            "7. You may also upload your own progress sheet: it needs an indicator column and year columns (2023 or 2023年), or indicator, year and value columns.",
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
