"""One ledger item on /tasks: what it is and where it stands, its reports and reviews, the form its units
report in and the office's review. A report and a review are written with their audit events, in one
transaction each."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ledger import store
from loaders.catalog import Catalog
from loaders.items import OFFICE, item_indicators
from loaders.text import clean_text
from tracker import task_views, views, wording
from tracker.i18n import beijing_time, md, pick, t
from tracker.task_status import timeline
from ui import access, data, faults, flash, ledger


_DRAFT = "_task_form_draft"   # item_id → the texts of a report whose save did not go through
_REVIEW_DRAFT = "_task_review_draft"   # item_id → the decision and text of a review whose save did not go through


def item_panel(catalog: Catalog, board: pd.DataFrame, year: int, item_id: str, lang: str) -> None:
    """One item: what it is, where it stands in `year`, its reports and reviews, and (for those who unlocked
    them) the form its units report in and the office's review."""
    flash.show("tasks")
    snapshot = ledger.snapshot()
    row = board.set_index("item_id").loc[item_id]
    record = {**row.to_dict(), "item_id": item_id}
    with st.container(border=True):
        st.subheader(task_views.item_label(record, lang))
        st.caption(" · ".join([
            task_views.kind_label(row["kind"], lang), views.action_label(catalog, int(row["action_id"]), lang),
            f"{t('lead_units', lang)}: {views.unit_names(catalog, row['lead_units'].split('|'), lang)}",
            f"{t('deadline', lang)}: {task_views.deadline_label(row['year'], row['annual'], lang)}",
            t("page_n", lang, n=int(row["page"]))]))
        st.text(pick(row["detail_zh"], row["detail_en"], lang))
        st.markdown(f"**{task_views.status_label(row['status'], lang)}**"
                    + (f" · {md('previous_status', lang, status=task_views.status_label(row['previous_status'], lang))}"
                       if isinstance(row["previous_status"], str) else ""))
        if row["status"] == "returned":
            st.warning(md("returned_by_office", lang, reason=row["return_reason"]), icon=":material/undo:")
        elif isinstance(row["review_note"], str):
            st.info(md("noted_by_office", lang, note=row["review_note"]), icon=":material/rate_review:")
        if isinstance(row["reporting_unit"], str):
            for key, column in (("progress_text", "progress"), ("issues_text", "issues"),
                                ("next_steps_text", "next_steps"), ("evidence_text", "evidence")):
                if row[column]:
                    st.markdown(f"**{t(key, lang)}**")
                    st.text(row[column])
        if row["partner_reports"]:
            st.caption(t("partner_reports", lang, n=int(row["partner_reports"])))
        st.markdown(f"##### {t('item_timeline', lang)}")
        events = timeline(snapshot.entries, snapshot.reviews, item_id)
        if events.empty:
            st.caption(t("no_reports_yet", lang))
        else:
            st.dataframe(pd.DataFrame({
                t("last_update", lang): [beijing_time(m) for m in events["at"]],
                t("reporting_year", lang): events["reporting_year"].astype(str),
                # a report names its unit; a review or a return the office, and its reviewer beside it
                t("reporting_unit_short", lang): [views.unit_label(catalog, OFFICE if e in ("note", "returned") else u, lang)
                                                  for e, u in zip(events["event"], events["unit"])],
                t("submitter", lang): events["who"],
                t("task_status", lang): [
                    t("review_note", lang) if e == "note" else t("return_reason", lang) if e == "returned"
                    else task_views.status_label(s, lang) for e, s in zip(events["event"], events["status"])],
                t("progress_text", lang): events["progress"],
                t("issues_text", lang): events["issues"],
                t("next_steps_text", lang): events["next_steps"],
            }), hide_index=True, width="stretch")
        _editing(catalog, year, item_id, row, lang)

def _editing(catalog: Catalog, year: int, item_id: str, row: pd.Series, lang: str) -> None:
    """The form a unit reports in, and the office's review, for those who unlocked them."""
    with st.expander(t("editing_tools", lang), icon=":material/edit_note:"):
        if not access.editing_configured():
            st.info(t("saving_off", lang), icon=":material/lock:")
            return
        editor = access.current_editor()
        if editor is None:
            access.unlock_form(ledger.engine(), lang, key="tasks_unlock")
            return
        access.editor_caption(editor, lambda u: views.unit_label(catalog, u, lang), lang)
        involved = [u for u in row["lead_units"].split("|") + (row["partner_units"] or "").split("|") if u]
        units = [u for u in involved if editor.may_save_for(u)]
        if editor.may_save and not units:
            st.caption(t("not_your_item", lang))
        if units:
            with st.form(key=f"report:{item_id}", clear_on_submit=False, border=False):
                st.markdown(f"**{t('report_this_item', lang)}**")
                unit_col, status_col = st.columns(2)
                unit_col.selectbox(t("report_for_unit", lang), units, key="task_form_unit",
                                   format_func=lambda u: views.unit_label(catalog, u, lang))
                draft = st.session_state.get(_DRAFT, {}).get(item_id, {})   # what a save that failed held
                reported = row["reported_status"] if isinstance(row["reported_status"], str) and row["reported_status"] else None
                reported = draft.get("status") or reported
                options = list(task_views.TASK_STATUS)
                status_col.selectbox(t("task_status", lang), options, key="task_form_status",
                                     index=options.index(reported) if reported in options else None,
                                     format_func=lambda s: task_views.status_label(s, lang),
                                     placeholder=t("choose_status", lang))
                for key, column in (("progress_text", "progress"), ("issues_text", "issues"),
                                    ("next_steps_text", "next_steps"), ("evidence_text", "evidence")):
                    shown = draft.get(column, row[column] if isinstance(row[column], str) else "")
                    st.text_area(t(key, lang), value=shown, key=f"task_form_{column}", max_chars=4000, height=90)
                numbers = item_indicators(catalog).get(item_id, ())
                if numbers:   # the item's own indicators: their values of the year go in with the report
                    st.caption(t("tasks.numbers_help", lang, year=year))
                    for column, indicator_id in zip(st.columns(min(3, len(numbers))) * len(numbers), numbers):
                        column.number_input(views.indicator_label(catalog, indicator_id, lang), value=None,
                                            key=f"task_form_value:{indicator_id}", format="%g")
                st.form_submit_button(t("save_item_report", lang), type="primary", icon=":material/save:",
                                      on_click=_save_item_report, args=(catalog, year, item_id, lang))
        if editor.reviewer:
            st.markdown(f"**{t('review_this_item', lang)}**")
            lead_report = row["submission_id"] if row["reporting_year"] == year and not pd.isna(row["submission_id"]) else None
            if lead_report is None:
                st.caption(t("nothing_to_review", lang))
                return
            with st.form(key=f"review:{item_id}", border=False):
                draft = st.session_state.get(_REVIEW_DRAFT, {}).get(item_id, {})   # what a save that failed held
                decisions = ["note", "returned"]
                st.radio(t("review_decision", lang), decisions, horizontal=True, key="task_review_decision",
                         index=decisions.index(draft.get("decision", "note")),
                         format_func=lambda d: t("decision_note" if d == "note" else "decision_return", lang))
                st.text_area(t("review_text", lang), value=draft.get("text", ""), key="task_review_text",
                             max_chars=2000, height=80)
                st.form_submit_button(t("save_review", lang), icon=":material/rate_review:", on_click=_save_review,
                                      args=(item_id, int(lead_report), lang))

@faults.guarded("tasks")
def _save_item_report(catalog: Catalog, year: int, item_id: str, lang: str) -> None:
    editor = access.current_editor()
    unit = st.session_state.get("task_form_unit")
    if editor is None or not editor.may_save_for(unit):
        return
    status = st.session_state.get("task_form_status") or ""
    # cleaned before anything holds it: a lone surrogate that a browser sent would not even fit a DataFrame
    texts = {c: clean_text(st.session_state.get(f"task_form_{c}")) for c in ("progress", "issues", "next_steps", "evidence")}
    # kept until the save succeeds: a form re-drawn after a failed save shows what was typed, not the ledger's
    st.session_state.setdefault(_DRAFT, {})[item_id] = {**texts, "status": status}
    entry = pd.DataFrame([{"item_id": item_id, "status": status, "sheet": "", "row": None, **texts}])
    details = store.SubmissionInput(unit, year, editor.name, t("form_origin", lang), "", origin="form")
    values = pd.DataFrame([(i, year, float(v)) for i in item_indicators(catalog).get(item_id, ())
                           if (v := st.session_state.get(f"task_form_value:{i}")) is not None],
                          columns=["indicator_id", "year", "value"])

    def audit(session, saved) -> None:   # written with the report, in its transaction
        access.add_event(session, "save", editor, unit_id=unit, year=year, submissions=[s.public_id for s in saved],
                         items=[item_id], values=len(values))
    try:
        store.save_submission(ledger.engine(), details, values, tasks=entry,
                              answers_for=None if editor.role == "admin" else data.answers_for, record=audit)
    except store.LedgerError as error:
        flash.say("tasks", "error", wording.say_md(error.message, lang, catalog))
        return
    st.session_state[_DRAFT].pop(item_id, None)
    label = task_views.item_label(data.items().set_index("item_id").loc[item_id].to_dict(), lang)
    flash.say("tasks", "success", md("item_saved", lang, item=label, unit=views.unit_label(catalog, unit, lang), year=year))

@faults.guarded("tasks")
def _save_review(item_id: str, submission_id: int, lang: str) -> None:
    editor = access.current_editor()
    if editor is None or not editor.reviewer:
        return
    decision = st.session_state.get("task_review_decision") or "note"
    typed = st.session_state.get("task_review_text") or ""
    # kept until the save succeeds, as a report is: the form re-drawn after a failed save shows what was typed
    st.session_state.setdefault(_REVIEW_DRAFT, {})[item_id] = {"decision": decision, "text": typed}

    def audit(session, unit_id: str) -> None:   # written with the review, in its transaction; names the unit reviewed
        access.add_event(session, "return" if decision == "returned" else "review", editor, unit_id=unit_id,
                         item=item_id, submission=submission_id)
    try:
        store.add_review(ledger.engine(), submission_id, decision=decision, item_id=item_id,
                         text_=typed, reviewer=editor.name, record=audit)
    except store.LedgerError as error:
        flash.say("tasks", "error", wording.say_md(error.message, lang, data.catalog()))
        return
    st.session_state[_REVIEW_DRAFT].pop(item_id, None)
    flash.say("tasks", "success", t("review_saved", lang))

