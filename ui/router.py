"""Make sure every page runs through app.py's navigation, even on a fresh server.

Streamlit (1.67) still has the old multipage mode for a `pages/` folder beside the entry file: until some
session has run app.py and called st.navigation, a first visit to /targets runs pages/targets.py on its own,
with file names for titles and without app.py's layout and language switch. A page that finds itself run
that way sends the visitor through the entry file with st.switch_page, the page and its query kept: app.py
builds the navigation (which ends the old mode) and switches on to the page asked for. Public API only.
"""
from __future__ import annotations

import inspect
import threading
from pathlib import Path

import streamlit as st

from ui import faults

ENTRY = "app.py"
_WANTED = "_router_wanted"   # the page (its file name) and query a visitor asked for before the navigation existed
_run = threading.local()     # Streamlit runs each session's script in its own thread


def _query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}   # repeated keys (?indicator=a&indicator=b) kept


def run(navigation, pages: dict[str, object]) -> None:
    """app.py's last step: go on to the page a visitor first asked for (`pages`: file name → st.Page), or run
    the page the navigation chose."""
    wanted = st.session_state.pop(_WANTED, None)
    if wanted is not None and wanted[0] in pages:
        st.switch_page(pages[wanted[0]], query_params=wanted[1])
    _run.routed = True
    try:
        navigation.run()
    except Exception as error:   # the ledger down, read-only or full: said in the page's language
        if not faults.shown(error):
            raise
    finally:
        _run.routed = False


def require_router() -> None:
    """The first line of every page: a page run outside app.py's navigation goes round through it."""
    if getattr(_run, "routed", False):
        return
    caller = inspect.currentframe().f_back
    st.session_state[_WANTED] = (Path(caller.f_globals["__file__"]).name, _query())
    st.switch_page(ENTRY, query_params=_query())
