"""The ledger in the pages: its engine (migrated at start), and the panels of /progress — saving an upload,
share links, history, the year-end pack, backups.

The database: LEDGER_DATABASE_URL, or `[connections.ledger] url = "postgresql+psycopg://..."` in
.streamlit/secrets.toml; by default an SQLite file under LEDGER_DATA_DIR (./var). Who may save, for which
unit, and who reviews: ledger.access (configured in the same secrets file).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from ledger import backup, links, store
from ledger.access import ALL_UNITS
from ledger.db import database_url, make_engine, migrate
from loaders.catalog import Catalog
from tracker import task_views, views
from tracker.assess import assess_frame, standings
from tracker.cycle import reporting_cycle_year
from tracker import wording
from tracker.i18n import beijing_time, beijing_today, md, pick, plain, status_label, t
from ui import access, data, downloads, uploads
from ui.shell import page_address

_MESSAGE = "_ledger_message"


@st.cache_resource(show_spinner=False)
def _engine_for(url: str):
    engine = make_engine(url)
    migrate(engine)  # schema versions are applied when the app starts using a database
    return engine


def engine():
    return _engine_for(_url())


@dataclass(frozen=True)
class Snapshot:
    """The ledger as one state of it: read once per state and shared by every session (issue: a page view
    must not query per indicator)."""
    state: tuple[int, int]
    values: pd.DataFrame        # every value with provenance (store.all_values)
    entries: pd.DataFrame       # every task report (store.all_task_entries)
    reviews: pd.DataFrame
    submissions: pd.DataFrame

    @property
    def empty(self) -> bool:
        return self.state == (0, 0)

    def current_values(self) -> pd.DataFrame:
        """The ledger's values: each indicator's lead units' latest (store.ledger_values)."""
        return store.ledger_values(self.values, data.leads())

    def contributions(self) -> pd.DataFrame:
        """What partner units reported of indicators they support: shown as theirs, never the ledger's value."""
        return store.contributions(self.values, data.leads())


@st.cache_resource(show_spinner=False, max_entries=4)  # shared, not copied: the pages only read it
def _snapshot(url: str, ledger_state: tuple[int, int]) -> Snapshot:
    with Session(_engine_for(url)) as session:
        return Snapshot(ledger_state, store.all_values(session), store.all_task_entries(session),
                        store.reviews(session), store.submissions(session))


def _url() -> str:
    return database_url(access.secret("connections", "ledger", "url"))


def snapshot() -> Snapshot:
    """The ledger now: one small query for its state, the rest from the cache."""
    with Session(engine()) as session:
        ledger_state = store.state(session)
    return _snapshot(_url(), ledger_state)


def _say(kind: str, text: str) -> None:
    st.session_state[_MESSAGE] = (kind, text)


def _message() -> None:
    kind, text = st.session_state.pop(_MESSAGE, (None, None))
    if kind == "error":
        st.error(text, icon=":material/error:")
    elif kind == "success":
        st.success(text, icon=":material/check_circle:")


def trusted(values: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Ledger values the catalog can show: a value of an indicator that a later catalog no longer has (from an
    old backup, say) is left out rather than breaking the page."""
    return values[values["indicator_id"].isin(views.names(catalog).indicator)].reset_index(drop=True)


@st.cache_data(show_spinner=False, max_entries=8)
def _ledger_values(url: str, ledger_state: tuple[int, int], lang: str) -> pd.DataFrame:
    return with_sources(trusted(_snapshot(url, ledger_state).current_values(), data.catalog()), lang)


def ledger_values(lang: str) -> pd.DataFrame:
    """The ledger's current values, with a readable source for each (unit · submitter · file · date); built
    once per ledger state and language."""
    return _ledger_values(_url(), snapshot().state, lang)


def assessment_year(values: pd.DataFrame) -> int:
    """The year the ledger is judged in: the year-end cycle under way, or a later year the ledger already holds."""
    years = values["year"]
    return max([reporting_cycle_year()] + ([int(years.max())] if len(years) else []))


@st.cache_data(show_spinner=False, max_entries=8)
def _ledger_assessments(url: str, ledger_state: tuple[int, int]) -> pd.DataFrame:
    values = _snapshot(url, ledger_state).current_values()
    return assess_frame(data.catalog(), values, assessment_year(values))


def ledger_assessments() -> pd.DataFrame:
    """Every indicator with ledger values, assessed in the cycle's year (assessment_year)."""
    return _ledger_assessments(_url(), snapshot().state)


@st.cache_data(show_spinner=False, max_entries=8)
def _ledger_standings(url: str, ledger_state: tuple[int, int]) -> pd.DataFrame:
    values = _snapshot(url, ledger_state).current_values()
    return standings(data.catalog(), _ledger_assessments(url, ledger_state), assessment_year(values))


def ledger_standings() -> pd.DataFrame:
    """Each numeric target's verdict (its year has passed) or its indicator's status (the next target)."""
    return _ledger_standings(_url(), snapshot().state)


def with_sources(values: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Each value with a line saying where it comes from (and that it was approximate, and its note)."""
    unit_names = {u: views.unit_label(data.catalog(), u, lang) for u in values["reporting_unit"].unique()}
    about = pick("约数", "approximate", lang)
    return values.assign(
        origin="ledger",
        source=[f"{unit_names[u]} · {who} · {name} · {beijing_time(when)[:10]}" + (f" · {about}" if approximate else "")
                + (f" · {note}" if note else "") for u, who, name, when, approximate, note in
                zip(values["reporting_unit"], values["submitter"], values["file_name"], values["submitted_at"],
                    values["approximate"], values["note"])])


def save_panel(catalog: Catalog, loaded: uploads.Loaded, lang: str, reporting_year: int, unit_id: str | None) -> None:
    """Save the checked uploads to the ledger: editors, for the unit they report for, the rows the table above
    includes. A fragment: unlocking reruns only this panel; a save reruns the page, whose comparison it changes."""
    _message()
    if not loaded.results:
        return
    _save_fragment(catalog, lang, reporting_year, unit_id)


def reporting_unit(page_unit: str | None) -> str | None:
    """Who an upload reports for: the unit chosen on the page, else the one unit the editor may save for."""
    if page_unit is not None:
        return page_unit
    editor = access.current_editor()
    if editor is not None and len(editor.units) == 1 and ALL_UNITS not in editor.units:
        return next(iter(editor.units))
    return None


def loaded_for(page_unit: str | None) -> uploads.Loaded:
    """The session's uploads checked for the unit they report for, against the ledger as it is."""
    editor = access.current_editor()
    current = {(i, int(y)): float(v) for i, y, v in snapshot().current_values()[["indicator_id", "year", "value"]]
               .itertuples(index=False)}
    return uploads.loaded(reporting_unit(page_unit), for_all=editor is not None and editor.role == "admin",
                          current=current)


@st.fragment
def _save_fragment(catalog: Catalog, lang: str, reporting_year: int, page_unit: str | None) -> None:
    if st.session_state.pop("_ledger_saved_now", False):
        st.rerun(scope="app")
    _message()
    loaded = loaded_for(page_unit)
    if not loaded.results:
        return
    with st.container(border=True):
        st.markdown(f"**{t('save_title', lang)}**")
        if not access.editing_configured():
            st.info(t("saving_off", lang), icon=":material/lock:")
            st.caption(t("saving_off_admin", lang))
            return
        editor = access.current_editor()
        if editor is None:
            access.unlock_form(engine(), lang, key="ledger_unlock")
            return
        access.editor_caption(editor, lambda u: views.unit_label(catalog, u, lang), lang)
        if not editor.may_save:
            st.info(t("reviewer_cannot_save", lang), icon=":material/lock:")
            return
        unit = reporting_unit(page_unit)
        if unit is None:
            st.info(t("save.choose_unit_above", lang), icon=":material/apartment:")
            return
        if not editor.may_save_for(unit):
            st.error(md("not_your_unit", lang, units=access.units_text(editor, lambda u: views.unit_label(catalog, u, lang),
                                                                        lang)), icon=":material/lock:")
            return
        year_col, name_col = st.columns([1, 2])
        year_col.number_input(t("reporting_year", lang), 2016, 2060, value=min(max(int(reporting_year), 2016), 2060),
                              key="ledger_year")
        name_col.text_input(t("submitter", lang), value=editor.name, max_chars=100, key="ledger_submitter")
        st.text_input(t("note", lang), max_chars=500, key="ledger_note")
        counts = loaded.review.counts()
        st.markdown(t("save.summary", lang, unit=plain(views.unit_label(catalog, unit, lang)), **counts))
        with Session(engine()) as session:
            st.session_state["_ledger_head_seen"] = store.head(session)
        st.button(t("confirm_save", lang), type="primary", icon=":material/save:", key="ledger_confirm",
                  disabled=not (counts["values"] or counts["tasks"]), on_click=_save, args=(page_unit, lang))


def _save(page_unit: str | None, lang: str) -> None:
    editor = access.current_editor()
    unit = reporting_unit(page_unit)
    if editor is None or unit is None or not editor.may_save_for(unit):
        _say("error", t("passcode_wrong", lang))
        return
    loaded = loaded_for(page_unit)
    values, tasks = loaded.values, loaded.tasks
    submitter = st.session_state.get("ledger_submitter") or ""
    year = int(st.session_state.get("ledger_year") or beijing_today().year)
    items = []
    for result in loaded.results:
        file_values = values[values["file"] == result.file]
        file_tasks = tasks[tasks["file"] == result.file]
        if file_values.empty and file_tasks.empty:
            continue
        sheet_notes = "; ".join(text for _, _, text in result.notes)  # what the sheet itself says of its figures
        note = "\n".join(n for n in (st.session_state.get("ledger_note") or "", sheet_notes) if n)
        not_used = loaded.review.problems()
        problems = pd.concat([loaded.problems[loaded.problems["file"] == result.file],
                              not_used[not_used["file"] == result.file]], ignore_index=True)
        items.append((store.SubmissionInput(unit, year, submitter, result.file, result.sha256, note),
                      file_values, problems, file_tasks))
    answers_for = None if editor.role == "admin" else data.answers_for
    try:
        saved = store.save_submissions(engine(), items, expected_head=st.session_state.get("_ledger_head_seen"),
                                       answers_for=answers_for)
    except store.LedgerError as error:
        _say("error", wording.say(error.message, lang, data.catalog()))
        return
    except Exception:
        _say("error", t("save_failed", lang))
        return
    access.record(engine(), "save", editor, unit_id=unit, year=year,
                  submissions=[s.public_id for s in saved], values=sum(s.values for s in saved),
                  tasks=sum(s.tasks for s in saved))
    token = links.create_report(engine(), kind="submission", lang=lang, reporting_year=year,
                                submission_id=saved[-1].id, created_by=submitter)
    st.session_state["_ledger_saved_now"] = True
    uploads.clear()
    n_tasks = sum(s.tasks for s in saved)
    _say("success", t("saved_tasks" if n_tasks else "saved", lang, n=sum(s.values for s in saved), tasks=n_tasks,
                      link=f"{page_address() or '/progress'}?report={token}"))
    st.session_state["_last_saved_report"] = token


def _on_share(lang: str, reporting_year: int, view: dict) -> None:
    editor = access.current_editor()
    try:
        st.session_state["_shared_report"] = links.create_report(
            engine(), kind="ledger", lang=lang, reporting_year=reporting_year, view=view,
            created_by=editor.name if editor else "", client=access.client_address())
    except store.LedgerError as error:
        _say("error", wording.say(error.message, lang, data.catalog()))


@st.fragment
def share_button(lang: str, reporting_year: int, view: dict, saved_values: int, has_unsaved: bool) -> None:
    """A link reopens what the ledger holds; with nothing saved there is nothing to share yet. A fragment:
    making the link reruns only this."""
    _message()
    if not saved_values:
        st.caption(t("share_needs_saved", lang))
        return
    st.button(t("create_share_link", lang), icon=":material/share:", key="ledger_share", on_click=_on_share,
              args=(lang, reporting_year, view))
    if has_unsaved:
        st.warning(t("share_link_unsaved", lang), icon=":material/warning:")
    token = st.session_state.get("_shared_report")
    if token:
        st.code(f"{page_address() or '/progress'}?report={token}", language=None, wrap_lines=True)
        st.caption(t("share_link_help", lang))


def contributions_panel(catalog: Catalog, lang: str, indicators: list[str]) -> None:
    """What partner units reported of the indicators in view: their contributions, beside (never instead of)
    the lead unit's values that the comparison judges."""
    given = snapshot().contributions()
    given = given[given["indicator_id"].isin(indicators)] if len(given) else given
    if not len(given):
        return
    with st.expander(t("contributions.title", lang, n=len(given)), icon=":material/group_work:"):
        st.caption(t("contributions.help", lang))
        st.dataframe(pd.DataFrame({
            t("indicator", lang): [views.indicator_label(catalog, i, lang) for i in given["indicator_id"]],
            pick("年份", "Year", lang): given["year"].astype(str),
            pick("数值", "Value", lang): given["value"],
            t("contributions.unit", lang): [views.unit_label(catalog, u, lang) for u in given["reporting_unit"]],
            t("contributions.lead", lang): [views.unit_names(catalog, sorted(data.leads().get(i, ())), lang)
                                            for i in given["indicator_id"]],
            pick("填报人", "Submitter", lang): given["submitter"],
            pick("提交时间(北京时间)", "Submitted (Beijing time)", lang): [beijing_time(m) for m in given["submitted_at"]],
        }), hide_index=True, width="stretch")


def history_panel(catalog: Catalog, lang: str) -> None:
    with st.expander(t("ledger_history", lang), icon=":material/history:"):
        with Session(engine()) as session:
            subs = store.submissions(session)
        if subs.empty:
            st.caption(t("ledger_empty", lang))
            return
        st.dataframe(pd.DataFrame({
            pick("提交时间(北京时间)", "Submitted (Beijing time)", lang): [beijing_time(m) for m in subs["submitted_at"]],
            pick("填报单位", "Reporting unit", lang): [views.unit_label(catalog, u, lang) for u in subs["reporting_unit"]],
            pick("报告年度", "Reporting year", lang): subs["reporting_year"].astype(str),
            pick("填报人", "Submitter", lang): subs["submitter"],
            pick("文件", "File", lang): subs["file_name"],
            pick("数值个数", "Values", lang): subs["values"],
            pick("任务条数", "Task reports", lang): subs["tasks"],
            pick("备注", "Note", lang): subs["note"],
        }), hide_index=True, width="stretch")
        reported = views.charted_indicators(catalog, catalog.targets)
        indicator_id = st.selectbox(t("history_of", lang), reported, index=None, key="ledger_history_indicator",
                                    format_func=lambda i: views.indicator_label(catalog, i, lang),
                                    placeholder=t("choose_indicator", lang))
        if indicator_id:
            with Session(engine()) as session:
                rows = store.history(session, indicator_id)
            st.dataframe(pd.DataFrame({
                pick("年份", "Year", lang): rows["year"].astype(str),
                pick("数值", "Value", lang): rows["value"],
                pick("约数", "Approximate", lang): [pick("是", "yes", lang) if a else "" for a in rows["approximate"]],
                pick("备注", "Note", lang): rows["note"],
                pick("表中写法", "Written as", lang): rows["written"],
                pick("替代了", "Replaced", lang): rows["replaced_value"],
                pick("填报单位", "Reporting unit", lang): [views.unit_label(catalog, u, lang) for u in rows["reporting_unit"]],
                pick("填报人", "Submitter", lang): rows["submitter"],
                pick("提交时间(北京时间)", "Submitted (Beijing time)", lang): [beijing_time(m) for m in rows["submitted_at"]],
                pick("文件", "File", lang): rows["file_name"],
                pick("单元格", "Cell", lang): rows["sheet"] + "!" + rows["column"] + rows["row"].map(
                    lambda r: "" if pd.isna(r) else str(int(r))),
            }), hide_index=True, width="stretch", placeholder="—")


@st.cache_data(show_spinner=False, max_entries=8)
def _year_end(url: str, ledger_state: tuple[int, int], year: int):
    from ledger.year_end import LedgerFrames, year_end
    frames = _snapshot(url, ledger_state)
    return year_end(data.catalog(), LedgerFrames(frames.values, frames.entries, frames.reviews, frames.submissions), year)


@st.cache_data(show_spinner=False, max_entries=8)
def _task_board(url: str, ledger_state: tuple[int, int], year: int) -> pd.DataFrame:
    from tracker.task_status import task_board
    frames = _snapshot(url, ledger_state)
    return task_board(data.catalog(), frames.entries, frames.reviews, year)


def task_board(year: int) -> pd.DataFrame:
    """Every ledger item's status in `year` (tracker.task_status.task_board), computed once per ledger state:
    ~0.2 s on a city's ledger, which /tasks and /units would otherwise pay on every filter change."""
    return _task_board(_url(), snapshot().state, year)


@dataclass(frozen=True)
class Progress:
    label: str     # "✖ 到期未达成", "▲ 按计划推进", "✖ 逾期(期限 2025 年)"
    why: str       # the reason in words (plain text: a goal's is what its unit reported)


def target_progress(lang: str) -> dict[str, Progress]:
    """What each target's row says of its progress, by target_id: a numeric target its verdict once its year
    has passed, else (the indicator's next target) the status toward it; a qualitative goal the status of its
    ledger item in the year-end cycle under way. Targets with nothing to say are left out."""
    catalog = data.catalog()
    found = {}
    for row in ledger_standings().itertuples():
        found[row.target_id] = Progress(status_label(row.status, lang), wording.say(row.reason, lang, catalog))
    year = reporting_cycle_year()
    goals = task_board(year)
    for row in goals[goals["kind"] == "goal"].to_dict("records"):
        why = t("goal_progress_why", lang, year=year, unit=views.unit_label(catalog, row["reporting_unit"], lang),
                text=row["progress"]) if row["progress"] else t("goal_progress_none", lang, year=year)
        found[row["item_id"]] = Progress(task_views.item_status_label(row, lang), why)
    return found


def year_end_picture(year: int):
    """The year-end picture (ledger.year_end) of the ledger as it is now, computed once per ledger state."""
    return _year_end(_url(), snapshot().state, year)


def year_end_downloads(catalog: Catalog, lang: str, year: int, key: str) -> None:
    """The leaders' report (Word) and its Excel annex for `year`, made when asked for."""
    def report() -> bytes:
        from ledger.leaders_report import build_leaders_report
        return build_leaders_report(catalog, year_end_picture(year), lang)

    def annex() -> bytes:
        from ledger.pack import build_pack
        return build_pack(engine(), catalog, year, lang, picture=year_end_picture(year))
    left, right = st.columns(2)
    with left:
        downloads.document(t("download_leaders_report", lang, year=year), report, key=f"{key}:docx", lang=lang,
                           file_name=f"carbon-peak-{year}-year-end-report-{lang}.docx", primary=True,
                           mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                           icon=":material/description:")
    with right:
        downloads.document(t("download_pack", lang, year=year), annex, key=f"{key}:xlsx", lang=lang,
                           file_name=f"carbon-peak-{year}-year-end-annex-{lang}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           icon=":material/table_view:")


def pack_panel(catalog: Catalog, lang: str, reporting_year: int) -> None:
    with st.expander(t("year_end_pack", lang), icon=":material/inventory_2:"):
        st.caption(t("year_end_pack_help", lang))
        this_year = beijing_today().year
        years = list(range(2021, max(reporting_year, this_year) + 2))
        year = st.selectbox(t("reporting_year", lang), years, index=years.index(this_year),
                            key="pack_year")
        year_end_downloads(catalog, lang, year, key="pack")


def backup_panel(lang: str) -> None:
    """Export and import of the whole ledger: for the app's administrators (the all-units passcode)."""
    editor = access.current_editor()
    if editor is None or editor.role != "admin":
        return
    with st.expander(t("backup", lang), icon=":material/backup:"):
        st.download_button(t("export_ledger", lang), lambda: backup.export_ledger(engine()),
                           file_name="carbon-peak-ledger-backup.json", mime="application/json",
                           icon=":material/download:", on_click="ignore")
        upload = st.file_uploader(t("import_ledger", lang), type=["json"], key="ledger_import")
        if upload is not None:
            st.button(t("import_now", lang), icon=":material/upload:", key="ledger_import_now", on_click=_on_import,
                      args=(lang,))


def _on_import(lang: str) -> None:
    upload = st.session_state.get("ledger_import")
    editor = access.current_editor()
    if upload is None or editor is None or editor.role != "admin":
        return
    try:
        added = backup.import_ledger(engine(), upload.getvalue(), backup.known_for(data.catalog()))
    except store.LedgerError as error:
        _say("error", wording.say(error.message, lang, data.catalog()))
        return
    access.record(engine(), "import", editor, submissions=added[0], reports=added[1], file=upload.name[:200])
    _say("success", t("imported", lang, submissions=added[0], reports=added[1]))
