"""/tasks 重点任务: the work ledger (工作台账) — every task, qualitative goal, key project and duty with where it
stands in a reporting year; an item opens its reports and reviews; editors report in a form, the office reviews."""

import dataclasses

import pandas as pd
import streamlit as st

from ledger import store
from loaders.items import ITEM_KINDS, ledger_items
from loaders.text import clean_text
from tracker import export, task_views, views
from tracker.charts import task_status_chart
from tracker.i18n import beijing_time, beijing_today, md, pick, t
from tracker.task_status import ALL_STATUSES, counts_by_action, status_counts, timeline
from ui import access, data, ledger, state
from ui.router import require_router
from ui.shell import page_header, share_link

require_router()
lang = state.current_lang()
catalog = data.catalog()
items = ledger_items(catalog)
PAGE = "tasks"
this_year = beijing_today().year
unit_choices = views.units_in_order(catalog)

ACTION = state.choice("action", list(task_views.TASK_ACTIONS))
UNIT = state.choice("unit", unit_choices)
STATUS = state.choice("status", list(ALL_STATUSES))
DEADLINE = state.choice("year", list(task_views.DEADLINES))
KIND = state.choice("kind", list(ITEM_KINDS))
QUERY = state.text("q")
REPORTING_YEAR = state.choice("reporting_year", list(range(2021, this_year + 2)), default=this_year)
ITEM = state.choice("item", list(items["item_id"]))
PARAMS = [ACTION, UNIT, STATUS, DEADLINE, KIND, QUERY, REPORTING_YEAR, ITEM]
state.seed(PAGE, PARAMS)
page_header("page_tasks", lang)
st.caption(t("tasks_intro", lang))

snapshot = ledger.snapshot()
year = state.value(PAGE, REPORTING_YEAR)
board = ledger.task_board(year)

first, second, third, fourth, fifth = st.columns([3, 3, 2, 1.4, 1.4])
first.selectbox(t("action", lang), task_views.TASK_ACTIONS, index=None, placeholder=t("all", lang),
                format_func=lambda a: views.action_label(catalog, a, lang), **state.bound(PAGE, ACTION))
second.selectbox(t("unit", lang), unit_choices, index=None, placeholder=t("all", lang),
                 format_func=lambda u: views.unit_label(catalog, u, lang), **state.bound(PAGE, UNIT))
third.selectbox(t("task_status", lang), ALL_STATUSES, index=None, placeholder=t("all", lang),
                format_func=lambda s: task_views.status_label(s, lang), **state.bound(PAGE, STATUS))
fourth.selectbox(t("deadline", lang), task_views.DEADLINES, index=None, placeholder=t("all", lang),
                 format_func=lambda y: t("no_deadline", lang) if y == "none" else str(y), **state.bound(PAGE, DEADLINE))
fifth.selectbox(t("reporting_year", lang), list(range(2021, this_year + 2)), help=t("task_year_help", lang),
                **state.bound(PAGE, REPORTING_YEAR))
kind_col, query_col = st.columns([1, 2])
kind_col.selectbox(t("item_kind", lang), list(ITEM_KINDS), index=None, placeholder=t("all", lang),
                   format_func=lambda k: task_views.kind_label(k, lang), **state.bound(PAGE, KIND))
query_col.text_input(t("search", lang), value=None, placeholder=t("search_placeholder", lang), max_chars=200,
                     **state.bound(PAGE, QUERY))

selection = task_views.BoardFilter(action=state.value(PAGE, ACTION), unit=state.value(PAGE, UNIT),
                                   status=state.value(PAGE, STATUS), deadline=state.value(PAGE, DEADLINE),
                                   kind=state.value(PAGE, KIND), query=state.value(PAGE, QUERY) or "")
# the counts are of the filters other than status, so that each tile says how many a status click would show
scope = task_views.filter_board(catalog, board, dataclasses.replace(selection, status=None))
shown = (scope if selection.status is None else scope[scope["status"] == selection.status]).reset_index(drop=True)

counts = status_counts(scope)
for row_codes in (ALL_STATUSES[:5], ALL_STATUSES[5:]):
    for tile, code in zip(st.columns(5), row_codes):
        tile.metric(task_views.status_label(code, lang), counts[code])
st.caption(t("status_counts_caption", lang, year=year))
if not scope.empty and len(scope["action_id"].unique()) > 1:
    by_action = counts_by_action(scope).drop(index="total")
    with st.expander(t("item_status_by_action", lang), icon=":material/stacked_bar_chart:"):
        st.altair_chart(task_status_chart(by_action, catalog, lang), width="stretch")

st.divider()
if shown.empty:
    st.info(t("no_items_match", lang), icon=":material/filter_alt_off:")
else:
    head, download = st.columns([4, 1.4])
    head.markdown(f"**{t('n_items', lang, n=len(shown))}** · {t('select_item_help', lang)}")
    download.download_button(
        t("download_board", lang),
        lambda: export.excel_bytes(task_views.board_table(catalog, shown, lang, texts=True), t("page_tasks", lang)),
        file_name=f"carbon-peak-work-ledger-{year}-{lang}.xlsx", icon=":material/download:", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    def open_item() -> None:
        rows = st.session_state["tasks_table"]["selection"]["rows"]
        if rows:
            state.assign(PAGE, ITEM, shown.iloc[rows[0]]["item_id"])

    table = task_views.board_table(catalog, shown, lang)
    st.dataframe(table, hide_index=True, width="stretch", on_select=open_item, selection_mode="single-row",
                 key="tasks_table", height=min(len(table), 16) * 35 + 38, column_config={
                     t("task", lang): st.column_config.TextColumn(width="large"),
                     t("row_no", lang): st.column_config.TextColumn(width="small")})


def show_item(item_id: str) -> None:
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
                t("reporting_unit_short", lang): [views.unit_label(catalog, u, lang) for u in events["unit"]],
                t("submitter", lang): events["who"],
                t("task_status", lang): [
                    t("review_note", lang) if e == "note" else t("return_reason", lang) if e == "returned"
                    else task_views.status_label(s, lang) for e, s in zip(events["event"], events["status"])],
                t("progress_text", lang): events["progress"],
                t("issues_text", lang): events["issues"],
                t("next_steps_text", lang): events["next_steps"],
            }), hide_index=True, width="stretch")
        editing(item_id, row)


def editing(item_id: str, row: pd.Series) -> None:
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
                reported = row["reported_status"] if isinstance(row["reported_status"], str) and row["reported_status"] else None
                options = list(task_views.TASK_STATUS)
                status_col.selectbox(t("task_status", lang), options, key="task_form_status",
                                     index=options.index(reported) if reported in options else None,
                                     format_func=lambda s: task_views.status_label(s, lang),
                                     placeholder=t("choose_status", lang))
                for key, column in (("progress_text", "progress"), ("issues_text", "issues"),
                                    ("next_steps_text", "next_steps"), ("evidence_text", "evidence")):
                    st.text_area(t(key, lang), value=row[column] if isinstance(row[column], str) else "",
                                 key=f"task_form_{column}", max_chars=4000, height=90)
                st.form_submit_button(t("save_item_report", lang), type="primary", icon=":material/save:",
                                      on_click=save_item_report, args=(item_id,))
        if editor.reviewer:
            st.markdown(f"**{t('review_this_item', lang)}**")
            lead_report = row["submission_id"] if row["reporting_year"] == year and not pd.isna(row["submission_id"]) else None
            if lead_report is None:
                st.caption(t("nothing_to_review", lang))
                return
            with st.form(key=f"review:{item_id}", border=False):
                st.radio(t("review_decision", lang), ["note", "returned"], horizontal=True, key="task_review_decision",
                         format_func=lambda d: t("decision_note" if d == "note" else "decision_return", lang))
                st.text_area(t("review_text", lang), key="task_review_text", max_chars=2000, height=80)
                st.form_submit_button(t("save_review", lang), icon=":material/rate_review:", on_click=save_review,
                                      args=(item_id, int(lead_report)))


def save_item_report(item_id: str) -> None:
    editor = access.current_editor()
    unit = st.session_state.get("task_form_unit")
    if editor is None or not editor.may_save_for(unit):
        return
    status = st.session_state.get("task_form_status") or ""
    # cleaned before anything holds it: a lone surrogate that a browser sent would not even fit a DataFrame
    entry = pd.DataFrame([{"item_id": item_id, "status": status, "sheet": "", "row": None,
                           **{c: clean_text(st.session_state.get(f"task_form_{c}")) for c in
                              ("progress", "issues", "next_steps", "evidence")}}])
    details = store.SubmissionInput(unit, year, editor.name, t("form_origin", lang), "", origin="form")
    try:
        saved = store.save_submission(ledger.engine(), details, pd.DataFrame(columns=["indicator_id", "year", "value"]),
                                             tasks=entry)
    except store.LedgerError as error:
        st.session_state["_tasks_message"] = ("error", pick(error.zh, error.en, lang))
        return
    access.record(ledger.engine(), "save", editor, unit_id=unit, year=year, submissions=[saved.public_id], items=[item_id])
    label = task_views.item_label({**items.set_index("item_id").loc[item_id].to_dict()}, lang)
    st.session_state["_tasks_message"] = ("success", md("item_saved", lang, item=label,
                                                        unit=views.unit_label(catalog, unit, lang), year=year))


def save_review(item_id: str, submission_id: int) -> None:
    editor = access.current_editor()
    if editor is None or not editor.reviewer:
        return
    decision = st.session_state.get("task_review_decision") or "note"
    try:
        store.add_review(ledger.engine(), submission_id, decision=decision, item_id=item_id,
                                text_=st.session_state.get("task_review_text") or "", reviewer=editor.name)
    except store.LedgerError as error:
        st.session_state["_tasks_message"] = ("error", pick(error.zh, error.en, lang))
        return
    access.record(ledger.engine(), "return" if decision == "returned" else "review", editor, item=item_id,
                  submission=submission_id)
    st.session_state["_tasks_message"] = ("success", t("review_saved", lang))


kind, text = st.session_state.pop("_tasks_message", (None, None))
if kind == "success":
    st.success(text, icon=":material/check_circle:")
elif kind == "error":
    st.error(text, icon=":material/error:")
item_id = state.value(PAGE, ITEM)
if item_id:
    show_item(item_id)

state.publish(PAGE, PARAMS)
share_link(lang)
