"""A sheet's header as offices draw it: one row, or a grouped upper row over a lower one.

"推进情况" merged over 完成状态 | 工作进展 | 存在问题, or "完成情况" over 2025年 | 2026年: the upper cell names a
group, the lower cells name the columns. A column's label is its lower cell where a group spans it, else the
one cell that names it (a label merged down over both rows sits in the upper row). Groups are known from the
sheet's merged ranges where the file keeps them, else from an upper label followed by blanks over which the
lower row names columns.
"""
from __future__ import annotations

from dataclasses import dataclass

from loaders.workbook import Grid


@dataclass(frozen=True)
class Header:
    first: int                  # the header's first row (0-based)
    last: int                   # its last row: data starts below it
    labels: tuple[str, ...]     # per column: the label that names it ("" where none)
    groups: tuple[str, ...]     # per column: the group label above it ("" where none)

    @property
    def two_rows(self) -> bool:
        return self.last > self.first


def _text(cell) -> str:
    return cell.strip() if isinstance(cell, str) else ""


def _spans(grid: Grid, r: int, upper: list[str], lower: list[str]) -> list[tuple[int, int]]:
    """Column ranges (first, last) that one upper cell groups."""
    spans = [(c0, c1) for (r0, c0), (r1, c1) in grid.merged if r0 == r and r1 == r and c1 > c0 and upper[c0]]
    if spans:
        return spans
    found, c = [], 0
    while c < len(upper):  # no merges kept: a label, blanks after it, and lower labels under them all
        if upper[c]:
            end = c
            while end + 1 < len(upper) and not upper[end + 1] and lower[end + 1]:
                end += 1
            if end > c and lower[c]:
                found.append((c, end))
            c = end + 1
        else:
            c += 1
    return found


def header_at(grid: Grid, r: int, is_label) -> Header:
    """The header that starts at row `r`: two rows when the row below it names the columns a group above spans
    (`is_label(text)`: whether a cell reads as a column label rather than data)."""
    width = max(len(grid.rows[r]), len(grid.rows[r + 1]) if r + 1 < len(grid.rows) else 0)
    upper = [_text(grid.rows[r][c]) if c < len(grid.rows[r]) else "" for c in range(width)]
    single = Header(r, r, tuple(upper), ("",) * width)
    if r + 1 >= len(grid.rows):
        return single
    below = grid.rows[r + 1]
    lower = [_text(below[c]) if c < len(below) else "" for c in range(width)]
    filled = [c for c, cell in enumerate(below) if cell not in (None, "")]
    if len(filled) < 2 or any(not isinstance(below[c], str) or not is_label(below[c]) for c in filled):
        return single
    if sum(1 for label in upper if label) < 2:   # a title row over the header: not a group
        return single
    spans = _spans(grid, r, upper, lower)
    if not spans:
        return single
    labels, groups = list(upper), [""] * width
    for c0, c1 in spans:
        for c in range(c0, c1 + 1):
            labels[c], groups[c] = lower[c] or upper[c0], upper[c0]
    for c in range(width):  # a column outside the groups named only in the lower row
        if not labels[c] and lower[c]:
            labels[c] = lower[c]
    return Header(r, r + 1, tuple(labels), tuple(groups))
