"""Editing rights in the pages: unlocking with a passcode, single sign-on (st.login), who this session is.

The rules live in ledger.access (no Streamlit); this is the thin layer that reads the secrets, remembers the
unlocked editor in the session and draws the unlock form.
"""
from __future__ import annotations

import importlib.util
import ipaddress
import os

import streamlit as st

from ledger import access, audit
from tracker.i18n import md, t

_EDITOR = "_ledger_editor"     # the Editor this session unlocked
_MESSAGE = "_access_message"
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


def current_editor() -> access.Editor | None:
    """Who may edit in this session: unlocked with a passcode, or signed in with an address given rights."""
    editor = st.session_state.get(_EDITOR)
    if editor is not None:
        return editor
    if sign_on_ready():
        try:
            if st.user.is_logged_in:
                return access.signed_in(config(), st.user.get("email"), st.user.get("name"))
        except Exception:  # no identity cookie, or it cannot be read
            return None
    return None


def _on_unlock(engine, lang: str, key: str) -> None:
    name = (st.session_state.get(f"{key}:name") or "").strip()
    given = st.session_state.get(f"{key}:passcode", "")
    st.session_state[f"{key}:passcode"] = ""
    if not name:  # every save and review names who did it
        st.session_state[_MESSAGE] = t("name_needed", lang)
        return
    try:
        editor = access.try_unlock(engine, config(), name, given, client_address())
    except access.Locked:
        st.session_state[_MESSAGE] = t("passcode_locked", lang, minutes=int(access.LOCKOUT_WINDOW.seconds // 60))
        return
    if editor is None:
        st.session_state[_MESSAGE] = t("passcode_wrong", lang)
        return
    st.session_state[_EDITOR] = editor


def _on_sign_on(lang: str) -> None:
    try:
        st.login()
    except Exception:  # the provider is unreachable or the settings are wrong: say so, keep the page
        st.session_state[_MESSAGE] = t("sign_on_failed", lang)


def unlock_form(engine, lang: str, key: str = "unlock") -> None:
    """The form that turns a visitor into an editor or the office's reviewer."""
    message = st.session_state.pop(_MESSAGE, None)
    if message:
        st.error(message, icon=":material/lock:")
    if sign_on_ready():
        st.button(t("log_in", lang), on_click=_on_sign_on, args=(lang,), icon=":material/login:", key=f"{key}:sign_on")
    if config().passcodes_set:
        name_col, code_col, button_col = st.columns([2, 2, 1], vertical_alignment="bottom")
        name_col.text_input(t("your_name", lang), key=f"{key}:name", max_chars=100)
        code_col.text_input(t("editor_passcode", lang), type="password", key=f"{key}:passcode",
                            help=t("editor_passcode_help", lang))
        button_col.button(t("unlock", lang), on_click=_on_unlock, args=(engine, lang, key),
                          icon=":material/lock_open:", key=f"{key}:button")


def editor_caption(editor: access.Editor, unit_label, lang: str) -> None:
    """One line that says who is editing and for which units."""
    if access.ALL_UNITS in editor.units:
        units = t("all_units", lang)
    else:
        units = "、".join(unit_label(u) for u in sorted(editor.units)) if lang == "zh" else \
            "; ".join(unit_label(u) for u in sorted(editor.units))
    key = "editing_as_reviewer" if editor.reviewer and not editor.units else \
        "editing_as_both" if editor.reviewer else "editing_as"
    st.caption(md(key, lang, name=editor.name, units=units))


def record(engine, action: str, editor: access.Editor | None, **details) -> None:
    """An audit event for something this session did."""
    audit.record(engine, action, actor=editor.name if editor else "", role=editor.role if editor else "visitor",
                 unit_id=str(details.pop("unit_id", "") or ""), client=client_address(), details=details)
