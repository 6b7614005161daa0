"""/units 责任单位: one unit at a time — everything it leads and supports, targets and tasks, by action."""

import pandas as pd
import streamlit as st

from loaders.catalog import split_ids
from tracker import views
from tracker.i18n import pick, t, unit_kind_name
from ui import data, state
from ui import units as units_view
from ui.router import require_router
from ui.shell import page_header, share_link

require_router()
lang = state.current_lang()
catalog = data.catalog()
units = catalog.units.set_index("unit_id")
ordered_units = views.units_in_order(catalog)
UNIT = state.choice("unit", ordered_units)
PAGE = "units"
state.seed(PAGE, [UNIT])
page_header("page_units", lang)

st.selectbox(t("choose_unit", lang), ordered_units, index=None, placeholder=t("all", lang),
             format_func=lambda u: views.unit_label(catalog, u, lang), **state.bound(PAGE, UNIT))
unit_id = state.value(PAGE, UNIT)

if unit_id is None:
    directory = units_view.directory(catalog, lang)

    def open_unit() -> None:
        rows = st.session_state["units_directory"]["selection"]["rows"]
        if rows:
            state.assign(PAGE, UNIT, ordered_units[rows[0]])

    st.caption(t("units_directory_help", lang))
    # tall enough for every unit: a directory is scanned, not scrolled inside a box
    st.dataframe(directory, hide_index=True, width="stretch", height=(len(directory) + 1) * 35 + 3,
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

    picture = units_view.unit_picture(catalog, unit_id, lang)
    year, counts = picture.year, picture.counts
    led_targets, led_items = picture.led_targets, picture.led_items
    supported_targets, supported_items = picture.supported_targets, picture.supported_items
    figures = st.columns(4)
    figures[0].metric(f"{t('unit_tasks', lang)} · {t('unit_leads', lang)}", counts["tasks_lead"])
    figures[1].metric(f"{t('unit_tasks', lang)} · {t('unit_supports', lang)}", counts["tasks_partner"])
    figures[2].metric(f"{t('unit_targets', lang)} · {t('unit_leads', lang)}", counts["targets_lead"])
    figures[3].metric(f"{t('unit_targets', lang)} · {t('unit_supports', lang)}", counts["targets_partner"])
    units_view.duty_list_downloads(catalog, unit_id, lang)

    # what the unit leads comes first and whole: it is what the unit answers for
    st.subheader(t("unit_leads_heading", lang))
    st.markdown(f"##### {t('unit_led_targets', lang)}")
    if led_targets.empty:
        st.caption(t("unit_no_led_targets", lang))
    else:
        st.table(led_targets, hide_index=True)
        if picture.has_ledger_values:
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
