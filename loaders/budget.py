"""What one upload may cost: cells read across all its sheets, distinct names compared by similarity, time.

A progress sheet needs a few thousand cells; the limits are far above any real one and far below what
would hold up a server shared by a city's departments. The reader spends from one `Spending` per upload
and explains, in the user's language, what it did not read once a limit is reached.
"""
from __future__ import annotations

import contextlib
import math
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from loaders.message import Refused


@dataclass(frozen=True)
class Budget:
    cells: int = 2_000_000        # cells held in memory, all sheets together (a 40,000-row table is 200,000)
    similar_names: int = 2_000    # distinct names that are compared by similarity to the catalog's
    seconds: float = 20.0         # reading stops after this; the isolating process is killed a little later
    problems_listed: int = 1_000  # problems listed one by one; the rest are counted in one line


DEFAULT_BUDGET = Budget()


class OverBudget(Exception):
    """Reading ran out of time; the caller turns it into an UploadError in the user's language."""


@dataclass
class Spending:
    budget: Budget = DEFAULT_BUDGET
    cells: int = 0
    similar_names: int = 0
    started: float = field(default_factory=time.monotonic)

    def cells_left(self) -> int:
        return self.budget.cells - self.cells

    def spend_cells(self, count: int) -> bool:
        """Take `count` cells from the budget if they fit; False (and nothing taken) when they do not."""
        if count > self.cells_left():
            return False
        self.cells += count
        return True

    def may_compare_name(self) -> bool:
        """One more distinct name may be compared by similarity (and is counted) while the budget lasts."""
        if self.similar_names >= self.budget.similar_names:
            return False
        self.similar_names += 1
        return True

    def check_time(self) -> None:
        if time.monotonic() - self.started > self.budget.seconds:
            raise OverBudget


class VisitorLimit(Refused):
    """A visitor's upload that must wait (upload.visitor_wait, upload.visitors_busy)."""


class VisitorAllowance:
    """What visitors without a passcode may have read, on one instance: reading time per address over a window,
    and a share of the reading workers at once. Two visitors' giant files once made a department's 40-row
    sheet wait 25 s; with this, a visitor's address spends at most `seconds` of reading per `window`, and
    visitors together hold at most `at_once` workers, so a unit that unlocked always finds one free."""

    def __init__(self, seconds: float = 60.0, window: float = 600.0, at_once: int = 1, wait: float = 5.0,
                 clock=time.monotonic):
        self.seconds, self.window, self.wait, self.clock = seconds, window, wait, clock
        self._spent: dict[str, deque[tuple[float, float]]] = {}
        self._lock = threading.Lock()
        self._workers = threading.BoundedSemaphore(at_once)

    def _spent_now(self, address: str, now: float) -> deque[tuple[float, float]]:
        spent = self._spent.get(address, deque())
        while spent and spent[0][0] <= now - self.window:
            spent.popleft()
        return spent

    def _charge(self, address: str, started: float, now: float) -> None:
        """Record a read, and forget the addresses whose reads have all left the window: a long-running
        instance keeps only the visitors of the last `window`, not every address it has ever seen."""
        for other in [a for a, spent in self._spent.items() if a != address]:
            if not self._spent_now(other, now):
                del self._spent[other]
        self._spent[address] = self._spent_now(address, now)
        self._spent[address].append((started, now - started))

    def wait_seconds(self, address: str) -> float:
        """0 while the address may read; else how long until enough of its reading has left the window."""
        with self._lock:
            now = self.clock()
            spent = self._spent_now(address, now)
            total = sum(seconds for _, seconds in spent)
            if total < self.seconds:
                return 0.0
            for at, seconds in spent:   # the oldest readings leave the window first
                total -= seconds
                if total < self.seconds:
                    return at + self.window - now
            return self.window

    @contextlib.contextmanager
    def reading(self, address: str):
        """Around one visitor's read: refused (VisitorLimit) when the address has spent its time or visitors
        hold their share of workers; the time it takes is charged to the address, failed reads included."""
        waiting = self.wait_seconds(address)
        if waiting:
            raise VisitorLimit("upload.visitor_wait", minutes=max(1, math.ceil(waiting / 60)),
                               window=round(self.window / 60))
        if not self._workers.acquire(timeout=self.wait):
            raise VisitorLimit("upload.visitors_busy")
        started = self.clock()
        try:
            yield
        finally:
            self._workers.release()
            with self._lock:
                self._charge(address, started, self.clock())
