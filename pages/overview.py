"""/ 总览: the plan on one screen — headline goals, targets per action and year, the actions' lead units."""

import pandas as pd
import streamlit as st

from loaders.catalog import split_ids
from tracker import views
from tracker.charts import counts_chart
from tracker.cycle import reporting_cycle_year
from tracker.i18n import format_target, period_name, pick, t
from ui import dashboard, data, state
from ui.router import require_router
from ui.shell import page_header, share_link

require_router()
lang = state.current_lang()
catalog = data.catalog()
targets, indicators = catalog.targets, catalog.indicators.set_index("indicator_id")
actions = catalog.actions.set_index("action_id")
state.seed("overview", [])
page_header("page_overview", lang)

# Once the ledger has data, the office's dashboard for the year comes first
dashboard.show(catalog, lang, reporting_cycle_year())

# Headline goals: the numeric main goals, one card per indicator with its 2025 and 2030 values.
st.subheader(t("headline_goals", lang))
main = targets[(targets["action_id"] == 0) & targets["value"].notna()]
cards = st.columns(len(main["indicator_id"].unique()))
for card, (indicator_id, rows) in zip(cards, main.groupby("indicator_id", sort=False)):
    indicator = indicators.loc[indicator_id]
    unit = indicator["unit_en" if lang == "en" else "unit"]
    with card.container(border=True, height="stretch"):
        st.markdown(f"**{pick(indicator['name_zh'], indicator['name_en'], lang)}** ({unit})")
        for row in rows.itertuples():
            label = t("by_2025", lang) if row.year == 2025 else t("by_2030", lang)
            shown_unit = "%" if unit == "%" else ""  # the card's heading names longer units once
            st.metric(label, format_target(row.value, row.comparator, shown_unit, lang))
            if not pd.isna(row.flag) and row.flag == "contradiction":
                st.caption(f":material/warning: {t('contradictions', lang)}")
        st.caption(t("page_n", lang, n=int(rows["page"].iloc[0])))

with st.expander(t("period_goals", lang), icon=":material/timeline:"):
    period_goals = targets[(targets["action_id"] == 0) & targets["value"].isna()]
    for period, rows in period_goals.groupby("period", sort=False):
        st.markdown(f"**{period_name(period, lang)}**")
        for row in rows.itertuples():
            st.markdown(f"- {pick(row.statement_zh, row.statement_en, lang)}")

# Counts
st.subheader(t("targets_by_action", lang))
kinds = targets["kind"].value_counts()
figures = st.columns(5)
figures[0].metric(t("n_quantitative", lang), int(kinds.get("quantitative", 0)))
figures[1].metric(t("n_qualitative", lang), int(kinds.get("qualitative", 0)))
figures[2].metric(t("n_indicators", lang), len(indicators))
figures[3].metric(t("n_tasks", lang), f"{catalog.tasks['row_no'].nunique()} ({len(catalog.tasks)})",
                  help=t("overview.rows_1_39_of_the", lang))
figures[4].metric(t("n_units", lang), len(catalog.units))
st.altair_chart(counts_chart(views.counts_by_action(catalog), catalog, lang), width="stretch")

# The ten actions and their lead units, each linking to its targets
st.subheader(t("ten_actions", lang))
rows = []
for action_id in range(1, 11):
    tasks = catalog.tasks[catalog.tasks["action_id"] == action_id]
    leads = list(dict.fromkeys(u for cell in tasks["lead_units"] for u in split_ids(cell)))
    count = int((targets["action_id"] == action_id).sum())
    link = f"/targets?action={action_id}" + ("&lang=en" if lang == "en" else "")
    rows.append({t("action", lang): views.action_label(catalog, action_id, lang),
                 t("lead_units", lang): views.unit_names(catalog, leads, lang),
                 t("targets_count", lang): count,
                 t("page", lang): int(actions.at[action_id, "page"]),
                 t("open_targets", lang): link})
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", column_config={
    t("action", lang): st.column_config.TextColumn(width="medium"),
    t("lead_units", lang): st.column_config.TextColumn(width="medium"),
    t("targets_count", lang): st.column_config.NumberColumn(width="small"),
    t("page", lang): st.column_config.NumberColumn(format="%d", width="small"),
    t("open_targets", lang): st.column_config.LinkColumn(display_text=t("open_targets", lang) + " →", width="small"),
})

# Where the plan contradicts itself
st.subheader(t("contradictions", lang))
st.caption(t("contradictions_intro", lang))
flagged = views.contradictions(catalog)
for _, rows in flagged.groupby("notes", sort=False):
    with st.container(border=True):
        st.markdown(":material/warning: " + pick(rows["notes_zh"].iloc[0], rows["notes"].iloc[0], lang))
        for row in rows.itertuples():
            st.markdown(f"- {pick(row.statement_zh, row.statement_en, lang)} ({t('page_n', lang, n=row.page)}: "
                        f"“{row.quote}”)")

state.publish("overview", [])
share_link(lang)
