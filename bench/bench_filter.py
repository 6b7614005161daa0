"""Server time of a filter change on /targets (and a language switch), measured with Streamlit's AppTest.

AppTest runs the page script in-process, so the time of `run()` after a widget change is the server's
work for that rerun (no network, no browser drawing). Target: under 300 ms.

    python -m bench.bench_filter
"""
from __future__ import annotations

import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def main(rounds: int = 15) -> None:
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["indicator"] = "forest_stock"
    app.switch_page("pages/targets.py")
    app.run()
    timings = {"action filter": [], "year filter": [], "search words": [], "language switch": []}
    for index in range(rounds):
        changes = [("action filter", lambda: app.selectbox(key="widget:action").set_value([5, 7, None][index % 3])),
                   ("year filter", lambda: app.selectbox(key="widget:year").set_value([2025, 2030, None][index % 3])),
                   ("search words", lambda: app.text_input(key="widget:q").set_value(["湿地", "", "charging"][index % 3])),
                   ("language switch", lambda: app.radio(key="widget:lang").set_value(["en", "zh"][index % 2]))]
        for name, change in changes:
            change()
            start = time.perf_counter()
            app.run()
            timings[name].append(time.perf_counter() - start)
            assert not app.exception, app.exception
    for name, values in timings.items():
        print(f"{name:>16}: median {statistics.median(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms "
              f"(server time of the rerun, with one chart on the page; target < 300 ms)")


if __name__ == "__main__":
    main()
