"""Reading and writing the ledger: submissions of numbers and task reports, the current state and its history,
reviews. Every write is one transaction, serialised against other writers; nothing is overwritten, so two
people saving at once lose nothing, and a preview that someone else's save made stale is refused.
"""
from __future__ import annotations

import datetime
import json
import math
import uuid
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from ledger.models import Review, Submission, SubmittedValue, TaskEntry
from loaders.message import Refused
from loaders.statuses import REPORTED
from loaders.text import clean_line, clean_text

PROVENANCE = ["indicator_id", "year", "value", "months", "approximate", "note", "matched_by", "written", "submission_id",
              "public_id",
              "reporting_unit", "reporting_year", "period", "submitter", "submitted_at", "file_name", "file_sha256",
              "sheet", "row", "column"]
TASK_COLUMNS = ["item_id", "status", "progress", "issues", "next_steps", "evidence", "submission_id", "public_id",
                "reporting_unit", "reporting_year", "period", "submitter", "submitted_at", "file_name", "origin",
                "sheet", "row"]
TEXT_LIMIT = 4_000          # characters kept of each task text (a long paragraph, not a document)
_WRITE_LOCK = 2023_08_02    # PostgreSQL advisory lock that serialises the ledger's writers


class LedgerError(Refused):
    """A ledger operation that cannot be done; `.message` says why (a code of the message catalog)."""


class StaleLedger(LedgerError):
    """Someone saved after the preview was made: the user must look at the new preview before saving."""


@dataclass(frozen=True)
class SubmissionInput:
    reporting_unit: str
    reporting_year: int
    submitter: str
    file_name: str
    file_sha256: str
    note: str = ""
    origin: str = "upload"      # upload | form
    period: str = ""            # "" (the year) or Q1…Q4


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def as_utc(moment: datetime.datetime | None) -> datetime.datetime | None:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    if moment is None or pd.isna(moment):
        return None
    return moment.replace(tzinfo=datetime.timezone.utc) if moment.tzinfo is None else moment


def write_lock(session: Session) -> None:
    """Take the ledger's write lock for this transaction (first thing in it): SQLite's BEGIN IMMEDIATE, a
    PostgreSQL advisory lock. What the transaction reads afterwards cannot change before it commits."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITE_LOCK})


# --- reading ------------------------------------------------------------------------------------------------

def state(session: Session) -> tuple[int, int]:
    """What identifies the ledger's content: the latest submission and the latest review (one small query).
    Anything read from the ledger can be cached under it."""
    row = session.execute(select(func.coalesce(func.max(Submission.id), 0),
                                 select(func.coalesce(func.max(Review.id), 0)).scalar_subquery())).one()
    return int(row[0]), int(row[1])


def head(session: Session) -> int:
    """The id of the latest submission (0 when the ledger is empty): a preview is valid while it stays."""
    return session.scalar(select(func.coalesce(func.max(Submission.id), 0)))


def _when(query, *, as_of=None, until_year=None, submission_id=None, up_to_id=None, period=None):
    query = query.where(Submission.status == "accepted")
    if as_of is not None:
        query = query.where(Submission.submitted_at <= as_of)
    if until_year is not None:
        query = query.where(Submission.reporting_year <= until_year)
    if submission_id is not None:
        query = query.where(Submission.id == submission_id)
    if up_to_id is not None:
        query = query.where(Submission.id <= up_to_id)
    return query


def all_values(session: Session, **when) -> pd.DataFrame:
    """Every submitted value with its provenance (PROVENANCE columns), the earliest submitted first."""
    query = (select(SubmittedValue.indicator_id, SubmittedValue.year, SubmittedValue.value, SubmittedValue.months,
                    SubmittedValue.approximate,
                    SubmittedValue.note, SubmittedValue.matched_by, SubmittedValue.written, Submission.id,
                    Submission.public_id,
                    Submission.reporting_unit, Submission.reporting_year, Submission.period, Submission.submitter,
                    Submission.submitted_at, Submission.file_name, Submission.file_sha256, SubmittedValue.sheet,
                    SubmittedValue.row, SubmittedValue.column)
             .join(Submission).order_by(Submission.submitted_at, Submission.id, SubmittedValue.id))
    frame = pd.DataFrame(session.execute(_when(query, **when)).all(), columns=PROVENANCE)
    frame["submitted_at"] = frame["submitted_at"].map(as_utc)
    return frame


def current_values(session: Session, leads: Mapping[str, Collection[str]] | None, **when) -> pd.DataFrame:
    """The ledger's value of each (indicator, year): the latest one its lead units reported (`leads`: indicator →
    its lead units, loaders.items.indicator_leads; None takes every unit's, for a submission shown alone).
    Same columns as all_values."""
    return ledger_values(all_values(session, **when), leads)


def ledger_values(values: pd.DataFrame, leads: Mapping[str, Collection[str]] | None) -> pd.DataFrame:
    """Of `values` (all_values, oldest first), each (indicator, year)'s latest from a lead unit: a partner's value
    is its contribution, shown as such, and never the ledger's value."""
    if leads is not None and len(values):
        values = values[[unit in leads.get(indicator, ()) for indicator, unit in
                         zip(values["indicator_id"], values["reporting_unit"])]]
    return values.drop_duplicates(["indicator_id", "year"], keep="last").sort_values(
        ["indicator_id", "year"]).reset_index(drop=True)


def contributions(values: pd.DataFrame, leads: Mapping[str, Collection[str]]) -> pd.DataFrame:
    """Of `values` (all_values), what units other than an indicator's leads reported of it: each unit's latest
    value of each (indicator, year)."""
    if not len(values):
        return values
    values = values[[unit not in leads.get(indicator, ()) for indicator, unit in
                     zip(values["indicator_id"], values["reporting_unit"])]]
    return values.drop_duplicates(["indicator_id", "year", "reporting_unit"], keep="last").sort_values(
        ["indicator_id", "year", "reporting_unit"]).reset_index(drop=True)


def history(session: Session, indicator_id: str | None = None) -> pd.DataFrame:
    """Who reported what, when, from which file, and what it replaced (the value it superseded)."""
    values = all_values(session)
    if indicator_id is not None:
        values = values[values["indicator_id"] == indicator_id]
    values = values.copy()
    grouped = values.groupby(["indicator_id", "year"], sort=False)
    values["replaced_value"] = grouped["value"].shift(1)
    values["replaced_submission"] = grouped["public_id"].shift(1)
    return values.reset_index(drop=True)


def all_task_entries(session: Session, **when) -> pd.DataFrame:
    """Every task report with its provenance (TASK_COLUMNS), the earliest submitted first."""
    query = (select(TaskEntry.item_id, TaskEntry.status, TaskEntry.progress, TaskEntry.issues, TaskEntry.next_steps,
                    TaskEntry.evidence, Submission.id, Submission.public_id, Submission.reporting_unit,
                    Submission.reporting_year, Submission.period, Submission.submitter, Submission.submitted_at,
                    Submission.file_name, Submission.origin, TaskEntry.sheet, TaskEntry.row)
             .join(Submission).order_by(Submission.submitted_at, Submission.id, TaskEntry.id))
    frame = pd.DataFrame(session.execute(_when(query, **when)).all(), columns=TASK_COLUMNS)
    frame["submitted_at"] = frame["submitted_at"].map(as_utc)
    return frame


def submissions(session: Session) -> pd.DataFrame:
    """Every submission, the latest first, with how many values and task reports it holds."""
    values = (select(SubmittedValue.submission_id, func.count().label("n")).group_by(SubmittedValue.submission_id)
              .subquery())
    tasks = select(TaskEntry.submission_id, func.count().label("n")).group_by(TaskEntry.submission_id).subquery()
    rows = session.execute(
        select(Submission.id, Submission.public_id, Submission.submitted_at, Submission.reporting_unit,
               Submission.reporting_year, Submission.period, Submission.submitter, Submission.file_name,
               Submission.file_sha256, Submission.origin, Submission.note, Submission.problems,
               func.coalesce(values.c.n, 0), func.coalesce(tasks.c.n, 0))
        .outerjoin(values, values.c.submission_id == Submission.id)
        .outerjoin(tasks, tasks.c.submission_id == Submission.id)
        .order_by(Submission.submitted_at.desc(), Submission.id.desc())).all()
    frame = pd.DataFrame(rows, columns=["id", "public_id", "submitted_at", "reporting_unit", "reporting_year", "period",
                                        "submitter", "file_name", "file_sha256", "origin", "note", "problems",
                                        "values", "tasks"])
    frame["submitted_at"] = frame["submitted_at"].map(as_utc)
    return frame


def submission(session: Session, submission_id: int) -> pd.Series:
    """One submission's row of submissions(); LedgerError when it is not in the ledger."""
    frame = submissions(session)
    match = frame[frame["id"] == submission_id]
    if match.empty:
        raise LedgerError("ledger.submission_gone")
    return match.iloc[0]


def reviews(session: Session) -> pd.DataFrame:
    rows = session.execute(
        select(Review.id, Review.submission_id, Submission.public_id, Submission.reporting_unit,
               Submission.reporting_year, Review.item_id, Review.decision, Review.text, Review.reviewer,
               Review.reviewed_at)
        .join(Submission, Submission.id == Review.submission_id).order_by(Review.reviewed_at, Review.id)).all()
    frame = pd.DataFrame(rows, columns=["id", "submission_id", "public_id", "reporting_unit", "reporting_year",
                                        "item_id", "decision", "text", "reviewer", "reviewed_at"])
    frame["reviewed_at"] = frame["reviewed_at"].map(as_utc)
    return frame


# --- writing ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Saved:
    id: int
    public_id: str
    submitted_at: datetime.datetime
    values: int
    tasks: int = 0


def _clip(value, limit: int, *, line: bool = False) -> str:
    """A text as the ledger keeps it: cleaned of control and invisible characters (loaders.text), cut to
    `limit`. Every text a submission or a review brings passes here."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return (clean_line if line else clean_text)(value)[:limit]


def _clean_records(value):
    """The reader's problems as stored with a submission: every text in them cleaned too."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean_records(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean_records(v) for k, v in value.items()}
    return value


def save_submission(engine: Engine, details: SubmissionInput, values: pd.DataFrame, problems: pd.DataFrame | None = None,
                    *, tasks: pd.DataFrame | None = None, expected_head: int | None = None,
                    answers_for: Callable[[str, str, str], bool] | None = None,
                    record: Callable[[Session, list[Saved]], None] | None = None) -> Saved:
    """Save one submission and all its values (and task reports) in a single transaction."""
    return save_submissions(engine, [(details, values, problems, tasks)], expected_head=expected_head,
                            answers_for=answers_for, record=record)[0]


def _check(details: SubmissionInput, values: pd.DataFrame, tasks: pd.DataFrame | None,
           answers_for: Callable[[str, str, str], bool] | None) -> None:
    if not clean_line(details.submitter):
        raise LedgerError("ledger.submitter_needed")
    if values.empty and (tasks is None or tasks.empty):
        raise LedgerError("ledger.nothing_to_save", file=details.file_name)
    duplicated = values.duplicated(["indicator_id", "year"])
    if duplicated.any():
        first = values[duplicated].iloc[0]
        raise LedgerError("ledger.value_twice", indicator=first["indicator_id"], year=int(first["year"]))
    if not all(math.isfinite(float(v)) for v in values["value"]):
        raise LedgerError("ledger.not_finite")
    if answers_for is not None:   # a unit saves only for what it leads or supports
        theirs = [("indicator", i) for i in values["indicator_id"] if not answers_for(details.reporting_unit, "indicator", i)]
        if tasks is not None:
            theirs += [("item", i) for i in tasks["item_id"] if not answers_for(details.reporting_unit, "item", i)]
        if theirs:
            kind, first = theirs[0]
            raise LedgerError(f"ledger.not_the_units_{kind}", unit=details.reporting_unit, **{kind: first},
                              count=len(theirs))
    if tasks is not None and len(tasks):
        if tasks["item_id"].duplicated().any():
            raise LedgerError("ledger.task_twice")
        unknown = set(tasks["status"].fillna("")) - {"", *REPORTED}
        if unknown:
            raise LedgerError("ledger.unknown_status", written=", ".join(sorted(unknown)))


def save_submissions(engine: Engine, items: list[tuple], *, expected_head: int | None = None,
                     answers_for: Callable[[str, str, str], bool] | None = None,
                     record: Callable[[Session, list[Saved]], None] | None = None) -> list[Saved]:
    """Save several submissions (one per uploaded file) in a single transaction: all or none. Each item is
    (details, values, problems) or (details, values, problems, tasks). `record(session, saved)` adds what
    the save's audit event says in the same transaction: the save and its event commit together or not at all.

    With `expected_head`, refuse (StaleLedger) if someone saved since the user's preview was made. With
    `answers_for(unit, "indicator" | "item", id)`, refuse a value or report for anything its unit neither leads
    nor supports (the administrator's saves pass None).
    """
    items = [(*item, None) if len(item) == 3 else item for item in items]
    for details, values, _, tasks in items:
        _check(details, values, tasks, answers_for)
    with Session(engine) as session, session.begin():
        write_lock(session)
        if expected_head is not None and head(session) != expected_head:
            raise StaleLedger("ledger.stale")
        saved = []
        for details, values, problems, tasks in items:
            submission = Submission(
                public_id=uuid.uuid4().hex, reporting_unit=details.reporting_unit,
                reporting_year=int(details.reporting_year), submitter=_clip(details.submitter, 200, line=True),
                submitted_at=now(), file_name=_clip(details.file_name, 300, line=True), file_sha256=details.file_sha256,
                status="accepted", note=_clip(details.note, 2000), origin=details.origin, period=details.period,
                problems=[] if problems is None else _clean_records(_records(problems)))
            submission.values = [
                SubmittedValue(indicator_id=row.indicator_id, year=int(row.year), value=float(row.value),
                               sheet=_clip(getattr(row, "sheet", ""), 200, line=True),
                               row=None if pd.isna(getattr(row, "row", None)) else int(row.row),
                               column=_clip(getattr(row, "column", ""), 8, line=True),
                               approximate=bool(getattr(row, "approximate", False) or False),
                               note=_clip(getattr(row, "note", ""), TEXT_LIMIT),
                               matched_by=_clip(getattr(row, "matched_by", ""), 20, line=True),
                               written=_clip(getattr(row, "written", ""), 300, line=True),
                               months=_clip(getattr(row, "months", ""), 10, line=True))
                for row in values.itertuples()]
            submission.tasks = [] if tasks is None else [
                TaskEntry(item_id=row.item_id, status=_clip(row.status, 20),
                          progress=_clip(row.progress, TEXT_LIMIT), issues=_clip(row.issues, TEXT_LIMIT),
                          next_steps=_clip(row.next_steps, TEXT_LIMIT), evidence=_clip(row.evidence, TEXT_LIMIT),
                          sheet=_clip(getattr(row, "sheet", ""), 200, line=True),
                          row=None if pd.isna(getattr(row, "row", None)) else int(row.row))
                for row in tasks.itertuples()]
            session.add(submission)
            session.flush()
            saved.append(Saved(submission.id, submission.public_id, submission.submitted_at, len(submission.values),
                               len(submission.tasks)))
        if record is not None:
            record(session, saved)
    return saved


def add_review(engine: Engine, submission_id: int, *, decision: str, text_: str, reviewer: str,
               item_id: str = "", record: Callable[[Session, str], None] | None = None) -> int:
    """The office's review note on a submission (or one item of it), or its return with a reason.
    `record(session, reporting_unit)` adds its audit event in the same transaction."""
    if decision not in ("note", "returned"):   # a forged form value: said, not raised as a crash
        raise LedgerError("ledger.unknown_decision")
    text_, reviewer = _clip(text_, TEXT_LIMIT), _clip(reviewer, 200, line=True)
    if not text_:
        raise LedgerError("ledger.review_text_needed")
    if not reviewer:
        raise LedgerError("ledger.reviewer_needed")
    with Session(engine) as session, session.begin():
        write_lock(session)
        submission = session.get(Submission, submission_id)
        if submission is None:
            raise LedgerError("ledger.no_such_submission")
        review = Review(submission_id=submission_id, item_id=item_id, decision=decision, text=text_,
                        reviewer=reviewer, reviewed_at=now())
        session.add(review)
        session.flush()
        if record is not None:
            record(session, submission.reporting_unit)
        return review.id


def _records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", force_ascii=False))
