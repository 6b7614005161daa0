"""What one upload may cost: cells read across all its sheets, distinct names compared by similarity, time.

A progress sheet needs a few thousand cells; the limits are far above any real one and far below what
would hold up a server shared by a city's departments. The reader spends from one `Spending` per upload
and explains, in the user's language, what it did not read once a limit is reached.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field


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
