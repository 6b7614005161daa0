"""Read task-ledger sheets (工作台账): the template's 重点任务 sheet, and the ledgers departments keep themselves.

A task sheet is a table whose header names a progress or status column (工作进展/进展情况/推进情况/完成情况,
完成状态) beside a number or a task column (序号, 重点任务, 主要工作). Its rows are matched to the plan's ledger
items (loaders.items): by the template's hidden item id; by 序号 — 1–39 for the task-division table, with
sub-items written 8(1), 8（1）, 8-1, 8.1 or ①; or by the row's task text against each item's measure, main work,
statement or name. A status is read only from a status column, never guessed from what the narrative says.
Rows below a task that repeat no number or task (merged cells) continue it. Every row with content that
matches no item is listed with its sheet and row.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd
from rapidfuzz import fuzz

from loaders.matching import normalise, parse_year
from loaders.text import clean_text
from loaders.workbook import Grid

TASK_COLUMNS = ["item_id", "status", "progress", "issues", "next_steps", "evidence", "file", "sheet", "row",
                "matched_by"]
TEXT_FIELDS = ("progress", "issues", "next_steps", "evidence")
TEXT_LIMIT = 4_000
HEADER_SCAN_ROWS = 40

HEADER_WORDS: dict[str, set[str]] = {  # as offices write them; compared after loaders.matching.normalise
    "item_id": {"编号(勿改)", "条目编号", "item id", "Item id (do not change)"},
    "number": {"序号", "编号", "任务序号", "No.", "No", "number", "row no."},
    "kind": {"类别", "类型", "kind"},
    "title": {"重点任务", "任务", "重点工作", "工作任务", "任务名称", "事项", "项目名称", "行动措施", "任务事项", "目标任务",
              "重点任务名称", "task", "key task", "item"},
    "main_work": {"主要工作", "工作内容", "具体任务", "主要内容", "任务内容", "主要工作内容", "main work", "details"},
    "role": {"牵头/配合", "角色", "责任分工", "牵头或配合", "role", "lead/partner"},
    "status": {"完成状态", "状态", "进度状态", "推进状态", "工作状态", "完成进度", "status"},
    "progress": {"工作进展", "进展情况", "推进情况", "完成情况", "工作完成情况", "落实情况", "进展", "工作推进情况",
                 "工作进展情况", "progress"},
    "issues": {"存在问题", "困难和问题", "存在的问题", "问题", "困难", "存在困难和问题", "存在的困难和问题", "issues",
               "problems"},
    "next_steps": {"下步计划", "下一步工作打算", "下一步计划", "下步打算", "下一步工作", "下步工作打算", "下一步打算",
                   "下步工作计划", "next steps"},
    "evidence": {"佐证/备注", "备注", "佐证材料", "佐证", "说明", "备注说明", "evidence/notes", "evidence", "notes"},
}
_WORD_FIELD = {normalise(word): name for name, words in HEADER_WORDS.items() for word in words}

STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "completed": ("已完成", "完成", "已办结", "completed", "done"),
    "on_schedule": ("按期推进", "正常推进", "推进中", "进行中", "按计划推进", "序时推进", "on schedule", "on track", "in progress"),
    "behind": ("进度滞后", "滞后", "延期", "未按期", "behind schedule", "behind", "delayed"),
    "not_started": ("未启动", "未开展", "尚未启动", "尚未开展", "not started"),
    "changed": ("已调整/取消", "已调整", "已取消", "调整", "取消", "changed or cancelled", "changed", "cancelled"),
}
_STATUS = {normalise(word): code for code, words in STATUS_WORDS.items() for word in words}

_CIRCLED = {chr(0x2460 + n): n + 1 for n in range(20)}    # ① … ⑳
_NUMBER_FORMS = (
    re.compile(r"^(\d{1,2})$"),                            # 8
    re.compile(r"^(\d{1,2})\((\d{1,2})\)$"),               # 8(1) — full-width brackets after NFKC
    re.compile(r"^(\d{1,2})[-.—–_、](\d{1,2})$"),          # 8-1, 8.1, 8—1
)
SIMILAR_TEXT = 82      # rapidfuzz score (0–100) for a row's task text to name an item
CLEAR_MARGIN = 5       # … and by this much more than the next item, else it is ambiguous


@dataclass
class TaskTable:
    header_row: int                       # last header row (two-row headers: the second)
    columns: dict[str, int]               # field → column
    first_data_row: int = 0


@dataclass
class TaskReading:
    rows: list[tuple] = field(default_factory=list)        # TASK_COLUMNS
    problems: list[tuple] = field(default_factory=list)    # (sheet, row, column, code, zh, en)


def _field(cell) -> str | None:
    return _WORD_FIELD.get(normalise(cell)) if isinstance(cell, str) and cell.strip() else None


def find_task_table(grid: Grid) -> TaskTable | None:
    """The header of a task ledger in the first rows of a sheet, or None."""
    for r, row in enumerate(grid.rows[:HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        for c, cell in enumerate(row):
            name = _field(cell)
            if name and name not in columns:
                columns[name] = c
        if any(parse_year(cell) is not None for cell in row):
            continue  # year columns: a table of numbers, not of tasks
        if not ({"progress", "status"} & set(columns) and {"number", "title", "main_work", "item_id"} & set(columns)):
            continue
        header_row = r
        if r + 1 < len(grid.rows):  # a two-row header: the second row names columns the first left blank
            below = {name: c for c, cell in enumerate(grid.rows[r + 1]) if (name := _field(cell)) and name not in columns}
            if below:
                columns.update(below)
                header_row = r + 1
        return TaskTable(header_row, columns, header_row + 1)
    return None


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


class _Items:
    """The ledger items as the reader looks them up."""

    def __init__(self, items: pd.DataFrame):
        self.ids = set(items["item_id"])
        self.task_nos = set(items.loc[items["kind"] == "task", "item_id"])
        self.texts = [(row.item_id, normalise(row.title_zh), normalise(row.detail_zh or ""), normalise(row.title_en))
                      for row in items.itertuples()]
        self.number = dict(zip(items["item_id"], items["number"]))

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

    def by_text(self, text: str, among: tuple[str, ...] = ()) -> tuple[str | None, bool]:
        """(item, ambiguous): the item whose title or main work the text reads as."""
        key = normalise(text)
        if len(key) < 4:
            return None, False
        scores = []
        for item_id, title, detail, title_en in self.texts:
            if among and item_id not in among:
                continue
            score = max(fuzz.ratio(key, title), fuzz.ratio(key, title_en),
                        fuzz.partial_ratio(key, detail) if len(key) >= 8 and detail else 0,
                        fuzz.partial_ratio(title, key) if len(title) >= 6 else 0)
            scores.append((score, item_id))
        scores.sort(reverse=True)
        if not scores or scores[0][0] < SIMILAR_TEXT:
            return None, False
        if len(scores) > 1 and scores[0][0] - scores[1][0] < CLEAR_MARGIN:
            return None, True
        return scores[0][1], False


def _text(cell) -> str:
    """A cell as the text it shows, cleaned as the ledger keeps it (loaders.text): what the preview shows is
    what will be saved."""
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return clean_text(cell)


def status_code(text: str) -> str | None:
    """The status a status cell states, or None when it is not one of the five."""
    return _STATUS.get(normalise(text))


def read_task_table(grid: Grid, table: TaskTable, items: pd.DataFrame, file: str) -> TaskReading:
    """The task reports of one sheet, and what could not be used."""
    from loaders.workbook import column_letter

    lookup = _Items(items)
    reading = TaskReading()
    columns = table.columns
    seen: dict[str, int] = {}

    def cell(row: list, name: str):
        c = columns.get(name)
        return row[c] if c is not None and c < len(row) else None

    def problem(r: int, name: str | None, code: str, zh: str, en: str) -> None:
        column = "" if name is None or name not in columns else column_letter(columns[name])
        reading.problems.append((grid.name, r + 1, column, code, zh, en))

    if "status" not in columns:
        reading.problems.append((grid.name, table.header_row + 1, "", "no_status_column",
                                 "该表没有“完成状态”列:各项进展已读取,但不判断完成状态(不会从文字中推测)。",
                                 "The sheet has no status column: the reports were read, but without a status "
                                 "(it is never guessed from the text)."))
    parent: int | None = None
    last: list | None = None    # the report the previous row made, which a continuation row adds to
    for r in range(table.first_data_row, len(grid.rows)):
        row = grid.rows[r]
        texts = {name: _text(cell(row, name)) for name in TEXT_FIELDS}
        status_text = _text(cell(row, "status"))
        written_id = _text(cell(row, "item_id"))
        number_cell = cell(row, "number")
        title = " ".join(t for t in (_text(cell(row, "title")), _text(cell(row, "main_work"))) if t)
        has_report = bool(status_text or any(texts.values()))
        names_item = bool(written_id or _text(number_cell) or title)
        if not has_report:
            number, _ = parse_item_number(number_cell)
            if number is not None:
                parent = number  # a heading row: its sub-items may follow as ①, ②
            continue
        if not names_item and last is not None:   # merged cells: the row continues the item above
            for name in TEXT_FIELDS:
                if texts[name]:
                    last[TASK_COLUMNS.index(name)] = f"{last[TASK_COLUMNS.index(name)]}\n{texts[name]}".strip()[:TEXT_LIMIT]
            continue
        item_id, how = None, ""
        if written_id in lookup.ids:
            item_id, how = written_id, "id"
        number, sub = parse_item_number(number_cell)
        if item_id is None and (number is not None or sub is not None):
            if number is None:
                number = parent
            if number is not None:
                parent = number
                found, subs = lookup.by_number(number, sub)
                if found is None and subs:  # "8" for a row of two sub-items: the text decides between them
                    found, _ = lookup.by_text(title, subs)
                    if found is None:
                        shown = "、".join(lookup.number[s] for s in subs)
                        problem(r, "number", "ambiguous_item", f"序号 {number} 有两个子项({shown}),请写明子项(如 {lookup.number[subs[0]]});该行未读取。",
                                f"Row {number} has two sub-items ({', '.join(lookup.number[s] for s in subs)}); write "
                                f"which (e.g. {lookup.number[subs[0]]}). The row was not read.")
                        last = None
                        continue
                if found is not None:
                    item_id, how = found, "number"
        if item_id is None and title:
            found, ambiguous = lookup.by_text(title)
            if found is not None:
                item_id, how = found, "text"
            elif ambiguous:
                problem(r, "title", "ambiguous_item", f"“{title[:40]}”与方案中的多项任务相近,请填写序号;该行未读取。",
                        f"“{title[:40]}” is close to several of the plan's tasks; write its row number. The row was not read.")
                last = None
                continue
        if item_id is None:
            shown = _text(number_cell) or title[:40] or texts["progress"][:20]
            problem(r, "number" if _text(number_cell) else "title", "unknown_item",
                    f"无法对应到方案中的任务(“{shown}”);该行未读取。",
                    f"Cannot match the row to a task of the plan (“{shown}”); the row was not read.")
            last = None
            continue
        if item_id in seen:
            problem(r, "number", "duplicate_item", f"该任务已在第 {seen[item_id]} 行填报;保留前者。",
                    f"This task was already reported in row {seen[item_id]}; the first was kept.")
            last = None
            continue
        status = ""
        if status_text:
            code = status_code(status_text)
            if code is None:
                problem(r, "status", "unknown_status",
                        f"无法识别的完成状态“{status_text[:20]}”(应为 已完成、按期推进、进度滞后、未启动、已调整/取消 之一);进展已读取,状态留空。",
                        f"Unknown status “{status_text[:20]}” (expected completed, on schedule, behind schedule, not "
                        "started, or changed or cancelled); the report was read without a status.")
            else:
                status = code
        seen[item_id] = r + 1
        last = [item_id, status, texts["progress"][:TEXT_LIMIT], texts["issues"][:TEXT_LIMIT],
                texts["next_steps"][:TEXT_LIMIT], texts["evidence"][:TEXT_LIMIT], file, grid.name, r + 1, how]
        reading.rows.append(last)
    reading.rows = [tuple(row) for row in reading.rows]
    return reading
