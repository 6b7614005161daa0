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

Each passcode has a holder: a unit, the office (the reviewer passcode) or the administrators (the editor
passcode). The unlock form asks whom a person unlocks as, and the passcode is compared with that holder's
alone, in constant time (digests are compared, so not even its length shows). Failed tries are counted in
the audit trail, so a lockout holds across browser sessions and app instances, and they are counted where a
visitor can spend them only on himself or on the one holder he guesses at, never for everyone:

- per address: TRIES_PER_ADDRESS failures within LOCKOUT_WINDOW, and that address is refused for any holder,
  even with the right passcode;
- per holder, from all addresses (a slow guess from many): TRIES_PER_HOLDER failures, and that holder takes
  no tries from addresses it has not unlocked from lately (KNOWN_ADDRESS_AGE), so strangers guessing at the
  office's passcode do not lock out the office at its own desk; every other holder is untouched;
- a try that names no holder (the passcode alone, compared with every passcode, as the form works when
  nobody was chosen) counts for its address and in one pool of such tries, TRIES_UNNAMED. A visitor can spend
  that pool, but then people have to say whom they unlock as; it locks nobody out.

A try made while locked out is refused without comparing anything and recorded (unlock_refused), but it is
not a failure: it cannot prolong the lockout, which ends LOCKOUT_WINDOW after the failures that caused it.

Sign-on identities: an address the provider says it has not verified gets no rights.
"""
from __future__ import annotations

import datetime
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from ledger import audit
from ledger.store import now, write_lock

ALL_UNITS = "*"
LOCKOUT_WINDOW = datetime.timedelta(minutes=15)
TRIES_PER_ADDRESS = 5        # failures in a window from one address, whichever holders it named
TRIES_PER_HOLDER = 20        # failures in a window at one holder's passcode, from all addresses
TRIES_UNNAMED = 50           # failures in a window of tries that named no holder, from all addresses
KNOWN_ADDRESS_AGE = datetime.timedelta(days=90)  # a holder's own addresses: where it unlocked this lately
REFUSED_RECORDED = 20        # refused tries recorded per address and window: enough to see who keeps trying,
                             # while a script hammering the form cannot fill the audit trail


@dataclass(frozen=True)
class Holder:
    """Whose passcode a try is for: a unit's (role "editor"), the office's ("reviewer") or the administrators'
    ("admin"). The audit trail keeps it in its role and unit_id columns; `key` is how a form names it."""
    role: str
    unit_id: str = ""

    @property
    def key(self) -> str:
        return f"{self.role}:{self.unit_id}" if self.unit_id else self.role

    @classmethod
    def from_key(cls, key: str | None) -> Holder | None:
        role, _, unit_id = (key or "").partition(":")
        if (role == "editor" and unit_id) or (role in ("reviewer", "admin") and not unit_id):
            return cls(role, unit_id)
        return None


REVIEWER, ADMIN = Holder("reviewer"), Holder("admin")


@dataclass(frozen=True)
class Editor:
    """Someone who unlocked editing: the units they may save for (ALL_UNITS in it: every unit), and whether
    they speak for the office."""
    name: str
    units: frozenset[str] = frozenset()
    reviewer: bool = False
    via: str = "passcode"      # passcode | sign_on
    email: str = ""            # with sign-on: the address the provider vouched for

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

    @property
    def actor(self) -> str:
        """Who did it, for the audit trail: the name, and with sign-on the address (a display name is any
        text the person chose at the provider)."""
        return f"{self.name} <{self.email}>"[:200] if self.email else self.name


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


def holders(config: AccessConfig) -> list[Holder]:
    """Everyone with a passcode, as the unlock form offers them: the office, the units, the administrators."""
    found = [REVIEWER] if config.reviewer_passcode else []
    found += [Holder("editor", unit_id) for unit_id in sorted(config.unit_passcodes)]
    return found + ([ADMIN] if config.editor_passcode else [])


def passcode_of(config: AccessConfig, holder: Holder) -> str | None:
    if holder == ADMIN:
        return config.editor_passcode
    if holder == REVIEWER:
        return config.reviewer_passcode
    return config.unit_passcodes.get(holder.unit_id) if holder.role == "editor" else None


def _same(given: str, configured: str | None) -> bool:
    # Digests, equal in length: compare_digest's time then tells neither the content nor the length.
    equal = hmac.compare_digest(hashlib.sha256(given.encode()).digest(),
                                hashlib.sha256((configured or "").encode()).digest())
    return equal and bool(configured)


def _editor_of(name: str, holder: Holder) -> Editor:
    if holder == REVIEWER:
        return Editor(name, frozenset(), True, "passcode")
    return Editor(name, frozenset([ALL_UNITS if holder == ADMIN else holder.unit_id]), False, "passcode")


def unlock(config: AccessConfig, name: str, passcode: str, holder: Holder | None = None) -> Editor | None:
    """The editor this passcode makes of `name`, or None: compared with `holder`'s passcode; without a holder
    with every configured passcode, so that the time taken does not tell which one came close."""
    name = name.strip()[:100]
    if holder is not None:
        return _editor_of(name, holder) if _same(passcode, passcode_of(config, holder)) else None
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
    return Editor(name, frozenset(units), reviewer, "passcode")


def address_verified(claim) -> bool:
    """Whether a provider's email_verified claim lets the address stand. Absent, it does: providers that issue
    the addresses themselves (a city's directory) often do not send the claim. False — or "false", as some
    providers write it — does not: at many providers anyone can put any address on an account."""
    return not (claim is False or (isinstance(claim, str) and claim.strip().lower() == "false"))


def signed_in(config: AccessConfig, email: str | None, name: str | None,
              email_verified: bool | str | None = None) -> Editor | None:
    """The editor a signed-in address makes, or None when the address is given no rights or the provider
    says it has not verified it."""
    if not email or not address_verified(email_verified):
        return None
    email = email.lower()
    units = config.editor_emails.get(email, frozenset())
    reviewer = email in config.reviewer_emails
    if not units and not reviewer:
        return None
    return Editor((name or email)[:100], frozenset(units), reviewer, "sign_on", email[:100])


def _fields(holder: Holder | None) -> dict:
    """A holder as the audit trail keeps it (both empty: no holder named)."""
    return {"role": holder.role, "unit_id": holder.unit_id} if holder else {"role": "", "unit_id": ""}


def lockout(session: Session, client: str, holder: Holder | None) -> str | None:
    """Why a try from `client` for `holder` is refused without comparing anything ("address", "holder",
    "unnamed"), or None."""
    since = now() - LOCKOUT_WINDOW
    if audit.count(session, "unlock_failed", since=since, client=client) >= TRIES_PER_ADDRESS:
        return "address"
    guessed = audit.count(session, "unlock_failed", since=since, **_fields(holder))
    if holder is None:
        return "unnamed" if guessed >= TRIES_UNNAMED else None
    if guessed >= TRIES_PER_HOLDER and not audit.count(session, "unlock", since=now() - KNOWN_ADDRESS_AGE,
                                                       client=client, **_fields(holder)):
        return "holder"
    return None


def _record_refused(session: Session, actor: str, client: str, holder: Holder | None, reason: str) -> None:
    recent = audit.count(session, "unlock_refused", since=now() - LOCKOUT_WINDOW, client=client)
    if recent < REFUSED_RECORDED:
        audit.add(session, "unlock_refused", actor=actor, client=client, details={"reason": reason},
                  **_fields(holder))


def try_unlock(engine: Engine, config: AccessConfig, name: str, passcode: str, client: str,
               holder: Holder | None = None) -> Editor | None:
    """unlock(), counted: a failure is recorded for the lockout, a success in the audit trail. Raises Locked
    while a lockout lasts (nothing is compared then; the refused try is recorded). One try at a time (the
    ledger's write lock), so that tries sent at once cannot all pass the count before any is recorded."""
    actor = name.strip()[:100]
    with Session(engine) as session, session.begin():
        write_lock(session)
        refused = lockout(session, client, holder)
        if refused:
            _record_refused(session, actor, client, holder, refused)
            editor = None
        else:
            editor = unlock(config, name, passcode, holder)
            if editor is None:
                audit.add(session, "unlock_failed", actor=actor, client=client, **_fields(holder))
            else:  # the holder's unit_id too: the next lockout knows this address as the holder's own
                only = holder or _holder_of(editor)
                audit.add(session, "unlock", actor=editor.name, role=editor.role, unit_id=only.unit_id if only else "",
                          client=client, details={"units": sorted(editor.units), "reviewer": editor.reviewer})
    if refused:
        raise Locked(refused)
    return editor


def _holder_of(editor: Editor) -> Holder | None:
    """The one holder whose passcode a try without a holder matched (None when it matched several)."""
    if editor.reviewer:
        return REVIEWER if not editor.units else None
    if len(editor.units) != 1:
        return None
    (unit_id,) = editor.units
    return ADMIN if unit_id == ALL_UNITS else Holder("editor", unit_id)


class Locked(Exception):
    """Too many failed passcode tries: wait LOCKOUT_WINDOW. `reason`: "address" (this address's tries),
    "holder" (tries at this holder's passcode, from addresses it does not know) or "unnamed" (tries that named
    no holder: name one)."""

    def __init__(self, reason: str = "address"):
        super().__init__(reason)
        self.reason = reason
