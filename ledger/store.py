"""Reading and writing the ledger: saving submissions, the current values and their history, share links,
backups. Every write is one transaction; nothing is overwritten, so two people saving at once lose nothing.
"""
from __future__ import annotations

import datetime
import json
import re
import secrets
import uuid
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from ledger.models import Report, Submission, SubmittedValue

EXPORT_FORMAT = "yinchuan-carbon-peak-ledger"
EXPORT_VERSION = 1
REPORT_ID = re.compile(r"^[A-Za-z0-9_-]{20,32}$")
PROVENANCE = ["indicator_id", "year", "value", "submission_id", "public_id", "reporting_unit", "reporting_year",
              "submitter", "submitted_at", "file_name", "file_sha256", "sheet", "row", "column"]


class LedgerError(ValueError):
    """A ledger operation that cannot be done; str() is in English, .zh in Chinese."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(en)


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


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _utc(moment: datetime.datetime | None) -> datetime.datetime | None:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    if moment is None or pd.isna(moment):
        return None
    return moment.replace(tzinfo=datetime.timezone.utc) if moment.tzinfo is None else moment


# --- reading ------------------------------------------------------------------------------------------------

def head(session: Session) -> int:
    """The id of the latest submission (0 when the ledger is empty): a preview is valid while it stays."""
    return session.scalar(select(func.coalesce(func.max(Submission.id), 0)))


def all_values(session: Session, *, as_of: datetime.datetime | None = None, until_year: int | None = None,
               submission_id: int | None = None) -> pd.DataFrame:
    """Every submitted value with its provenance (PROVENANCE columns), oldest submission first."""
    query = (select(SubmittedValue.indicator_id, SubmittedValue.year, SubmittedValue.value, Submission.id,
                    Submission.public_id, Submission.reporting_unit, Submission.reporting_year, Submission.submitter,
                    Submission.submitted_at, Submission.file_name, Submission.file_sha256, SubmittedValue.sheet,
                    SubmittedValue.row, SubmittedValue.column)
             .join(Submission).where(Submission.status == "accepted")
             .order_by(Submission.id, SubmittedValue.id))
    if as_of is not None:
        query = query.where(Submission.submitted_at <= as_of)
    if until_year is not None:
        query = query.where(Submission.reporting_year <= until_year)
    if submission_id is not None:
        query = query.where(Submission.id == submission_id)
    frame = pd.DataFrame(session.execute(query).all(), columns=PROVENANCE)
    frame["submitted_at"] = frame["submitted_at"].map(_utc)
    return frame


def current_values(session: Session, **when) -> pd.DataFrame:
    """The ledger's value of each (indicator, year): the latest submission's. Same columns as all_values."""
    values = all_values(session, **when)
    return values.drop_duplicates(["indicator_id", "year"], keep="last").sort_values(
        ["indicator_id", "year"]).reset_index(drop=True)


def history(session: Session, indicator_id: str | None = None) -> pd.DataFrame:
    """Who reported what, when, from which file, and what it replaced (the value it superseded)."""
    values = all_values(session)
    if indicator_id is not None:
        values = values[values["indicator_id"] == indicator_id]
    values = values.copy()
    grouped = values.groupby(["indicator_id", "year"], sort=False)
    values["replaced_value"] = grouped["value"].shift(1)
    values["replaced_submission"] = grouped["public_id"].shift(1)
    return values.sort_values(["indicator_id", "year", "submission_id"]).reset_index(drop=True)


def submissions(session: Session) -> pd.DataFrame:
    rows = session.execute(
        select(Submission.id, Submission.public_id, Submission.submitted_at, Submission.reporting_unit,
               Submission.reporting_year, Submission.submitter, Submission.file_name, Submission.file_sha256,
               func.count(SubmittedValue.id))
        .outerjoin(SubmittedValue).group_by(Submission.id).order_by(Submission.id.desc())).all()
    frame = pd.DataFrame(rows, columns=["id", "public_id", "submitted_at", "reporting_unit", "reporting_year",
                                        "submitter", "file_name", "file_sha256", "values"])
    frame["submitted_at"] = frame["submitted_at"].map(_utc)
    return frame


def preview(session: Session, values: pd.DataFrame) -> pd.DataFrame:
    """What saving `values` (indicator_id, year, value) would do to the ledger: one row per value with
    change = new | changed | unchanged, and the value it replaces."""
    current = current_values(session)[["indicator_id", "year", "value"]].rename(columns={"value": "old_value"})
    merged = values[["indicator_id", "year", "value"]].merge(current, on=["indicator_id", "year"], how="left")
    merged["change"] = "changed"
    merged.loc[merged["old_value"].isna(), "change"] = "new"
    merged.loc[merged["old_value"] == merged["value"], "change"] = "unchanged"
    return merged


# --- writing ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Saved:
    id: int
    public_id: str
    submitted_at: datetime.datetime
    values: int


def save_submission(engine: Engine, details: SubmissionInput, values: pd.DataFrame, problems: pd.DataFrame | None = None,
                    *, expected_head: int | None = None) -> Saved:
    """Save one submission and all its values in a single transaction."""
    return save_submissions(engine, [(details, values, problems)], expected_head=expected_head)[0]


def save_submissions(engine: Engine, items: list[tuple[SubmissionInput, pd.DataFrame, pd.DataFrame | None]], *,
                     expected_head: int | None = None) -> list[Saved]:
    """Save several submissions (one per uploaded file) in a single transaction: all or none.

    With `expected_head`, refuse (StaleLedger) if someone saved since the user's preview was made.
    """
    for details, values, _ in items:
        if not details.submitter.strip():
            raise LedgerError("请填写填报人姓名。", "Enter the submitter's name.")
        if values.empty:
            raise LedgerError(f"{details.file_name}:没有可保存的数值。", f"{details.file_name}: there are no values to save.")
        duplicated = values.duplicated(["indicator_id", "year"])
        if duplicated.any():
            first = values[duplicated].iloc[0]
            raise LedgerError(f"{first['indicator_id']} {first['year']} 年出现两次。",
                              f"{first['indicator_id']} {first['year']} appears twice.")
    with Session(engine) as session, session.begin():
        if expected_head is not None and head(session) != expected_head:
            raise StaleLedger("在您预览之后,已有其他人保存了新的数据。请查看更新后的变更再确认。",
                              "Someone saved to the ledger after your preview. Look at the updated changes and confirm again.")
        saved = []
        for details, values, problems in items:
            submission = Submission(
                public_id=uuid.uuid4().hex, reporting_unit=details.reporting_unit,
                reporting_year=int(details.reporting_year), submitter=details.submitter.strip()[:200],
                submitted_at=now(), file_name=details.file_name[:300], file_sha256=details.file_sha256,
                status="accepted", note=details.note, problems=[] if problems is None else _records(problems))
            submission.values = [
                SubmittedValue(indicator_id=row.indicator_id, year=int(row.year), value=float(row.value),
                               sheet=str(getattr(row, "sheet", "") or "")[:200],
                               row=None if pd.isna(getattr(row, "row", None)) else int(row.row),
                               column=str(getattr(row, "column", "") or "")[:8])
                for row in values.itertuples()]
            session.add(submission)
            session.flush()
            saved.append(Saved(submission.id, submission.public_id, submission.submitted_at, len(submission.values)))
    return saved


def _records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", force_ascii=False))


# --- share links --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReportView:
    id: str
    kind: str
    as_of: datetime.datetime | None
    submission_id: int | None
    lang: str
    reporting_year: int
    view: dict
    created_at: datetime.datetime
    created_by: str


def create_report(engine: Engine, *, kind: str, lang: str, reporting_year: int, view: dict | None = None,
                  as_of: datetime.datetime | None = None, submission_id: int | None = None,
                  created_by: str = "") -> str:
    """Record a view and return its unguessable id (for /progress?report=<id>)."""
    if kind not in ("ledger", "submission"):
        raise ValueError(kind)
    token = secrets.token_urlsafe(16)  # 128 random bits, 22 characters
    with Session(engine) as session, session.begin():
        session.add(Report(id=token, kind=kind, as_of=as_of or (now() if kind == "ledger" else None),
                           submission_id=submission_id, lang=lang, reporting_year=int(reporting_year),
                           view=view or {}, created_at=now(), created_by=created_by[:200]))
    return token


def get_report(engine: Engine, token: str) -> ReportView:
    """The report behind a link; LedgerError with a message for the user when the id is malformed or unknown."""
    if not isinstance(token, str) or not REPORT_ID.match(token):
        raise LedgerError("链接中的报告编号格式不正确,请检查链接是否完整。",
                          "The report id in the link is malformed; check that the whole link was copied.")
    with Session(engine) as session:
        report = session.get(Report, token)
        if report is None:
            raise LedgerError("找不到该报告。链接可能有误,或报告保存在另一台服务器上。",
                              "No report has this id. The link may be wrong, or the report lives on another server.")
        return ReportView(report.id, report.kind, _utc(report.as_of), report.submission_id, report.lang,
                          report.reporting_year, dict(report.view or {}), _utc(report.created_at), report.created_by)


def report_values(engine: Engine, report: ReportView) -> pd.DataFrame:
    with Session(engine) as session:
        if report.kind == "submission":
            return current_values(session, submission_id=report.submission_id)
        return current_values(session, as_of=report.as_of)


# --- backup -------------------------------------------------------------------------------------------------

def export_ledger(engine: Engine) -> bytes:
    """The whole ledger as one JSON file (submissions with their values, and the shared reports)."""
    with Session(engine) as session:
        subs = session.scalars(select(Submission).order_by(Submission.id)).all()
        public_ids = {s.id: s.public_id for s in subs}
        payload = {
            "format": EXPORT_FORMAT, "version": EXPORT_VERSION, "exported_at": now().isoformat(),
            "submissions": [{
                "public_id": s.public_id, "reporting_unit": s.reporting_unit, "reporting_year": s.reporting_year,
                "submitter": s.submitter, "submitted_at": _utc(s.submitted_at).isoformat(), "file_name": s.file_name,
                "file_sha256": s.file_sha256, "status": s.status, "note": s.note, "problems": s.problems,
                "values": [{"indicator_id": v.indicator_id, "year": v.year, "value": v.value, "sheet": v.sheet,
                            "row": v.row, "column": v.column} for v in s.values]} for s in subs],
            "reports": [{
                "id": r.id, "kind": r.kind, "as_of": None if r.as_of is None else _utc(r.as_of).isoformat(),
                "submission": public_ids.get(r.submission_id), "lang": r.lang, "reporting_year": r.reporting_year,
                "view": r.view, "created_at": _utc(r.created_at).isoformat(), "created_by": r.created_by}
                for r in session.scalars(select(Report).order_by(Report.created_at, Report.id)).all()],
        }
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")


def import_ledger(engine: Engine, content: bytes) -> tuple[int, int]:
    """Load a backup (one transaction). Submissions and reports already present are skipped, so importing
    the same file twice changes nothing. Returns (submissions added, reports added)."""
    try:
        payload = json.loads(content.decode("utf-8"))
        assert payload["format"] == EXPORT_FORMAT
    except Exception:
        raise LedgerError("这不是本应用导出的台账备份文件。", "This is not a ledger backup exported by this app.")
    if payload.get("version") != EXPORT_VERSION:
        raise LedgerError(f"备份文件版本 {payload.get('version')} 无法识别。",
                          f"Backup version {payload.get('version')} is not supported.")
    added_subs = added_reports = 0
    with Session(engine) as session, session.begin():
        known = set(session.scalars(select(Submission.public_id)))
        for item in payload["submissions"]:
            if item["public_id"] in known:
                continue
            submission = Submission(**{k: item[k] for k in ("public_id", "reporting_unit", "reporting_year",
                                                            "submitter", "file_name", "file_sha256", "status",
                                                            "note", "problems")},
                                    submitted_at=datetime.datetime.fromisoformat(item["submitted_at"]))
            submission.values = [SubmittedValue(**value) for value in item["values"]]
            session.add(submission)
            added_subs += 1
        session.flush()
        ids = dict(session.execute(select(Submission.public_id, Submission.id)).all())
        existing_reports = set(session.scalars(select(Report.id)))
        for item in payload["reports"]:
            if item["id"] in existing_reports:
                continue
            session.add(Report(
                id=item["id"], kind=item["kind"], lang=item["lang"], reporting_year=item["reporting_year"],
                view=item["view"], created_by=item["created_by"], submission_id=ids.get(item["submission"]),
                as_of=None if item["as_of"] is None else datetime.datetime.fromisoformat(item["as_of"]),
                created_at=datetime.datetime.fromisoformat(item["created_at"])))
            added_reports += 1
    return added_subs, added_reports
