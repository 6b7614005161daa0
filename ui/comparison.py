"""The plan-versus-actual comparison as /progress shows it, live or from a shared report link: status tiles
and the table first (what people open the page for), the report and the share link right under them, the
trajectories last, their specs cached (ui.charts)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from loaders.catalog import Catalog
from tracker import views
from tracker.assess import assess_frame, due_verdicts
from loaders.statuses import ASSESSED, VERDICTS
from tracker.charts import STATUS_COLOUR, status_chart
from tracker.i18n import format_number, status_label, t
from tracker.report import NUMBER_COLUMNS, YEAR_COLUMNS, build_report, counts_table, status_table, verdict_table
from ui import charts
from ui.shell import drawn_when_open


def in_scope(catalog: Catalog, selection: views.TargetFilter, roles: pd.DataFrame) -> list[str]:
    """Indicators with numeric targets that the filters keep."""
    return views.charted_indicators(catalog, views.filter_targets(catalog, selection, roles))


def show(catalog: Catalog, values: pd.DataFrame, problems: pd.DataFrame, lang: str, scope: list[str],
         reporting_year: int, picked: list[str] | None, *, key: str = "live", picker=None, status: str | None = None,
         share=None, about: dict | None = None) -> pd.DataFrame:
    """Statuses, table, report download, share link and trajectories of the indicators in `scope`.

    `values`: indicator_id, year, value, source. `picker`: draws the indicator picker (live page only) and
    returns the picked ids. `status`: show only indicators in this status. `share`: draws the share link.
    `about`: what the Excel report says it is of (unit, files, year_source). Returns the assessments shown.
    """
    assessments = assess_frame(catalog, values, reporting_year)
    if status == "no_data":   # the indicators in view that nobody has reported: the list behind a "no data" count
        missing = [i for i in scope if i not in set(assessments["indicator_id"])]
        st.markdown(f"**{t('not_reported', lang, n=len(missing))}**")
        st.markdown("\n".join(f"- {views.indicator_label(catalog, i, lang)}" for i in missing) or t("due.none", lang))
        return assessments.iloc[0:0]
    shown = assessments[assessments["indicator_id"].isin(scope)].reset_index(drop=True)
    counts = shown["status"].value_counts()
    if status is not None:
        shown = shown[shown["status"] == status].reset_index(drop=True)
    # the due targets of the whole scope, those nobody reported on included (as the dashboard counts them);
    # a status filter narrows them to the indicators in that status
    due = due_verdicts(catalog, assessments, reporting_year)
    due_of = scope if status is None else shown["indicator_id"]
    due = due[due["indicator_id"].isin(due_of)].reset_index(drop=True)
    if not (shown.empty and due.empty):
        _due_section(catalog, due, lang)
    if shown.empty:
        st.info(t("no_assessed_in_filter", lang), icon=":material/filter_alt_off:")
        return shown
    st.markdown(f"##### {t('trajectory.heading', lang)}")
    tiles = ASSESSED
    for figure, code in zip(st.columns(len(tiles)), tiles):
        figure.metric(status_label(code, lang), int(counts.get(code, 0)))
    statuses = status_table(catalog, shown, lang)
    # every indicator without an inner scroll bar; the full reason is also under each trajectory below
    st.dataframe(_styled_statuses(statuses, lang), hide_index=True, width="stretch",
                 height=min(len(statuses), 20) * 35 + 38, placeholder="—",
                 column_config={t("col.reason", lang): st.column_config.TextColumn(width="large")})
    if shown["data_lag"].any():
        st.caption(t("data_lag_note", lang, year=reporting_year))
    report_values = values[values["indicator_id"].isin(scope)]
    download, link = st.columns([1, 2])
    download.download_button(t("download_report", lang),
                             lambda: build_report(catalog, shown, _report_values(report_values), problems, lang,
                                                  reporting_year=reporting_year, about=about, verdicts=due),
                             file_name=f"carbon-peak-progress-report-{reporting_year}-{lang}.xlsx",
                             icon=":material/download:", on_click="ignore", key=f"report:{key}",
                             mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    if share is not None:
        with link:
            share()
    counts_by_action = drawn_when_open(t("counts_by_action", lang), f"counts:{key}", ":material/bar_chart:")
    if counts_by_action is not None:
        chart_col, table_col = counts_by_action.columns([2, 3])
        chart_col.altair_chart(status_chart(shown, lang), width="stretch")
        table_col.dataframe(counts_table(catalog, shown, lang), hide_index=True, width="stretch")
    assessed = list(shown["indicator_id"])
    assessed_set = set(assessed)
    not_reported = [i for i in scope if i not in set(assessments["indicator_id"])]
    if not_reported and status is None:
        with st.expander(t("not_reported", lang, n=len(not_reported)), icon=":material/help:"):
            st.markdown("\n".join(f"- {views.indicator_label(catalog, i, lang)}" for i in not_reported))

    st.markdown(f"#### {t('trajectories', lang)}")
    if picker is not None:
        picked = picker(assessed)
    picked = [i for i in (picked or assessed) if i in assessed_set]
    charts.grid(picked, lang, key=key, values=values, assessments=shown)
    return shown


def _due_section(catalog: Catalog, due: pd.DataFrame, lang: str) -> None:
    """The targets whose year has passed, first: met, missed, no value for their year, and why."""
    st.markdown(f"##### {t('due.heading', lang)}")
    if due.empty:
        st.caption(t("due.none", lang))
        return
    st.caption(t("due.intro", lang))
    counts = due["verdict"].value_counts()
    for figure, code in zip(st.columns(len(VERDICTS) + 2), VERDICTS):
        figure.metric(status_label(code, lang), int(counts.get(code, 0)))
    table = verdict_table(catalog, due, lang)
    st.dataframe(_styled(table, lang, t("verdict", lang), years=[t("col.target_year", lang)],
                         numbers=[t("col.actual_of_year", lang), t("col.gap", lang)]),
                 hide_index=True, width="stretch", height=min(len(table), 12) * 35 + 38, placeholder="—",
                 column_config={t("reason", lang): st.column_config.TextColumn(width="large")})


def _styled_statuses(statuses: pd.DataFrame, lang: str):
    return _styled(statuses, lang, t("col.status", lang), years=[t(key, lang) for key in YEAR_COLUMNS],
                   numbers=[t(key, lang) for key in NUMBER_COLUMNS])


def _styled(table: pd.DataFrame, lang: str, status_column: str, *, years: list[str], numbers: list[str]):
    """Numbers as the plan writes them (1,234.5), years without separators, blanks as —, and each status in
    its colour (the label keeps its symbol, so it reads without colour too)."""
    colours = {status_label(code, lang): colour for code, colour in STATUS_COLOUR.items()}
    return (table.style
            .format(lambda v: str(int(v)), subset=years, na_rep="—")
            .format(format_number, subset=numbers, na_rep="—")
            .map(lambda v: f"background-color: {colours[v]}; color: white; font-weight: 600" if v in colours else "",
                 subset=[status_column]))


def _report_values(values: pd.DataFrame) -> pd.DataFrame:
    """The values sheet of the Excel report: uploads keep their cells, ledger values name their file."""
    frame = values.copy()
    for column in ("file", "sheet", "column"):
        if column not in frame:
            frame[column] = ""
    if "row" not in frame:
        frame["row"] = pd.NA
    if "file_name" in frame:
        from_ledger = frame["origin"] == "ledger"
        frame.loc[from_ledger, "file"] = frame.loc[from_ledger, "file_name"]
    frame["row"] = frame["row"].map(lambda r: "" if pd.isna(r) else str(int(r)))
    return frame[["indicator_id", "year", "value", "file", "sheet", "row", "column"]]
