"""/units 责任单位: one unit at a time — everything it leads and supports, targets and tasks, by action."""
import pandas as pd
import streamlit as st

from loaders.catalog import split_ids
from tracker import views
from tracker.i18n import UNIT_KIND, format_target, pick, t
from ui import data, state
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
            t("unit_kind", lang): pick(*UNIT_KIND[units.at[uid, "kind"]], lang),
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
    details = [f"{t('unit_kind', lang)}: {pick(*UNIT_KIND[unit['kind']], lang)}",
               pick(unit["name_en"], unit["name_zh"], lang)]
    if not pd.isna(unit["aliases"]):
        details.append(f"{t('aliases', lang)}: {'、'.join(split_ids(unit['aliases']))}")
    st.caption(" · ".join(details))

    targets, tasks = views.unit_summary(catalog, unit_id)
    figures = st.columns(4)
    figures[0].metric(f"{t('unit_tasks', lang)} · {t('unit_leads', lang)}", int((tasks["role"] == "lead").sum()))
    figures[1].metric(f"{t('unit_tasks', lang)} · {t('unit_supports', lang)}", int((tasks["role"] == "partner").sum()))
    figures[2].metric(f"{t('unit_targets', lang)} · {t('unit_leads', lang)}", int((targets["role"] == "lead").sum()))
    figures[3].metric(f"{t('unit_targets', lang)} · {t('unit_supports', lang)}",
                      int((targets["role"] == "partner").sum()))

    for action_id in sorted(tasks["action_id"].unique()):
        action_tasks = tasks[tasks["action_id"] == action_id]
        action_targets = targets[targets["action_id"] == action_id]
        st.markdown(f"#### {views.action_label(catalog, action_id, lang)}")
        if len(action_targets):
            rows = []
            for row in action_targets.itertuples():
                unit_text = "" if pd.isna(row.indicator_id) else \
                    indicators.at[row.indicator_id, "unit_en" if lang == "en" else "unit"]
                rows.append({
                    t("role", lang): role_name(row.role),
                    t("statement", lang): pick(row.statement_zh, row.statement_en, lang),
                    t("value", lang): t("qualitative", lang) if pd.isna(row.value) else format_target(
                        row.value, row.comparator, unit_text, lang, None if pd.isna(row.aspiration) else row.aspiration),
                    t("year", lang): t("none_year", lang) if pd.isna(row.year) else str(int(row.year)),
                    t("page", lang): int(row.page),
                })
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", column_config={
                t("statement", lang): st.column_config.TextColumn(width="large"),
                t("page", lang): st.column_config.NumberColumn(format="%d", width="small")})
        task_rows = [{
            t("row_no", lang): row.task_no,
            t("role", lang): role_name(row.role),
            t("measure", lang): pick(row.measure_zh, row.measure_en, lang)
            + ("" if pd.isna(row.item_zh) else f" · {pick(row.item_zh, row.item_en, lang)}"),
            t("main_work", lang): pick(row.main_work_zh, row.main_work_en, lang),
            t("lead_units", lang): views.unit_names(catalog, split_ids(row.lead_units), lang),
        } for row in action_tasks.itertuples()]
        st.dataframe(pd.DataFrame(task_rows), hide_index=True, width="stretch", column_config={
            t("row_no", lang): st.column_config.TextColumn(width="small"),
            t("main_work", lang): st.column_config.TextColumn(width="large")})

state.publish(PAGE, [UNIT])
share_link(lang)
