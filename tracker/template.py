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
from tracker.i18n import format_target, pick, status_name, t
from tracker.task_views import kind_label

YEARS = tuple(range(2020, 2031))
HEADER_ROW = 4
INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="BFBFBF")

TASK_COLUMNS = ("number", "kind", "task", "main_work", "role", "status", "progress", "issues", "next_steps", "evidence",
                "item_id")   # their headers: template.task_col.* (loaders.tasks reads them back)
INSTRUCTION_LINES = ("title", *(f"step_{n}" for n in range(1, 9)))   # template.instructions.*
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
        title += t("template.year_suffix", lang, year=year)
    sheet["A1"] = title + (f" · {unit_name}" if unit_name else "")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = instruction
    sheet["A2"].font = Font(italic=True, color="555555")


def build_template(catalog: Catalog, lang: str = "zh", unit_id: str | None = None, year: int | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = t("template.sheet.actuals", lang)
    indicators = template_indicators(catalog, unit_id)
    unit_name = None
    if unit_id:
        unit = catalog.units.set_index("unit_id").loc[unit_id]
        unit_name = pick(unit["name_zh"], unit["name_en"], lang)

    _title_rows(sheet, t("template.yinchuan_carbon_peak_targets_progress", lang),
                t("template.fill_actuals", lang),
                lang, unit_name, year)

    headers = [t("template.indicator_id", lang), t("col.indicator", lang), t("col.unit", lang),
               t("template.2025_target", lang), t("template.2030_target", lang),
               t("template.target_without_year", lang), *YEARS]
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
            showErrorMessage=True, errorTitle=t("template.numbers_only", lang),
            error=t("template.enter_a_number_such_as", lang))
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

    _task_sheet(book.create_sheet(t("template.sheet.tasks", lang)), catalog, lang, unit_id, unit_name, year)
    _instructions(book.create_sheet(t("template.sheet.instructions", lang)), lang, unit_name)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _instructions(sheet, lang: str, unit_name: str | None) -> None:
    lines = [t(f"template.instructions.{line}", lang) for line in INSTRUCTION_LINES]
    if unit_name:
        lines.insert(1, t("template.instructions.only_unit", lang, unit=unit_name))
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
    _title_rows(sheet, t("template.yinchuan_carbon_peak_work_ledger", lang),
                t("template.fill_tasks", lang),
                lang, unit_name, year)
    for column, key in enumerate(TASK_COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=t(f"template.task_col.{key}", lang))
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
    for offset, item in enumerate(items.itertuples(), start=1):
        r = HEADER_ROW + offset
        if unit_id:
            role = t("role_lead", lang) if mine[item.item_id] == "lead" else t("role_partner", lang)
        else:
            role = ("、" if lang == "zh" else "; ").join(unit_names[u] for u in split_ids(item.lead_units))
        fixed = [item.number if item.kind == "task" else "", kind_label(item.kind, lang),
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
        sheet.cell(row=r, column=len(TASK_COLUMNS), value=item.item_id)
    last_row = HEADER_ROW + len(items)
    if len(items):
        labels = [status_name(code, lang) for code in REPORTED]
        validation = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True,
                                    showErrorMessage=True, errorTitle=t("template.choose_from_the_list", lang),
                                    error=t("template.the_status_must_be_one", lang) + "、".join(labels))
        validation.add(f"F{HEADER_ROW + 1}:F{last_row}")
        sheet.add_data_validation(validation)
    for column, width in enumerate([8, 12, 30, 50, 12, 14, 40, 30, 30, 24, 12], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.column_dimensions[get_column_letter(len(TASK_COLUMNS))].hidden = True
    sheet.row_dimensions[HEADER_ROW].height = 32
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=6)
    sheet.protection.sheet = True          # no password: a guard against slips, not a lock
    sheet.protection.formatCells = False
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
