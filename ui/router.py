"""Make sure every page runs through app.py's navigation, even on a fresh server.

Streamlit (1.67) still has the old multipage mode for a `pages/` folder beside the entry file: until some
session has run app.py and called st.navigation, a first visit to /targets runs pages/targets.py on its own,
with file names for titles and without app.py's layout and language switch. A page that finds itself run
that way turns the old mode off (the flag st.navigation itself clears) and reruns through app.py.
"""
from __future__ import annotations

import threading

import streamlit as st

_run = threading.local()  # Streamlit runs each session's script in its own thread


def run(navigation) -> None:
    _run.routed = True
    try:
        navigation.run()
    finally:
        _run.routed = False


def require_router() -> None:
    if getattr(_run, "routed", False):
        return
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()
