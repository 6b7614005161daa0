"""/targets 目标: filter the plan's targets, see the trajectories of what the filter shows (with the ledger's
actuals, trend and status where it has them), read the sentence behind each target, export for analysis."""
import pandas as pd
import streamlit as st

from tracker import export, views
from tracker.i18n import pick, plain, t
from ui import charts, data, filters, ledger, state
from ui.router import require_router
from ui.shell import page_header, share_link

require_router()

lang = state.current_lang()
catalog = data.catalog()
numeric_indicators = views.charted_indicators(catalog, catalog.targets)

ACTION = filters.action_param()
UNIT = filters.unit_param(catalog)
YEAR = filters.target_year_param()
KIND = state.choice("kind", list(views.KINDS))
QUERY = filters.query_param()
INDICATORS = state.choices("indicator", numeric_indicators)
PARAMS = [ACTION, UNIT, YEAR, KIND, QUERY, INDICATORS]
PAGE = "targets"
state.seed(PAGE, PARAMS)

page_header("page_targets", lang)

action_col, unit_col, year_col, kind_col = st.columns([3, 3, 1.4, 1.6])
filters.action(action_col, catalog, lang, PAGE, ACTION)
filters.unit(unit_col, catalog, lang, PAGE, UNIT)
filters.target_year(year_col, lang, PAGE, YEAR)
kind_col.selectbox(t("kind_filter", lang), views.KINDS, format_func=lambda k: t(k, lang), index=None,
                   placeholder=t("all", lang), **state.bound(PAGE, KIND))
filters.query(st, lang, PAGE, QUERY)

selection = views.TargetFilter(action=state.value(PAGE, ACTION), unit=state.value(PAGE, UNIT),
                               year=state.value(PAGE, YEAR), query=state.value(PAGE, QUERY) or "",
                               kind=state.value(PAGE, KIND))
matching = views.filter_targets(catalog, selection, data.target_roles())
in_view = views.charted_indicators(catalog, matching)
picked = state.value(PAGE, INDICATORS)
options = list(dict.fromkeys(in_view + picked))  # keep picks visible when a filter no longer matches them
if options:
    st.caption(t("charts_in_view", lang, n=len(in_view)))
st.multiselect(t("indicators_to_chart", lang), options, format_func=lambda i: views.indicator_label(catalog, i, lang),
               placeholder=t("choose_indicators" if options else "no_indicators_in_filter", lang),
               **state.bound(PAGE, INDICATORS))

# Trajectories of what the filter shows (or of the picked indicators), with the ledger's actuals where it has them
charted = picked or in_view
if charted:
    snapshot = ledger.snapshot()
    actuals = ledger.ledger_values(lang) if not snapshot.empty else None
    assessed = ledger.ledger_assessments() if not snapshot.empty else None
    charts.grid(charted, lang, key="targets", values=actuals, assessments=assessed, notes=data.chart_notes(lang))

st.divider()
if matching.empty:
    st.info(t("no_match", lang), icon=":material/filter_alt_off:")
else:
    counts = matching["kind"].value_counts()
    head, excel, csv = st.columns([4, 1, 1])
    head.markdown(f"**{t('n_targets', lang, n=len(matching))}** · {t('quantitative', lang)} "
                  f"{counts.get('quantitative', 0)} · {t('qualitative', lang)} {counts.get('qualitative', 0)}")
    excel.download_button(t("download_excel", lang),
                          lambda: export.excel_bytes(views.targets_export(catalog, matching, lang), t("page_targets", lang),
                                                     autofilter=True),
                          file_name="targets.xlsx", icon=":material/download:", on_click="ignore",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    csv.download_button(t("download_csv", lang), lambda: export.csv_bytes(views.targets_export(catalog, matching, lang)),
                        file_name="targets.csv", mime="text/csv", icon=":material/download:", on_click="ignore")
    if selection.unit is not None and (matching["action_id"] == 0).sum() == 0:
        st.caption(t("main_goals_no_unit", lang))
    progress = ledger.target_progress(lang) if not ledger.snapshot().empty else None
    table = views.targets_table(catalog, matching, lang,
                                None if progress is None else {k: p.label for k, p in progress.items()})
    if progress is not None:
        st.caption(t("targets_standing_caption", lang))
    picked_row = st.dataframe(
        table, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key="targets_table",
        height=min(len(table), 25) * 35 + 38,
        column_config={
            t("statement", lang): st.column_config.TextColumn(width="large"),
            t("quote", lang): st.column_config.TextColumn(width="medium"),
            t("unit_target_status", lang): st.column_config.TextColumn(width=150),
            t("page", lang): st.column_config.NumberColumn(format="%d", width="small"),
        })
    rows = picked_row.selection.rows if picked_row is not None else []
    if rows:
        row = matching.iloc[rows[0]]
        with st.container(border=True):
            st.markdown(f"**{pick(row['statement_zh'], row['statement_en'], lang)}**")
            st.caption(f"{t('quote', lang)} · {t('page_n', lang, n=int(row['page']))}")
            st.text(row["quote"])
            if progress is not None and row["target_id"] in progress:
                st.markdown(f"**{plain(progress[row['target_id']].label)}** · {plain(progress[row['target_id']].why)}")
            if not pd.isna(row["notes"]):
                st.caption(f"{t('notes', lang)}: {pick(row['notes_zh'], row['notes'], lang)}")

state.publish(PAGE, PARAMS)
share_link(lang)
