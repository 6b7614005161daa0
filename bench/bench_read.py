"""How fast an upload is read: read_actuals against plain pandas.read_excel(engine="openpyxl").

Both read the same 20,000-row workbook in the same run (median of several runs each); the target is
read_actuals ≤ 0.35× pandas. Then read_actuals on 5k…40k rows, to see that time grows linearly, and the
brief's 10,000-row upload parsed, validated and assessed end to end.

    python -m bench.bench_read
"""
from __future__ import annotations

import io
import statistics
import time
import zipfile

import pandas as pd

from bench.make_sheets import long_sheet
from loaders.actuals import combine, read_actuals
from loaders.catalog import load_catalog
from loaders.items import ledger_items
from loaders.workbook import xml_extent
from tracker.assess import assess_frame


def median_seconds(function, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    catalog = load_catalog()
    indicators = catalog.indicators
    items = ledger_items(catalog)   # as the app passes them: the catalog is read once per server, not per upload
    content = long_sheet(20_000)
    result = read_actuals(content, "bench.xlsx", indicators, items=items, targets=catalog.targets)
    assert len(result.values) > 0
    ours = median_seconds(lambda: read_actuals(content, "bench.xlsx", indicators, items=items, targets=catalog.targets))
    baseline = median_seconds(lambda: pd.read_excel(io.BytesIO(content), engine="openpyxl", header=None))
    print(f"20,000 rows: read_actuals {ours * 1000:.0f} ms · pandas.read_excel(openpyxl) {baseline * 1000:.0f} ms "
          f"· ratio {ours / baseline:.2f} (target ≤ 0.35)")
    print(f"  read {len(result.values)} values, {len(result.problems)} problems (duplicates of (indicator, year))")
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    scan = median_seconds(lambda: xml_extent(sheet_xml))
    print(f"  of which the safety scan of the sheet's extent (loaders.workbook.xml_extent): {scan * 1000:.0f} ms; "
          f"without it the ratio would be {(ours - scan) / baseline:.2f}")

    print("growth with rows (read_actuals):")
    previous = None
    for rows in (5_000, 10_000, 20_000, 40_000):
        sheet = long_sheet(rows)
        seconds = median_seconds(lambda: read_actuals(sheet, "bench.xlsx", indicators, items=items, targets=catalog.targets), repeat=3)
        per_row = seconds / rows * 1e6
        note = "" if previous is None else f" · ×{seconds / previous:.2f} for ×2 rows"
        print(f"  {rows:>6,} rows: {seconds * 1000:7.0f} ms ({per_row:.1f} µs/row){note}")
        previous = seconds

    sheet = long_sheet(10_000)

    def end_to_end():
        values, _ = combine([read_actuals(sheet, "bench.xlsx", indicators, items=items, targets=catalog.targets)])
        assess_frame(catalog, values, 2025)
    print(f"10,000 rows parsed, validated and assessed: {median_seconds(end_to_end) * 1000:.0f} ms (target < 1 s)")


if __name__ == "__main__":
    main()
