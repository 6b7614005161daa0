"""The ledger as the pages read it: its engine (migrated at start), one cached snapshot per ledger state, and
what the pages compute from it once per state — the ledger's values, assessments, verdicts, the task board,
the year-end picture.

The database: LEDGER_DATABASE_URL, or `[connections.ledger] url = "postgresql+psycopg://..."` in
.streamlit/secrets.toml; by default an SQLite file under LEDGER_DATA_DIR (./var). Who may save, for which
unit, and who reviews: ledger.access (configured in the same secrets file).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from ledger import store
from ledger.db import database_url, make_engine, migrate
from loaders.catalog import Catalog
from tracker import task_views, views, wording
from tracker.assess import assess_frame, standings
from tracker.cycle import reporting_cycle_year
from tracker.i18n import beijing_time, status_label, t
from ui import access, data


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


def with_sources(values: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Each value with a line saying where it comes from (and that it was approximate, and its note)."""
    unit_names = {u: views.unit_label(data.catalog(), u, lang) for u in values["reporting_unit"].unique()}
    about = t("ledger.approximate", lang)
    return values.assign(
        origin="ledger",
        source=[f"{unit_names[u]} · {who} · {name} · {beijing_time(when)[:10]}" + (f" · {about}" if approximate else "")
                + (f" · {note}" if note else "") for u, who, name, when, approximate, note in
                zip(values["reporting_unit"], values["submitter"], values["file_name"], values["submitted_at"],
                    values["approximate"], values["note"])])


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


@st.cache_data(show_spinner=False, max_entries=8)
def _year_end(url: str, ledger_state: tuple[int, int], year: int):
    from ledger.year_end import LedgerFrames, year_end
    frames = _snapshot(url, ledger_state)
    return year_end(data.catalog(), LedgerFrames(frames.values, frames.entries, frames.reviews, frames.submissions), year)


def year_end_picture(year: int):
    """The year-end picture (ledger.year_end) of the ledger as it is now, computed once per ledger state."""
    return _year_end(_url(), snapshot().state, year)

