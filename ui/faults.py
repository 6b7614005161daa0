"""When the ledger's database is down, read-only or out of disk, the page says so in its language (that
nothing saved was lost, and what still works) instead of Streamlit's English error, and tries again on the
next run, so it recovers by itself once the database is back. ledger.db.fault tells the three apart; any
other error is a bug and is shown as one."""
from __future__ import annotations

import functools
import logging

import streamlit as st

from ledger.db import fault
from tracker.i18n import t
from ui import flash, state

_LOG = logging.getLogger(__name__)
ICON = ":material/cloud_off:"


def text(kind: str, lang: str) -> str:
    return t(f"fault.{kind}", lang)


def shown(error: BaseException) -> bool:
    """Show a ledger fault where the page stopped; False for an error that is not one (the caller re-raises)."""
    kind = fault(error)
    if kind is None:
        return False
    _LOG.warning("ledger %s: %s", kind, error)
    st.error(text(kind, state.current_lang()), icon=ICON)
    return True


def guarded(where: str):
    """For a callback that writes to the ledger (a save, an unlock, a review): a fault becomes the message
    shown at `where` on the next run, and what the person entered stays in the form."""
    def wrap(callback):
        @functools.wraps(callback)
        def run(*args, **kwargs):
            try:
                return callback(*args, **kwargs)
            except Exception as error:
                kind = fault(error)
                if kind is None:
                    raise
                _LOG.warning("ledger %s during %s: %s", kind, callback.__name__, error)
                flash.say(where, "error", text(kind, state.current_lang()), icon=ICON)
        return run
    return wrap
