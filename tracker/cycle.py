"""The year-end cycle: which reporting year (报告年度) is under way, and which ones a person may choose.

The plan asks every unit to report before each year's end (每年年底前); the office then checks the reports and
reports to the city's leaders, which runs into the first weeks of the next year. So from March the cycle under
way is this year's, and in January and February it is still last year's. Every page and document takes the
year from here.
"""
from __future__ import annotations

import datetime

from loaders.message import Message, message
from tracker.i18n import beijing_today

FIRST_REPORTING_YEAR = 2021   # the plan's first year (十四五); nothing is reported on a year before it
CLOSING_MONTHS = 2            # January and February close the previous year's cycle


def reporting_cycle_year(today: datetime.date | None = None) -> int:
    today = today or beijing_today()
    return today.year if today.month > CLOSING_MONTHS else today.year - 1


def reporting_years(today: datetime.date | None = None) -> list[int]:
    """The reporting years a person may choose: from the plan's first year to the one after the cycle's."""
    return list(range(FIRST_REPORTING_YEAR, reporting_cycle_year(today) + 2))


def year_of_files(title_years: dict[str, int], today: datetime.date | None = None) -> tuple[int, Message, bool]:
    """The reporting year an upload reports for, unless the person chooses one: the year the sheets' titles
    agree on (2024年度…), else the cycle under way; files that disagree never move the page or the save to
    another year — they keep the cycle's, and say so. Returns (year, why, the files disagree)."""
    cycle = reporting_cycle_year(today)
    years = reporting_years(today)
    if len(set(title_years.values())) > 1:
        return cycle, message("year_files_disagree", year=cycle, files=sorted(title_years.items())), True
    if title_years:
        titled = min(max(next(iter(title_years.values())), years[0]), years[-1])
        return titled, message("year_from_title", year=titled), False
    return cycle, message("year_of_the_cycle", year=cycle), False
