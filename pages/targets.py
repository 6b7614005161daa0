"""/targets 目标: filter the plan's targets, read the sentence behind each, chart indicators' trajectories."""
import pandas as pd
import streamlit as st

from tracker import export, views
from tracker.i18n import pick, t
from ui import data, state
from ui.charts import chart_with_downloads
from ui.shell import page_header, share_link
from ui.router import require_router

require_router()

lang = state.current_lang()
catalog = data.catalog()
numeric_indicators = views.charted_indicators(catalog, catalog.targets)

ACTION = state.choice("action", list(views.TARGET_ACTIONS))
UNIT = state.choice("unit", views.units_in_order(catalog))
YEAR = state.choice("year", list(views.YEAR_CHOICES))
QUERY = state.text("q")
INDICATORS = state.choices("indicator", numeric_indicators)
PARAMS = [ACTION, UNIT, YEAR, QUERY, INDICATORS]
PAGE = "targets"
state.seed(PAGE, PARAMS)

page_header("page_targets", lang)


# The charts are drawn before the widgets above them are filled: a shared link with indicators is opened to
# look at its trajectories, and the browser starts drawing them while the filters are still on their way.
filter_area, picker_area = st.container(), st.container()
contradictions = views.contradictions(catalog)
picked_indicators = state.value(PAGE, INDICATORS)
columns = st.columns(2) if len(picked_indicators) > 1 else [st.container()]
for position, indicator_id in enumerate(picked_indicators):
    with columns[position % len(columns)]:
        chart, spec = data.trajectory(indicator_id, lang)
        chart_with_downloads(chart, indicator_id, lang, key=indicator_id, spec=spec)
        of_indicator = catalog.targets[catalog.targets["indicator_id"] == indicator_id]
        # what the chart cannot place on its time axis, and what the plan says of its own figures
        for other in of_indicator[of_indicator["year"].isna() | of_indicator["value"].isna()].itertuples():
            st.caption(f"{pick(other.statement_zh, other.statement_en, lang)} ({t('page_n', lang, n=other.page)})")
        flagged = contradictions[contradictions["indicator_id"] == indicator_id].drop_duplicates("notes")
        for note in flagged.itertuples():
            st.caption(f":material/warning: {pick(note.notes_zh, note.notes, lang)}")

action_col, unit_col, year_col, query_col = filter_area.columns([3, 3, 1.4, 2.6])
action_col.selectbox(t("action", lang), views.TARGET_ACTIONS, format_func=lambda a: views.action_label(catalog, a, lang), index=None,
                     placeholder=t("all", lang), **state.bound(PAGE, ACTION))
unit_col.selectbox(t("unit", lang), views.units_in_order(catalog), index=None, placeholder=t("all", lang),
                   format_func=lambda u: views.unit_label(catalog, u, lang), **state.bound(PAGE, UNIT))
year_col.selectbox(t("year", lang), views.YEAR_CHOICES, format_func=lambda y: views.year_label(y, lang), index=None,
                   placeholder=t("all", lang), **state.bound(PAGE, YEAR))
query_col.text_input(t("search", lang), value=None, placeholder=t("search_placeholder", lang), max_chars=200,
                     **state.bound(PAGE, QUERY))

selection = views.TargetFilter(action=state.value(PAGE, ACTION), unit=state.value(PAGE, UNIT),
                               year=state.value(PAGE, YEAR), query=state.value(PAGE, QUERY) or "")
matching = views.filter_targets(catalog, selection, data.target_roles())
table = views.targets_table(catalog, matching, lang)
in_view = views.charted_indicators(catalog, matching)
options = list(dict.fromkeys(in_view + picked_indicators))  # keep picks visible when a filter no longer matches them
picker_area.multiselect(t("indicators_to_chart", lang), options,
                        format_func=lambda i: views.indicator_label(catalog, i, lang),
                        placeholder=t("choose_indicators" if options else "no_indicators_in_filter", lang),
                        **state.bound(PAGE, INDICATORS))


def show_table() -> None:
    st.divider()
    if matching.empty:
        st.info(t("no_match", lang), icon=":material/filter_alt_off:")
    else:
        counts = matching["kind"].value_counts()
        head, excel, csv = st.columns([4, 1, 1])
        head.markdown(f"**{t('n_targets', lang, n=len(matching))}** · {t('quantitative', lang)} "
                      f"{counts.get('quantitative', 0)} · {t('qualitative', lang)} {counts.get('qualitative', 0)}")
        excel.download_button(t("download_excel", lang), lambda: export.excel_bytes(table, t("page_targets", lang)),
                              file_name="targets.xlsx", icon=":material/download:", on_click="ignore",
                              mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        csv.download_button(t("download_csv", lang), lambda: export.csv_bytes(table), file_name="targets.csv",
                            mime="text/csv", icon=":material/download:", on_click="ignore")
        if selection.unit is not None and (matching["action_id"] == 0).sum() == 0:
            st.caption(t("main_goals_no_unit", lang))
        shown = table.drop(columns=[t("comparator", lang), t("measure_unit", lang)])
        picked = st.dataframe(
            shown, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key="targets_table",
            column_config={
                "target_id": st.column_config.TextColumn("ID", width="small"),
                t("statement", lang): st.column_config.TextColumn(width="large"),
                t("quote", lang): st.column_config.TextColumn(width="medium"),
                t("page", lang): st.column_config.NumberColumn(format="%d", width="small"),
            })
        rows = picked.selection.rows if picked is not None else []
        if rows:
            row = matching.iloc[rows[0]]
            with st.container(border=True):
                st.markdown(f"**{pick(row['statement_zh'], row['statement_en'], lang)}**")
                st.caption(f"{t('quote', lang)} · {t('page_n', lang, n=int(row['page']))}")
                st.text(row["quote"])
                if not pd.isna(row["notes"]):
                    st.caption(f"{t('notes', lang)}: {pick(row['notes_zh'], row['notes'], lang)}")


TABLE_SHOWN = "_targets_table_shown"


@st.fragment(run_every=0.5)
def table_after_charts() -> None:
    """A link that opens charts gets them first: the table's data grid is the heaviest thing the browser
    loads, and drawn together with the charts it delays them by about a second (bench/bench_first_chart.py).
    The first run leaves a line here; half a second later this fragment's timer reruns the page, which
    draws the table (a full rerun also stops the timer)."""
    if st.session_state.get(TABLE_SHOWN):
        st.rerun()
    st.divider()
    st.caption(t("table_loading", lang))


if picked_indicators and not st.session_state.get(TABLE_SHOWN):
    table_after_charts()
else:
    show_table()
st.session_state[TABLE_SHOWN] = True

state.publish(PAGE, PARAMS)
share_link(lang)
