"""/progress 进展对比: download the template, upload progress sheets, see each indicator's status and why."""
import pandas as pd
import streamlit as st

from loaders.catalog import split_ids
from tracker import views
from tracker.assess import assess_frame, default_reporting_year
from tracker.charts import STATUS_COLOUR, status_chart, trajectory_chart
from tracker.i18n import STATUS, pick, status_label, t
from tracker.report import build_report, counts_table, problems_table, status_table
from tracker.template import build_template
from ui import data, state, uploads
from ui.charts import chart_with_downloads
from ui.router import require_router
from ui.shell import page_header, share_link

require_router()
lang = state.current_lang()
catalog = data.catalog()
actions = catalog.actions.set_index("action_id")
indicators = catalog.indicators.set_index("indicator_id")
numeric_indicators = views.charted_indicators(catalog, catalog.targets)
this_year = default_reporting_year()

PAGE = "progress"
ACTION = state.choice("action", list(views.TARGET_ACTIONS))
UNIT = state.choice("unit", views.units_in_order(catalog))
YEAR = state.choice("year", list(views.YEAR_CHOICES))
QUERY = state.text("q")
INDICATORS = state.choices("indicator", numeric_indicators)
REPORTING_YEAR = state.choice("reporting_year", list(range(2021, this_year + 2)), default=this_year)
PARAMS = [ACTION, UNIT, YEAR, QUERY, INDICATORS, REPORTING_YEAR]
state.seed(PAGE, PARAMS)
page_header("page_progress", lang)
st.markdown(t("progress_intro", lang))

# 1. the template
st.subheader(t("step_template", lang))
unit_col, button_col = st.columns([3, 2], vertical_alignment="bottom")
unit_col.selectbox(t("unit", lang), views.units_in_order(catalog), index=None, placeholder=t("all", lang),
                   format_func=lambda u: views.unit_label(catalog, u, lang), help=t("template_unit_help", lang),
                   **state.bound(PAGE, UNIT))
unit_id = state.value(PAGE, UNIT)
button_col.download_button(t("download_template", lang), lambda: build_template(catalog, lang, unit_id),
                           file_name=f"carbon-peak-progress-template{'-' + unit_id if unit_id else ''}-{lang}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           icon=":material/download:", on_click="ignore", type="primary")

# 2. the upload
st.subheader(t("step_upload", lang))
st.file_uploader(t("upload_label", lang), type=["xlsx", "xlsm", "xls", "ods", "csv"], accept_multiple_files=True,
                 key=uploads.uploader_key(), on_change=uploads.take_batch, help=t("upload_help", lang))
for name, zh, en in uploads.take_messages():
    st.error(f"{name}: {pick(zh, en, lang)}", icon=":material/error:")
loaded = uploads.loaded()
if loaded.results:
    for result in loaded.results:
        file_problems = loaded.problems[loaded.problems["file"] == result.file]
        left, right = st.columns([6, 1], vertical_alignment="center")
        read_sheets = result.sheets[result.sheets["layout"].isin(["wide", "long"])]
        left.markdown(t("file_summary", lang, name=result.file, values=len(result.values), sheets=len(read_sheets),
                        problems=len(file_problems)))
        right.button(t("remove", lang), key=f"remove:{result.sha256}", on_click=uploads.remove, args=(result.sha256,),
                     icon=":material/delete:")
    if len(loaded.problems):
        with st.expander(t("problems_title", lang, n=len(loaded.problems)), icon=":material/report:"):
            st.dataframe(problems_table(loaded.problems, lang), hide_index=True, width="stretch",
                         column_config={t("problem_column", lang): st.column_config.TextColumn(width="large")})
else:
    st.caption(t("nothing_uploaded", lang))

# 3. the comparison
st.subheader(t("step_compare", lang))
action_col, year_col, query_col, reporting_col = st.columns([3, 1.4, 2.6, 1.6])
action_col.selectbox(t("action", lang), views.TARGET_ACTIONS, index=None, placeholder=t("all", lang),
                     format_func=lambda a: pick(actions.at[a, "name_zh"], actions.at[a, "name_en"], lang)
                     if a == 0 else f"{a}. {pick(actions.at[a, 'name_zh'], actions.at[a, 'name_en'], lang)}",
                     **state.bound(PAGE, ACTION))
year_col.selectbox(t("year", lang), views.YEAR_CHOICES, index=None, placeholder=t("all", lang),
                   format_func=lambda y: t("none_year", lang) if y == views.NO_YEAR else str(y),
                   **state.bound(PAGE, YEAR))
query_col.text_input(t("search", lang), value=None, placeholder=t("search_placeholder", lang), max_chars=200,
                     **state.bound(PAGE, QUERY))
reporting_col.selectbox(t("reporting_year", lang), list(range(2021, this_year + 2)), help=t("reporting_year_help", lang),
                        **state.bound(PAGE, REPORTING_YEAR))
reporting_year = state.value(PAGE, REPORTING_YEAR)

selection = views.TargetFilter(action=state.value(PAGE, ACTION), unit=unit_id, year=state.value(PAGE, YEAR),
                               query=state.value(PAGE, QUERY) or "")
in_scope = views.charted_indicators(catalog, views.filter_targets(catalog, selection, data.target_roles()))
assessments = assess_frame(catalog, loaded.values, reporting_year)
shown = assessments[assessments["indicator_id"].isin(in_scope)].reset_index(drop=True)
not_reported = [i for i in in_scope if i not in set(assessments["indicator_id"])]

if not loaded.results:
    st.info(t("upload_to_compare", lang, n=len(in_scope)), icon=":material/upload_file:")
elif shown.empty:
    st.info(t("no_assessed_in_filter", lang), icon=":material/filter_alt_off:")
else:
    counts = shown["status"].value_counts()
    figures = st.columns(len(STATUS))
    for figure, code in zip(figures, STATUS):
        figure.metric(status_label(code, lang), int(counts.get(code, 0)))
    chart_col, table_col = st.columns([2, 3])
    chart_col.altair_chart(status_chart(shown, lang), width="stretch")
    table_col.dataframe(counts_table(catalog, shown, lang), hide_index=True, width="stretch")
    statuses = status_table(catalog, shown, lang)
    status_name = pick("状态", "Status", lang)
    colours = {status_label(code, lang): colour for code, colour in STATUS_COLOUR.items()}
    styled = statuses.style.map(lambda v: f"background-color: {colours[v]}; color: white; font-weight: 600"
                                if v in colours else "", subset=[status_name])
    st.dataframe(styled, hide_index=True, width="stretch", column_config={
        pick("原因", "Reason", lang): st.column_config.TextColumn(width="large"),
        pick("最新年份", "Latest year", lang): st.column_config.NumberColumn(format="%d"),
        pick("基准年", "Baseline year", lang): st.column_config.NumberColumn(format="%d"),
        pick("目标年份", "Target year", lang): st.column_config.NumberColumn(format="%d"),
    })
    if shown["data_lag"].any():
        st.caption(t("data_lag_note", lang, year=reporting_year))
    st.download_button(t("download_report", lang),
                       lambda: build_report(catalog, assessments, loaded.values, loaded.problems, lang,
                                            reporting_year=reporting_year),
                       file_name=f"carbon-peak-progress-report-{lang}.xlsx", icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
if loaded.results and not_reported:
    with st.expander(t("not_reported", lang, n=len(not_reported)), icon=":material/help:"):
        st.markdown("\n".join(f"- {views.indicator_label(catalog, i, lang)}" for i in not_reported))

# trajectories
if loaded.results and not shown.empty:
    st.markdown(f"#### {t('trajectories', lang)}")
    assessed = list(shown["indicator_id"])
    chosen = [i for i in state.value(PAGE, INDICATORS)]
    st.multiselect(t("indicators_to_chart", lang), list(dict.fromkeys(assessed + chosen)),
                   format_func=lambda i: views.indicator_label(catalog, i, lang), placeholder=t("all_assessed", lang),
                   **state.bound(PAGE, INDICATORS))
    picked = state.value(PAGE, INDICATORS) or assessed[:12]
    by_id = shown.set_index("indicator_id")
    columns = st.columns(2)
    for position, indicator_id in enumerate(picked):
        actual = loaded.values[loaded.values["indicator_id"] == indicator_id].assign(
            source=lambda f: f["file"] + " · " + f["sheet"] + "!" + f["column"] + f["row"].astype(str))
        assessment = by_id.loc[indicator_id].to_dict() if indicator_id in by_id.index else None
        with columns[position % 2]:
            chart = trajectory_chart(catalog, indicator_id, lang, actuals=actual, assessment=assessment)
            chart_with_downloads(chart, f"{indicator_id}-progress", lang, key=f"progress:{indicator_id}")
            if assessment:
                st.caption(f"{status_label(assessment['status'], lang)} · {pick(assessment['reason_zh'], assessment['reason_en'], lang)}")

state.publish(PAGE, PARAMS)
share_link(lang)
