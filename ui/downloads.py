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

from loaders.catalog import Catalog
from tracker.cycle import reporting_cycle_year, reporting_years
from tracker.i18n import t
from ui import ledger

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


def year_end_downloads(catalog: Catalog, lang: str, year: int, key: str) -> None:
    """The leaders' report (Word) and its Excel annex for `year`, made when asked for."""
    def report() -> bytes:
        from ledger.leaders_report import build_leaders_report
        return build_leaders_report(catalog, ledger.year_end_picture(year), lang)

    def annex() -> bytes:
        from ledger.pack import build_pack
        return build_pack(ledger.engine(), catalog, year, lang, picture=ledger.year_end_picture(year))
    left, right = st.columns(2)
    with left:
        document(t("download_leaders_report", lang, year=year), report, key=f"{key}:docx", lang=lang,
                           file_name=f"carbon-peak-{year}-year-end-report-{lang}.docx", primary=True,
                           mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                           icon=":material/description:")
    with right:
        document(t("download_pack", lang, year=year), annex, key=f"{key}:xlsx", lang=lang,
                           file_name=f"carbon-peak-{year}-year-end-annex-{lang}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           icon=":material/table_view:")


def pack_panel(catalog: Catalog, lang: str) -> None:
    """The year-end documents of any reporting year, the cycle's by default."""
    with st.expander(t("year_end_pack", lang), icon=":material/inventory_2:"):
        st.caption(t("year_end_pack_help", lang))
        years = reporting_years()
        year = st.selectbox(t("reporting_year", lang), years, index=years.index(reporting_cycle_year()),
                            key="pack_year")
        year_end_downloads(catalog, lang, year, key="pack")
