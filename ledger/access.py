"""Who may do what to the ledger: editors save only for their own units, the leading group's office reviews.

Configured in `.streamlit/secrets.toml` (environment variables win), without Streamlit here:

    [ledger]
    editor_passcode = "…"        # LEDGER_EDITOR_PASSCODE: may save for every unit (the app's administrators)
    reviewer_passcode = "…"      # LEDGER_REVIEWER_PASSCODE: the office — review notes, returning reports
    reviewer_emails = ["office@…"]

    [ledger.unit_passcodes]      # LEDGER_UNIT_PASSCODES='{"housing": "…"}': one passcode per unit
    housing = "…"

    [ledger.editor_emails]       # with single sign-on: e-mail → the units it may save for ("*": all)
    "zhang@yinchuan.gov.cn" = ["housing"]

Passcodes are compared in constant time, every one of them on every try. Failed tries are counted in the
audit trail by address and in all, so a lockout holds across browser sessions and app instances.
"""
from __future__ import annotations

import datetime
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import Engine

from ledger import audit
from ledger.store import now

ALL_UNITS = "*"
TRIES_PER_ADDRESS, TRIES_IN_ALL = 5, 50          # failed tries allowed per window, from one address and in all
LOCKOUT_WINDOW = datetime.timedelta(minutes=15)


@dataclass(frozen=True)
class Editor:
    """Someone who unlocked editing: the units they may save for (ALL_UNITS in it: every unit), and whether
    they speak for the office."""
    name: str
    units: frozenset[str] = frozenset()
    reviewer: bool = False
    via: str = "passcode"      # passcode | sign_on

    def may_save_for(self, unit_id: str | None) -> bool:
        return unit_id is not None and (ALL_UNITS in self.units or unit_id in self.units)

    @property
    def may_save(self) -> bool:
        return bool(self.units)

    @property
    def role(self) -> str:
        if self.reviewer:
            return "reviewer"
        return "admin" if ALL_UNITS in self.units else "editor"


@dataclass(frozen=True)
class AccessConfig:
    editor_passcode: str | None = None
    reviewer_passcode: str | None = None
    unit_passcodes: Mapping[str, str] = field(default_factory=dict)
    editor_emails: Mapping[str, frozenset[str]] = field(default_factory=dict)
    reviewer_emails: frozenset[str] = frozenset()

    @property
    def passcodes_set(self) -> bool:
        return bool(self.editor_passcode or self.reviewer_passcode or self.unit_passcodes)


def _units(value) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset([value])
    return frozenset(str(v) for v in value or [])


def from_settings(ledger: Mapping | None, environ: Mapping[str, str]) -> AccessConfig:
    """The access rules from the secrets' [ledger] section and the environment."""
    ledger = ledger or {}
    unit_passcodes = dict(ledger.get("unit_passcodes") or {})
    if environ.get("LEDGER_UNIT_PASSCODES"):
        unit_passcodes.update(json.loads(environ["LEDGER_UNIT_PASSCODES"]))
    emails = ledger.get("editor_emails") or {}
    if not isinstance(emails, Mapping):  # the older form: a list of addresses that may save for every unit
        emails = {email: [ALL_UNITS] for email in emails}
    return AccessConfig(
        editor_passcode=environ.get("LEDGER_EDITOR_PASSCODE") or ledger.get("editor_passcode") or None,
        reviewer_passcode=environ.get("LEDGER_REVIEWER_PASSCODE") or ledger.get("reviewer_passcode") or None,
        unit_passcodes={str(unit): str(code) for unit, code in unit_passcodes.items() if code},
        editor_emails={str(email).lower(): _units(units) for email, units in emails.items()},
        reviewer_emails=frozenset(str(e).lower() for e in ledger.get("reviewer_emails") or []))


def _same(given: str, configured: str | None) -> bool:
    return bool(configured) and hmac.compare_digest(given.encode(), configured.encode())


def unlock(config: AccessConfig, name: str, passcode: str) -> Editor | None:
    """The editor this passcode makes of `name`, or None. Every configured passcode is compared, so the time
    taken does not tell which one came close."""
    units, reviewer = set(), False
    if _same(passcode, config.editor_passcode):
        units.add(ALL_UNITS)
    if _same(passcode, config.reviewer_passcode):
        reviewer = True
    for unit_id, code in config.unit_passcodes.items():
        if _same(passcode, code):
            units.add(unit_id)
    if not units and not reviewer:
        return None
    return Editor(name.strip()[:100], frozenset(units), reviewer, "passcode")


def signed_in(config: AccessConfig, email: str | None, name: str | None) -> Editor | None:
    """The editor a signed-in address makes, or None when the address is given no rights."""
    if not email:
        return None
    email = email.lower()
    units = config.editor_emails.get(email, frozenset())
    reviewer = email in config.reviewer_emails
    if not units and not reviewer:
        return None
    return Editor((name or email)[:100], frozenset(units), reviewer, "sign_on")


def locked_for(engine: Engine, client: str) -> bool:
    """Too many failed tries lately, from this address or in all (a slow guess from many addresses)."""
    since = now() - LOCKOUT_WINDOW
    return (audit.failures(engine, since=since, client=client) >= TRIES_PER_ADDRESS
            or audit.failures(engine, since=since) >= TRIES_IN_ALL)


def try_unlock(engine: Engine, config: AccessConfig, name: str, passcode: str, client: str) -> Editor | None:
    """unlock(), counted: a failure is recorded for the lockout, a success in the audit trail. Raises Locked
    while the lockout lasts (nothing is compared then)."""
    if locked_for(engine, client):
        raise Locked
    editor = unlock(config, name, passcode)
    if editor is None:
        audit.record(engine, "unlock_failed", actor=name.strip()[:100], client=client)
        return None
    audit.record(engine, "unlock", actor=editor.name, role=editor.role, client=client,
                 details={"units": sorted(editor.units), "reviewer": editor.reviewer})
    return editor


class Locked(Exception):
    """Too many failed passcode tries: wait LOCKOUT_WINDOW."""
