"""The leaders' report and its Excel annex for a city's ledger (30 units × 8 years), made the way the office
makes them from the command line (`python -m ledger pack`; the dashboard's buttons call the same builders):
each one's time and peak memory, beside the time of starting Python and importing the builders, which every
run pays.

    python -m bench.bench_pack
"""
from __future__ import annotations

import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_pages import build

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds, the child's peak memory in MB) of one command."""
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024   # the largest child so far


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "LEDGER_DATABASE_URL": build(Path(folder), range(2019, 2027))}
        baseline, _ = timed([sys.executable, "-c", "import ledger.pack, ledger.leaders_report, tracker.charts"], env)
        rows = [("Python and the builders imported", baseline, None)]
        for name, out in (("leaders' report (Word)", "report.docx"), ("annex (Excel)", "annex.xlsx")):
            seconds, peak = timed([sys.executable, "-m", "ledger", "pack", "2026", "--out", str(Path(folder) / out)], env)
            rows.append((name, seconds, peak))
    print("| made for the city ledger (2026) | time | peak memory (largest so far) |")
    print("|---|---|---|")
    for name, seconds, peak in rows:
        print(f"| {name} | {seconds:.1f} s | {'' if peak is None else f'{peak:.0f} MB'} |")
    print(f"\n{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")


if __name__ == "__main__":
    main()
