"""Is it the charts? The browser's part of the app's trajectory charts, without the rest of a page.

On a city's ledger (30 units × 8 years), bench/trajectory_chart_app.py draws one of the app's trajectory charts
(8 layers: plan path, trend, actuals, points, baseline, targets, labels, verdicts), the same chart with its plan
path only, and six charts two abreast; each first visit is timed to the first drawn chart against the bare
one-chart app in the same run (visits alternate; medians). If a lone trajectory chart is as fast as the bare
chart, a page's gap is the page's other elements and its script, not the chart's spec.

    python -m bench.bench_chart_cost [repeats]
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.bench_first_chart import ARGS, CHART, start
from bench.bench_pages import build, machine, visit

VARIANTS = [("one trajectory chart", "?n=1"), ("one chart, plan path only", "?n=1&layers=1"),
            ("six trajectory charts", "?n=6")]


def main(repeats: int = 5) -> None:
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        os.environ["LEDGER_DATABASE_URL"] = build(Path(folder), range(2019, 2027))
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        bare, bare_url = start("bench/bare_chart_app.py")
        charts, charts_url = start("bench/trajectory_chart_app.py")
        try:
            visit(browser, charts_url + "/?n=6", CHART), visit(browser, bare_url, CHART)   # build the specs, warm both
            times, bare_times = {name: [] for name, _ in VARIANTS}, []
            for _ in range(repeats):
                for name, query in VARIANTS:
                    times[name].append(visit(browser, charts_url + "/" + query, CHART)[0])
                bare_times.append(visit(browser, bare_url, CHART)[0])
        finally:
            charts.terminate()
            bare.terminate()
            browser.close()
    baseline = statistics.median(bare_times)
    print("| drawn | first chart | bare app | ratio |")
    print("|---|---|---|---|")
    for name, measured in times.items():
        first = statistics.median(measured)
        print(f"| {name} | {first:.2f} s | {baseline:.2f} s | {first / baseline:.2f}× |")
    print(f"\nmedians of {repeats} first visits; {machine()}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
