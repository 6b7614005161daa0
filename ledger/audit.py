"""The audit trail: every save, review, return, import and unlock, every failed unlock and every try
refused while locked out, and each sign-in, with who, for which unit and from which address. The passcode
lockout counts failures here, so it holds across browser sessions and across the app's instances.

It is this ledger's own record, only ever appended to: a backup's audit events are not imported (they did not
happen here); the import itself is one event.

For unlocks the role and unit_id columns name the passcode's holder that was tried: role "editor" with the
unit's id, "reviewer" (the office) or "admin"; both empty for a try that named no holder.
"""
from __future__ import annotations

import datetime

import pandas as pd
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from ledger.models import AuditEvent
from ledger.store import as_utc, now

ACTIONS = ("save", "review", "return", "import", "unlock", "unlock_failed", "unlock_refused", "share", "sign_in", "remind")


def add(session: Session, action: str, *, actor: str = "", role: str = "", unit_id: str = "", client: str = "",
        details: dict | None = None) -> None:
    """An event in the caller's transaction (which commits it with what it records)."""
    if action not in ACTIONS:
        raise ValueError(action)
    session.add(AuditEvent(at=now(), action=action, actor=actor[:200], role=role[:20], unit_id=unit_id[:40],
                           client=client[:100], details=details or {}))


def record(engine: Engine, action: str, **fields) -> None:
    """An event in a transaction of its own (the fields of add())."""
    with Session(engine) as session, session.begin():
        add(session, action, **fields)


def count(session: Session, action: str, *, since: datetime.datetime, client: str | None = None,
          role: str | None = None, unit_id: str | None = None) -> int:
    """Events of one kind since a time; only from one address, or of one role and unit, when given."""
    query = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action, AuditEvent.at >= since)
    for column, value in ((AuditEvent.client, client), (AuditEvent.role, role), (AuditEvent.unit_id, unit_id)):
        if value is not None:
            query = query.where(column == value)
    return int(session.scalar(query))


def events(engine: Engine, limit: int = 500) -> pd.DataFrame:
    """The latest events first."""
    with Session(engine) as session:
        rows = session.execute(select(AuditEvent.at, AuditEvent.action, AuditEvent.actor, AuditEvent.role,
                                      AuditEvent.unit_id, AuditEvent.client, AuditEvent.details)
                               .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)).all()
    frame = pd.DataFrame(rows, columns=["at", "action", "actor", "role", "unit_id", "client", "details"])
    frame["at"] = frame["at"].map(as_utc)
    return frame
