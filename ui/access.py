"""Editing rights in the pages: unlocking with a passcode, single sign-on (st.login), who this session is.

The rules live in ledger.access (no Streamlit); this is the thin layer that reads the secrets, remembers the
unlocked editor in the session, draws the unlock form (whom one unlocks as, name, passcode) and records a
signed-in address's first appearance in a session.
"""
from __future__ import annotations

import importlib.util
import ipaddress
import os

import streamlit as st

from ledger import access, audit
from tracker import views
from tracker.i18n import md, plain, t
from ui import faults, flash

_EDITOR = "_ledger_editor"     # the Editor this session unlocked
_SIGNED_IN = "_signed_in_recorded"   # the address whose sign_in this session recorded
SIGN_ON_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")

def secret(*path: str):
    try:
        value = st.secrets
        for key in path:
            value = value[key]
        return value
    except Exception:  # no secrets file, or no such key
        return None


def config() -> access.AccessConfig:
    section = secret("ledger")
    return access.from_settings(section.to_dict() if hasattr(section, "to_dict") else section, os.environ)


def sign_on_ready() -> bool:
    """Single sign-on can work: what Streamlit's "auth" extra installs is there (Authlib, and httpx, without
    which the login route fails) and [auth] names every setting st.login() needs for its default provider.
    Otherwise no login button is shown at all (st.login would replace the page with an error)."""
    section = secret("auth")
    if section is None or not all(importlib.util.find_spec(name) for name in ("authlib", "httpx")):
        return False
    flat = {key: section.get(key) for key in SIGN_ON_KEYS}
    return all(flat.get(key) for key in SIGN_ON_KEYS) and str(flat["redirect_uri"]).endswith("/oauth2callback")


def editing_configured() -> bool:
    return config().passcodes_set or sign_on_ready()


def client_address() -> str:
    """The browser's address, for the lockout. Behind the deploy/ proxy the app sees 127.0.0.1 and the proxy
    passes the real one in X-Real-IP; the header is believed only from a loopback peer."""
    try:
        peer = st.context.ip_address or ""
        if peer and ipaddress.ip_address(peer).is_loopback:
            return st.context.headers.get("X-Real-IP") or peer
        return peer or "unknown"
    except (ValueError, AttributeError):
        return "unknown"


def _identity() -> dict | None:
    """The signed-in identity's claims, or None (not signed in, sign-on off, or a cookie that cannot be read)."""
    if not sign_on_ready():
        return None
    try:
        return {key: st.user.get(key) for key in ("email", "name", "email_verified")} if st.user.is_logged_in else None
    except Exception:  # no identity cookie, or it cannot be read
        return None


def current_editor() -> access.Editor | None:
    """Who may edit in this session: unlocked with a passcode, or signed in with an address given rights."""
    editor = st.session_state.get(_EDITOR)
    if editor is not None:
        return editor
    identity = _identity()
    if identity is None:
        return None
    editor = access.signed_in(config(), identity["email"], identity["name"], identity["email_verified"])
    if editor is not None:
        _note_sign_in(editor)
    return editor


def _note_sign_in(editor: access.Editor) -> None:
    """One sign_in event per browser session, when its signed-in address is first seen with rights (again if
    the session signs in as another address)."""
    if st.session_state.get(_SIGNED_IN) == editor.email:
        return
    from ui.ledger import engine  # ui.ledger imports this module
    record(engine(), "sign_in", editor, units=sorted(editor.units), reviewer=editor.reviewer)
    st.session_state[_SIGNED_IN] = editor.email


def holder_label(holder: access.Holder, lang: str) -> str:
    if holder == access.REVIEWER:
        return t("access.holder_reviewer", lang)
    if holder == access.ADMIN:
        return t("access.holder_admin", lang)
    from ui import data
    return views.unit_label(data.catalog(), holder.unit_id, lang)


def _offered() -> list[access.Holder]:
    """The holders with a passcode for the form: the office, then the units in the order the pages list them,
    then the administrators."""
    from ui import data
    order = {unit_id: n for n, unit_id in enumerate(views.units_in_order(data.catalog()))}
    return sorted(access.holders(config()), key=lambda h: (h != access.REVIEWER, h == access.ADMIN,
                                                           order.get(h.unit_id, len(order)), h.unit_id))


def _chosen_holder(key: str) -> access.Holder | None:
    """Whom the form unlocks as: the one holder there is, or the one chosen (None: nobody was chosen)."""
    offered = access.holders(config())
    if len(offered) == 1:
        return offered[0]
    chosen = access.Holder.from_key(st.session_state.get(f"{key}:holder"))
    return chosen if chosen in offered else None


def _locked_message(reason: str, holder: access.Holder | None, lang: str) -> str:
    minutes = int(access.LOCKOUT_WINDOW.total_seconds() // 60)
    if reason == "holder" and holder is not None:
        return t("access.holder_locked", lang, holder=holder_label(holder, lang), minutes=minutes)
    if reason == "unnamed":
        return t("access.unnamed_locked", lang)
    return t("passcode_locked", lang, minutes=minutes)


@faults.guarded("access")
def _on_unlock(engine, lang: str, key: str) -> None:
    name = (st.session_state.get(f"{key}:name") or "").strip()
    given = st.session_state.get(f"{key}:passcode", "")
    st.session_state[f"{key}:passcode"] = ""
    if not name:  # every save and review names who did it
        flash.say("access", "error", t("name_needed", lang), icon=":material/lock:")
        return
    holder = _chosen_holder(key)
    try:
        editor = access.try_unlock(engine, config(), name, given, client_address(), holder)
    except access.Locked as locked:
        flash.say("access", "error", _locked_message(locked.reason, holder, lang), icon=":material/lock:")
        return
    if editor is None:
        flash.say("access", "error", t("passcode_wrong", lang), icon=":material/lock:")
        return
    st.session_state[_EDITOR] = editor


def _on_sign_on(lang: str) -> None:
    try:
        st.login()
    except Exception:  # the provider is unreachable or the settings are wrong: say so, keep the page
        flash.say("access", "error", t("sign_on_failed", lang), icon=":material/lock:")


def unlock_form(engine, lang: str, key: str = "unlock") -> None:
    """The form that turns a visitor into an editor or the office's reviewer."""
    flash.show("access")
    identity = _identity()
    if identity and identity["email"] and not access.address_verified(identity["email_verified"]):
        st.warning(t("access.email_unverified", lang, email=plain(identity["email"])), icon=":material/gpp_bad:")
    if sign_on_ready():
        st.button(t("log_in", lang), on_click=_on_sign_on, args=(lang,), icon=":material/login:", key=f"{key}:sign_on")
    offered = _offered()
    if offered:
        # With one holder there is nobody to choose; otherwise the passcode is compared with the chosen one's
        # (nobody chosen: with every one, under the lockout's pool for such tries; see ledger.access).
        columns = st.columns([3, 2, 2, 1] if len(offered) > 1 else [2, 2, 1], vertical_alignment="bottom")
        if len(offered) > 1:
            columns.pop(0).selectbox(t("access.unlock_as", lang), [h.key for h in offered], index=None,
                                     key=f"{key}:holder", placeholder=t("access.choose_holder", lang),
                                     format_func=lambda k: holder_label(access.Holder.from_key(k), lang))
        name_col, code_col, button_col = columns
        name_col.text_input(t("your_name", lang), key=f"{key}:name", max_chars=100)
        code_col.text_input(t("editor_passcode", lang), type="password", key=f"{key}:passcode",
                            help=t("editor_passcode_help", lang))
        button_col.button(t("unlock", lang), on_click=_on_unlock, args=(engine, lang, key),
                          icon=":material/lock_open:", key=f"{key}:button")


def units_text(editor: access.Editor, unit_label, lang: str) -> str:
    """The units an editor may save for, named as people read them."""
    if access.ALL_UNITS in editor.units:
        return t("all_units", lang)
    return t("list.separator", lang).join(unit_label(u) for u in sorted(editor.units))


def editor_caption(editor: access.Editor, unit_label, lang: str) -> None:
    """One line that says who is editing and for which units."""
    units = units_text(editor, unit_label, lang)
    key = "editing_as_reviewer" if editor.reviewer and not editor.units else \
        "editing_as_both" if editor.reviewer else "editing_as"
    st.caption(md(key, lang, name=editor.name, units=units))


def record(engine, action: str, editor: access.Editor | None, **details) -> None:
    """An audit event for something this session did, in a transaction of its own (an unlock, a share)."""
    audit.record(engine, action, **_event(editor, details))


def add_event(session, action: str, editor: access.Editor | None, **details) -> None:
    """An audit event in the caller's transaction: what a save or review writes with what it records."""
    audit.add(session, action, **_event(editor, details))


def _event(editor: access.Editor | None, details: dict) -> dict:
    return {"actor": editor.actor if editor else "", "role": editor.role if editor else "visitor",
            "unit_id": str(details.pop("unit_id", "") or ""), "client": client_address(), "details": details}
