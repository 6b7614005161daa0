"""/units 责任单位: one unit at a time — everything it leads and supports, targets and tasks, by action."""

import pandas as pd
import streamlit as st

from loaders.catalog import split_ids
from loaders.items import unit_item_roles
from tracker import export, task_views, views
from tracker.cycle import reporting_cycle_year
from tracker.i18n import format_number, format_target, pick, t, unit_kind_name
from ui import data, ledger, state
from ui.router import require_router
from ui.shell import page_header, share_link

require_router()
lang = state.current_lang()
catalog = data.catalog()
indicators = catalog.indicators.set_index("indicator_id")
units = catalog.units.set_index("unit_id")
ordered_units = views.units_in_order(catalog)
UNIT = state.choice("unit", ordered_units)
PAGE = "units"
state.seed(PAGE, [UNIT])
page_header("page_units", lang)


def role_name(role: str) -> str:
    return t("role_lead", lang) if role == "lead" else t("role_partner", lang)


st.selectbox(t("choose_unit", lang), ordered_units, index=None, placeholder=t("all", lang),
             format_func=lambda u: views.unit_label(catalog, u, lang), **state.bound(PAGE, UNIT))
unit_id = state.value(PAGE, UNIT)
roles = views.task_roles(catalog)
target_roles = data.target_roles()

if unit_id is None:
    # A directory of every unit: how much each leads and supports.
    directory = []
    for uid in ordered_units:
        mine = roles[roles["unit_id"] == uid]["role"].value_counts()
        targets_mine = target_roles[target_roles["unit_id"] == uid]["role"].value_counts()
        directory.append({
            t("unit", lang): views.unit_label(catalog, uid, lang),
            t("unit_kind", lang): unit_kind_name(units.at[uid, "kind"], lang),
            t("tasks_led", lang): int(mine.get("lead", 0)),
            t("tasks_supported", lang): int(mine.get("partner", 0)),
            t("targets_led", lang): int(targets_mine.get("lead", 0)),
            t("targets_supported", lang): int(targets_mine.get("partner", 0)),
        })
    def open_unit() -> None:
        rows = st.session_state["units_directory"]["selection"]["rows"]
        if rows:
            state.assign(PAGE, UNIT, ordered_units[rows[0]])

    st.caption(t("units_directory_help", lang))
    # tall enough for every unit: a directory is scanned, not scrolled inside a box
    st.dataframe(pd.DataFrame(directory), hide_index=True, width="stretch", height=(len(directory) + 1) * 35 + 3,
                 on_select=open_unit, selection_mode="single-row", key="units_directory",
                 column_config={t("unit", lang): st.column_config.TextColumn(width="large")})
else:
    unit = units.loc[unit_id]
    st.subheader(pick(unit["name_zh"], unit["name_en"], lang))
    details = [f"{t('unit_kind', lang)}: {unit_kind_name(unit['kind'], lang)}",
               pick(unit["name_en"], unit["name_zh"], lang)]
    if not pd.isna(unit["aliases"]):
        details.append(f"{t('aliases', lang)}: {'、'.join(split_ids(unit['aliases']))}")
    st.caption(" · ".join(details))

    targets, tasks = views.unit_summary(catalog, unit_id)
    year = reporting_cycle_year()
    board = ledger.task_board(year)
    mine = unit_item_roles(data.item_roles(), unit_id)
    items = board[board["item_id"].isin(mine.index)].assign(role=lambda f: f["item_id"].map(mine))
    figures = st.columns(4)
    figures[0].metric(f"{t('unit_tasks', lang)} · {t('unit_leads', lang)}", int((tasks["role"] == "lead").sum()))
    figures[1].metric(f"{t('unit_tasks', lang)} · {t('unit_supports', lang)}", int((tasks["role"] == "partner").sum()))
    figures[2].metric(f"{t('unit_targets', lang)} · {t('unit_leads', lang)}", int((targets["role"] == "lead").sum()))
    figures[3].metric(f"{t('unit_targets', lang)} · {t('unit_supports', lang)}",
                      int((targets["role"] == "partner").sum()))

    assessments = ledger.ledger_assessments().set_index("indicator_id")
    progress = ledger.target_progress(lang)

    def target_rows(frame: pd.DataFrame) -> pd.DataFrame:
        rows = []
        for row in frame.itertuples():
            unit_text = "" if pd.isna(row.indicator_id) else \
                indicators.at[row.indicator_id, "unit_en" if lang == "en" else "unit"]
            judged = assessments.loc[row.indicator_id] if row.indicator_id in assessments.index else None
            latest = ""
            if judged is not None and not pd.isna(row.value):
                latest = f"{int(judged['latest_year'])}: {format_number(judged['latest_value'])}" + (
                    unit_text if unit_text in ("%", "") else f" {unit_text}")
            # a verdict once its year has passed, else the status toward it; a goal its ledger item's status
            shown = progress.get(row.target_id)
            progress_text, why = (shown.label, shown.why) if shown else ("", "")
            rows.append({
                t("action", lang): views.action_label(catalog, row.action_id, lang),
                t("statement", lang): pick(row.statement_zh, row.statement_en, lang),
                t("value", lang): t("qualitative", lang) if pd.isna(row.value) else format_target(
                    row.value, row.comparator, unit_text, lang, None if pd.isna(row.aspiration) else row.aspiration),
                t("year", lang): t("none_year", lang) if pd.isna(row.year) else str(int(row.year)),
                t("unit_latest_actual", lang): latest,
                t("unit_target_status", lang): progress_text,
                t("reason", lang): why,
                t("page", lang): str(int(row.page)),
            })
        return pd.DataFrame(rows)

    def item_rows(frame: pd.DataFrame) -> pd.DataFrame:
        table = task_views.board_table(catalog, frame, lang)
        return table.drop(columns=[t("lead_units", lang)]) if not table.empty else table

    led_targets, led_items = target_rows(targets[targets["role"] == "lead"]), item_rows(items[items["role"] == "lead"])
    supported_targets = target_rows(targets[targets["role"] == "partner"])
    supported_items = item_rows(items[items["role"] == "partner"])
    name = pick(unit["name_zh"], unit["name_en"], lang)
    st.download_button(t("download_unit", lang), lambda: export.workbook_bytes({
        t("unit_led_targets", lang): led_targets, t("unit_led_items", lang): led_items,
        t("unit_supported_targets", lang): supported_targets, t("unit_supported_items", lang): supported_items}),
        file_name=f"carbon-peak-{unit_id}-{lang}.xlsx", icon=":material/download:", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    # what the unit leads comes first and whole: it is what the unit answers for
    st.subheader(t("unit_leads_heading", lang))
    st.markdown(f"##### {t('unit_led_targets', lang)}")
    if led_targets.empty:
        st.caption(t("unit_no_led_targets", lang))
    else:
        st.table(led_targets, hide_index=True)
        if not assessments.empty:
            st.caption(t("unit_targets_ledger_caption", lang))
    st.markdown(f"##### {t('unit_led_items', lang)} · {t('status_in_year', lang, year=year)}")
    if led_items.empty:
        st.caption(t("unit_no_led_items", lang))
    else:
        st.table(led_items, hide_index=True)
    st.page_link("pages/tasks.py", label=t("open_unit_tasks", lang), icon=":material/checklist:",
                 query_params={"unit": unit_id, **({"lang": lang} if lang != "zh" else {})})
    with st.expander(t("unit_supports_heading", lang, n=len(supported_targets) + len(supported_items)),
                     icon=":material/handshake:"):
        if not supported_targets.empty:
            st.markdown(f"##### {t('unit_supported_targets', lang)}")
            st.table(supported_targets, hide_index=True)
        if not supported_items.empty:
            st.markdown(f"##### {t('unit_supported_items', lang)}")
            st.table(supported_items, hide_index=True)

state.publish(PAGE, [UNIT])
share_link(lang)
