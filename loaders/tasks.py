"""Read task-ledger sheets (工作台账): the template's 重点任务 sheet, and the ledgers departments keep themselves.

A task sheet is a table whose header names a progress or status column (工作进展/进展情况/推进情况/完成情况,
完成状态) beside a number or a task column (序号, 重点任务, 主要工作) — in one row, or in the lower row under a
group (推进情况 over 完成状态 | 工作进展 | 存在问题) — and whose rows hold narrative (loaders.actuals decides
between numbers and tasks from what the columns hold). Its rows are matched to the plan's ledger items
(loaders.items): by the template's hidden item id; by 序号 — 1–39 for the task-division table, with sub-items
written 8(1), 8（1）, 8-1, 8.1 or ①; or by the row's words against each item's measure, main work, statement
or name (projects and duties have no 序号: their names find them).

A department's own numbering (1, (1), (2), 2 …) is not the plan's: where a row's number and its words point to
different items the words decide when they match clearly, and where most of a sheet's numbers disagree with
its words the numbers are not trusted at all. A row the reader cannot place for sure, and a status word that
is not clearly one of the five, come back with `ask` set: the person decides, nothing is guessed. A status is
read only from a status column, never from what the narrative says. Rows below a task that repeat no number
or task (merged cells) continue it.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd
from rapidfuzz import fuzz

from loaders.budget import Spending
from loaders.headers import header_at
from loaders.matching import normalise, parse_period
from loaders.statuses import ACCEPTED_WORDS
from loaders.text import clean_line, clean_text
from loaders.workbook import Grid, column_letter

TASK_COLUMNS = ["item_id", "status", "progress", "issues", "next_steps", "evidence", "file", "sheet", "row",
                "matched_by", "written", "status_written", "ask", "candidates"]
TEXT_FIELDS = ("progress", "issues", "next_steps", "evidence")
NARRATIVE_FIELDS = ("progress", "issues", "next_steps")
TEXT_LIMIT = 4_000
HEADER_SCAN_ROWS = 40
EVIDENCE_ROWS = 200

HEADER_WORDS: dict[str, set[str]] = {  # as offices write them; compared after loaders.matching.normalise
    "item_id": {"编号(勿改)", "条目编号", "item id", "Item id (do not change)"},
    "number": {"序号", "编号", "任务序号", "No.", "No", "number", "row no."},
    # the plan's own row number, beside a department's 序号: it is the one that names the plan's task
    "plan_number": {"方案序号", "任务分工序号", "方案任务序号", "对应方案序号", "分工表序号", "plan row"},
    "kind": {"类别", "类型", "kind"},
    "title": {"重点任务", "任务", "重点工作", "工作任务", "任务名称", "事项", "项目名称", "行动措施", "任务事项", "目标任务",
              "方案任务", "对应方案任务", "方案中的任务",
              "重点任务名称", "重点项目", "项目", "task", "key task", "item"},
    "main_work": {"主要工作", "工作内容", "具体任务", "主要内容", "任务内容", "主要工作内容", "main work", "details"},
    "role": {"牵头/配合", "角色", "责任分工", "牵头或配合", "role", "lead/partner"},
    "status": {"完成状态", "状态", "进度状态", "推进状态", "工作状态", "完成进度", "进展状态", "实施状态", "落实状态",
               "推进进度", "status"},
    "progress": {"工作进展", "进展情况", "推进情况", "完成情况", "工作完成情况", "落实情况", "进展", "工作推进情况",
                 "工作进展情况", "progress"},
    "issues": {"存在问题", "困难和问题", "存在的问题", "问题", "困难", "存在困难和问题", "存在的困难和问题", "issues",
               "problems"},
    "next_steps": {"下步计划", "下一步工作打算", "下一步计划", "下步打算", "下一步工作", "下步工作打算", "下一步打算",
                   "下步工作计划", "next steps"},
    "evidence": {"佐证/备注", "备注", "佐证材料", "佐证", "说明", "备注说明", "evidence/notes", "evidence", "notes"},
}
_WORD_FIELD = {normalise(word): name for name, words in HEADER_WORDS.items() for word in words}

_STATUS = {normalise(word): code for word, code in ACCEPTED_WORDS.items()}   # the registry's words

_CIRCLED = {chr(0x2460 + n): n + 1 for n in range(20)}    # ① … ⑳
_NUMBER_FORMS = (
    re.compile(r"^(\d{1,2})$"),                            # 8
    re.compile(r"^(\d{1,2})\((\d{1,2})\)$"),               # 8(1) — full-width brackets after NFKC
    re.compile(r"^(\d{1,2})[-.—–_、](\d{1,2})$"),          # 8-1, 8.1, 8—1
)
SIMILAR_TEXT = 82      # rapidfuzz score (0–100) for a row's task text to name an item
CLEAR_MARGIN = 5       # … and by this much more than the next item, else it is ambiguous
CANDIDATES = 4         # items offered to choose from when a row's words fit several
NEAR_TEXT = 60         # … or come near enough to be offered (a short form, a name with words added)


@dataclass
class TaskTable:
    header_row: int                       # last header row (two-row headers: the lower one)
    columns: dict[str, int]               # field → column
    first_data_row: int = 0


@dataclass
class TaskReading:
    rows: list[tuple] = field(default_factory=list)        # TASK_COLUMNS
    problems: list[tuple] = field(default_factory=list)    # (sheet, row, column, code, params)


def _field(cell) -> str | None:
    return _WORD_FIELD.get(normalise(cell)) if isinstance(cell, str) and cell.strip() else None


def is_task_label(text: str) -> bool:
    """Whether a cell reads as a task ledger's column label (a lower header row) rather than data."""
    return _field(text) is not None


def _header_label(text: str) -> bool:
    return is_task_label(text) or parse_period(text) is not None


def find_task_table(grid: Grid) -> TaskTable | None:
    """The header of a task ledger in the first rows of a sheet (one row, or a group over a lower row), or None."""
    for r, row in enumerate(grid.rows[:HEADER_SCAN_ROWS]):
        if not any(isinstance(c, str) and c.strip() for c in row):
            continue
        header = header_at(grid, r, _header_label)
        columns: dict[str, int] = {}
        for c, label in enumerate(header.labels):
            name = _field(label)
            if name and name not in columns:
                columns[name] = c
        if {"progress", "status", "issues", "next_steps"} & set(columns) and \
                {"number", "title", "main_work", "item_id"} & set(columns):
            return TaskTable(header.last, columns, header.last + 1)
    return None


def task_evidence(grid: Grid, table: TaskTable) -> tuple[int, int]:
    """(rows with narrative under 进展/问题/计划 or a status word, rows whose 进展 cells hold only numbers): what
    makes a sheet a task ledger, and what shows it is not one."""
    narrative = numeric = 0
    columns = [table.columns[f] for f in NARRATIVE_FIELDS if f in table.columns]
    status = table.columns.get("status")
    for row in grid.rows[table.first_data_row: table.first_data_row + EVIDENCE_ROWS]:
        cells = [row[c] for c in columns if c < len(row) and row[c] not in (None, "")]
        texts = [c for c in cells if isinstance(c, str) and len(re.sub(r"[\d\s.,%％约~-]", "", c)) >= 2]
        if texts or (status is not None and status < len(row) and isinstance(row[status], str)
                     and status_code(row[status])):
            narrative += 1
        elif cells:
            numeric += 1
    return narrative, numeric


def parse_item_number(cell) -> tuple[int | None, int | None]:
    """(row, sub-item) of what a 序号 cell says: 8 → (8, None); 8(1), 8（1）, 8-1, 8.1, 8① → (8, 1); ① → (None, 1).
    Anything else → (None, None)."""
    if cell is None or isinstance(cell, bool):
        return None, None
    if isinstance(cell, (int, float)):
        if float(cell).is_integer():
            return int(cell), None
        text = f"{cell:.4g}"  # 8.1 typed into Excel is a number
    else:
        text = str(cell).strip()
    circled = next((n for char, n in _CIRCLED.items() if text.endswith(char)), None)
    if circled is not None:
        head = unicodedata.normalize("NFKC", text[:-1]).strip()
        return (int(head), circled) if head.isdigit() else (None, circled) if not head else (None, None)
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    for pattern in _NUMBER_FORMS:
        match = pattern.match(text)
        if match:
            return int(match.group(1)), int(match.group(2)) if match.lastindex == 2 else None
    match = re.match(r"^\((\d{1,2})\)$", text)
    if match:
        return None, int(match.group(1))
    return None, None


@dataclass(frozen=True)
class TextMatch:
    item: str | None = None               # the item the words name clearly
    candidates: tuple[str, ...] = ()      # the items they could name, best first, when it is not clear
    near: bool = False                    # the candidates only resemble the words: offered, never decisive


class _Items:
    """The ledger items as the reader looks them up."""

    def __init__(self, items: pd.DataFrame):
        self.ids = set(items["item_id"])
        self.task_nos = set(items.loc[items["kind"] == "task", "item_id"])
        self.texts = [(row.item_id, normalise(row.title_zh), normalise(row.detail_zh or ""), normalise(row.title_en))
                      for row in items.itertuples()]
        self.exact: dict[str, str] = {}   # an item's own name as the plan writes it (a sub-item's own part too)
        for row in items.itertuples():
            for name in (row.title_zh, row.title_en, *row.title_zh.split(" · ")[1:]):
                if len(key := normalise(name)) >= 4:
                    self.exact.setdefault(key, row.item_id)
        self.number = dict(zip(items["item_id"], items["number"]))
        self._read: dict[tuple[str, tuple[str, ...]], TextMatch] = {}   # each wording is compared once a sheet

    def by_number(self, row: int, sub: int | None) -> tuple[str | None, tuple[str, ...]]:
        """(item, candidates): the task a 序号 names, or its sub-items when it names a row that has two."""
        if sub is not None:
            task_no = f"{row}{chr(ord('a') + sub - 1)}"
            if task_no in self.task_nos:
                return task_no, ()
            return (str(row), ()) if str(row) in self.task_nos else (None, ())
        if str(row) in self.task_nos:
            return str(row), ()
        subs = tuple(sorted(n for n in self.task_nos if re.fullmatch(rf"{row}[a-z]", n)))
        return None, subs

    def by_text(self, text: str, among: tuple[str, ...] = ()) -> TextMatch:
        """The item whose name, title or main work the words read as; the few it could be when unclear."""
        key = normalise(text)
        if (key, among) not in self._read:
            self._read[(key, among)] = self._by_text(key, among)
        return self._read[(key, among)]

    def _by_text(self, key: str, among: tuple[str, ...]) -> TextMatch:
        if len(key) < 4:
            return TextMatch()
        exact = self.exact.get(key)
        if exact is not None and (not among or exact in among):
            return TextMatch(exact)
        scores = []
        for item_id, title, detail, title_en in self.texts:
            if among and item_id not in among:
                continue
            score = max(fuzz.ratio(key, title), fuzz.ratio(key, title_en),
                        fuzz.partial_ratio(key, detail) if len(key) >= 8 and detail else 0,
                        fuzz.partial_ratio(title, key) if len(title) >= 6 else 0)
            scores.append((score, item_id))
        scores.sort(reverse=True)
        if not scores or scores[0][0] < NEAR_TEXT:
            return TextMatch()
        if scores[0][0] < SIMILAR_TEXT:   # a short form or other words: the likeliest are offered to choose from
            return TextMatch(None, tuple(i for s, i in scores[:CANDIDATES] if s >= NEAR_TEXT), near=True)
        if len(scores) > 1 and scores[0][0] - scores[1][0] < CLEAR_MARGIN:
            close = tuple(i for s, i in scores[:CANDIDATES] if scores[0][0] - s < CLEAR_MARGIN)
            return TextMatch(None, close)
        return TextMatch(scores[0][1])


def _text(cell) -> str:
    """A cell as the text it shows, cleaned as the ledger keeps it (loaders.text): what the preview shows is
    what will be saved."""
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return clean_text(cell)


def status_code(text: str) -> str | None:
    """The status a status cell states, or None when it is not clearly one of the five."""
    return _STATUS.get(normalise(text))


@dataclass
class _Row:
    """What one data row says before it is placed: its number, its words and what they point to."""
    r: int
    number_cell: object
    title: str
    number: tuple[int | None, int | None]
    by_number: str | None = None
    by_text: TextMatch = TextMatch()


def read_task_table(grid: Grid, table: TaskTable, items: pd.DataFrame, file: str,
                    spending: Spending | None = None) -> TaskReading:
    """The task reports of one sheet, the rows to put to the person, and what could not be used."""
    lookup = _Items(items)
    reading = TaskReading()
    columns = table.columns

    def cell(row: list, name: str):
        c = columns.get(name)
        return row[c] if c is not None and c < len(row) else None

    def problem(r: int, name: str | None, code: str, **params) -> None:
        column = "" if name is None or name not in columns else column_letter(columns[name])
        reading.problems.append((grid.name, r + 1, column, code, params))

    if "status" not in columns:
        reading.problems.append((grid.name, table.header_row + 1, "", "problem.no_status_column", {}))
    own_numbering = _own_numbering(grid, table, lookup, cell, spending)
    seen: dict[str, int] = {}
    parent: int | None = None
    last: list | None = None    # the report the previous row made, which a continuation row adds to
    for r in range(table.first_data_row, len(grid.rows)):
        if spending is not None and r % 256 == 0:
            spending.check_time()
        row = grid.rows[r]
        texts = {name: _text(cell(row, name)) for name in TEXT_FIELDS}
        status_text = clean_line(cell(row, "status"))
        written_id = _text(cell(row, "item_id"))
        number_cell = _number_cell(row, cell)
        title = _words(row, cell)
        has_report = bool(status_text or any(texts.values()))
        for name in TEXT_FIELDS:   # an error value or a formula without its result, where a text was meant
            c = columns.get(name)
            if c is not None and not texts[name] and (r, c) in grid.unreadable:
                problem(r, name, "problem.formula_without_value" if grid.unreadable[(r, c)][0] == "formula"
                        else "problem.error_value", written=grid.unreadable[(r, c)][1])
        if not has_report:
            number, _ = parse_item_number(number_cell)
            if number is not None:
                parent = number  # a heading row: its sub-items may follow as ①, ②
            continue
        names_item = bool(written_id or _text(number_cell) or title)
        if not names_item and last is not None:   # merged cells: the row continues the item above
            for name in TEXT_FIELDS:
                if texts[name]:
                    last[TASK_COLUMNS.index(name)] = f"{last[TASK_COLUMNS.index(name)]}\n{texts[name]}".strip()[:TEXT_LIMIT]
            continue
        number, sub = parse_item_number(number_cell)
        if number is None and sub is not None:
            number = parent
        if number is not None:
            parent = number
        item_id, how, ask, candidates = _place(lookup, written_id, (number, sub), title, own_numbering)
        if item_id and item_id in seen:
            problem(r, "number", "problem.duplicate_item", first_row=seen[item_id])
            last = None
            continue
        status, asked_status = "", ""
        if status_text:
            status = status_code(status_text) or ""
            asked_status = "" if status else "status"
        if item_id:
            seen[item_id] = r + 1
        written = " ".join(t for t in (_text(number_cell), title) if t)[:300]
        last = [item_id or "", status, texts["progress"][:TEXT_LIMIT], texts["issues"][:TEXT_LIMIT],
                texts["next_steps"][:TEXT_LIMIT], texts["evidence"][:TEXT_LIMIT], file, grid.name, r + 1, how,
                written or texts["progress"][:40], status_text[:40], ask or asked_status, "|".join(candidates)]
        reading.rows.append(last)
    reading.rows = [tuple(row) for row in reading.rows]
    return reading


def _place(lookup: _Items, written_id: str, number: tuple[int | None, int | None], title: str,
           own_numbering: bool) -> tuple[str, str, str, tuple[str, ...]]:
    """(item, how it was found, what to ask, candidates) for one row. The hidden id decides; else the plan's
    number and the row's words, the words deciding where they clearly name another item; a row that neither
    places for sure is put to the person with the items it could be."""
    if written_id in lookup.ids:
        return written_id, "id", "", ()
    row_no, sub = number
    by_number, subs = lookup.by_number(row_no, sub) if row_no is not None else (None, ())
    if subs:                                     # "8" for a row of two sub-items: the words decide between them
        between = lookup.by_text(title, subs) if title else TextMatch()
        if between.item:
            return between.item, "number", "", ()
        elsewhere = lookup.by_text(title) if title else TextMatch()
        if elsewhere.item and not elsewhere.near:   # its words name another task: the department's own number
            return elsewhere.item, "text_over_number", "", ()
        return "", "", "item", tuple(dict.fromkeys([*subs, *elsewhere.candidates]))
    words = lookup.by_text(title) if title else TextMatch()
    if by_number and words.item:
        if words.item == by_number:
            return by_number, "number", "", ()
        return words.item, "text_over_number", "", ()   # the department's own number: the words win
    if by_number and not own_numbering and (words.near or not words.candidates or by_number in words.candidates):
        return by_number, "number", "", ()
    if words.item:
        return words.item, "text", "", ()
    trusted = [by_number] if by_number and not own_numbering else []   # a department's own number names nothing
    return "", "", "item", tuple(dict.fromkeys([*trusted, *words.candidates]))


def _number_cell(row: list, cell):
    """The row's number: the plan's (方案序号) where the sheet has a column of it, else its 序号."""
    plan = cell(row, "plan_number")
    return plan if plan not in (None, "") else cell(row, "number")


def _words(row: list, cell) -> str:
    """What names the row's task: its task column (重点任务, 方案任务); its main work only where it has none — a
    main work that mentions a project ("实施城市综合交通路网工程…") does not make the row that project."""
    return _text(cell(row, "title")) or _text(cell(row, "main_work"))


def _own_numbering(grid: Grid, table: TaskTable, lookup: _Items, cell, spending: Spending | None) -> bool:
    """Whether the sheet numbers its rows its own way: most rows whose number and words both name an item
    name different ones (1, 2, 3 … beside the texts of tasks 12–14)."""
    agree = disagree = 0
    for r in range(table.first_data_row, min(len(grid.rows), table.first_data_row + EVIDENCE_ROWS)):
        row = grid.rows[r]
        number, sub = parse_item_number(_number_cell(row, cell))
        title = _words(row, cell)
        if number is None or not title:
            continue
        by_number, _ = lookup.by_number(number, sub)
        words = lookup.by_text(title)
        if by_number and words.item:
            agree, disagree = (agree + 1, disagree) if by_number == words.item else (agree, disagree + 1)
    return disagree > agree
