"""Read departments' progress sheets into (indicator, year, value) rows and task reports, saying plainly what
could not be read and asking where the sheet leaves a doubt.

`read_actuals(content, filename)` accepts the app's own template and what staff really send: long tables
(indicator, year, value) and wide ones (indicator rows, a column per year such as 2023, 2023年, 2026年(1-10月)),
one- or two-row headers (a group such as 完成情况 over 2025年 | 2026年), title and note rows around the table,
several sheets, indicators by id or by name, numbers written as text. Whether a sheet holds numbers or a task
ledger (工作台账, read by loaders.tasks) is decided from what its columns hold, never from one header word; a
sheet that could be either is put to the user (`kinds` says how to read it once they have chosen).

Nothing a person wrote is dropped without a line: what cannot be used at all becomes a row of `problems`
(sheet, row, column, a message code and its parameters, worded by the app in the reader's language); what
can be read but needs a person's decision comes back with `ask` set — a share written as a fraction (0.64 for
64 %), a name that could be several indicators or none — and is not used until someone decides. A file it
cannot use at all raises UploadError. No Streamlit here: the page, the worker processes and the command line
call it alike.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from loaders.budget import Budget, OverBudget, Spending
from loaders.catalog import load_catalog
from loaders.headers import Header, header_at
from loaders.items import ledger_items
from loaders.matching import (UNREADABLE, YEAR_MAX, YEAR_MIN, BadNumber, IndicatorMatcher, normalise, parse_number,
                              parse_period, parse_year, unit_matches)
from loaders.message import message
from loaders.tasks import TASK_COLUMNS, find_task_table, is_task_label, read_task_table, task_evidence
from loaders.text import clean_line, clean_text
from loaders.workbook import Grid, UploadError, column_letter, open_workbook, too_slow

__all__ = ["ActualsResult", "UploadError", "read_actuals", "combine", "combine_tasks", "VALUE_COLUMNS",
           "PROBLEM_COLUMNS", "KINDS"]

HEADER_SCAN_ROWS = 40
EVIDENCE_ROWS = 200          # rows below a header looked at to tell numbers from a task ledger
INDICATOR_WORDS = {"指标", "指标名称", "指标编号", "指标代码", "指标id", "indicator", "indicatorid", "indicatorname",
                   "id", "名称", "name", "项目", "指标项", "主要指标", "考核指标"}
ID_WORDS = {"指标编号", "指标代码", "指标id", "indicatorid", "id", "编号"}
YEAR_WORDS = {"年份", "年度", "year", "年", "统计年份", "报告年份"}
VALUE_WORDS = {"数值", "实际值", "实际", "完成值", "值", "value", "actual", "actualvalue", "数据", "完成情况", "当年值"}
UNIT_WORDS = {"单位", "计量单位", "unit", "units"}
NOTE_WORDS = {"备注", "说明", "注", "注释", "备注说明", "数据说明", "note", "notes", "remark", "remarks", "comment"}
SHEET_NOTE = re.compile(r"^\s*(注|说明|备注|注释|数据来源|note|source)\s*[::.]?", re.IGNORECASE)
INSTRUCTION_SHEETS = {"说明", "填表说明", "填报说明", "instructions", "readme", "说明instructions", "填表说明instructions"}
_HEADER_WORDS = INDICATOR_WORDS | ID_WORDS | YEAR_WORDS | VALUE_WORDS | UNIT_WORDS | NOTE_WORDS | {"序号", "no", "no."}

VALUE_COLUMNS = ["indicator_id", "year", "value", "file", "sheet", "row", "column", "approximate", "note", "matched_by",
                 "written", "months", "ask", "candidates", "percent"]
PROBLEM_COLUMNS = ["file", "sheet", "row", "column", "code", "params"]
KINDS = ("numbers", "tasks", "skip")   # how a person may tell the reader to take a sheet
FRACTION_SHARE = 5.0    # a share whose targets reach this many percent is not written as 0.64 on purpose


@dataclass
class ActualsResult:
    values: pd.DataFrame      # VALUE_COLUMNS: one row per (indicator, year) cell read, where it came from
    problems: pd.DataFrame    # PROBLEM_COLUMNS: what could not be used and why
    sheets: pd.DataFrame      # sheet, layout (wide/long/tasks/unsure/instructions/skipped/refused), values, message
    file: str = ""
    sha256: str = ""
    kind: str = ""
    tasks: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=TASK_COLUMNS))  # one row per item
    title_year: int | None = None   # the year a sheet's title names ("2024年度…进展情况"), if one does
    notes: list[tuple[str, int, str]] = field(default_factory=list)  # (sheet, row, text) written around the tables
    kinds: dict[str, str] = field(default_factory=dict)   # the sheets a person told the reader how to take


@dataclass(frozen=True)
class _IndicatorInfo:
    unit: str
    unit_en: str
    may_be_negative: bool   # a fall from a base year (baseline 0) can be negative; a share or a count cannot
    largest_target: float   # the largest numeric target: a share targeted at 60 % is not written as 0.64


@dataclass
class _Table:
    header: Header
    layout: str                          # "wide", "long", or "across" (years down, indicators across)
    indicator_cols: list[int]            # id column first where there is one
    unit_col: int | None = None
    note_col: int | None = None          # a 备注 column
    year_cols: dict[int, tuple[int, str]] = field(default_factory=dict)   # wide: column → (year, period)
    year_col: int | None = None          # long
    value_col: int | None = None         # long
    across: dict[int, object] = field(default_factory=dict)   # across: column → how its header matched
    @property
    def header_row(self) -> int:
        return self.header.last


def is_number_label(text: str) -> bool:
    """Whether a cell reads as a label of a table of numbers (a lower header row) rather than data."""
    return parse_period(text) is not None or normalise(text) in _HEADER_WORDS or is_task_label(text)


def column_period(label: str, group: str, title: int | None) -> tuple[int, str] | str | None:
    """The (year, period) a wide table's column holds, from its label and the group above it (完成情况 over 2025年,
    2026年 over 1-10月 | 全年) or else the sheet's title year; UNREADABLE for a header naming a year or a part of
    one in a way that cannot be read; None for any other column."""
    own, above = parse_period(label), parse_period(group) if group else None
    if isinstance(own, tuple) and own[0] is not None:
        return own
    group_year = above[0] if isinstance(above, tuple) else None
    if isinstance(own, tuple):           # a part of a year without its year: the group's, else the title's
        year = group_year or title
        return (year, own[1]) if year else UNREADABLE
    if own is None and group_year is not None and normalise(label) in ("", "全年", "实际", "实际值", "完成", "完成值"):
        return (group_year, above[1])
    return own


class _Reader:
    def __init__(self, filename: str, indicators: pd.DataFrame, targets: pd.DataFrame, spending: Spending):
        self.file = filename
        self.spending = spending
        self.matcher = IndicatorMatcher(indicators, spending)
        numeric = targets.dropna(subset=["value", "indicator_id"]).groupby("indicator_id")["value"].max()
        # plain dicts: this is looked up for every cell, and pandas indexing costs ~100 µs a call
        self.info = {row.indicator_id: _IndicatorInfo(row.unit, row.unit_en, not pd.isna(row.baseline_value),
                                                      float(numeric.get(row.indicator_id, 0.0)))
                     for row in indicators.itertuples()}
        self.unit_checks: dict[tuple[str, str], bool] = {}
        self.values: list[list] = []
        self.indicator_rows: set[int] = set()   # rows of the current sheet that name an indicator: not notes
        self.row = ("", "", "", "", "")   # the row being read: how it matched, its wording, notes, ask, candidates
        self.problems: list[tuple] = []
        self.unlisted = 0   # problems past the budget's listing limit, counted only
        self.seen: dict[tuple[str, int], int] = {}   # (indicator, year) → index in values
        self.title: int | None = None
        self.shown: dict = {}   # a name cell → how it reads, cleaned (loaders.text)

    # -- reporting -----------------------------------------------------------------------------------------
    def problem(self, sheet: str, row: int | None, column: int | None, code: str, **params) -> None:
        """A problem at a 1-based row and a 0-based column (None: the whole sheet or row)."""
        self.record(sheet, row, "" if column is None else column_letter(column), code, **params)

    def listing_full(self) -> bool:
        """Whether further problems are only counted; per-cell paths ask first, not to word what nobody sees."""
        if len(self.problems) >= self.spending.budget.problems_listed:
            self.unlisted += 1
            return True
        return False

    def record(self, sheet: str, row: int | None, column: str, code: str, **params) -> None:
        if len(self.problems) >= self.spending.budget.problems_listed:
            self.unlisted += 1
            return
        self.problems.append((self.file, sheet, row, column, code, params))

    def unit_ok(self, written: str, indicator_id: str) -> bool:
        key = (written, indicator_id)
        if key not in self.unit_checks:
            info = self.info[indicator_id]
            self.unit_checks[key] = unit_matches(written, info.unit, info.unit_en)
        return self.unit_checks[key]

    # -- finding the table ---------------------------------------------------------------------------------
    def find_table(self, grid: Grid) -> _Table | None:
        for r, row in enumerate(grid.rows[:HEADER_SCAN_ROWS]):
            if not any(isinstance(c, str) and c.strip() for c in row) and not any(
                    isinstance(c, (int, float)) and parse_year(c) for c in row):
                continue
            header = header_at(grid, r, is_number_label)
            words = [normalise(c) for c in header.labels]
            indicator_cols = [c for c, w in enumerate(words) if w in INDICATOR_WORDS]
            indicator_cols.sort(key=lambda c: words[c] not in ID_WORDS)
            unit_col = next((c for c, w in enumerate(words) if w in UNIT_WORDS), None)
            note_col = next((c for c, w in enumerate(words) if w in NOTE_WORDS), None)
            year_word = next((c for c, w in enumerate(words) if w in YEAR_WORDS), None)
            value_word = next((c for c, w in enumerate(words) if w in VALUE_WORDS), None)
            if indicator_cols and year_word is not None and value_word is not None:
                return _Table(header, "long", indicator_cols, unit_col, note_col, year_col=year_word,
                              value_col=value_word)
            across = self._indicators_across(grid, header, year_word)
            if across:
                return across
            numeric_years = {c: (int(cell), "") for c, cell in enumerate(row) if not isinstance(cell, str)
                             and parse_year(cell) is not None}  # 2023 typed as a number
            periods = {c: column_period(label, group, self.title)
                       for c, (label, group) in enumerate(zip(header.labels, header.groups))}
            year_cols = {**numeric_years, **{c: p for c, p in periods.items() if isinstance(p, tuple)}}
            if not year_cols:
                continue
            if not indicator_cols:
                guess = self._guess_indicator_column(grid.rows[header.last + 1: header.last + 61], min(year_cols))
                if guess is None:
                    continue
                indicator_cols = [guess]
            table = _Table(header, "wide", indicator_cols, unit_col, note_col, year_cols=year_cols)
            table.unreadable_cols = [c for c, p in periods.items() if p == UNREADABLE]
            return table
        return None

    def _guess_indicator_column(self, rows: list[list], before: int) -> int | None:
        best, best_hits = None, 0
        for c in range(before):
            hits = sum(1 for row in rows if c < len(row) and self.matcher.match(row[c]).indicator_id)
            if hits > best_hits:
                best, best_hits = c, hits
        return best

    def _indicators_across(self, grid: Grid, header: Header, year_word: int | None) -> _Table | None:
        """A table turned the other way — a year per row, an indicator per column (工业绿色发展: 年份 | 绿色工厂 |
        绿色园区 …): two or more headers that name indicators, and a column of years below."""
        across = {}
        for c, label in enumerate(header.labels):
            if label and c != year_word and normalise(label) not in _HEADER_WORDS and parse_period(label) is None:
                match = self.matcher.match(label)
                if match.indicator_id:
                    across[c] = match
        if len(across) < 2:
            return None
        below = grid.rows[header.last + 1: header.last + 41]
        for c in [year_word] if year_word is not None else range(min(across)):
            years = sum(1 for row in below if c < len(row) and isinstance(p := parse_period(row[c]), tuple) and p[0])
            if years >= 1:
                return _Table(header, "across", [], year_col=c, across=across)
        return None

    def evidence(self, grid: Grid, table: _Table) -> int:
        """Rows below the header that name an indicator and hold a number where the table has its values: what
        makes a sheet a table of numbers."""
        if table.layout == "across":
            return sum(1 for row in grid.rows[table.header_row + 1: table.header_row + 1 + EVIDENCE_ROWS]
                       if any(c < len(row) and _number(row[c]) for c in table.across))
        value_cols = list(table.year_cols) if table.layout == "wide" else [table.value_col]
        hits = 0
        for row in grid.rows[table.header_row + 1: table.header_row + 1 + EVIDENCE_ROWS]:
            named = any(c < len(row) and self.matcher.match(row[c]).indicator_id for c in table.indicator_cols)
            if named and any(c < len(row) and _number(row[c]) for c in value_cols):
                hits += 1
        return hits

    # -- reading rows ---------------------------------------------------------------------------------------
    def resolve_row(self, grid: Grid, r: int, row: list, table: _Table, has_data: bool) -> str | None:
        """The row's indicator_id; "" when the row holds data but its name is ambiguous or unknown (the user
        is asked: self.row says so); None for a row that is not read (with a problem recorded when it holds
        data). How it matched, what the row calls it and its notes go to self.row."""
        written, match = "", None
        self.row = ("", "", "", "", "")
        for c in table.indicator_cols:
            cell = row[c] if c < len(row) else None
            if (cell is None or cell == "") and grid.merged:
                cell = grid.merged_from(r, c)   # a name merged down over its rows
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            match = self.matcher.match(cell)
            shown = self.shown.get(cell)
            if shown is None:   # a table names the same indicators on row after row
                shown = self.shown[cell] = clean_line(cell)
            written = written or shown
            if match.indicator_id:
                unit, unit_column = match.written_unit, c
                if table.unit_col is not None and table.unit_col < len(row) and not _blank(row[table.unit_col]):
                    unit, unit_column = clean_line(row[table.unit_col]), table.unit_col
                if unit and not self.unit_ok(unit, match.indicator_id):
                    self.problem(grid.name, r + 1, unit_column, "problem.unit_mismatch", written=unit,
                                 indicator=match.indicator_id, expected=self.info[match.indicator_id].unit)
                    return None
                self.row = (match.how, shown, self._note(row, table, match.note), "", "")
                self.indicator_rows.add(r)
                return match.indicator_id
            if match.candidates and has_data:
                self.row = ("", written, self._note(row, table, match.note), "indicator", "|".join(match.candidates))
                self.indicator_rows.add(r)
                return ""
        if has_data:
            column = table.indicator_cols[0]
            if not written:
                self.problem(grid.name, r + 1, column, "problem.missing_indicator")
                return None
            if match is not None and match.how == "over_budget":
                self.problem(grid.name, r + 1, column, "problem.unknown_indicator_over_budget", written=written,
                             limit=self.spending.budget.similar_names)
                return None
            self.row = ("", written, self._note(row, table, match.note if match else ""), "indicator", "")
            self.indicator_rows.add(r)
            return ""
        return None

    def _note(self, row: list, table: _Table, bracket_note: str) -> str:
        if table.note_col is None:
            return bracket_note[:1000]
        note = bracket_note
        if table.note_col is not None and table.note_col < len(row) and not _blank(row[table.note_col]):
            column_note = clean_text(row[table.note_col])
            note = f"{note};{column_note}" if note else column_note
        return note[:1000]

    def without_own_unit(self, cell, indicator_id: str):
        """'3300台', '500万千瓦': staff often write the indicator's own unit after the number. Any other unit
        stays, and the cell is reported as unreadable."""
        if isinstance(cell, str) and indicator_id:
            text = cell.strip()
            info = self.info[indicator_id]
            for unit in (info.unit, info.unit_en):
                if unit and unit != "%" and text.endswith(unit) and len(text) > len(unit):
                    return text[: -len(unit)]
        return cell

    def unreadable_cell(self, grid: Grid, r: int, c: int) -> None:
        """A cell that looks empty to the reader but holds an error value or a formula without its result."""
        kind, text = grid.unreadable[(r, c)]
        if kind == "error":
            self.problem(grid.name, r + 1, c, "problem.error_value", written=text)
        else:
            self.problem(grid.name, r + 1, c, "problem.formula_without_value")

    def read_value(self, grid: Grid, r: int, c: int, cell, indicator_id: str, year: int, period: str = "") -> None:
        try:
            reading = parse_number(self.without_own_unit(cell, indicator_id))
        except BadNumber:
            self.problem(grid.name, r + 1, c, "problem.unreadable_value", written=clean_line(cell))
            return
        if reading.value is None:
            return
        value, percent = reading.value, reading.percent
        info = self.info.get(indicator_id)
        if info is not None and info.unit == "%":
            if not percent and isinstance(cell, float) and (r, c) in grid.percent_cells:
                value, percent = round(value * 100, 10), True  # shown as 30% in Excel, stored as 0.3
        elif info is not None and percent:
            self.problem(grid.name, r + 1, c, "problem.percent_for_a_count", written=clean_line(cell),
                         indicator=indicator_id)
            return
        if info is not None and info.unit == "%" and abs(value) > 100:
            self.problem(grid.name, r + 1, c, "problem.not_a_percentage", written=_shown(cell))
            return
        if info is not None and value < 0 and not info.may_be_negative:
            self.problem(grid.name, r + 1, c, "problem.negative", written=_shown(cell), indicator=indicator_id)
            return
        how, written, note, ask, candidates = self.row
        row = [indicator_id, year, value, self.file, grid.name, r + 1, column_letter(c), reading.approximate, note,
               how, written, period, ask, candidates, percent]
        key = (indicator_id, year)
        if indicator_id and key in self.seen:
            if self._keep_first(grid, r, c, key, value, period):
                return
            self.values[self.seen[key]] = row   # a whole year's value over a part of it written before
            return
        if indicator_id:
            self.seen[key] = len(self.values)
        self.values.append(row)

    def _keep_first(self, grid: Grid, r: int, c: int, key: tuple[str, int], value: float, period: str) -> bool:
        """Two cells of one (indicator, year) in a file: the whole year wins over a part of it, a longer part
        over a shorter; otherwise the first is kept, and a disagreement is listed."""
        first = self.values[self.seen[key]]
        if first[11] != period:
            replace = _months(period) > _months(first[11])
            kept, dropped = (period, first[11]) if replace else (first[11], period)
            where_r, where_c = (first[5], first[6]) if replace else (r + 1, column_letter(c))
            if not self.listing_full():
                self.record(first[4] if replace else grid.name, where_r, where_c, "problem.part_year_superseded",
                            indicator=key[0], year=key[1], kept_period=kept, dropped_period=dropped)
            return not replace
        if first[2] != value and not self.listing_full():
            self.problem(grid.name, r + 1, c, "problem.duplicate_conflict", indicator=key[0], year=key[1],
                         first=first[2], first_cell=f"{first[4]}!{first[6]}{first[5]}", value=value)
        return True

    def ask_fractions(self) -> None:
        """Shares that look written as fractions — 0.64 and 0.665 where the indicator's targets are tens of percent,
        or 0.98 beside 99.1 — are read as written and put to the user with ×100 offered: a hundredfold slip passes
        any range check, and guessing either way would be a silent guess."""
        by_indicator: dict[str, list[int]] = {}
        for n, row in enumerate(self.values):
            info = self.info.get(row[0])
            if info is not None and info.unit == "%" and not row[12]:
                by_indicator.setdefault(row[0], []).append(n)
        for indicator_id, rows in by_indicator.items():
            plain = [n for n in rows if not self.values[n][14]]   # not written as a percentage
            largest = max(abs(self.values[n][2]) for n in rows)
            shares_targeted = self.info[indicator_id].largest_target >= FRACTION_SHARE
            for n in plain:
                value = abs(self.values[n][2])
                if 0 < value <= 1 and (largest > FRACTION_SHARE or shares_targeted):
                    self.values[n][12] = "fraction"

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
                notes.append((grid.name, r + 1, clean_text(texts[0])[:1000]))
        return notes

    def check_year(self, grid: Grid, r: int, c: int, year: int) -> bool:
        if YEAR_MIN <= year <= YEAR_MAX:
            return True
        self.problem(grid.name, r + 1, c, "problem.year_out_of_range", year=year, low=YEAR_MIN, high=YEAR_MAX)
        return False

    def read_wide(self, grid: Grid, table: _Table) -> None:
        year_cols = {c: p for c, p in table.year_cols.items()
                     if self.check_year(grid, table.header_row, c, p[0])}
        for c in getattr(table, "unreadable_cols", []):  # a year's column whose header cannot be read
            self.problem(grid.name, table.header_row + 1, c, "problem.unreadable_year_header",
                         written=clean_line(table.header.labels[c]),
                         group=clean_line(table.header.groups[c]))
        watched = [*year_cols, *getattr(table, "unreadable_cols", [])]
        for r in range(table.header_row + 1, len(grid.rows)):
            if r % 512 == 0:
                self.spending.check_time()
            row = grid.rows[r]
            cells = {c: row[c] if c < len(row) else None for c in watched}
            has_data = any(not _blank(v) or (r, c) in grid.unreadable for c, v in cells.items())
            indicator_id = self.resolve_row(grid, r, row, table, has_data)
            if indicator_id is None:
                continue
            for c in year_cols:
                cell = cells[c]
                if _blank(cell):
                    if (r, c) in grid.unreadable:
                        self.unreadable_cell(grid, r, c)
                    continue
                year, period = year_cols[c]
                self.read_value(grid, r, c, cell, indicator_id, year, period)

    def read_long(self, grid: Grid, table: _Table) -> None:
        for r in range(table.header_row + 1, len(grid.rows)):
            if r % 512 == 0:
                self.spending.check_time()
            row = grid.rows[r]
            year_cell = row[table.year_col] if table.year_col < len(row) else None
            value_cell = row[table.value_col] if table.value_col < len(row) else None
            unreadable = (r, table.value_col) in grid.unreadable
            has_data = not _blank(value_cell) or unreadable
            indicator_id = self.resolve_row(grid, r, row, table, has_data)
            if indicator_id is None or not has_data:
                continue
            if unreadable and _blank(value_cell):
                self.unreadable_cell(grid, r, table.value_col)
                continue
            period = parse_period(year_cell)
            if not isinstance(period, tuple) or period[0] is None:
                self.problem(grid.name, r + 1, table.year_col, "problem.bad_year", written=clean_line(year_cell))
                continue
            if self.check_year(grid, r, table.year_col, period[0]):
                self.read_value(grid, r, table.value_col, value_cell, indicator_id, *period)

    def read_across(self, grid: Grid, table: _Table) -> None:
        """Years down, indicators across: each row's year, each column's indicator (its header says which, and its
        unit in brackets)."""
        for c, match in list(table.across.items()):   # a header whose unit contradicts its indicator: not read
            if match.written_unit and not self.unit_ok(match.written_unit, match.indicator_id):
                self.problem(grid.name, table.header_row + 1, c, "problem.unit_mismatch", written=match.written_unit,
                             indicator=match.indicator_id, expected=self.info[match.indicator_id].unit)
                del table.across[c]
        for r in range(table.header_row + 1, len(grid.rows)):
            if r % 512 == 0:
                self.spending.check_time()
            row = grid.rows[r]
            cells = {c: row[c] if c < len(row) else None for c in table.across}
            if all(_blank(v) and (r, c) not in grid.unreadable for c, v in cells.items()):
                continue
            year_cell = row[table.year_col] if table.year_col < len(row) else None
            period = parse_period(year_cell)
            if not isinstance(period, tuple) or period[0] is None:
                if not (isinstance(year_cell, str) and SHEET_NOTE.match(year_cell)):
                    self.problem(grid.name, r + 1, table.year_col, "problem.bad_year", written=clean_line(year_cell))
                continue
            if not self.check_year(grid, r, table.year_col, period[0]):
                continue
            self.indicator_rows.add(r)
            for c, match in table.across.items():
                if _blank(cells[c]):
                    if (r, c) in grid.unreadable:
                        self.unreadable_cell(grid, r, c)
                    continue
                self.row = (match.how, clean_line(table.header.labels[c]), match.note[:1000], "", "")
                self.read_value(grid, r, c, cells[c], match.indicator_id, *period)


def _shown(cell) -> str:
    """A cell as a message quotes it."""
    return clean_line(cell) if isinstance(cell, str) else f"{cell:g}"


def _months(period: str) -> int:
    """How many months a period covers: 12 for the whole year ("")."""
    if not period:
        return 12
    first, last = (int(p) for p in period.split("-"))
    return last - first + 1


def _number(cell) -> bool:
    try:
        return parse_number(cell).value is not None
    except BadNumber:
        return False


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
                 budget: Budget | None = None, items: pd.DataFrame | None = None, targets: pd.DataFrame | None = None,
                 kinds: dict[str, str] | None = None) -> ActualsResult:
    """Read one uploaded file within `budget`: its tables of numbers and its task ledgers. `kinds`: sheet name →
    numbers | tasks | skip, where the person has said how to take a sheet the reader could not decide. Raises
    UploadError when nothing in it can be used, or when reading takes longer than the budget allows."""
    if indicators is None or items is None or targets is None:
        catalog = load_catalog()
        indicators = catalog.indicators if indicators is None else indicators
        items = ledger_items(catalog) if items is None else items
        targets = catalog.targets if targets is None else targets
    spending = Spending(budget) if budget else Spending()
    try:
        return _read(content, clean_line(filename) or "—", indicators, items, targets, spending, kinds or {})
    except OverBudget:
        raise too_slow(spending.budget.seconds) from None


def _decide(grid: Grid, reader: _Reader, told: str | None):
    """How to take a sheet: ("numbers", table), ("tasks", task table), ("unsure", None) when it could be either,
    or (None, None) when it holds neither. Decided by what the columns hold: numbers beside indicator names, or
    narrative under 进展/问题/计划; never by one header word."""
    numbers = reader.find_table(grid)
    tasks = find_task_table(grid)
    if told == "numbers":
        return ("numbers", numbers) if numbers else (None, None)
    if told == "tasks":
        return ("tasks", tasks) if tasks else (None, None)
    if numbers is None and tasks is None:
        return None, None
    number_rows = reader.evidence(grid, numbers) if numbers else 0
    narrative_rows, numeric_texts = task_evidence(grid, tasks) if tasks else (0, 0)
    if tasks is not None and not narrative_rows and numeric_texts:
        tasks = None          # its 进展 column holds numbers: not a task ledger
    if numbers is not None and tasks is not None:
        if number_rows and narrative_rows:
            return "unsure", None
        if narrative_rows:
            return "tasks", tasks
        if number_rows or numbers.header_row <= tasks.header_row:
            return "numbers", numbers
        return "tasks", tasks
    if numbers is not None:
        return "numbers", numbers
    return ("tasks", tasks) if tasks is not None else (None, None)


def _read(content: bytes, filename: str, indicators: pd.DataFrame, items: pd.DataFrame, targets: pd.DataFrame,
          spending: Spending, kinds: dict[str, str]) -> ActualsResult:
    book = open_workbook(content, spending)
    reader = _Reader(filename, indicators, targets, spending)
    reader.title = next((year for grid in book.grids if (year := title_year(grid)) is not None), None)
    sheets, task_rows, reported_items, sheet_notes = [], [], {}, []
    for name, why in book.skipped:
        reader.record(name, None, "", why.code, **why.params)
        sheets.append((name, "refused", 0, why))
    for grid in book.grids:
        spending.check_time()
        told = kinds.get(grid.name)
        if told == "skip":
            sheets.append((grid.name, "skipped", 0, message("sheet.left_out")))
            continue
        instructions = normalise(grid.name) in INSTRUCTION_SHEETS or grid.name.startswith("_")
        kind, table = _decide(grid, reader, told)
        if kind == "unsure":
            why = message("sheet.numbers_or_tasks")
            reader.record(grid.name, None, "", why.code)
            sheets.append((grid.name, "unsure", 0, why))
            continue
        if kind == "tasks":
            reading = read_task_table(grid, table, items, filename, spending)
            for problem in reading.problems:
                reader.record(*problem[:4], **problem[4])
            for row in reading.rows:
                item_id = row[0]
                if item_id and item_id in reported_items:  # the same item on two sheets: the first counts
                    reader.record(grid.name, row[8], "", "problem.duplicate_item_sheet",
                                  first_sheet=reported_items[item_id])
                    continue
                if item_id:
                    reported_items[item_id] = grid.name
                task_rows.append(row)
            sheets.append((grid.name, "tasks", len(reading.rows), None))
            continue
        if kind is None:
            if instructions:
                sheets.append((grid.name, "instructions", 0, message("sheet.instructions")))
            elif any(not _blank(c) for row in grid.rows for c in row):
                why = message("sheet.no_table")
                reader.record(grid.name, None, "", why.code)
                sheets.append((grid.name, "skipped", 0, why))
            continue
        before = len(reader.values)
        reader.indicator_rows = set()
        {"wide": reader.read_wide, "long": reader.read_long, "across": reader.read_across}[table.layout](grid, table)
        sheet_notes += reader.sheet_notes(grid, table)
        sheets.append((grid.name, table.layout, len(reader.values) - before, None))
    if not any(layout in ("wide", "long", "across", "tasks", "unsure") for _, layout, *_ in sheets):
        refused = [s for s in sheets if s[1] == "refused"]
        if refused:
            raise UploadError(refused[0][3].code, **refused[0][3].params)
        if book.kind == "csv" and Path(filename).suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
            # the name promises a workbook, the bytes are plain text: say so rather than "no table"
            raise UploadError("upload.text_named_as_workbook", name=filename)
        raise UploadError("upload.no_table")
    reader.ask_fractions()
    if reader.unlisted:
        reader.problems.append((filename, "", None, "", "problem.more_problems",
                                {"count": reader.unlisted, "listed": spending.budget.problems_listed}))
    values = pd.DataFrame(reader.values, columns=VALUE_COLUMNS).astype(
        {"year": "int64", "value": "float64", "row": "int64", "approximate": "bool", "percent": "bool"})
    problems = pd.DataFrame(reader.problems, columns=PROBLEM_COLUMNS).astype({"row": "Int64"})
    sheet_frame = pd.DataFrame(sheets, columns=["sheet", "layout", "values", "message"])
    tasks = pd.DataFrame(task_rows, columns=TASK_COLUMNS).astype({"row": "Int64"})
    return ActualsResult(values, problems, sheet_frame, filename, hashlib.sha256(content).hexdigest(), book.kind,
                         tasks, reader.title, sheet_notes, dict(kinds))


def combine(results: list[ActualsResult]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Values and problems of several files together; a later file that contradicts an earlier one on the
    same (indicator, year) is reported, and the earlier value is kept. Rows still waiting for a decision
    (`ask`) take part in neither."""
    values = pd.concat([r.values for r in results], ignore_index=True) if results else \
        pd.DataFrame(columns=VALUE_COLUMNS)
    values = values[values["indicator_id"].astype(bool)]
    problems = [r.problems for r in results]
    duplicated = values.duplicated(["indicator_id", "year"], keep="first")
    if duplicated.any():
        first = values[~duplicated].set_index(["indicator_id", "year"])
        rows = []
        for row in values[duplicated].itertuples():
            kept = first.loc[(row.indicator_id, row.year)]
            if kept["value"] != row.value:
                rows.append((row.file, row.sheet, row.row, row.column, "problem.conflict_between_files",
                             {"indicator": row.indicator_id, "year": int(row.year), "first": float(kept["value"]),
                              "first_file": kept["file"], "first_cell": f"{kept['sheet']}!{kept['column']}{kept['row']}",
                              "value": float(row.value)}))
        problems.append(pd.DataFrame(rows, columns=PROBLEM_COLUMNS))
        values = values[~duplicated]
    problems = [p for p in problems if len(p)]
    all_problems = pd.concat(problems, ignore_index=True) if problems else pd.DataFrame(columns=PROBLEM_COLUMNS)
    return values.reset_index(drop=True), all_problems


def combine_tasks(results: list[ActualsResult]) -> pd.DataFrame:
    """The task reports of several files; an item reported in two files counts once, from the first."""
    frames = [r.tasks for r in results if len(r.tasks)]
    if not frames:
        return pd.DataFrame(columns=TASK_COLUMNS)
    tasks = pd.concat(frames, ignore_index=True)
    tasks = tasks[tasks["item_id"].astype(bool)]
    return tasks.drop_duplicates("item_id", keep="first").reset_index(drop=True)
