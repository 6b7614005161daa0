"""What the isolation tests run in a worker of their own pool: a function that sleeps, eats memory or aborts,
to show that none of it harms the server or the other uploads. Kept out of loaders/isolation.py, so that the
server's workers can run nothing but the readers."""
from __future__ import annotations

import os
import time


def probe(action: str = "", amount: float = 0) -> str:
    if action == "sleep":
        time.sleep(amount)
    elif action == "allocate":
        return str(len(bytearray(int(amount))))
    elif action == "abort":
        os.abort()
    return "ok"
