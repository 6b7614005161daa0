"""Time to the first chart on /targets in a real browser, against a bare one-chart Streamlit app.

Both servers run side by side in the same run; each measurement opens a fresh browser context, navigates,
and stops the clock when the Vega chart has drawn (canvas or svg inside stVegaLiteChart). Measurements
alternate between the two apps; medians are compared. Target: ≤ 1.5× the bare app.

    python -m bench.bench_first_chart [repeats]
"""
from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic", "--no-first-run"]
CHART = '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg.marks'


def start(script: str) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", script, "--server.headless=true",
                                f"--server.port={port}", "--browser.gatherUsageStats=false"], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            return process, url
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{script} did not start")


def time_to_chart(browser, url: str, context=None) -> float:
    """From navigation to a drawn chart; a new context is a first visit (empty browser cache)."""
    own = context is None
    context = context or browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    start_time = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(CHART, timeout=60_000)
    elapsed = time.perf_counter() - start_time
    page.close()
    if own:
        context.close()
    return elapsed


def main(repeats: int = 7) -> None:
    app, app_url = start("app.py")
    bare, bare_url = start("bench/bare_chart_app.py")
    widgets, widgets_url = start("bench/widgets_chart_app.py")
    target = f"{app_url}/targets?indicator=building_energy_intensity_reduction"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            time_to_chart(browser, target), time_to_chart(browser, bare_url)  # warm both servers
            results = {}
            for visit in ("first visit (empty cache)", "return visit (cached scripts)"):
                cached = visit.startswith("return")
                ours_context = browser.new_context() if cached else None
                bare_context = browser.new_context() if cached else None
                if cached:  # load each app once so that its scripts are in the browser cache
                    time_to_chart(browser, target, ours_context), time_to_chart(browser, bare_url, bare_context)
                    time_to_chart(browser, widgets_url, ours_context)
                ours, baseline, reference = [], [], []
                for _ in range(repeats):
                    ours.append(time_to_chart(browser, target, ours_context))
                    baseline.append(time_to_chart(browser, bare_url, bare_context))
                    reference.append(time_to_chart(browser, widgets_url, ours_context))
                results[visit] = (statistics.median(ours), statistics.median(baseline), statistics.median(reference))
            browser.close()
    finally:
        for process in (app, bare, widgets):
            process.terminate()
    for visit, (a, b, c) in results.items():
        print(f"first chart, {visit}: /targets {a * 1000:.0f} ms · bare one-chart app {b * 1000:.0f} ms · "
              f"ratio {a / b:.2f} (target ≤ 1.5; medians of {repeats})")
        print(f"  reference: the bare app with the same widget types {c * 1000:.0f} ms, ratio {c / b:.2f} to the bare app; "
              f"/targets is {a / c:.2f}× that")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
