"""The audit trail: every save, review, return, import and unlock, and every failed unlock, with who, for which
unit and from which address. The passcode lockout counts failures here, so it holds across browser sessions
and across the app's instances."""
from __future__ import annotations

import datetime

import pandas as pd
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from ledger.models import AuditEvent
from ledger.store import _utc, now

ACTIONS = ("save", "review", "return", "import", "unlock", "unlock_failed", "share", "sign_in")


def record(engine: Engine, action: str, *, actor: str = "", role: str = "", unit_id: str = "", client: str = "",
           details: dict | None = None) -> None:
    if action not in ACTIONS:
        raise ValueError(action)
    with Session(engine) as session, session.begin():
        session.add(AuditEvent(at=now(), action=action, actor=actor[:200], role=role[:20], unit_id=unit_id[:40],
                               client=client[:100], details=details or {}))


def failures(engine: Engine, *, since: datetime.datetime, client: str | None = None) -> int:
    """Failed unlocks since a time, from one address or from all."""
    query = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "unlock_failed",
                                                               AuditEvent.at >= since)
    if client is not None:
        query = query.where(AuditEvent.client == client)
    with Session(engine) as session:
        return int(session.scalar(query))


def events(engine: Engine, limit: int = 500) -> pd.DataFrame:
    """The latest events first."""
    with Session(engine) as session:
        rows = session.execute(select(AuditEvent.at, AuditEvent.action, AuditEvent.actor, AuditEvent.role,
                                      AuditEvent.unit_id, AuditEvent.client, AuditEvent.details)
                               .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)).all()
    frame = pd.DataFrame(rows, columns=["at", "action", "actor", "role", "unit_id", "client", "details"])
    frame["at"] = frame["at"].map(_utc)
    return frame
