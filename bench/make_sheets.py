"""Progress sheets of a given size for the benchmarks (long format: indicator, year, value, unit, note)."""
from __future__ import annotations

import io
import random

import openpyxl

from loaders.catalog import load_catalog


def long_sheet(rows: int, seed: int = 7) -> bytes:
    """A workbook with a title row and `rows` data rows over the catalog's indicators and years 2000–2030."""
    random.seed(seed)
    indicators = load_catalog().indicators
    names = list(indicators["name_zh"])
    units = dict(zip(indicators["name_zh"], indicators["unit"]))
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("进展")
    sheet.append(["银川市碳达峰目标进展(基准测试)"])
    sheet.append(["指标", "年份", "数值", "单位", "备注"])
    for index in range(rows):
        name = names[index % len(names)]
        year = 2000 + (index // len(names)) % 31
        value = round(random.uniform(1, 99), 2)
        # a mix of what staff type: numbers, numbers as text, percentages, thousands separators
        cell = value if index % 4 else (f"{value}%" if units[name] == "%" else f"{value * 1000:,.0f}")
        sheet.append([name, year, cell, units[name], "" if index % 10 else "初步统计"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
