"""Every page's first picture against a bare one-chart Streamlit app, at four sizes of a city's ledger.

For each ledger (empty, and 30 units × 1, 4 and 8 years, built by bench.make_ledger.city) the app is started
on it beside the bare app; each measurement is a first visit (a fresh browser context) and stops when the page
shows its first chart — or, on a page with no chart by default (/tasks, /units), its first status figure; on
/progress, whose first chart is below the fold, both — and, for the page's full time, when the script has
finished (Streamlit's status widget gone). With an empty ledger the first picture is the first chart, figure,
table or title. Beside each page, "drawn alone" times the same page replayed (bench/replay.py: the deltas its
script sent, sent again by a script that does nothing else): the least the page costs while it shows what it
shows, so that the gap between the two is the work done on the server per view: the app's script, and
Streamlit building its elements. Visits alternate between the page, its replay and the bare app; medians are
compared. Issue 21's goal: every ratio ≤ 1.3, flat in years. The line under the table names the machine and
the CPU its host took.

    python -m bench.bench_pages [repeats]          # prints one table; the machine is named under it
    python -m bench.bench_pages 3 --page /targets --size "8 years"   # some cells only (each option repeatable)
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.bench_first_chart import ARGS, CHART, ROOT, start
from bench.make_ledger import city
from ledger.db import make_engine, migrate
from loaders.catalog import load_catalog

STATUS = '[data-testid="stMetric"]'
# an empty ledger draws no chart or status on /, /progress: there the first picture is the first chart, figure,
# table or, failing those, the page's title
ANY = f'{CHART}, {STATUS}, [data-testid="stDataFrame"], [data-testid="stMain"] h1'
RUNNING = '[data-testid="stStatusWidget"]'
# /progress twice: its first chart is below the fold (under the upload step, the verdicts and the status
# table), so what the eye sees first there is its first status figure
PAGES = [("/", CHART), ("/targets", CHART), ("/progress", CHART), ("/progress", STATUS), ("/tasks", STATUS),
         ("/units?unit=housing", STATUS)]
PICTURE = {CHART: "chart", STATUS: "status", ANY: "any"}
SIZES = {"empty": None, "1 year": range(2026, 2027), "4 years": range(2023, 2027), "8 years": range(2019, 2027)}


def build(folder: Path, years: range | None) -> str:
    path = folder / f"ledger-{0 if years is None else len(years)}.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    if years is not None:
        city(engine, load_catalog(), years=years)
    engine.dispose()
    return f"sqlite:///{path}"


def _cpu_times() -> tuple[int, int] | None:
    """(CPU time stolen by the host, all CPU time) since boot, in clock ticks; None off Linux."""
    try:
        fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return None
    return fields[7], sum(fields)


_AT_START = _cpu_times()


def machine() -> str:
    """The machine a figure was measured on, printed under every bench's table, with the share of its CPU that
    the host took during the run: on a shared virtual machine that share can reach a quarter, and then the
    figures (the bare app's among them) say more about the neighbours than about the app."""
    named = f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}"
    now = _cpu_times()
    if _AT_START is None or now is None or now[1] == _AT_START[1]:
        return named
    stolen = (now[0] - _AT_START[0]) / (now[1] - _AT_START[1])
    quiet = "" if stolen <= 0.05 else " (not a quiet machine)"
    return f"{named}; CPU taken by the host during the run: {stolen:.0%}{quiet}"


def visit(browser, url: str, selector: str) -> tuple[float, float]:
    """(first picture, page complete) in seconds, on a first visit."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    page.locator(f"{selector} >> visible=true").first.wait_for(timeout=120_000)   # what the eye sees first
    first = time.perf_counter() - started
    page.wait_for_timeout(300)   # the status widget shows while the script runs
    page.wait_for_selector(RUNNING, state="detached", timeout=120_000)
    complete = time.perf_counter() - started
    context.close()
    return first, complete


def record(folder: Path, paths: list[str]) -> None:
    """Each page's deltas at the ledger in LEDGER_DATABASE_URL, for bench/replay_app.py: folder/N.bin is the
    N-th of `paths`. In a process of its own, so that nothing the app caches outlives its ledger."""
    done = subprocess.run([sys.executable, "-m", "bench.replay", str(folder), *paths], cwd=ROOT,
                          capture_output=True, encoding="utf-8", errors="replace")
    if done.returncode:   # AppTest's log is noise while it works and the reason when it does not
        raise RuntimeError(f"recording {paths} failed:\n{done.stderr[-3000:]}")


def main(repeats: int = 3, pages: list[str] | None = None, sizes: list[str] | None = None) -> None:
    measured = [(path, selector) for path, selector in PAGES if not pages or path in pages]
    paths = list(dict.fromkeys(path for path, _ in measured))
    rows = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        bare, bare_url = start("bench/bare_chart_app.py")
        try:
            for size, years in SIZES.items():
                if sizes and size not in sizes:
                    continue
                os.environ["LEDGER_DATABASE_URL"] = build(Path(folder), years)
                os.environ["BENCH_REPLAY_DIR"] = replays = str(Path(folder) / f"replay-{len(years or [])}")
                record(Path(replays), paths)
                started = []
                try:
                    started.append(start("app.py")), started.append(start("bench/replay_app.py"))
                    (_, app_url), (_, replay_url) = started
                    done = set()
                    for path, selector in measured:
                        shown = ANY if years is None else selector
                        if (path, shown) in done:   # an empty ledger: one first picture per page
                            continue
                        done.add((path, shown))
                        alone_url = f"{replay_url}/?recorded={paths.index(path)}"
                        for url, picture in ((app_url + path, shown), (alone_url, shown), (bare_url, CHART)):
                            visit(browser, url, picture)   # warm each server
                        ours, full, alone, baseline = [], [], [], []
                        for _ in range(repeats):
                            first, complete = visit(browser, app_url + path, shown)
                            ours.append(first), full.append(complete)
                            alone.append(visit(browser, alone_url, shown)[0])
                            baseline.append(visit(browser, bare_url, CHART)[0])
                        medians = map(statistics.median, (ours, full, alone, baseline))
                        rows.append((size, path, PICTURE[shown], *medians))
                finally:
                    for process, _ in started:
                        process.terminate()
        finally:
            bare.terminate()
            browser.close()
    print("| ledger | page | first picture | at | page complete | drawn alone | bare app | ratio | alone |")
    print("|---|---|---|---|---|---|---|---|---|")
    for size, path, picture, first, complete, alone, baseline in rows:
        print(f"| {size} | `{path}` | {picture} | {first:.2f} s | {complete:.2f} s | {alone:.2f} s | {baseline:.2f} s | "
              f"{first / baseline:.2f}× | {alone / baseline:.2f}× |")
    print(f"\nmedians of {repeats} first visits; drawn alone: the page's own deltas replayed with no script behind "
          f"them (bench/replay.py); {machine()}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repeats", nargs="?", type=int, default=3)
    parser.add_argument("--page", action="append", choices=sorted({path for path, _ in PAGES}))
    parser.add_argument("--size", action="append", choices=list(SIZES))
    options = parser.parse_args()
    main(options.repeats, options.page, options.size)
