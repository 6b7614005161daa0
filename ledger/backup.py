"""The whole ledger as one JSON file, and back: for backups and for moving a ledger between servers.

A backup is untrusted input (it may be old, from another catalog, or edited by hand), so every field is
checked — types, lengths, finite numbers, dates, and that units, indicators and task items exist in this
app's catalog — before anything is written; one bad field refuses the whole file, saying which. Importing
the same file twice changes nothing; an older backup's values keep their submission times, so they do not
become the ledger's current values, and no time may lie in the future (beyond CLOCK_SKEW), or a made-up
submission would stay current over every later save.

What a backup may not do: its audit trail is exported for the record but never imported (the trail says
what happened here; the import itself is one event, which the caller records); and a review comes in only
with the submission it is of, when the same backup brings that submission to this ledger — never dated
before it — so a backup cannot return, or annotate, a submission this ledger already has (a review that is
already here, identical, is skipped).
"""
from __future__ import annotations

import datetime
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ledger.links import REPORT_ID, clean_view
from ledger.models import AuditEvent, Report, Review, Submission, SubmittedValue, TaskEntry
from ledger.store import LedgerError, as_utc, now, write_lock
from loaders.message import Message, message
from loaders.statuses import REPORTED
from loaders.text import clean_line, clean_text

EXPORT_FORMAT = "yinchuan-carbon-peak-ledger"
EXPORT_VERSION = 2
READABLE_VERSIONS = (1, 2)
MAX_BACKUP_BYTES = 200 * 1024**2
CLOCK_SKEW = datetime.timedelta(minutes=5)   # how far ahead of this server's clock the exporting one may be
_HEX32, _HEX64 = re.compile(r"^[0-9a-f]{32}$"), re.compile(r"^([0-9a-f]{64})?$")
# Indicator ids the catalog has renamed, old → new, so that a backup made before a rename still loads
# (migration 0004 renames them in a ledger): 主要再生资源回收率 is of recyclable resources (再生资源), not
# renewable ones.
RENAMED_INDICATORS = {"renewable_resource_recovery": "recyclable_resource_recovery"}


@dataclass(frozen=True)
class Known:
    """What the catalog knows: a backup may only name these."""
    units: frozenset[str]
    indicators: frozenset[str]
    items: frozenset[str]


def export_ledger(engine: Engine) -> bytes:
    """The whole ledger: submissions with their values and task reports, reviews, share links, audit trail."""
    with Session(engine) as session:
        subs = session.scalars(select(Submission).order_by(Submission.id)).all()
        public_ids = {s.id: s.public_id for s in subs}
        payload = {
            "format": EXPORT_FORMAT, "version": EXPORT_VERSION, "exported_at": now().isoformat(),
            "submissions": [{
                "public_id": s.public_id, "reporting_unit": s.reporting_unit, "reporting_year": s.reporting_year,
                "period": s.period, "submitter": s.submitter, "submitted_at": as_utc(s.submitted_at).isoformat(),
                "file_name": s.file_name, "file_sha256": s.file_sha256, "status": s.status, "note": s.note,
                "origin": s.origin, "problems": s.problems,
                "values": [{"indicator_id": v.indicator_id, "year": v.year, "value": v.value, "sheet": v.sheet,
                            "row": v.row, "column": v.column, "approximate": v.approximate, "note": v.note,
                            "matched_by": v.matched_by, "written": v.written} for v in s.values],
                "tasks": [{"item_id": e.item_id, "status": e.status, "progress": e.progress, "issues": e.issues,
                           "next_steps": e.next_steps, "evidence": e.evidence, "sheet": e.sheet, "row": e.row}
                          for e in s.tasks]} for s in subs],
            "reviews": [{"submission": public_ids[r.submission_id], "item_id": r.item_id, "decision": r.decision,
                         "text": r.text, "reviewer": r.reviewer, "reviewed_at": as_utc(r.reviewed_at).isoformat()}
                        for r in session.scalars(select(Review).order_by(Review.id)).all()],
            "reports": [{
                "id": r.id, "kind": r.kind, "as_of": None if r.as_of is None else as_utc(r.as_of).isoformat(),
                "submission": public_ids.get(r.submission_id), "lang": r.lang, "reporting_year": r.reporting_year,
                "view": r.view, "created_at": as_utc(r.created_at).isoformat(), "created_by": r.created_by}
                for r in session.scalars(select(Report).order_by(Report.created_at, Report.id)).all()],
            "audit": [{"at": as_utc(a.at).isoformat(), "action": a.action, "actor": a.actor, "role": a.role,
                       "unit_id": a.unit_id, "client": a.client, "details": a.details}
                      for a in session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()],
        }
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")


class _Invalid(Exception):
    """A record of the backup that cannot be trusted: which one (`where`) and what is wrong with it (`what`)."""

    def __init__(self, where: Message, what: Message):
        super().__init__(where.code, what.code)
        self.where, self.what = where, what


class _Reader:
    """Field checks for one record of the backup, naming the record in messages."""

    def __init__(self, record, where: Message):
        if not isinstance(record, dict):
            raise _Invalid(where, message("backup.not_a_record"))
        self.record, self.where = record, where

    def bad(self, key: str, code: str = "backup.field_invalid", **params):
        return _Invalid(self.where, message(code, field=key, **params))

    def text(self, key: str, limit: int, *, default: str | None = "", required: bool = False,
             allowed: tuple | None = None, pattern: re.Pattern | None = None) -> str:
        value = self.record.get(key, default)
        if not isinstance(value, str) or len(value) > limit:
            raise self.bad(key)
        if allowed is not None and value not in allowed:
            raise self.bad(key, "backup.field_not_allowed", written=clean_line(value)[:40])
        if pattern is not None and not pattern.match(value):
            raise self.bad(key)
        if allowed is None and pattern is None:
            # a backup's texts pass the ledger's door too: paragraphs (2,000 characters or more allowed) keep their
            # line breaks, names are one line; neither keeps a control or bidi character
            value = clean_text(value) if limit >= 2000 else clean_line(value)
        if required and not value:
            raise self.bad(key)
        return value

    def member(self, key: str, known: frozenset[str], what: str) -> str:
        value = self.text(key, 60, default=None, required=True)
        if value not in known:
            raise self.bad(key, f"backup.unknown_{what}", written=value)
        return value

    def integer(self, key: str, low: int, high: int, *, optional: bool = False) -> int | None:
        value = self.record.get(key)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.bad(key)
        return value

    def number(self, key: str) -> float:
        value = self.record.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise self.bad(key, "backup.field_not_finite")
        return float(value)

    def flag(self, key: str) -> bool:
        value = self.record.get(key, False)
        if not isinstance(value, bool):
            raise self.bad(key)
        return value

    def moment(self, key: str, *, optional: bool = False) -> datetime.datetime | None:
        value = self.record.get(key)
        if value is None and optional:
            return None
        try:
            moment = datetime.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise self.bad(key, "backup.field_not_a_time") from None
        if moment.tzinfo is None:
            raise self.bad(key, "backup.field_no_time_zone")
        if moment > now() + CLOCK_SKEW:
            raise self.bad(key, "backup.field_in_the_future", written=value[:40])
        return moment

    def listing(self, key: str, limit: int) -> list:
        value = self.record.get(key, [])
        if not isinstance(value, list) or len(value) > limit:
            raise self.bad(key)
        return value


def _submission(item, n: int, known: Known) -> Submission:
    record = _Reader(item, message("backup.where.submission", n=n))
    submission = Submission(
        public_id=record.text("public_id", 32, default=None, pattern=_HEX32),
        reporting_unit=record.member("reporting_unit", known.units, "unit"),
        reporting_year=record.integer("reporting_year", 2000, 2060),
        period=record.text("period", 10, allowed=("", "Q1", "Q2", "Q3", "Q4")),
        submitter=record.text("submitter", 200, default=None, required=True),
        submitted_at=record.moment("submitted_at"),
        file_name=record.text("file_name", 300, default=None),
        file_sha256=record.text("file_sha256", 64, pattern=_HEX64),
        status=record.text("status", 20, default="accepted", allowed=("accepted",)),
        note=record.text("note", 2000), origin=record.text("origin", 20, default="upload",
                                                           allowed=("upload", "form", "import")),
        problems=[p for p in record.listing("problems", 10_000) if isinstance(p, dict)])
    seen_values = set()
    for m, value in enumerate(record.listing("values", 100_000), start=1):
        old_id = value.get("indicator_id") if isinstance(value, dict) else None
        if isinstance(old_id, str) and old_id in RENAMED_INDICATORS:
            value = {**value, "indicator_id": RENAMED_INDICATORS[old_id]}
        cell = _Reader(value, message("backup.where.value", n=n, m=m))
        row = SubmittedValue(
            indicator_id=cell.member("indicator_id", known.indicators, "indicator"),
            year=cell.integer("year", 2000, 2060), value=cell.number("value"), sheet=cell.text("sheet", 200),
            row=cell.integer("row", 1, 10_000_000, optional=True), column=cell.text("column", 8),
            approximate=cell.flag("approximate"), note=cell.text("note", 4000), matched_by=cell.text("matched_by", 20),
            written=cell.text("written", 300))
        if (row.indicator_id, row.year) in seen_values:
            raise cell.bad("year", "backup.value_repeated")
        seen_values.add((row.indicator_id, row.year))
        submission.values.append(row)
    seen_items = set()
    for m, entry in enumerate(record.listing("tasks", 10_000), start=1):
        cell = _Reader(entry, message("backup.where.task", n=n, m=m))
        row = TaskEntry(item_id=cell.member("item_id", known.items, "item"),
                        status=cell.text("status", 20, allowed=("", *REPORTED)),
                        progress=cell.text("progress", 4000), issues=cell.text("issues", 4000),
                        next_steps=cell.text("next_steps", 4000), evidence=cell.text("evidence", 4000),
                        sheet=cell.text("sheet", 200), row=cell.integer("row", 1, 10_000_000, optional=True))
        if row.item_id in seen_items:
            raise cell.bad("item_id", "backup.task_repeated")
        seen_items.add(row.item_id)
        submission.tasks.append(row)
    return submission


def _payload(content: bytes) -> dict:
    if len(content) > MAX_BACKUP_BYTES:
        raise LedgerError("backup.too_large")
    try:
        payload = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        payload = None
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise LedgerError("backup.not_a_backup")
    if payload.get("version") not in READABLE_VERSIONS:
        raise LedgerError("backup.unknown_version", version=str(payload.get("version"))[:20])
    for key in ("submissions", "reports", "reviews", "audit"):
        if not isinstance(payload.get(key, []), list):
            raise LedgerError("backup.not_a_list", field=key)
    return payload


def import_ledger(engine: Engine, content: bytes, known: Known,
                  record: Callable[[Session, tuple[int, int]], None] | None = None) -> tuple[int, int]:
    """Load a backup (one transaction, after every record was checked). Submissions, reviews and reports already
    present are skipped; the backup's audit events are not imported. Returns (submissions added, reports
    added); `record(session, added)` writes the import's own audit event in the same transaction."""
    payload = _payload(content)
    try:
        incoming = [_submission(item, n, known) for n, item in enumerate(payload.get("submissions", []), start=1)]
        reviews = []
        for n, item in enumerate(payload.get("reviews", []), start=1):
            reader = _Reader(item, message("backup.where.review", n=n))
            reviews.append((reader, reader.text("submission", 32, default=None, pattern=_HEX32), Review(
                item_id=reader.text("item_id", 40), decision=reader.text("decision", 20, allowed=("note", "returned")),
                text=reader.text("text", 4000, required=True), reviewer=reader.text("reviewer", 200, required=True),
                reviewed_at=reader.moment("reviewed_at"))))
        reports = []
        for n, item in enumerate(payload.get("reports", []), start=1):
            reader = _Reader(item, message("backup.where.link", n=n))
            kind = reader.text("kind", 20, allowed=("ledger", "submission"))
            submission_key = item.get("submission") if isinstance(item, dict) else None
            if submission_key is not None:
                reader.text("submission", 32, pattern=_HEX32)
            view = item.get("view", {})
            if not isinstance(view, dict):
                raise reader.bad("view")
            view = clean_view(view)
            if "indicator" in view:
                view["indicator"] = [RENAMED_INDICATORS.get(i, i) for i in view["indicator"]]
            reports.append((submission_key, Report(
                id=reader.text("id", 32, default=None, pattern=REPORT_ID), kind=kind,
                lang=reader.text("lang", 2, allowed=("zh", "en")),
                reporting_year=reader.integer("reporting_year", 2000, 2060), view=view,
                created_by=reader.text("created_by", 200), as_of=reader.moment("as_of", optional=True),
                created_at=reader.moment("created_at"))))
        # The backup's audit trail ("audit") is not read: it is not imported (see the module's docstring).
        with Session(engine) as session, session.begin():
            write_lock(session)
            added = _write(session, incoming, reviews, reports)
            if record is not None:
                record(session, added)
            return added
    except _Invalid as invalid:  # raised before anything was written, or inside the transaction, which rolls back
        raise LedgerError("backup.invalid", where=invalid.where, what=invalid.what) from None


def _same_review(review: Review) -> tuple:
    return (review.submission_id, review.item_id, review.decision, review.text, review.reviewer,
            as_utc(review.reviewed_at))


def _add_reviews(session: Session, reviews: list, added: dict[str, Submission], ids: dict[str, int]) -> None:
    """The backup's reviews, each checked against the submission it is of: added with a submission this backup
    brought (not dated before it), skipped when already here exactly, refused otherwise."""
    existing = {_same_review(r) for r in session.scalars(select(Review))}
    for record, public_id, review in reviews:
        review.submission_id = ids.get(public_id)
        if _same_review(review) in existing:
            continue  # already here (this file imported before): nothing to add
        if public_id in added:
            if review.reviewed_at < as_utc(added[public_id].submitted_at):
                raise _Invalid(record.where, message("backup.review_before_submission"))
            existing.add(_same_review(review))
            session.add(review)
        elif public_id in ids:
            raise _Invalid(record.where, message("backup.review_of_a_submission_here", submission=public_id))
        else:
            raise _Invalid(record.where, message("backup.review_of_no_submission", submission=public_id))


def _write(session: Session, incoming: list[Submission], reviews: list, reports: list) -> tuple[int, int]:
    """Within the import's transaction: what is not here yet. Returns (submissions added, reports added)."""
    known_subs = set(session.scalars(select(Submission.public_id)))
    added: dict[str, Submission] = {}
    for submission in incoming:
        if submission.public_id not in known_subs and submission.public_id not in added:
            added[submission.public_id] = submission
            session.add(submission)
    session.flush()
    ids = dict(session.execute(select(Submission.public_id, Submission.id)).all())
    _add_reviews(session, reviews, added, ids)
    added_reports, existing_reports = 0, set(session.scalars(select(Report.id)))
    for public_id, report in reports:
        if report.id in existing_reports:
            continue
        if report.kind == "submission" and public_id not in ids:
            continue  # its submission is neither here nor in the backup: the link could show nothing
        report.submission_id = ids.get(public_id)
        session.add(report)
        existing_reports.add(report.id)
        added_reports += 1
    return len(added), added_reports


def known_for(catalog) -> Known:
    """What `catalog` lets a backup name."""
    from loaders.items import ledger_items

    return Known(frozenset(catalog.units["unit_id"]), frozenset(catalog.indicators["indicator_id"]),
                 frozenset(ledger_items(catalog)["item_id"]))
