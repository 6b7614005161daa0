"""Read departments' progress sheets into (indicator, year, value) rows and task reports, with every skipped cell
explained.

`read_actuals(content, filename)` accepts the app's own template and what staff really send: long tables
(indicator, year, value) and wide ones (indicator rows, a column per year such as 2023 or 2023年), title and
note rows around the table, several sheets, indicators by id or by name, numbers written as text. What it
cannot use becomes a row of `problems` (sheet, row, column, message in Chinese and English); a file it
cannot use at all raises UploadError. Sheets that are task ledgers (工作台账) are read by loaders.tasks into
`tasks`. No Streamlit here: the page, the worker processes and the command line call it alike.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from loaders.budget import Budget, OverBudget, Spending
from loaders.catalog import load_catalog
from loaders.items import ledger_items
from loaders.matching import (YEAR_MAX, YEAR_MIN, BadNumber, IndicatorMatcher, normalise, parse_number, parse_year,
                              split_unit, unit_matches)
from loaders.tasks import TASK_COLUMNS, find_task_table, read_task_table
from loaders.workbook import Grid, UploadError, column_letter, open_workbook, too_slow

__all__ = ["ActualsResult", "UploadError", "read_actuals", "combine", "combine_tasks", "VALUE_COLUMNS",
           "PROBLEM_COLUMNS"]

HEADER_SCAN_ROWS = 40
INDICATOR_WORDS = {"指标", "指标名称", "指标编号", "指标代码", "指标id", "indicator", "indicatorid", "indicatorname",
                   "id", "名称", "name", "项目", "指标项"}
ID_WORDS = {"指标编号", "指标代码", "指标id", "indicatorid", "id", "编号"}
YEAR_WORDS = {"年份", "年度", "year", "年", "统计年份", "报告年份"}
VALUE_WORDS = {"数值", "实际值", "实际", "完成值", "值", "value", "actual", "actualvalue", "数据", "完成情况", "当年值"}
UNIT_WORDS = {"单位", "计量单位", "unit", "units"}
NOTE_WORDS = {"备注", "说明", "注", "注释", "备注说明", "数据说明", "note", "notes", "remark", "remarks", "comment"}
SHEET_NOTE = re.compile(r"^\s*(注|说明|备注|注释|数据来源|note|source)\s*[::.]?", re.IGNORECASE)
INSTRUCTION_SHEETS = {"说明", "填表说明", "填报说明", "instructions", "readme", "说明instructions", "填表说明instructions"}

VALUE_COLUMNS = ["indicator_id", "year", "value", "file", "sheet", "row", "column", "approximate", "note", "matched_by",
                 "written"]
PROBLEM_COLUMNS = ["file", "sheet", "row", "column", "code", "message_zh", "message_en"]


@dataclass
class ActualsResult:
    values: pd.DataFrame      # VALUE_COLUMNS: one row per (indicator, year), where it came from
    problems: pd.DataFrame    # PROBLEM_COLUMNS: what was skipped and why
    sheets: pd.DataFrame      # sheet, layout (wide/long/tasks/skipped), values, note_zh, note_en
    file: str = ""
    sha256: str = ""
    kind: str = ""
    tasks: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=TASK_COLUMNS))  # one row per item
    title_year: int | None = None   # the year a sheet's title names ("2024年度…进展情况"), if one does
    notes: list[tuple[str, int, str]] = field(default_factory=list)  # (sheet, row, text) written around the tables


@dataclass(frozen=True)
class _IndicatorInfo:
    unit: str
    unit_en: str
    name_zh: str
    name_en: str
    may_be_negative: bool   # a fall from a base year (baseline 0) can be negative; a share or a count cannot


@dataclass
class _Table:
    header_row: int
    layout: str                          # "wide" or "long"
    indicator_cols: list[int]            # id column first where there is one
    unit_col: int | None = None
    note_col: int | None = None          # a 备注 column
    year_cols: dict[int, int] = field(default_factory=dict)   # wide: column → year
    year_col: int | None = None          # long
    value_col: int | None = None         # long


class _Reader:
    def __init__(self, filename: str, indicators: pd.DataFrame, spending: Spending):
        self.file = filename
        self.spending = spending
        self.matcher = IndicatorMatcher(indicators, spending)
        # plain dicts: this is looked up for every cell, and pandas indexing costs ~100 µs a call
        self.info = {row.indicator_id: _IndicatorInfo(row.unit, row.unit_en, row.name_zh, row.name_en,
                                                      not pd.isna(row.baseline_value))
                     for row in indicators.itertuples()}
        self.unit_checks: dict[tuple[str, str], bool] = {}
        self.values: list[tuple] = []
        self.indicator_rows: set[int] = set()   # rows of the current sheet that name an indicator: not notes
        self.row = ("", "", "")   # the row being read: how its indicator matched, its wording, its notes
        self.problems: list[tuple] = []
        self.unlisted = 0   # problems past the budget's listing limit, counted only
        self.seen: dict[tuple[str, int], tuple[float, tuple[str, int, int]]] = {}  # value, (sheet, row, column)

    # -- reporting -----------------------------------------------------------------------------------------
    def problem(self, sheet: str, row: int | None, column: int | None, code: str, zh: str, en: str) -> None:
        """A problem at a 1-based row and a 0-based column (None: the whole sheet or row)."""
        self.record(sheet, row, "" if column is None else column_letter(column), code, zh, en)

    def listing_full(self) -> bool:
        """Whether further problems are only counted; per-cell paths ask first, not to word what nobody sees."""
        if len(self.problems) >= self.spending.budget.problems_listed:
            self.unlisted += 1
            return True
        return False

    def record(self, sheet: str, row: int | None, column: str, code: str, zh: str, en: str) -> None:
        if len(self.problems) >= self.spending.budget.problems_listed:
            self.unlisted += 1
            return
        self.problems.append((self.file, sheet, row, column, code, zh, en))

    def names(self, indicator_id: str) -> tuple[str, str]:
        info = self.info[indicator_id]
        return info.name_zh, info.name_en

    def unit_ok(self, written: str, indicator_id: str) -> bool:
        key = (written, indicator_id)
        if key not in self.unit_checks:
            info = self.info[indicator_id]
            self.unit_checks[key] = unit_matches(written, info.unit, info.unit_en)
        return self.unit_checks[key]

    # -- finding the table ---------------------------------------------------------------------------------
    def find_table(self, grid: Grid) -> _Table | None:
        for r, row in enumerate(grid.rows[:HEADER_SCAN_ROWS]):
            words = [normalise(c) if isinstance(c, str) else "" for c in row]
            indicator_cols = [c for c, w in enumerate(words) if w in INDICATOR_WORDS]
            indicator_cols.sort(key=lambda c: words[c] not in ID_WORDS)
            unit_col = next((c for c, w in enumerate(words) if w in UNIT_WORDS), None)
            note_col = next((c for c, w in enumerate(words) if w in NOTE_WORDS), None)
            year_word = next((c for c, w in enumerate(words) if w in YEAR_WORDS), None)
            value_word = next((c for c, w in enumerate(words) if w in VALUE_WORDS), None)
            if indicator_cols and year_word is not None and value_word is not None:
                return _Table(r, "long", indicator_cols, unit_col, note_col, year_col=year_word, value_col=value_word)
            year_cols = {c: y for c, cell in enumerate(row) if (y := parse_year(cell)) is not None}
            if not year_cols:
                continue
            if not indicator_cols:
                guess = self._guess_indicator_column(grid.rows[r + 1: r + 60], min(year_cols))
                if guess is None:
                    continue
                indicator_cols = [guess]
            return _Table(r, "wide", indicator_cols, unit_col, note_col, year_cols=year_cols)
        return None

    def _guess_indicator_column(self, rows: list[list], before: int) -> int | None:
        best, best_hits = None, 0
        for c in range(before):
            hits = sum(1 for row in rows if c < len(row) and self.matcher.match(row[c]).indicator_id)
            if hits > best_hits:
                best, best_hits = c, hits
        return best

    # -- reading rows ---------------------------------------------------------------------------------------
    def resolve_row(self, grid: Grid, r: int, row: list, table: _Table, has_data: bool) -> str | None:
        """The row's indicator_id, or None (with a problem recorded when the row holds data). How it matched,
        what the row calls it and its notes (a bracket that is not a unit, the 备注 column) go to self.row."""
        written, match = "", None
        self.row = ("", "", "")
        for c in table.indicator_cols:
            cell = row[c] if c < len(row) else None
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            match = self.matcher.match(cell)
            written = written or (cell.strip() if isinstance(cell, str) else str(cell))
            if match.indicator_id:
                unit, unit_column = match.written_unit, c
                if table.unit_col is not None and table.unit_col < len(row) and not _blank(row[table.unit_col]):
                    unit, unit_column = str(row[table.unit_col]).strip(), table.unit_col
                if unit and not self.unit_ok(unit, match.indicator_id):
                    zh, en = self.names(match.indicator_id)
                    expected = self.info[match.indicator_id].unit
                    self.problem(grid.name, r + 1, unit_column, "unit_mismatch",
                                 f"单位“{unit}”与指标“{zh}”的单位“{expected}”不符;该行未读取。",
                                 f"The unit “{unit}” contradicts the unit of “{en}” ({expected}); the row was not read.")
                    return None
                note = match.note
                if table.note_col is not None and table.note_col < len(row) and not _blank(row[table.note_col]):
                    column_note = str(row[table.note_col]).strip()
                    note = f"{note};{column_note}" if note else column_note
                self.row = (match.how, cell.strip() if isinstance(cell, str) else str(cell), note[:1000])
                self.indicator_rows.add(r)
                return match.indicator_id
            if match.candidates and has_data:
                options_zh = "、".join(self.names(i)[0] for i in match.candidates)
                options_en = "; ".join(self.names(i)[1] for i in match.candidates)
                self.problem(grid.name, r + 1, c, "ambiguous_indicator",
                             f"“{cell}”可能指多个指标({options_zh});请填写指标编号。该行未读取。",
                             f"“{cell}” could be several indicators ({options_en}); write the indicator id. The row was not read.")
                return None
        if has_data:
            column = table.indicator_cols[0]
            if written and match.how == "over_budget":
                limit = self.spending.budget.similar_names
                self.problem(grid.name, r + 1, column, "unknown_indicator",
                             f"无法识别的指标“{written}”;该行未读取。本次上传已按相似度比对 {limit:,} 个不同的名称,"
                             "其余名称只按指标编号或准确名称识别。",
                             f"Unknown indicator “{written}”; the row was not read. This upload already had {limit:,} "
                             "distinct names compared by similarity; the rest are recognised by id or exact name only.")
            elif written:
                self.problem(grid.name, r + 1, column, "unknown_indicator",
                             f"无法识别的指标“{written}”;该行未读取。", f"Unknown indicator “{written}”; the row was not read.")
            else:
                self.problem(grid.name, r + 1, column, "missing_indicator",
                             "该行有数值但没有指标名称;未读取。", "The row has values but no indicator; it was not read.")
        return None

    def without_own_unit(self, cell, indicator_id: str):
        """'3300台', '500万千瓦': staff often write the indicator's own unit after the number. Any other unit
        stays, and the cell is reported as unreadable."""
        if isinstance(cell, str):
            text = cell.strip()
            info = self.info[indicator_id]
            for unit in (info.unit, info.unit_en):
                if unit and unit != "%" and text.endswith(unit) and len(text) > len(unit):
                    return text[: -len(unit)]
        return cell

    def read_value(self, grid: Grid, r: int, c: int, cell, indicator_id: str, year: int) -> None:
        try:
            reading = parse_number(self.without_own_unit(cell, indicator_id))
        except BadNumber:
            self.problem(grid.name, r + 1, c, "unreadable_value",
                         f"无法读取数值“{cell}”(应为数字,如 12.5、30%、1,234);已跳过。",
                         f"Cannot read “{cell}” as a number (expected e.g. 12.5, 30%, 1,234); skipped.")
            return
        if reading.value is None:
            return
        info = self.info[indicator_id]
        unit = info.unit
        value = reading.value
        if unit == "%":
            if not reading.percent and isinstance(cell, float) and (r, c) in grid.percent_cells:
                value = round(value * 100, 10)  # shown as 30% in Excel, stored as 0.3
        elif reading.percent:
            zh, en = self.names(indicator_id)
            self.problem(grid.name, r + 1, c, "unit_mismatch",
                         f"“{cell}”是百分数,而指标“{zh}”的单位是“{unit}”;已跳过。",
                         f"“{cell}” is a percentage but “{en}” is measured in {info.unit_en}; skipped.")
            return
        may_be_negative = info.may_be_negative
        shown = cell if isinstance(cell, str) else f"{cell:g}"
        if unit == "%" and abs(value) > 100:
            self.problem(grid.name, r + 1, c, "out_of_range",
                         f"{shown} 不是有效的百分比(应在 −100 与 100 之间);已跳过。",
                         f"{shown} is not a valid percentage (expected between −100 and 100); skipped.")
            return
        if value < 0 and not may_be_negative:
            zh, en = self.names(indicator_id)
            self.problem(grid.name, r + 1, c, "out_of_range", f"{shown} 为负数,而“{zh}”不可能为负;已跳过。",
                         f"{shown} is negative, but “{en}” cannot be; skipped.")
            return
        key = (indicator_id, year)
        if key in self.seen:
            first, first_where = self.seen[key]
            if first != value and not self.listing_full():
                first_where = f"{first_where[0]}!{column_letter(first_where[2])}{first_where[1] + 1}"
                zh, en = self.names(indicator_id)
                self.problem(grid.name, r + 1, c, "duplicate_conflict",
                             f"“{zh}”{year} 年已在 {first_where} 填为 {first:g},此处为 {value:g},两者不一致;保留前者。",
                             f"“{en}” {year} is already {first:g} at {first_where}; this cell says {value:g}. Kept the first.")
            return
        self.seen[key] = (value, (grid.name, r, c))
        how, written, note = self.row
        self.values.append((indicator_id, year, value, self.file, grid.name, r + 1, column_letter(c),
                            reading.approximate, note, how, written))

    def check_fractions(self) -> None:
        """A share typed as a fraction (0.98 for 98%) beside shares typed as percentages: read as written, but
        flagged, since a ten-thousandfold slip would pass any range check."""
        by_indicator: dict[str, list[tuple]] = {}
        for row in self.values:
            if self.info[row[0]].unit == "%":
                by_indicator.setdefault(row[0], []).append(row)
        for indicator_id, rows in by_indicator.items():
            largest = max(abs(r[2]) for r in rows)
            if largest <= 5:
                continue
            for row in rows:
                if 0 < abs(row[2]) < 1:
                    zh, en = self.names(indicator_id)
                    self.record(row[4], row[5], row[6], "suspect_fraction",
                                f"“{zh}”{row[1]} 年为 {row[2]:g},而同一文件中其他年份为 {largest:g} 等百分数:是否应为 "
                                f"{row[2] * 100:g}%?已按 {row[2]:g}% 读取,请核对。",
                                f"“{en}” {row[1]} is {row[2]:g} while other years in the file are percentages such as "
                                f"{largest:g}: should it be {row[2] * 100:g}%? Read as {row[2]:g}%; please check.")

    def sheet_notes(self, grid: Grid, table: _Table) -> list[tuple[str, int, str]]:
        """Notes written below or beside the table ('注:2023年数据为初步统计'), kept with the upload."""
        notes = []
        for r in range(table.header_row + 1, len(grid.rows)):
            if r in self.indicator_rows:
                continue
            row = grid.rows[r]
            first = next((cell for cell in row if not _blank(cell)), None)
            if not isinstance(first, str) or not SHEET_NOTE.match(first):  # a note row starts with 注/说明…
                continue
            texts = [c for c in row if isinstance(c, str) and c.strip()]
            if len(texts) == 1:
                notes.append((grid.name, r + 1, texts[0].strip()[:1000]))
        return notes

    def check_year(self, grid: Grid, r: int, c: int, year: int) -> bool:
        if YEAR_MIN <= year <= YEAR_MAX:
            return True
        self.problem(grid.name, r + 1, c, "year_out_of_range", f"年份 {year} 不在 {YEAR_MIN}–{YEAR_MAX} 之间;已跳过。",
                     f"The year {year} is outside {YEAR_MIN}–{YEAR_MAX}; skipped.")
        return False

    def read_wide(self, grid: Grid, table: _Table) -> None:
        year_cols = table.year_cols
        reported_columns: set[int] = set()
        for r in range(table.header_row + 1, len(grid.rows)):
            if r % 512 == 0:
                self.spending.check_time()
            row = grid.rows[r]
            cells = {c: row[c] for c in year_cols if c < len(row)}
            has_data = any(not _blank(v) for v in cells.values())
            indicator_id = self.resolve_row(grid, r, row, table, has_data)
            if indicator_id is None:
                continue
            for c, cell in cells.items():
                if _blank(cell):
                    continue
                if not YEAR_MIN <= year_cols[c] <= YEAR_MAX:
                    if c not in reported_columns:
                        reported_columns.add(c)
                        self.check_year(grid, table.header_row, c, year_cols[c])
                    continue
                self.read_value(grid, r, c, cell, indicator_id, year_cols[c])

    def read_long(self, grid: Grid, table: _Table) -> None:
        for r in range(table.header_row + 1, len(grid.rows)):
            if r % 512 == 0:
                self.spending.check_time()
            row = grid.rows[r]
            year_cell = row[table.year_col] if table.year_col < len(row) else None
            value_cell = row[table.value_col] if table.value_col < len(row) else None
            has_data = not _blank(value_cell)
            indicator_id = self.resolve_row(grid, r, row, table, has_data)
            if indicator_id is None or not has_data:
                continue
            year = parse_year(year_cell)
            if year is None:
                self.problem(grid.name, r + 1, table.year_col, "bad_year",
                             f"无法读取年份“{'' if year_cell is None else year_cell}”;该行未读取。",
                             f"Cannot read the year “{'' if year_cell is None else year_cell}”; the row was not read.")
                continue
            if self.check_year(grid, r, table.year_col, year):
                self.read_value(grid, r, table.value_col, value_cell, indicator_id, year)


_TITLE_YEAR = (re.compile(r"(20\d{2})\s*年度"), re.compile(r"(20\d{2})\s*年.{0,16}(进展|情况|报表|填报|台账|统计)"),
               re.compile(r"(?i)\b(20\d{2})\b.{0,30}(progress|report|ledger)"))


def title_year(grid: Grid) -> int | None:
    """The year a sheet's title rows name — 2024年度, 2024年…进展情况, "2024 progress report" — or None."""
    for row in grid.rows[:4]:
        for cell in row:
            if isinstance(cell, str) and len(cell) >= 6:
                for pattern in _TITLE_YEAR:
                    match = pattern.search(cell)
                    if match and YEAR_MIN <= int(match.group(1)) <= YEAR_MAX:
                        return int(match.group(1))
    return None


def _blank(cell) -> bool:
    if cell is None:
        return True
    if isinstance(cell, str):
        return not cell.strip()
    return isinstance(cell, float) and cell != cell  # NaN


def read_actuals(content: bytes, filename: str, indicators: pd.DataFrame | None = None, *,
                 lang: str = "zh", budget: Budget | None = None, items: pd.DataFrame | None = None) -> ActualsResult:
    """Read one uploaded file within `budget`: its tables of numbers and its task ledgers. Raises UploadError
    (message in `lang`) when nothing in it can be used, or when reading takes longer than the budget allows."""
    if indicators is None or items is None:
        catalog = load_catalog()
        indicators = catalog.indicators if indicators is None else indicators
        items = ledger_items(catalog) if items is None else items
    spending = Spending(budget) if budget else Spending()
    try:
        return _read(content, filename, indicators, items, spending)
    except UploadError as error:
        raise error.in_lang(lang) from None
    except OverBudget:
        raise too_slow(spending.budget.seconds).in_lang(lang) from None


def _read(content: bytes, filename: str, indicators: pd.DataFrame, items: pd.DataFrame,
          spending: Spending) -> ActualsResult:
    book = open_workbook(content, spending)
    reader = _Reader(filename, indicators, spending)
    sheets, task_rows, reported_items, sheet_notes = [], [], {}, []
    for name, zh, en in book.skipped:
        reader.problem(name, None, None, "sheet_refused", zh, en)
        sheets.append((name, "refused", 0, zh, en))
    for grid in book.grids:
        spending.check_time()
        before = len(reader.values)
        table = reader.find_table(grid)
        task_table = find_task_table(grid)
        if task_table is not None and (table is None or task_table.header_row <= table.header_row):
            reading = read_task_table(grid, task_table, items, filename)
            for problem in reading.problems:
                reader.record(*problem)
            for row in reading.rows:
                if row[0] in reported_items:  # the same item on two sheets of one file: the first counts
                    reader.record(grid.name, row[8], "", "duplicate_item",
                                   f"该任务已在工作表“{reported_items[row[0]]}”中填报;保留前者。",
                                   f"This task was already reported on sheet “{reported_items[row[0]]}”; the first was kept.")
                    continue
                reported_items[row[0]] = grid.name
                task_rows.append(row)
            sheets.append((grid.name, "tasks", len(reading.rows), "", ""))
            continue
        if normalise(grid.name) in INSTRUCTION_SHEETS or grid.name.startswith("_"):
            if table is None:
                sheets.append((grid.name, "instructions", 0, "说明页,未读取。", "Instructions; not read."))
                continue
        if table is None:
            if any(not _blank(c) for row in grid.rows for c in row):
                zh = "未找到指标数据表(需要“指标”列,以及年份列如 2023,或“年份”“数值”列);未读取。"
                en = ("No table of indicators found (needs an indicator column and year columns such as 2023, "
                      "or year and value columns); not read.")
                reader.problem(grid.name, None, None, "no_table", zh, en)
                sheets.append((grid.name, "skipped", 0, zh, en))
            continue
        reader.indicator_rows = set()
        (reader.read_wide if table.layout == "wide" else reader.read_long)(grid, table)
        sheet_notes += reader.sheet_notes(grid, table)
        sheets.append((grid.name, table.layout, len(reader.values) - before, "", ""))
    if not any(layout in ("wide", "long", "tasks") for _, layout, *_ in sheets):
        refused = [s for s in sheets if s[1] == "refused"]
        if refused:
            raise UploadError(refused[0][3], refused[0][4])
        if book.kind == "csv" and Path(filename).suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
            # the name promises a workbook, the bytes are plain text: say so rather than "no table"
            raise UploadError(
                f"“{filename}”的文件名是 Excel 文件,但内容是纯文本,不是 Excel 工作簿,其中也没有指标数据表。"
                "请上传从 Excel 另存的 .xlsx 文件或模板。",
                f"“{filename}” is named as an Excel file, but it holds plain text, not an Excel workbook, and no table "
                "of indicators. Upload an .xlsx file saved from Excel, or the template.")
        raise UploadError(
            "文件中没有找到指标数据表。请使用“进展对比”页提供的模板,或确保表格有“指标”列和年份列(如 2023、2023年)。",
            "No table of indicators was found in the file. Use the template from the Progress page, or make sure the "
            "sheet has an indicator column and year columns (such as 2023 or 2023年).")
    reader.check_fractions()
    if reader.unlisted:
        listed = spending.budget.problems_listed
        reader.problems.append((filename, "", None, "", "more_problems",
                                f"另有 {reader.unlisted:,} 个问题未逐一列出(每个文件最多列出 {listed:,} 个)。",
                                f"{reader.unlisted:,} more problems are not listed one by one (at most {listed:,} per file)."))
    values = pd.DataFrame(reader.values, columns=VALUE_COLUMNS).astype(
        {"year": "int64", "value": "float64", "row": "int64", "approximate": "bool"})
    problems = pd.DataFrame(reader.problems, columns=PROBLEM_COLUMNS).astype({"row": "Int64"})
    sheet_frame = pd.DataFrame(sheets, columns=["sheet", "layout", "values", "note_zh", "note_en"])
    tasks = pd.DataFrame(task_rows, columns=TASK_COLUMNS).astype({"row": "Int64"})
    titled = next((year for grid in book.grids if (year := title_year(grid)) is not None), None)
    return ActualsResult(values, problems, sheet_frame, filename, hashlib.sha256(content).hexdigest(), book.kind,
                         tasks, titled, sheet_notes)


def combine(results: list[ActualsResult], indicators: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Values and problems of several files together; a later file that contradicts an earlier one on the
    same (indicator, year) is reported, and the earlier value is kept."""
    values = pd.concat([r.values for r in results], ignore_index=True) if results else \
        pd.DataFrame(columns=VALUE_COLUMNS)
    problems = [r.problems for r in results]
    duplicated = values.duplicated(["indicator_id", "year"], keep="first")
    if duplicated.any():
        first = values[~duplicated].set_index(["indicator_id", "year"])
        rows, names = [], None
        for row in values[duplicated].itertuples():
            kept = first.loc[(row.indicator_id, row.year)]
            if kept["value"] != row.value:
                if names is None:
                    names = (load_catalog().indicators if indicators is None else indicators).set_index("indicator_id")
                zh, en = names.at[row.indicator_id, "name_zh"], names.at[row.indicator_id, "name_en"]
                cell = f"{kept['sheet']}!{kept['column']}{kept['row']}"
                rows.append((row.file, row.sheet, row.row, row.column, "duplicate_conflict",
                             f"“{zh}”{row.year} 年在 {kept['file']}({cell}) 中为 {kept['value']:g},本文件为 {row.value:g};保留前者。",
                             f"“{en}” {row.year} is {kept['value']:g} in {kept['file']} ({cell}); this file says "
                             f"{row.value:g}. Kept the first."))
        problems.append(pd.DataFrame(rows, columns=PROBLEM_COLUMNS))
        values = values[~duplicated].reset_index(drop=True)
    problems = [p for p in problems if len(p)]
    all_problems = pd.concat(problems, ignore_index=True) if problems else pd.DataFrame(columns=PROBLEM_COLUMNS)
    return values, all_problems


def combine_tasks(results: list[ActualsResult]) -> pd.DataFrame:
    """The task reports of several files; an item reported in two files counts once, from the first."""
    frames = [r.tasks for r in results if len(r.tasks)]
    if not frames:
        return pd.DataFrame(columns=TASK_COLUMNS)
    return pd.concat(frames, ignore_index=True).drop_duplicates("item_id", keep="first").reset_index(drop=True)
