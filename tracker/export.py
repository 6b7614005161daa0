"""Files the app hands out: CSV (UTF-8 with BOM, so Excel shows Chinese), Excel workbooks, the catalog.

Everything written here passes through `neutralise`: a cell that starts with =, +, -, @ (or a tab or
carriage return) would be run as a formula by a spreadsheet, so it is prefixed with an apostrophe.
"""
from __future__ import annotations

import io
import zipfile

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from loaders.catalog import Catalog
from loaders.text import xml_safe

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
MAX_COLUMN_WIDTH = 60


def neutralise(value):
    """Make a text cell inert and writable: '=SUM(A1)' → "'=SUM(A1)", and without the characters a
    spreadsheet's XML cannot hold (a U+000B pasted from Word made openpyxl refuse the whole workbook).
    Numbers and other types pass unchanged."""
    if not isinstance(value, str):
        return value
    value = xml_safe(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame.columns = [neutralise(str(c)) for c in frame.columns]
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(neutralise)
    return frame


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return neutralise_frame(frame).to_csv(index=False).encode("utf-8-sig")


def _cell_value(value):
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars → Python
        value = value.item()
    return neutralise(value)


def write_sheet(sheet, frame: pd.DataFrame, *, start_row: int = 1, wrap: tuple[str, ...] = (),
                autofilter: bool = False) -> None:
    """Write `frame` with a styled, frozen header row and sensible column widths (and filter buttons)."""
    columns = [str(c) for c in frame.columns]
    for index, name in enumerate(columns, start=1):
        cell = sheet.cell(row=start_row, column=index, value=neutralise(name))
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for offset, row in enumerate(frame.itertuples(index=False), start=1):
        for index, value in enumerate(row, start=1):
            cell = sheet.cell(row=start_row + offset, column=index, value=_cell_value(value))
            if columns[index - 1] in wrap:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
    for index, name in enumerate(columns, start=1):
        longest = max([len(str(v)) for v in frame.iloc[:200, index - 1].dropna()] + [len(name)], default=8)
        sheet.column_dimensions[get_column_letter(index)].width = min(MAX_COLUMN_WIDTH, max(8, longest * 1.3 + 2))
    sheet.freeze_panes = sheet.cell(row=start_row + 1, column=1)
    if autofilter and len(columns):
        sheet.auto_filter.ref = f"A{start_row}:{get_column_letter(len(columns))}{start_row + len(frame)}"


def workbook_bytes(sheets: dict[str, pd.DataFrame], *, wrap: tuple[str, ...] = (), autofilter: bool = False) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        write_sheet(book.create_sheet(title=name[:31]), frame, wrap=wrap, autofilter=autofilter)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def excel_bytes(frame: pd.DataFrame, sheet_name: str, *, autofilter: bool = False) -> bytes:
    return workbook_bytes({sheet_name: frame}, autofilter=autofilter)


def catalog_workbook(catalog: Catalog) -> bytes:
    return workbook_bytes(catalog.tables())


def catalog_zip(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, frame in catalog.tables().items():
            archive.writestr(f"{name}.csv", csv_bytes(frame))
    return buffer.getvalue()
