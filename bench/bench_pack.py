"""The leaders' report and its Excel annex for a city's ledger (30 units × 8 years), made the way the office
makes them from the command line (`python -m ledger pack`; the dashboard's buttons call the same builders):
each one's time and peak memory, beside the time of starting Python and importing the builders, which every
run pays.

    python -m bench.bench_pack
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_pages import build, machine

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak memory in MB) of one command: its own peak, from wait4, not the largest child so far."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, command)
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "LEDGER_DATABASE_URL": build(Path(folder), range(2019, 2027))}
        baseline, start_peak = timed([sys.executable, "-c", "import ledger.pack, ledger.leaders_report, tracker.charts"], env)
        rows = [("Python and the builders imported", baseline, start_peak)]
        for name, out in (("leaders' report (Word)", "report.docx"), ("annex (Excel)", "annex.xlsx")):
            seconds, peak = timed([sys.executable, "-m", "ledger", "pack", "2026", "--out", str(Path(folder) / out)], env)
            rows.append((name, seconds, peak))
    print("| made for the city ledger (2026) | time | peak memory |")
    print("|---|---|---|")
    for name, seconds, peak in rows:
        print(f"| {name} | {seconds:.1f} s | {peak:.0f} MB |")
    print(f"\n{machine()}")


if __name__ == "__main__":
    main()
