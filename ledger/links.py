"""Share links: /progress?report=<id> reopens one comparison, read-only, as the ledger was when the link was
made (or one submission alone). Asking twice for the same view of the same ledger gives the same link, and
each visitor who is not signed in (counted by address) can make only so many links an hour, so the table
cannot be flooded and one visitor's flood refuses nobody else."""
from __future__ import annotations

import datetime
import ipaddress
import re
import secrets
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from ledger.models import Report
from ledger.store import LedgerError, as_utc, current_values, head, now, submission, write_lock

REPORT_ID = re.compile(r"^[A-Za-z0-9_-]{20,32}$")
VIEW_KEYS = {"action": int, "unit": str, "year": (int, str), "q": str, "indicator": list, "status": str,
             "kind": str}
VISITOR_LINKS_PER_HOUR = 200   # from one visitor's address


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
    ledger_head: int | None = None


def clean_view(view: dict | None) -> dict:
    """The filters a link keeps, each of the type the pages expect; anything else is dropped."""
    cleaned = {}
    for key, value in (view or {}).items():
        kinds = VIEW_KEYS.get(key)
        if kinds is None or value in (None, "", []) or isinstance(value, bool) or not isinstance(value, kinds):
            continue
        if isinstance(value, str):
            value = value[:200]
        if isinstance(value, list):
            value = [str(v)[:60] for v in value if isinstance(v, str)][:60]
        cleaned[key] = value
    return cleaned


def visitor(client: str) -> str:
    """Who made a link without a name, as its created_by says: "visitor" and the address it came from (an IPv6
    address by its /64, the network one host is given, so that a host cannot mint addresses to get past the
    cap); "" when the address is not known."""
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return f"visitor {client}"[:200] if client else ""
    if address.version == 6 and address.ipv4_mapped is not None:  # ::ffff:203.0.113.5 is 203.0.113.5
        address = address.ipv4_mapped
    if address.version == 6:
        return f"visitor {ipaddress.ip_network(f'{address}/64', strict=False)}"
    return f"visitor {address}"


def create_report(engine: Engine, *, kind: str, lang: str, reporting_year: int, view: dict | None = None,
                  submission_id: int | None = None, created_by: str = "", client: str = "") -> str:
    """The id of a link to this view (for /progress?report=<id>): an existing one if the same view of the same
    ledger was shared before, else a new unguessable one. Without `created_by` (a visitor), `client` is the
    visitor's address, which VISITOR_LINKS_PER_HOUR limits."""
    if kind not in ("ledger", "submission"):
        raise ValueError(kind)
    view = clean_view(view)
    with Session(engine) as session, session.begin():
        write_lock(session)
        ledger_head = head(session) if kind == "ledger" else None
        same = session.scalars(select(Report).where(
            Report.kind == kind, Report.lang == lang, Report.reporting_year == int(reporting_year),
            Report.submission_id.is_(None) if submission_id is None else Report.submission_id == submission_id,
            Report.ledger_head.is_(None) if ledger_head is None else Report.ledger_head == ledger_head)).all()
        for report in same:
            if report.view == view:
                return report.id
        if not created_by:
            # The visitor's address is kept in the row's created_by (who made it) rather than counted from the
            # audit trail: the cap then reads the very table it limits, in the transaction that adds to it.
            created_by = visitor(client)
            an_hour_ago = now() - datetime.timedelta(hours=1)
            recent = session.scalar(select(func.count()).select_from(Report).where(
                Report.created_by == created_by, Report.created_at >= an_hour_ago))
            if recent >= VISITOR_LINKS_PER_HOUR:
                raise LedgerError("ledger.too_many_links")
        token = secrets.token_urlsafe(16)  # 128 random bits, 22 characters
        session.add(Report(id=token, kind=kind, as_of=now() if kind == "ledger" else None, submission_id=submission_id,
                           lang=lang, reporting_year=int(reporting_year), view=view, created_at=now(),
                           created_by=created_by[:200], ledger_head=ledger_head))
    return token


def get_report(engine: Engine, token: str) -> ReportView:
    """The report behind a link; LedgerError with a message for the user when the id is malformed or unknown."""
    if not isinstance(token, str) or not REPORT_ID.match(token):
        raise LedgerError("ledger.link_malformed")
    with Session(engine) as session:
        report = session.get(Report, token)
        if report is None:
            raise LedgerError("ledger.link_unknown")
        return ReportView(report.id, report.kind, as_utc(report.as_of), report.submission_id, report.lang,
                          report.reporting_year, clean_view(report.view), as_utc(report.created_at), report.created_by,
                          report.ledger_head)


def report_values(engine: Engine, report: ReportView, leads: Mapping[str, Collection[str]]) -> pd.DataFrame:
    """The values the link shows (the ledger's: its lead units', loaders.items.indicator_leads; or one submission's
    own); LedgerError when the submission it points to is gone."""
    with Session(engine) as session:
        if report.kind == "submission":
            if report.submission_id is None:
                raise LedgerError("ledger.submission_gone")
            submission(session, report.submission_id)  # raises when it is gone
            return current_values(session, None, submission_id=report.submission_id)
        if report.ledger_head is not None:
            return current_values(session, leads, up_to_id=report.ledger_head)
        return current_values(session, leads, as_of=report.as_of)
