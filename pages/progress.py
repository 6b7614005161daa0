"""/progress 进展对比: the plan against the ledger (and the user's unsaved upload on top); saving to the
ledger; shared read-only reports at /progress?report=<id>."""

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from ledger import links, store
from loaders.actuals import PROBLEM_COLUMNS
from tracker import views, wording
from tracker.cycle import reporting_cycle_year, reporting_years
from loaders.statuses import ASSESSED
from tracker.i18n import beijing_time, md, plain, status_label, t
from tracker.report import problems_table
from tracker.template import build_template
from ui import comparison, data, ledger, state, uploads
from ui.router import require_router
from ui.shell import page_header, share_link

require_router()
lang = state.current_lang()
catalog = data.catalog()
cycle_year = reporting_cycle_year()   # the year-end cycle under way
PAGE = "progress"


def show_report(token: str) -> None:
    """The read-only view a share link reopens, in the link's language."""
    try:
        report = links.get_report(ledger.engine(), token)
        values = ledger.trusted(links.report_values(ledger.engine(), report, data.leads()), catalog)
        if report.kind == "submission":
            with Session(ledger.engine()) as session:
                sub = store.submission(session, report.submission_id)
    except store.LedgerError as error:
        page_header("page_progress", lang)
        st.error(wording.say(error.message, lang, catalog), icon=":material/link_off:")
        st.page_link("pages/progress.py", label=t("open_live", lang), icon=":material/monitoring:")
        return
    if st.session_state.get("_report_lang_applied") != token:  # first open: take the link's language
        st.session_state["_report_lang_applied"] = token
        if report.lang != lang:
            state.set_lang(report.lang)
            st.rerun()
    page_header("page_progress", lang)
    if report.kind == "submission":
        what = md("report_submission", lang, unit=views.unit_label(catalog, sub["reporting_unit"], lang),
                  who=sub["submitter"], file=sub["file_name"], when=beijing_time(sub["submitted_at"]),
                  year=int(sub["reporting_year"]))
    else:
        what = md("report_ledger", lang, when=beijing_time(report.as_of))
    st.info(t("report_banner", lang, what=what, created=beijing_time(report.created_at)),
            icon=":material/visibility:")
    view = report.view
    selection = views.TargetFilter(action=view.get("action"), unit=view.get("unit"), year=view.get("year"),
                                   query=view.get("q") or "")
    if not selection.is_empty():
        st.caption(md("report_filters", lang, filters=views.describe_filter(catalog, selection, lang)))
    scope = comparison.in_scope(catalog, selection, data.target_roles())
    comparison.show(catalog, ledger.with_sources(values, lang), pd.DataFrame(columns=PROBLEM_COLUMNS),
                    lang, scope, report.reporting_year, view.get("indicator"), key=f"report:{token}")
    st.page_link("pages/progress.py", label=t("open_live", lang), icon=":material/monitoring:")


report_token = st.query_params.get("report")
if report_token is not None:
    show_report(report_token)
    st.stop()

ACTION = state.choice("action", list(views.TARGET_ACTIONS))
UNIT = state.choice("unit", views.units_in_order(catalog))
YEAR = state.choice("year", list(views.YEAR_CHOICES))
QUERY = state.text("q")
STATUS = state.choice("status", list(ASSESSED))
INDICATORS = state.choices("indicator", views.charted_indicators(catalog, catalog.targets))
YEARS = reporting_years()
REPORTING_YEAR = state.choice("reporting_year", YEARS)   # None: taken from the data (see below)
PARAMS = [ACTION, UNIT, YEAR, QUERY, STATUS, INDICATORS, REPORTING_YEAR]
state.seed(PAGE, PARAMS)
uploads.prepare()
page_header("page_progress", lang)
st.markdown(t("progress_intro", lang))

# the unit first: it narrows the template, the comparison and what a save reports for
unit_col, _ = st.columns([3, 2])
unit_col.selectbox(t("your_unit", lang), views.units_in_order(catalog), index=None, placeholder=t("all", lang),
                   format_func=lambda u: views.unit_label(catalog, u, lang), help=t("template_unit_help", lang),
                   **state.bound(PAGE, UNIT))
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
loaded = ledger.loaded_for(unit_id)
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

# The reporting year: what the user chose, else what the sheets' titles agree on (2024年度…), else the year-end
# cycle under way: files that disagree never move the page or the save to another year without saying so.
titled = {r.file: r.title_year for r in loaded.results if r.title_year}
if len(set(titled.values())) > 1:
    derived, source = cycle_year, t("year_files_disagree", lang, year=cycle_year, files=plain(
        t("list.separator", lang).join(f"{name} {year}" for name, year in titled.items())))
elif titled:
    derived = next(iter(titled.values()))
    source = t("year_from_title", lang, year=derived)
else:
    derived, source = cycle_year, t("year_of_the_cycle", lang, year=cycle_year)
derived = min(max(derived, YEARS[0]), YEARS[-1])
chosen = state.value(PAGE, REPORTING_YEAR)
reporting_year = chosen or derived
if chosen is None:
    st.session_state[REPORTING_YEAR.key] = derived
if len(set(titled.values())) > 1 and chosen is None:
    st.warning(source, icon=":material/event_busy:")
ledger.save_panel(catalog, loaded, lang, reporting_year, unit_id)

# 3. the comparison: the ledger, with the unsaved upload on top
st.subheader(t("step_compare", lang))
action_col, year_col, query_col, status_col, reporting_col = st.columns([2.6, 1.3, 2.2, 1.9, 1.5])
action_col.selectbox(t("action", lang), views.TARGET_ACTIONS, index=None, placeholder=t("all", lang),
                     format_func=lambda a: views.action_label(catalog, a, lang), **state.bound(PAGE, ACTION))
year_col.selectbox(t("year", lang), views.YEAR_CHOICES, index=None, placeholder=t("all", lang),
                   format_func=lambda y: views.year_label(y, lang), **state.bound(PAGE, YEAR))
query_col.text_input(t("search", lang), value=None, placeholder=t("search_placeholder", lang), max_chars=200,
                     **state.bound(PAGE, QUERY))
status_col.selectbox(t("task_status", lang), ASSESSED, index=None, placeholder=t("all", lang),
                     format_func=lambda code: status_label(code, lang), **state.bound(PAGE, STATUS))
reporting_col.selectbox(t("reporting_year", lang), YEARS, help=t("reporting_year_help", lang),
                        **state.bound(PAGE, REPORTING_YEAR))
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
             "year_source": t("year_chosen", lang) if chosen else source}
    not_used = pd.concat([loaded.problems, loaded.review.problems()], ignore_index=True)  # all the report lists
    comparison.show(catalog, values, not_used, lang, scope, reporting_year, None, picker=pick_indicators,
                    status=state.value(PAGE, STATUS), about=about,
                    share=lambda: ledger.share_button(lang, reporting_year, view, saved_values=len(in_ledger),
                                                      has_unsaved=bool(loaded.results)))

ledger.contributions_panel(catalog, lang, scope)
st.divider()
ledger.history_panel(catalog, lang)
ledger.pack_panel(catalog, lang, reporting_year)
ledger.backup_panel(lang)

state.publish(PAGE, PARAMS)
share_link(lang)
