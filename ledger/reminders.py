"""Reminders (催报): for a unit that has not reported what it is due, a notice in the office's name that lists
the indicators and ledger items it still owes for the reporting year, with their targets and deadlines, in the
form of a 公文 (ledger.gongwen) and the words of the catalogs (remind.*)."""
from __future__ import annotations

import pandas as pd

from ledger.gongwen import Gongwen, chinese_ordinal, signed_date
from ledger.year_end import YearEnd
from loaders.catalog import Catalog
from loaders.message import GoalInWords
from tracker import task_views, views
from tracker.assess import targets_by_indicator
from tracker.i18n import long_date, t
from tracker.wording import listing, words


def late_units(picture: YearEnd) -> list[str]:
    """The units still owing something for the year, in the coverage's order."""
    coverage = picture.coverage
    return list(coverage.loc[coverage["reporting"] != "complete", "unit_id"])


def build_reminder(catalog: Catalog, picture: YearEnd, unit_id: str, lang: str = "zh", *,
                   deadline: str | None = None) -> bytes:
    """The notice for one unit as .docx bytes."""
    row = picture.coverage.set_index("unit_id").loc[unit_id]
    year, date = picture.year, long_date(picture.generated, lang)
    doc = Gongwen(lang)
    doc.title(t("remind.title", lang, year=year))
    doc.recipient(views.unit_label(catalog, unit_id, lang))
    owed = [t(code, lang, n=len(row[column])) for column, code in (("indicators_missing", "remind.owed.indicators"),
                                                                   ("items_missing", "remind.owed.items")) if len(row[column])]
    doc.add(t("remind.opening", lang, date=date, year=year, owed=t("remind.owed.both", lang, first=owed[0], second=owed[1])
              if len(owed) == 2 else owed[0]))
    targets = targets_by_indicator(catalog)
    sections = 0

    def heading(code: str) -> None:   # 一、二、 in the order the sections come
        nonlocal sections
        sections += 1
        doc.heading(t("yr.h1", lang, n=chinese_ordinal(sections) if lang == "zh" else str(sections), text=t(code, lang)), 1)
    if row["indicators_missing"]:
        heading("remind.h.indicators")
        for n, indicator_id in enumerate(row["indicators_missing"], start=1):
            goals = [t("remind.target" if target.year else "remind.target_undated", lang, year=target.year,
                       goal=words(GoalInWords(target.value, target.comparator, indicator_id, target.aspiration), lang,
                                  catalog)) for target in targets.get(indicator_id, [])]
            doc.add(t("remind.indicator", lang, indicator=views.indicator_name(catalog, indicator_id, lang),
                      targets=listing(goals, lang)), lead=f"{n}." if lang == "zh" else f"{n}. ")
    if row["items_missing"]:
        heading("remind.h.items")
        items = picture.items.set_index("item_id")
        for n, item_id in enumerate(row["items_missing"], start=1):
            item = {**items.loc[item_id].to_dict(), "item_id": item_id}
            code = "remind.item.dated" if not pd.isna(item["year"]) else \
                "remind.item.annual" if item["annual"] else "remind.item.undated"
            doc.add(t(code, lang, item=task_views.item_label(item, lang),
                      deadline=None if pd.isna(item["year"]) else int(item["year"])),
                    lead=f"{n}." if lang == "zh" else f"{n}. ")
    doc.add(t("remind.closing", lang, deadline=deadline or t("remind.deadline_default", lang, year=year)))
    doc.signature(t("yr.office", lang), signed_date(picture.generated, lang))
    return doc.save()
