"""Is it the charts? The browser's part of the app's trajectory charts, without the rest of a page.

On a city's ledger (30 units × 8 years), bench/trajectory_chart_app.py draws one of the app's trajectory charts
(8 layers: plan path, trend, actuals, points, baseline, targets, labels, verdicts), the same chart with its plan
path only, six charts two abreast, and the six charts as /targets places them: under the widget types of its
filters, each with its caption and download menu, then also with the plan's targets table below. Those are the
page's elements without its script: the least /targets can cost while it shows them. /targets itself is timed
beside them. Each first visit is timed to the first drawn chart against the bare one-chart app in the same run
(visits alternate; medians). If a lone trajectory chart is as fast as the bare chart, a page's gap is not the
chart's spec; if /targets is as fast as its elements drawn alone, what is left is Streamlit's drawing of what the
page shows, not the app's work.

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

# (what is drawn, which server, the address); "charts" is bench/trajectory_chart_app.py, "app" the app itself
VARIANTS = [("one trajectory chart", "charts", "/?n=1"),
            ("one chart, plan path only", "charts", "/?n=1&layers=1"),
            ("six trajectory charts", "charts", "/?n=6"),
            ("six charts under /targets' filters, with captions and menus", "charts", "/?n=6&page=targets"),
            ("the same and the targets table below", "charts", "/?n=6&page=targets&table=1"),
            ("/targets itself", "app", "/targets")]


def main(repeats: int = 5) -> None:
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        os.environ["LEDGER_DATABASE_URL"] = build(Path(folder), range(2019, 2027))
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        servers = {"bare": start("bench/bare_chart_app.py"), "charts": start("bench/trajectory_chart_app.py"),
                   "app": start("app.py")}
        urls = {name: url for name, (_, url) in servers.items()}
        try:
            for _, server, path in VARIANTS:   # build the specs and the table, warm every server
                visit(browser, urls[server] + path, CHART)
            visit(browser, urls["bare"], CHART)
            times, bare_times = {name: [] for name, _, _ in VARIANTS}, []
            for _ in range(repeats):
                for name, server, path in VARIANTS:
                    times[name].append(visit(browser, urls[server] + path, CHART)[0])
                bare_times.append(visit(browser, urls["bare"], CHART)[0])
        finally:
            for process, _ in servers.values():
                process.terminate()
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
