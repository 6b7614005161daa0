"""The plan's text, with its printed page numbers, as the single source every quote is checked against.

The source file (data/source/000_2a049bff515a7a17.txt, see data/source/README.md) holds the whole plan on one
long line, with printed page numbers inline as ``-N-``. Quotes in the catalog are written with those markers
removed, so a sentence that runs across a page break is still one quote; this module keeps a map from
positions in the marker-free text back to printed pages.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SOURCE_FILE = Path(__file__).resolve().parent.parent / "data" / "source" / "000_2a049bff515a7a17.txt"
PLAN_LINE_START = "银川市碳达峰实施方案(征求意见稿)银川市发展和改革委员会"
TABLE_HEADER = "序号重点领域行动措施主要工作牵头单位配合单位"
_PAGE_MARKER = re.compile(r"-(\d{1,2})-")


class QuoteNotFound(LookupError):
    """A quote is not an exact substring of the plan text."""


@dataclass(frozen=True)
class PlanText:
    text: str                   # the plan with page markers removed
    page_starts: tuple[int, ...]  # position in `text` where each printed page begins
    page_numbers: tuple[int, ...]  # the printed number of that page (0 = the unnumbered cover)
    table_start: int            # where the task-division table (任务分工) begins

    def page_at(self, position: int) -> int:
        """Printed page number of the character at `position` in the marker-free text."""
        return self.page_numbers[bisect.bisect_right(self.page_starts, position) - 1]

    def locate(self, quote: str, *, body_only: bool = False) -> tuple[int, int]:
        """First and last printed page of the first occurrence of `quote` (the body before the table if asked)."""
        position = self.text.find(quote)
        if position < 0 or (body_only and position >= self.table_start):
            raise QuoteNotFound(quote)
        return self.page_at(position), self.page_at(position + len(quote) - 1)

    @property
    def body(self) -> str:
        return self.text[: self.table_start]

    @property
    def table(self) -> str:
        return self.text[self.table_start :]


def parse_plan_line(line: str) -> PlanText:
    pieces, starts, numbers = [], [0], [0]
    length, last = 0, 0
    for marker in _PAGE_MARKER.finditer(line):
        number = int(marker.group(1))
        # Only the running page numbers are markers; anything else that looks like -N- is text.
        if number != numbers[-1] + 1:
            continue
        pieces.append(line[last : marker.start()])
        length += marker.start() - last
        starts.append(length)
        numbers.append(number)
        last = marker.end()
    pieces.append(line[last:])
    text = "".join(pieces)
    table_start = text.find("银川市碳达峰实施方案任务分工")
    return PlanText(text, tuple(starts), tuple(numbers), table_start if table_start >= 0 else len(text))


@lru_cache(maxsize=1)
def load_plan(path: Path = SOURCE_FILE) -> PlanText:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(PLAN_LINE_START):
            return parse_plan_line(line.strip())
    raise ValueError(f"{path}: no line starts with {PLAN_LINE_START!r}; is this the plan text?")
