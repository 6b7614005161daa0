"""/progress 进展对比: the plan against the ledger (and the user's unsaved upload on top); saving to the
ledger; shared read-only reports at /progress?report=<id>."""

import pandas as pd
import streamlit as st

from loaders.statuses import TRAJECTORY
from tracker import views, wording
from tracker.cycle import reporting_cycle_year, year_of_files
from tracker.i18n import status_label, t
from tracker.report import problems_table
from tracker.template import build_template
from ui import comparison, data, downloads, filters, ledger, ledger_admin, saving, shared_report, state, uploads
from ui.router import require_router
from ui.shell import page_header, share_link

require_router()
lang = state.current_lang()
catalog = data.catalog()
cycle_year = reporting_cycle_year()   # the year-end cycle under way
PAGE = "progress"

report_token = st.query_params.get("report")
if report_token is not None:
    shared_report.show(catalog, report_token, lang)
    st.stop()

ACTION = filters.action_param()
UNIT = filters.unit_param(catalog)
YEAR = filters.target_year_param()
QUERY = filters.query_param()
STATUS = state.choice("status", list(TRAJECTORY))   # no_data: the indicators in view without values
INDICATORS = state.choices("indicator", views.charted_indicators(catalog, catalog.targets))
REPORTING_YEAR = filters.reporting_year_param(default_to_cycle=False)   # None: taken from the files (below)
PARAMS = [ACTION, UNIT, YEAR, QUERY, STATUS, INDICATORS, REPORTING_YEAR]
state.seed(PAGE, PARAMS)
uploads.prepare()
page_header("page_progress", lang)
st.markdown(t("progress_intro", lang))

# the unit first: it narrows the template, the comparison and what a save reports for
unit_col, _ = st.columns([3, 2])
filters.unit(unit_col, catalog, lang, PAGE, UNIT, label="your_unit", help=t("template_unit_help", lang))
unit_id = state.value(PAGE, UNIT)

# 1. the template
st.subheader(t("step_template", lang))
st.download_button(t("download_template", lang), lambda: build_template(catalog, lang, unit_id, cycle_year),
                   file_name=f"carbon-peak-progress-template{'-' + unit_id if unit_id else ''}-{lang}.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   icon=":material/download:", on_click="ignore", type="primary")

# 2. the upload, and saving it to the ledger
st.subheader(t("step_upload", lang))
uploads.uploader(lang)
loaded = saving.loaded_for(unit_id)
uploads.file_summaries(loaded, lang)
if len(loaded.problems):
    with st.expander(t("problems_title", lang, n=len(loaded.problems)), icon=":material/report:"):
        st.dataframe(problems_table(catalog, loaded.problems, lang), hide_index=True, width="stretch",
                     column_config={t("problem_column", lang): st.column_config.TextColumn(width="large")})
if loaded.results:
    st.markdown(f"##### {t('review.title', lang)}")
    uploads.review_table(loaded.review, lang)

in_ledger = ledger.ledger_values(lang)
uploaded = loaded.values.assign(origin="upload", source=loaded.values["file"] + " · " + loaded.values["sheet"] + "!"
                                + loaded.values["column"] + loaded.values["row"].astype(str))
values = pd.concat([in_ledger, uploaded], ignore_index=True).drop_duplicates(["indicator_id", "year"], keep="last")

# the reporting year: what the person chose, else what the files say (tracker.cycle.year_of_files)
derived, why, disagree = year_of_files({r.file: r.title_year for r in loaded.results if r.title_year})
source = wording.say_md(why, lang, catalog)
chosen = state.value(PAGE, REPORTING_YEAR)
reporting_year = chosen or derived
if chosen is None:
    st.session_state[REPORTING_YEAR.key] = derived
    if disagree:
        st.warning(source, icon=":material/event_busy:")
saving.save_panel(catalog, loaded, lang, reporting_year, unit_id)

# 3. the comparison: the ledger, with the unsaved upload on top
st.subheader(t("step_compare", lang))
action_col, year_col, query_col, status_col, reporting_col = st.columns([2.6, 1.3, 2.2, 1.9, 1.5])
filters.action(action_col, catalog, lang, PAGE, ACTION)
filters.target_year(year_col, lang, PAGE, YEAR)
filters.query(query_col, lang, PAGE, QUERY)
status_col.selectbox(t("task_status", lang), TRAJECTORY, index=None, placeholder=t("all", lang),
                     format_func=lambda code: status_label(code, lang), **state.bound(PAGE, STATUS))
filters.reporting_year(reporting_col, lang, PAGE, REPORTING_YEAR, help="reporting_year_help")
st.caption(t("compared_sources", lang, ledger=len(in_ledger), submissions=in_ledger["public_id"].nunique(),
             upload=len(uploaded)) + " " + (t("year_chosen", lang) if chosen else source))
selection = views.TargetFilter(action=state.value(PAGE, ACTION), unit=unit_id, year=state.value(PAGE, YEAR),
                               query=state.value(PAGE, QUERY) or "")
scope = comparison.in_scope(catalog, selection, data.target_roles())
if values.empty:
    st.info(t("upload_to_compare", lang, n=len(scope)), icon=":material/upload_file:")
else:
    def pick_indicators(assessed: list[str]) -> list[str]:
        chosen = state.value(PAGE, INDICATORS)
        st.multiselect(t("indicators_to_chart", lang), list(dict.fromkeys(assessed + chosen)),
                       format_func=lambda i: views.indicator_label(catalog, i, lang),
                       placeholder=t("all_assessed", lang), **state.bound(PAGE, INDICATORS))
        return state.value(PAGE, INDICATORS)

    view = {"action": selection.action, "unit": selection.unit, "year": selection.year, "q": selection.query,
            "indicator": state.value(PAGE, INDICATORS), "status": state.value(PAGE, STATUS)}
    about = {"unit": views.unit_label(catalog, unit_id, lang) if unit_id else None,
             "files": [r.file for r in loaded.results] + ([t("the_ledger", lang)] if len(in_ledger) else []),
             "year_source": t("year_chosen", lang) if chosen else wording.say(why, lang, catalog)}
    not_used = pd.concat([loaded.problems, loaded.review.problems()], ignore_index=True)  # all the report lists
    comparison.show(catalog, values, not_used, lang, scope, reporting_year, None, picker=pick_indicators,
                    status=state.value(PAGE, STATUS), about=about,
                    share=lambda: saving.share_button(lang, reporting_year, view, saved_values=len(in_ledger),
                                                      has_unsaved=bool(loaded.results)))

saving.contributions_panel(catalog, lang, scope)
st.divider()
ledger_admin.history_panel(catalog, lang)
downloads.pack_panel(catalog, lang)
ledger_admin.backup_panel(lang)

state.publish(PAGE, PARAMS)
share_link(lang)
