"""The one place this app depends on Streamlit's markup: CSS on its test ids, where Streamlit has no option.
tests/test_browser.py checks each rule still finds what it hides or rewrites (the uploader's words, the print
view), so a Streamlit upgrade that renames an id fails a test instead of quietly undoing the rule."""
from __future__ import annotations

import streamlit as st

# Streamlit's uploader writes its own button and limits in English; in the Chinese view ours replace them.
_UPLOADER_TEXT_CSS = """<style>
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p::after {{ content: "{button}"; font-size: 0.875rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{ content: "{limits}"; font-size: 0.875rem; }}
</style>"""

# A printed page (a unit's duty list for its director, the dashboard for a meeting) without the sidebar,
# the header and the controls.
PRINT_HIDDEN = ("stSidebar", "stHeader", "stToolbar", "stDecoration", "stButton", "stDownloadButton", "stPopover",
                "stSelectbox", "stTextInput", "stMultiSelect", "stFileUploader")
_PRINT_CSS = ("<style>@media print {\n  "
              + ", ".join(f'[data-testid="{test_id}"]' for test_id in PRINT_HIDDEN)
              + ' { display: none !important; }\n  [data-testid="stMain"] { margin-left: 0 !important; }\n}</style>')


def uploader_words(button: str, limits: str) -> None:
    """The uploader's button and limits in our words (the catalog's, never a person's)."""
    st.html(_UPLOADER_TEXT_CSS.format(button=button, limits=limits))


def print_view() -> None:
    """What a printed page leaves out. Called with each page's own elements (ui.shell.page_header): drawn by
    app.py before the navigation runs, it did not reach the page."""
    st.html(_PRINT_CSS)
