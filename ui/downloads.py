"""Documents made on request (the leaders' report, its annex): a button makes the file, with a spinner, and the
download button appears once it is made — or a message in the page's language when it cannot be made.

Streamlit's deferred downloads (a callable as `data`) run outside the script, so a failure there can only show
Streamlit's own English line for five seconds; a year's documents are worth the second click that lets the
page say what happened. Tables (cheap, and written by writers that cannot fail on any stored text) keep the
one-click deferred download.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from tracker.i18n import t

_LOG = logging.getLogger(__name__)


@st.fragment
def document(label: str, build: Callable[[], bytes], *, file_name: str, mime: str, key: str, lang: str,
             icon: str, primary: bool = False) -> None:
    """One document: "make" runs `build` (only this fragment reruns), then the file is offered for download."""
    made = f"_document:{key}"
    st.button(label, key=f"{key}:make", icon=icon, type="primary" if primary else "secondary", width="stretch",
              on_click=_make, args=(made, file_name, build, lang))
    ready = st.session_state.get(made)
    if ready is None:
        return
    if ready[1] is None:
        st.error(t("document_failed", lang), icon=":material/error:")
    elif ready[0] == file_name:
        st.download_button(t("document_download", lang, name=file_name), ready[1], file_name=file_name, mime=mime,
                           key=f"{key}:file", icon=":material/download:", on_click="ignore", width="stretch")


def _make(made: str, file_name: str, build: Callable[[], bytes], lang: str) -> None:
    with st.spinner(t("document_making", lang)):
        try:
            st.session_state[made] = (file_name, build())
        except Exception:  # whatever it was, the page says so and nothing else is affected
            _LOG.exception("making %s failed", file_name)
            st.session_state[made] = (file_name, None)
