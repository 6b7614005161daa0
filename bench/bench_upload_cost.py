"""What the worst uploads cost, and what another user's page pays meanwhile.

1. Time and peak memory of reading each hostile workbook (built here, as the hardening probe made them),
   each in a fresh process, against an ordinary 200-row progress sheet read the same way (the baseline).
2. Server time of another user's /targets page (AppTest, median of runs) alone, while the hostile uploads
   are read in the server process by a thread (what an unisolated reader does), and while they are read by
   the upload workers (what the app does).

    python -m bench.bench_upload_cost
"""
from __future__ import annotations

import io
import json
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import openpyxl

from bench.make_sheets import long_sheet

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


def far_cells() -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for n in range(50):
        book.create_sheet(f"S{n}")["O199999"] = 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def invented_names(rows: int = 83_000) -> bytes:
    random.seed(1)
    alphabet = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("指标")
    sheet.append(["指标", 2021, 2022, 2023, "备注"])
    for _ in range(rows):
        sheet.append(["".join(random.choice(alphabet) for _ in range(14)), 1, 2, 3, "自拟" * 20])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def corner_cells() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"], book.active["XFD1048576"] = "x", 1
    buffer = io.BytesIO()
    book.save(buffer)
    import re
    import zipfile
    source, target = zipfile.ZipFile(io.BytesIO(buffer.getvalue())), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            out.writestr(item, re.sub(rb"<dimension [^>]*/>", b"", data) if "worksheets" in item.filename else data)
    return target.getvalue()


MEASURE = """
import json, resource, sys, time
from loaders.actuals import UploadError, read_actuals
content = open(sys.argv[1], "rb").read()
started = time.perf_counter()
try:
    result = read_actuals(content, "x.xlsx"); outcome = f"{len(result.values)} values, {len(result.problems)} problems"
except UploadError as error:
    outcome = "refused: " + str(error)[:60]
print(json.dumps({"seconds": time.perf_counter() - started, "outcome": outcome,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(path: Path) -> dict:
    output = subprocess.run([sys.executable, "-c", MEASURE, str(path)], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout
    return json.loads(output)


def page_seconds(runs: int = 7) -> float:
    from streamlit.testing.v1 import AppTest
    times = []
    for _ in range(runs):
        app = AppTest.from_file(APP, default_timeout=120)
        app.switch_page("pages/targets.py")
        started = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def while_reading(files: list[bytes], reader) -> float:
    stop = threading.Event()

    def keep_reading():
        while not stop.is_set():
            for content in files:
                try:
                    reader(content)
                except Exception:
                    pass
    thread = threading.Thread(target=keep_reading, daemon=True)
    thread.start()
    time.sleep(0.5)
    try:
        return page_seconds()
    finally:
        stop.set()
        thread.join()


def main() -> None:
    from loaders import isolation
    from loaders.actuals import read_actuals
    from loaders.budget import DEFAULT_BUDGET

    folder = ROOT / "bench" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    cases = {"ordinary 200-row sheet (baseline)": long_sheet(200), "50 sheets, one cell at O199999 each": far_cells(),
             "83,000 invented indicator names": invented_names(), "cells at A1 and XFD1048576, no dimension": corner_cells()}
    print("1. Reading each upload in a fresh process (time, peak memory of that process):")
    baseline = None
    for name, content in cases.items():
        path = folder / f"upload-{abs(hash(name))}.xlsx"
        path.write_bytes(content)
        figures = measure(path)
        baseline = baseline or figures
        print(f"  {name} ({len(content) / 2**20:.1f} MB): {figures['seconds']:.2f} s "
              f"(×{figures['seconds'] / baseline['seconds']:.1f}), {figures['peak_mb']:.0f} MB "
              f"(×{figures['peak_mb'] / baseline['peak_mb']:.2f}) · {figures['outcome']}")

    hostile = [content for name, content in cases.items() if "baseline" not in name]
    isolation.warm_up()
    alone = page_seconds()
    in_thread = while_reading(hostile, lambda content: read_actuals(content, "x.xlsx"))
    in_workers = while_reading(hostile, lambda content: isolation.run_isolated(
        "read_actuals", content, "x.xlsx", seconds=DEFAULT_BUDGET.seconds))
    print("2. Another user's /targets page (server time, median of 7):")
    print(f"  alone: {alone * 1000:.0f} ms")
    print(f"  while hostile uploads are read by a thread of the server: {in_thread * 1000:.0f} ms (×{in_thread / alone:.2f})")
    print(f"  while they are read by the upload workers (the app): {in_workers * 1000:.0f} ms (×{in_workers / alone:.2f})")


if __name__ == "__main__":
    main()
