"""/progress and its read-only links at a city's size: a ledger of 30 units × 8 years × every indicator and
every task item (bench/make_ledger.city), against the bare one-chart app in the same run.

Real browser (Debian's chromium), fresh contexts, medians:
- first status tile on /progress, and on a read-only link, from navigation (ratio to the bare app's chart);
- unlock, share and save: from the click to what it shows (an upper bound of their server time).
In process: the ledger queries of one page view (SQLAlchemy statements counted), first and repeated.

    python -m bench.bench_progress [repeats]
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.bench_first_chart import ARGS, CHART, ROOT, start

RESULTS = ROOT / "bench" / "results"
TILE = '[data-testid="stMetric"]'


def city_ledger() -> str:
    from bench.make_ledger import city
    from ledger.db import make_engine, migrate
    from loaders.catalog import load_catalog
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "city.sqlite"
    if not path.exists():
        engine = make_engine(f"sqlite:///{path}")
        migrate(engine)
        city(engine, load_catalog())
    return f"sqlite:///{path}"


def share_token(url: str) -> str:
    from ledger import links
    from ledger.db import make_engine
    return links.create_report(make_engine(url), kind="ledger", lang="en", reporting_year=2025, created_by="bench")


def timed(page, url: str, selector: str) -> float:
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(selector, timeout=120_000)
    return time.perf_counter() - started


def fresh(browser, url: str, selector: str) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        return timed(context.new_page(), url, selector)
    finally:
        context.close()


def idle(page) -> None:
    """Wait as a user would between clicks: the page has finished running, and its charts (drawn a second
    after the statuses) are in, so that a click is measured alone, not queued behind the charts."""
    page.wait_for_timeout(1500)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def clicks(browser, app_url: str, sheet: Path) -> dict[str, float]:
    """Unlock, save and share as a user does them; each from the click to its visible result, on a page at rest."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{app_url}/progress?lang=en")
    page.wait_for_selector(TILE, timeout=120_000)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(sheet))
    page.get_by_text("Save to the ledger").wait_for(timeout=60_000)
    page.get_by_label("Your name").fill("Bench")
    page.get_by_role("textbox", name="Editor passcode").fill("bench")
    idle(page)
    started = time.perf_counter()
    page.get_by_role("button", name="Unlock").click()
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Reporting unit").wait_for(timeout=60_000)
    unlock = time.perf_counter() - started
    unit = page.locator('[data-testid="stSelectbox"]').filter(has_text="Reporting unit")
    unit.locator("input").click()
    page.get_by_role("option", name="Municipal Transport Bureau").click()
    page.get_by_role("button", name="Preview what will change").click()
    page.get_by_role("button", name="Confirm and save").wait_for(timeout=60_000)
    idle(page)
    started = time.perf_counter()
    page.get_by_role("button", name="Confirm and save").click()
    page.get_by_text("Link to this submission:").wait_for(timeout=60_000)
    save = time.perf_counter() - started
    idle(page)
    started = time.perf_counter()
    page.get_by_role("button", name="Create a share link (read-only)").click()
    page.locator('[data-testid="stCode"]').filter(has_text="report=").wait_for(timeout=60_000)
    share = time.perf_counter() - started
    context.close()
    return {"unlock": unlock, "save": save, "share": share}


def queries_per_view(url: str) -> tuple[int, int]:
    """Statements the ledger runs for one /progress view: the first (cold caches), then a repeat."""
    from sqlalchemy import event
    from streamlit.testing.v1 import AppTest

    from ui import ledger as ui_ledger
    os.environ["LEDGER_DATABASE_URL"] = url
    engine = ui_ledger._engine_for(url)
    counted = []
    event.listen(engine, "before_cursor_execute", lambda *args: counted.append(1))
    runs = []
    for _ in range(2):
        counted.clear()
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        app.query_params["lang"] = "en"
        app.switch_page("pages/progress.py")
        app.run()
        assert not app.exception, app.exception
        runs.append(len(counted))
    return runs[0], runs[1]


def main(repeats: int = 3) -> None:
    url = city_ledger()
    token = share_token(url)
    sheet = RESULTS / "transport.xlsx"
    from bench.make_sheets import long_sheet as make_long
    sheet.write_bytes(make_long(30))
    os.environ.update(LEDGER_DATABASE_URL=url, LEDGER_EDITOR_PASSCODE="bench")
    first, repeat = queries_per_view(url)
    app, app_url = start("app.py")
    bare, bare_url = start("bench/bare_chart_app.py")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            fresh(browser, f"{app_url}/progress?lang=en", TILE), fresh(browser, bare_url, CHART)  # warm both
            tiles, links, baseline = [], [], []
            for _ in range(repeats):
                tiles.append(fresh(browser, f"{app_url}/progress?lang=en", TILE))
                links.append(fresh(browser, f"{app_url}/progress?report={token}", TILE))
                baseline.append(fresh(browser, bare_url, CHART))
            actions = [clicks(browser, app_url, sheet) for _ in range(repeats)]
            browser.close()
    finally:
        app.terminate()
        bare.terminate()
    bare_median = statistics.median(baseline)
    print(f"ledger: 30 units × 8 years ({url})")
    print(f"bare one-chart app, first chart: {bare_median * 1000:.0f} ms (median of {repeats})")
    for name, times in (("/progress first status tile", tiles), ("read-only link first status tile", links)):
        median = statistics.median(times)
        print(f"{name}: {median * 1000:.0f} ms · ratio {median / bare_median:.2f} (target ≤ 1.5) · "
              f"runs {', '.join(f'{t:.1f}' for t in times)} s")
    for name in ("unlock", "save", "share"):
        values = [a[name] for a in actions]
        print(f"{name}, click to result: {statistics.median(values) * 1000:.0f} ms (target < 1 s of server time)")
    print(f"ledger statements per /progress view: first {first}, repeated {repeat}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
