"""The ledger's history (every submission, one indicator's values over time) and its backup (export, and an
import checked before it is trusted: ledger.backup), for the administrators."""
from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from ledger import backup, store
from loaders.catalog import Catalog
from tracker import views, wording
from tracker.i18n import beijing_time, t
from ui import access, data, faults, flash
from ui.shell import drawn_when_open
from ui.ledger import engine


def history_panel(catalog: Catalog, lang: str) -> None:
    # read from the ledger when asked for: closed, it cost a query and a table each view
    panel = drawn_when_open(t("ledger_history", lang), "ledger_history", ":material/history:")
    if panel is None:
        return
    with panel:
        with Session(engine()) as session:
            subs = store.submissions(session)
        if subs.empty:
            st.caption(t("ledger_empty", lang))
            return
        st.dataframe(pd.DataFrame({
            t("ledger.submitted_beijing_time", lang): [beijing_time(m) for m in subs["submitted_at"]],
            t("reporting_unit", lang): [views.unit_label(catalog, u, lang) for u in subs["reporting_unit"]],
            t("ledger.reporting_year", lang): subs["reporting_year"].astype(str),
            t("submitter", lang): subs["submitter"],
            t("col.file", lang): subs["file_name"],
            t("values_count", lang): subs["values"],
            t("ledger.task_reports", lang): subs["tasks"],
            t("ledger.note", lang): subs["note"],
        }), hide_index=True, width="stretch")
        reported = views.charted_indicators(catalog, catalog.targets)
        indicator_id = st.selectbox(t("history_of", lang), reported, index=None, key="ledger_history_indicator",
                                    format_func=lambda i: views.indicator_label(catalog, i, lang),
                                    placeholder=t("choose_indicator", lang))
        if indicator_id:
            with Session(engine()) as session:
                rows = store.history(session, indicator_id)
            st.dataframe(pd.DataFrame({
                t("col.year", lang): rows["year"].astype(str),
                t("col.value", lang): rows["value"],
                t("ledger.approximate_2", lang): [t("report.yes", lang) if a else "" for a in rows["approximate"]],
                t("ledger.note", lang): rows["note"],
                t("ledger.written_as", lang): rows["written"],
                t("ledger.replaced", lang): rows["replaced_value"],
                t("reporting_unit", lang): [views.unit_label(catalog, u, lang) for u in rows["reporting_unit"]],
                t("submitter", lang): rows["submitter"],
                t("ledger.submitted_beijing_time", lang): [beijing_time(m) for m in rows["submitted_at"]],
                t("col.file", lang): rows["file_name"],
                t("col.cell", lang): rows["sheet"] + "!" + rows["column"] + rows["row"].map(
                    lambda r: "" if pd.isna(r) else str(int(r))),
            }), hide_index=True, width="stretch", placeholder="—")


def backup_panel(lang: str) -> None:
    """Export and import of the whole ledger: for the app's administrators (the all-units passcode)."""
    editor = access.current_editor()
    if editor is None or editor.role != "admin":
        return
    with st.expander(t("backup", lang), icon=":material/backup:"):
        st.download_button(t("export_ledger", lang), lambda: backup.export_ledger(engine()),
                           file_name="carbon-peak-ledger-backup.json", mime="application/json",
                           icon=":material/download:", on_click="ignore")
        upload = st.file_uploader(t("import_ledger", lang), type=["json"], key="ledger_import")
        if upload is not None:
            st.button(t("import_now", lang), icon=":material/upload:", key="ledger_import_now", on_click=_on_import,
                      args=(lang,))


@faults.guarded("ledger")
def _on_import(lang: str) -> None:
    upload = st.session_state.get("ledger_import")
    editor = access.current_editor()
    if upload is None or editor is None or editor.role != "admin":
        return
    def audit(session, added) -> None:   # the import's event, in its transaction
        access.add_event(session, "import", editor, submissions=added[0], reports=added[1], file=upload.name[:200])
    try:
        added = backup.import_ledger(engine(), upload.getvalue(), backup.known_for(data.catalog()), record=audit)
    except store.LedgerError as error:
        flash.say("ledger", "error", wording.say(error.message, lang, data.catalog()))
        return
    flash.say("ledger", "success", t("imported", lang, submissions=added[0], reports=added[1]))

