"""Saving to the ledger from /progress: the save panel under the review table (who reports, for which unit
and year, what will be saved), the share link of what the ledger holds, and partners' contributions."""
from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from ledger import links, store
from ledger.access import ALL_UNITS
from loaders.catalog import Catalog
from tracker import views, wording
from tracker.cycle import reporting_cycle_year, reporting_years
from tracker.i18n import md, plain, t
from tracker.report import contributions_table
from ui import access, data, faults, flash, uploads
from ui.ledger import engine, snapshot
from ui.shell import drawn_when_open, page_address


def save_panel(catalog: Catalog, loaded: uploads.Loaded, lang: str, reporting_year: int, unit_id: str | None) -> None:
    """Save the checked uploads to the ledger: editors, for the unit they report for, the rows the table above
    includes. A fragment: unlocking reruns only this panel; a save reruns the page, whose comparison it changes."""
    flash.show("ledger")
    if not loaded.results:
        return
    _save_fragment(catalog, lang, reporting_year, unit_id)


def reporting_unit(page_unit: str | None) -> str | None:
    """Who an upload reports for: the unit chosen on the page, else the one unit the editor may save for."""
    if page_unit is not None:
        return page_unit
    editor = access.current_editor()
    if editor is not None and len(editor.units) == 1 and ALL_UNITS not in editor.units:
        return next(iter(editor.units))
    return None


def loaded_for(page_unit: str | None) -> uploads.Loaded:
    """The session's uploads checked for the unit they report for, against the ledger as it is."""
    editor = access.current_editor()
    current = {(i, int(y)): float(v) for i, y, v in snapshot().current_values()[["indicator_id", "year", "value"]]
               .itertuples(index=False)}
    return uploads.loaded(reporting_unit(page_unit), for_all=editor is not None and editor.role == "admin",
                          current=current)


@st.fragment
def _save_fragment(catalog: Catalog, lang: str, reporting_year: int, page_unit: str | None) -> None:
    if st.session_state.pop("_ledger_saved_now", False):
        st.rerun(scope="app")
    flash.show("ledger")
    loaded = loaded_for(page_unit)
    if not loaded.results:
        return
    with st.container(border=True):
        st.markdown(f"**{t('save_title', lang)}**")
        if not access.editing_configured():
            st.info(t("saving_off", lang), icon=":material/lock:")
            st.caption(t("saving_off_admin", lang))
            return
        editor = access.current_editor()
        if editor is None:
            access.unlock_form(engine(), lang, key="ledger_unlock")
            return
        access.editor_caption(editor, lambda u: views.unit_label(catalog, u, lang), lang)
        if not editor.may_save:
            st.info(t("reviewer_cannot_save", lang), icon=":material/lock:")
            return
        unit = reporting_unit(page_unit)
        if unit is None:
            st.info(t("save.choose_unit_above", lang), icon=":material/apartment:")
            return
        if not editor.may_save_for(unit):
            st.error(md("not_your_unit", lang, units=access.units_text(editor, lambda u: views.unit_label(catalog, u, lang),
                                                                        lang)), icon=":material/lock:")
            return
        year_col, name_col = st.columns([1, 2])
        years = reporting_years()
        year_col.selectbox(t("reporting_year", lang), years, key="ledger_year",
                           index=years.index(min(max(int(reporting_year), years[0]), years[-1])))
        name_col.text_input(t("submitter", lang), value=editor.name, max_chars=100, key="ledger_submitter")
        st.text_input(t("note", lang), max_chars=500, key="ledger_note")
        counts = loaded.review.counts()
        st.markdown(t("save.summary", lang, unit=plain(views.unit_label(catalog, unit, lang)), **counts))
        with Session(engine()) as session:
            st.session_state["_ledger_head_seen"] = store.head(session)
        st.button(t("confirm_save", lang), type="primary", icon=":material/save:", key="ledger_confirm",
                  disabled=not (counts["values"] or counts["tasks"]), on_click=_save, args=(page_unit, lang))


@faults.guarded("ledger")
def _save(page_unit: str | None, lang: str) -> None:
    editor = access.current_editor()
    unit = reporting_unit(page_unit)
    if editor is None or unit is None or not editor.may_save_for(unit):
        flash.say("ledger", "error", t("passcode_wrong", lang))
        return
    # the preview this click confirmed, taken once: Streamlit can run a button's callback again when another
    # rerun coalesces with the click's, and a second save of the same preview must do nothing (not say "stale")
    seen = st.session_state.pop("_ledger_head_seen", None)
    if seen is None:
        return
    loaded = loaded_for(page_unit)
    values, tasks = loaded.values, loaded.tasks
    submitter = st.session_state.get("ledger_submitter") or ""
    year = int(st.session_state.get("ledger_year") or reporting_cycle_year())
    items = []
    for result in loaded.results:
        file_values = values[values["file"] == result.file]
        file_tasks = tasks[tasks["file"] == result.file]
        if file_values.empty and file_tasks.empty:
            continue
        sheet_notes = "; ".join(text for _, _, text in result.notes)  # what the sheet itself says of its figures
        note = "\n".join(n for n in (st.session_state.get("ledger_note") or "", sheet_notes) if n)
        not_used = loaded.review.problems()
        problems = pd.concat([loaded.problems[loaded.problems["file"] == result.file],
                              not_used[not_used["file"] == result.file]], ignore_index=True)
        items.append((store.SubmissionInput(unit, year, submitter, result.file, result.sha256, note),
                      file_values, problems, file_tasks))
    answers_for = None if editor.role == "admin" else data.answers_for

    def audit(session, saved) -> None:   # written with the save, in its transaction
        access.add_event(session, "save", editor, unit_id=unit, year=year, submissions=[s.public_id for s in saved],
                         values=sum(s.values for s in saved), tasks=sum(s.tasks for s in saved))
    try:
        saved = store.save_submissions(engine(), items, expected_head=seen, answers_for=answers_for, record=audit)
    except store.LedgerError as error:
        flash.say("ledger", "error", wording.say(error.message, lang, data.catalog()))
        return
    except Exception as error:
        if faults.fault(error):   # the ledger down, read-only or full: the guard says which
            raise
        flash.say("ledger", "error", t("save_failed", lang))
        return
    token = links.create_report(engine(), kind="submission", lang=lang, reporting_year=year,
                                submission_id=saved[-1].id, created_by=submitter)
    st.session_state["_ledger_saved_now"] = True
    uploads.clear()
    n_tasks = sum(s.tasks for s in saved)
    flash.say("ledger", "success", t("saved_tasks" if n_tasks else "saved", lang, n=sum(s.values for s in saved), tasks=n_tasks,
                      link=f"{page_address() or '/progress'}?report={token}"))
    st.session_state["_last_saved_report"] = token


@faults.guarded("ledger")
def _on_share(lang: str, reporting_year: int, view: dict) -> None:
    editor = access.current_editor()
    try:
        st.session_state["_shared_report"] = links.create_report(
            engine(), kind="ledger", lang=lang, reporting_year=reporting_year, view=view,
            created_by=editor.name if editor else "", client=access.client_address())
    except store.LedgerError as error:
        flash.say("ledger", "error", wording.say(error.message, lang, data.catalog()))


@st.fragment
def share_button(lang: str, reporting_year: int, view: dict, saved_values: int, has_unsaved: bool) -> None:
    """A link reopens what the ledger holds; with nothing saved there is nothing to share yet. A fragment:
    making the link reruns only this."""
    flash.show("ledger")
    if not saved_values:
        st.caption(t("share_needs_saved", lang))
        return
    st.button(t("create_share_link", lang), icon=":material/share:", key="ledger_share", on_click=_on_share,
              args=(lang, reporting_year, view))
    if has_unsaved:
        st.warning(t("share_link_unsaved", lang), icon=":material/warning:")
    token = st.session_state.get("_shared_report")
    if token:
        st.code(f"{page_address() or '/progress'}?report={token}", language=None, wrap_lines=True)
        st.caption(t("share_link_help", lang))


def contributions_panel(catalog: Catalog, lang: str, indicators: list[str]) -> None:
    """What partner units reported of the indicators in view: their contributions, beside (never instead of)
    the lead unit's values that the comparison judges."""
    given = snapshot().contributions()
    given = given[given["indicator_id"].isin(indicators)] if len(given) else given
    if not len(given):
        return
    # a city's partners report hundreds of values: drawn when asked for
    panel = drawn_when_open(t("contributions.title", lang, n=len(given)), "contributions", ":material/group_work:")
    if panel is not None:
        panel.caption(t("contributions.help", lang))
        panel.dataframe(contributions_table(catalog, given, data.leads(), lang), hide_index=True, width="stretch")

