"""Every status and verdict the app gives, in one registry: its code, its family and order, the symbol that
reads without colour, its colour, whether it is behind (named among the problems) or terminal (done), how
good it is (a move up the list is an improvement), and the words an upload may write for it.

Their names are in the message catalogs under `status.<code>` and what each means under `meaning.<code>`;
every page, chart, report and reader takes the rest from here (tests/test_statuses.py checks each is whole).
Adding a status is adding a line here and its two messages.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    code: str
    family: str                     # trajectory | verdict | item
    symbol: str                     # readable without colour (charts, tiles, tables)
    colour: str
    behind: bool = False            # needs attention: listed under 存在问题
    terminal: bool = False          # done: an item completed or changed is not due again (yearly duties are)
    reported: bool = False          # an item's status a unit reports (the others are derived)
    rank: int | None = None         # better first within its family; None: it judges nothing
    words: tuple[str, ...] = ()     # what an upload's status column may say for it

    @property
    def label_key(self) -> str:
        return f"status.{self.code}"

    @property
    def meaning_key(self) -> str:
        return f"meaning.{self.code}"


REGISTRY: tuple[Status, ...] = (
    # how an indicator stands toward its next target (tracker.assess)
    Status("achieved", "trajectory", "✔", "#2b8a3e", rank=0),
    Status("on_track", "trajectory", "▲", "#74b816", rank=1),
    Status("acceleration_needed", "trajectory", "◆", "#f59f00", behind=True, rank=2),
    Status("limited_progress", "trajectory", "▼", "#e8590c", behind=True, rank=3),
    Status("moving_away", "trajectory", "✖", "#c92a2a", behind=True, rank=4),
    Status("past_targets", "trajectory", "■", "#5c7cfa"),      # every target's year has passed: its verdicts say
    Status("cannot_assess", "trajectory", "?", "#868e96"),
    Status("no_data", "trajectory", "–", "#e9ecef"),
    # the verdict on a target whose year has passed, on that year's value
    Status("met", "verdict", "✔", "#2b8a3e", rank=0),
    Status("missed", "verdict", "✖", "#c92a2a", behind=True, rank=1),
    Status("no_value_for_year", "verdict", "?", "#adb5bd", behind=True),
    # a ledger item in a reporting year (tracker.task_status): five a unit reports, four the ledger derives
    Status("completed", "item", "✔", "#2b8a3e", terminal=True, reported=True, rank=0,
           words=("已完成", "完成", "已办结", "completed", "done")),
    Status("on_schedule", "item", "▲", "#74b816", reported=True, rank=1,
           words=("按期推进", "正常推进", "推进中", "正在推进", "进行中", "按计划推进", "序时推进", "on schedule", "on track",
                  "in progress")),
    Status("behind", "item", "▼", "#e8590c", behind=True, reported=True, rank=3,
           words=("进度滞后", "滞后", "延期", "未按期", "behind schedule", "behind", "delayed")),
    Status("not_started", "item", "○", "#adb5bd", reported=True, rank=2,
           words=("未启动", "未开展", "尚未启动", "尚未开展", "not started")),
    Status("changed", "item", "◇", "#7950f2", terminal=True, reported=True,
           words=("已调整/取消", "已调整", "已取消", "调整", "取消", "changed or cancelled", "changed", "cancelled")),
    Status("no_status", "item", "…", "#ced4da"),
    Status("returned", "item", "↩", "#f59f00", behind=True, rank=4),
    Status("overdue", "item", "✖", "#c92a2a", behind=True, rank=5),
    Status("not_reported", "item", "?", "#e9ecef"),
)
BY_CODE: dict[str, Status] = {status.code: status for status in REGISTRY}


def family(name: str) -> tuple[str, ...]:
    """The codes of a family, in the registry's order (the order every table and chart shows them in)."""
    return tuple(s.code for s in REGISTRY if s.family == name)


TRAJECTORY = family("trajectory")
ASSESSED = tuple(code for code in TRAJECTORY if code != "no_data")   # what an indicator with values can be
VERDICTS = family("verdict")
ITEM_STATUSES = family("item")
REPORTED = tuple(s.code for s in REGISTRY if s.family == "item" and s.reported)
TERMINAL = tuple(s.code for s in REGISTRY if s.terminal)
BEHIND = frozenset(s.code for s in REGISTRY if s.behind)
ACCEPTED_WORDS: dict[str, str] = {word: s.code for s in REGISTRY for word in s.words}


def rank(code: str | None) -> int | None:
    status = BY_CODE.get(code or "")
    return None if status is None else status.rank
