"""The leading group office's dashboard on the overview, once the ledger has data: for a year, the status of
numbers and tasks per action, reporting coverage per unit, what changed since the year before, and the
year-end report to download. Every count is a link to the list behind it."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from loaders.catalog import Catalog
from loaders.statuses import VERDICTS
from tracker import task_views, views
from tracker.charts import indicator_status_chart, task_status_chart, verdict_chart
from tracker.i18n import md, status_label, t
from tracker.assess import targets_of_year
from tracker.report import verdict_table
from tracker.task_status import counts_by_action
from ledger.reminders import build_reminder, late_units
from ui import access, downloads, ledger
from ui.shell import drawn_when_open

TILES_PER_ROW = 5


def _link(lang: str, **params) -> dict:
    return {**({"lang": lang} if lang != "zh" else {}), **{k: str(v) for k, v in params.items() if v is not None}}


def changes(picture, catalog: Catalog, lang: str) -> pd.DataFrame:
    """Indicators and items whose status moved since the year before, with the kind of each change."""
    moves = picture.moves()
    return pd.DataFrame({
        t("col.name", lang): [views.indicator_name(catalog, m.id, lang) if m.kind == "indicator"
                              else task_views.item_label(m.record, lang) for m in moves.itertuples()],
        t("dashboard.a_year_before", lang): [status_label(b, lang) for b in moves["before"]],
        t("dashboard.this_year", lang): [status_label(n, lang) for n in moves["now"]],
        t("moves.column", lang): [t(f"moves.change.{c}", lang) for c in moves["change"]],
    })


def _due_section(catalog: Catalog, due: pd.DataFrame, target_year: int, year: int, lang: str) -> None:
    """The targets of one year now due: how many were met, missed or have no value for that year, per action,
    and the missed and unknown ones by name with why. In their own year only those with a value are due."""
    total = targets_of_year(catalog, target_year)
    count = t("due.n_targets", lang, n=len(due)) if target_year < year else \
        t("due.n_judged", lang, n=len(due), total=total)
    st.markdown(f"**{t('due.dashboard_title' if target_year != 2025 else 'due.dashboard_title_2025', lang, year=target_year)}**"
                f" · {count}")
    counts = due["verdict"].value_counts()
    tiles = st.columns(TILES_PER_ROW)
    for n, code in enumerate(VERDICTS):
        tiles[n].metric(status_label(code, lang), int(counts.get(code, 0)))
    tiles[len(VERDICTS)].page_link("pages/targets.py", label=t("due.open_targets", lang, year=target_year),
                                   icon=":material/table_view:", query_params=_link(lang, year=target_year))
    st.altair_chart(verdict_chart(due, catalog, lang), width="stretch")
    for code in ("missed", "no_value_for_year"):
        rows = due[due["verdict"] == code]
        if len(rows):
            with st.expander(f"{status_label(code, lang)} · {len(rows)}", icon=":material/list:"):
                st.dataframe(verdict_table(catalog, rows, lang), hide_index=True, width="stretch",
                             column_config={t("reason", lang): st.column_config.TextColumn(width="large")})


def _reminders(catalog: Catalog, picture, lang: str) -> None:
    """The units still owing reports, each with its reminder (催报通知) to make and send."""
    late = late_units(picture)
    st.markdown(f"**{t('remind.heading', lang)}** · {len(late)}")
    if not late:
        st.caption(t("remind.none", lang))
        return
    st.caption(t("remind.help", lang))
    coverage = picture.coverage.set_index("unit_id")
    with st.expander(t("remind.heading", lang), icon=":material/notifications:"):
        for unit_id in late:
            line, button = st.columns([3, 2])
            line.markdown(md("remind.line", lang, unit=views.unit_label(catalog, unit_id, lang),
                             indicators=len(coverage.at[unit_id, "indicators_missing"]),
                             items=len(coverage.at[unit_id, "items_missing"])))
            with button:
                downloads.document(t("remind.download", lang), reminder_maker(catalog, picture, unit_id, lang),
                                   key=f"remind:{unit_id}", lang=lang, icon=":material/notifications:",
                                   file_name=f"carbon-peak-{picture.year}-reminder-{unit_id}-{lang}.docx",
                                   mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def reminder_maker(catalog: Catalog, picture, unit_id: str, lang: str):
    """Makes one unit's reminder and records that it was made (who, for which unit and year)."""
    def make() -> bytes:
        made = build_reminder(catalog, picture, unit_id, lang)
        access.record(ledger.engine(), "remind", access.current_editor(), unit_id=unit_id, year=picture.year)
        return made
    return make


def show(catalog: Catalog, lang: str, year: int) -> bool:
    """The dashboard; False (nothing drawn) while the ledger is empty."""
    if ledger.snapshot().empty:
        return False
    picture = ledger.year_end_picture(year)
    st.subheader(t("dashboard_title", lang, year=year))
    st.caption(t("dashboard_intro", lang))
    downloads.year_end_downloads(catalog, lang, year, key="dashboard")
    for target_year, due in picture.verdicts.groupby("target_year", sort=True):   # what is due, first
        _due_section(catalog, due, int(target_year), year, lang)

    # one section under the other: side by side, nine statuses' names and legends do not fit half a page
    st.markdown(f"**{t('indicators_by_action', lang)}** · {len(picture.indicators)}")
    tiles = st.columns(TILES_PER_ROW)
    for n, (code, count) in enumerate(picture.indicator_counts().items()):
        tiles[n % TILES_PER_ROW].page_link("pages/progress.py", label=f"{status_label(code, lang)} **{count}**",
                                           query_params=_link(lang, status=code))
    st.altair_chart(indicator_status_chart(picture.indicators, catalog, lang), width="stretch")

    st.markdown(f"**{t('items_by_action', lang)}** · {len(picture.items)}")
    tiles = st.columns(TILES_PER_ROW)
    for n, (code, count) in enumerate(picture.item_counts().items()):
        tiles[n % TILES_PER_ROW].page_link("pages/tasks.py", label=f"{task_views.status_label(code, lang)} **{count}**",
                                           query_params=_link(lang, status=code, reporting_year=year))
    st.altair_chart(task_status_chart(counts_by_action(picture.items).drop(index="total"), catalog, lang),
                    width="stretch")

    st.markdown(f"**{t('coverage_title', lang)}**")
    coverage = picture.coverage
    language = "" if lang == "zh" else "lang=en&"
    st.dataframe(pd.DataFrame({
        t("col.unit", lang): [views.unit_label(catalog, u, lang) for u in coverage["unit_id"]],
        t("dashboard.verdict", lang): [t(f"reporting.{v}", lang) for v in coverage["reporting"]],
        t("dashboard.indicators_due", lang): coverage["indicators_due"],
        t("dashboard.indicators_reported", lang): coverage["indicators_reported"],
        t("dashboard.items_due", lang): coverage["items_due"],
        t("dashboard.items_reported", lang): coverage["items_reported"],
        t("dashboard.list", lang): [f"/tasks?{language}unit={u}&due=yes&reporting_year={year}" for u in coverage["unit_id"]],
    }), hide_index=True, width="stretch", height=(len(coverage) + 1) * 35 + 3, column_config={
        t("col.unit", lang): st.column_config.TextColumn(width="medium"),
        t("dashboard.list", lang): st.column_config.LinkColumn(display_text=t("open_list", lang) + " →")})

    _reminders(catalog, picture, lang)

    tally = picture.move_counts()
    moved = sum(tally.values())   # each move is of exactly one kind (YearEnd.moves): the counts add up to the list
    st.markdown(f"**{t('changes_title', lang)}** · {t('moves.summary', lang, **tally, total=moved)}")
    if not moved:
        st.caption(t("no_changes", lang))
    else:
        listed = drawn_when_open(f"{t('open_list', lang)} ({moved})", "changes", ":material/compare_arrows:")
        if listed is not None:
            listed.dataframe(changes(picture, catalog, lang), hide_index=True, width="stretch")
    return True
