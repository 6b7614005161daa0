"""The read-only view a share link reopens (/progress?report=<id>): what the ledger held, or one submission, in
the link's language and with the filters it was made with."""
from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from ledger import links, store
from loaders.actuals import PROBLEM_COLUMNS
from loaders.catalog import Catalog
from tracker import views, wording
from tracker.i18n import beijing_time, md, t
from ui import comparison, data, ledger, state
from ui.shell import page_header


def show(catalog: Catalog, token: str, lang: str) -> None:
    """The read-only view a share link reopens, in the link's language."""
    try:
        report = links.get_report(ledger.engine(), token)
        values = ledger.trusted(links.report_values(ledger.engine(), report, data.leads()), catalog)
        if report.kind == "submission":
            with Session(ledger.engine()) as session:
                sub = store.submission(session, report.submission_id)
    except store.LedgerError as error:
        page_header("page_progress", lang)
        st.error(wording.say(error.message, lang, catalog), icon=":material/link_off:")
        st.page_link("pages/progress.py", label=t("open_live", lang), icon=":material/monitoring:")
        return
    if st.session_state.get("_report_lang_applied") != token:  # first open: take the link's language
        st.session_state["_report_lang_applied"] = token
        if report.lang != lang:
            state.set_lang(report.lang)
            st.rerun()
    page_header("page_progress", lang)
    if report.kind == "submission":
        what = md("report_submission", lang, unit=views.unit_label(catalog, sub["reporting_unit"], lang),
                  who=sub["submitter"], file=sub["file_name"], when=beijing_time(sub["submitted_at"]),
                  year=int(sub["reporting_year"]))
    else:
        what = md("report_ledger", lang, when=beijing_time(report.as_of))
    st.info(t("report_banner", lang, what=what, created=beijing_time(report.created_at)),
            icon=":material/visibility:")
    view = report.view
    selection = views.TargetFilter(action=view.get("action"), unit=view.get("unit"), year=view.get("year"),
                                   query=view.get("q") or "")
    if not selection.is_empty():
        st.caption(md("report_filters", lang, filters=views.describe_filter(catalog, selection, lang)))
    scope = comparison.in_scope(catalog, selection, data.target_roles())
    comparison.show(catalog, ledger.with_sources(values, lang), pd.DataFrame(columns=PROBLEM_COLUMNS),
                    lang, scope, report.reporting_year, view.get("indicator"), key=f"report:{token}")
    st.page_link("pages/progress.py", label=t("open_live", lang), icon=":material/monitoring:")

