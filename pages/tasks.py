"""/tasks 重点任务: the work ledger (工作台账) — every task, qualitative goal, key project and duty with where it
stands in a reporting year; an item opens its reports and reviews; editors report in a form, the office reviews."""

import dataclasses

import streamlit as st

from loaders.items import ITEM_KINDS
from tracker import export, task_views
from tracker.charts import task_status_chart
from tracker.i18n import t
from tracker.task_status import ALL_STATUSES, counts_by_action, status_counts
from ui import data, filters, ledger, state, tasks
from ui.router import require_router
from ui.shell import drawn_when_open, page_header, share_link

require_router()
lang = state.current_lang()
catalog = data.catalog()
PAGE = "tasks"

ACTION = filters.action_param(task_views.TASK_ACTIONS)
UNIT = filters.unit_param(catalog)
STATUS = state.choice("status", list(ALL_STATUSES))
DEADLINE = state.choice("year", list(task_views.DEADLINES))
KIND = state.choice("kind", list(ITEM_KINDS))
QUERY = filters.query_param()
REPORTING_YEAR = filters.reporting_year_param()
ITEM = state.choice("item", list(data.items()["item_id"]))
DUE = state.choice("due", ["yes"])   # with a unit: only what it is due to report this year (the dashboard's lists)
PARAMS = [ACTION, UNIT, STATUS, DEADLINE, KIND, QUERY, REPORTING_YEAR, ITEM, DUE]
state.seed(PAGE, PARAMS)
page_header("page_tasks", lang)
st.caption(t("tasks_intro", lang))

year = state.value(PAGE, REPORTING_YEAR)
board = ledger.task_board(year)

first, second, third, fourth, fifth = st.columns([3, 3, 2, 1.4, 1.4])
filters.action(first, catalog, lang, PAGE, ACTION, task_views.TASK_ACTIONS)
filters.unit(second, catalog, lang, PAGE, UNIT)
third.selectbox(t("task_status", lang), ALL_STATUSES, index=None, placeholder=t("all", lang),
                format_func=lambda s: task_views.status_label(s, lang), **state.bound(PAGE, STATUS))
fourth.selectbox(t("deadline", lang), task_views.DEADLINES, index=None, placeholder=t("all", lang),
                 format_func=lambda y: t("no_deadline", lang) if y == "none" else str(y), **state.bound(PAGE, DEADLINE))
filters.reporting_year(fifth, lang, PAGE, REPORTING_YEAR, help="task_year_help")
kind_col, query_col = st.columns([1, 2])
kind_col.selectbox(t("item_kind", lang), list(ITEM_KINDS), index=None, placeholder=t("all", lang),
                   format_func=lambda k: task_views.kind_label(k, lang), **state.bound(PAGE, KIND))
filters.query(query_col, lang, PAGE, QUERY)

selection = task_views.BoardFilter(action=state.value(PAGE, ACTION), unit=state.value(PAGE, UNIT),
                                   status=state.value(PAGE, STATUS), deadline=state.value(PAGE, DEADLINE),
                                   kind=state.value(PAGE, KIND), query=state.value(PAGE, QUERY) or "",
                                   due_in=year if state.value(PAGE, DUE) else None)
# the counts are of the filters other than status, so that each tile says how many a status click would show
scope = task_views.filter_board(catalog, board, dataclasses.replace(selection, status=None))
shown = (scope if selection.status is None else scope[scope["status"] == selection.status]).reset_index(drop=True)

counts = status_counts(scope)
for row_codes in (ALL_STATUSES[:5], ALL_STATUSES[5:]):
    for tile, code in zip(st.columns(5), row_codes):
        tile.metric(task_views.status_label(code, lang), counts[code])
st.caption(t("status_counts_caption", lang, year=year))
if not scope.empty and len(scope["action_id"].unique()) > 1:
    by_action = drawn_when_open(t("item_status_by_action", lang), "items_by_action", ":material/stacked_bar_chart:")
    if by_action is not None:
        by_action.altair_chart(task_status_chart(counts_by_action(scope).drop(index="total"), catalog, lang),
                               width="stretch")

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


item_id = state.value(PAGE, ITEM)
if item_id:
    tasks.item_panel(catalog, board, year, item_id, lang)

state.publish(PAGE, PARAMS)
share_link(lang)
