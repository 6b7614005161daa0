"""What every page shares: the language switch, the page heading, notices about odd links, the share link."""
from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import streamlit as st

from tracker.i18n import LANGS, md, t
from ui import markup, state

LANG_NAMES = {"zh": "中文", "en": "English"}


def language_switch() -> str:
    """The sidebar's language control; returns the chosen language."""
    state.seed_lang()
    st.sidebar.radio(t("language", "zh"), LANGS, format_func=LANG_NAMES.get, key=state.LANG_WIDGET, index=None,
                     horizontal=True, on_change=state.commit_lang)
    return state.current_lang()


def page_header(title_key: str, lang: str) -> None:
    markup.print_view()
    st.title(t(title_key, lang))
    st.caption(t("app_subtitle", lang))
    for name, value in state.bad_params():
        st.warning(md("unknown_param", lang, name=name, value=value), icon=":material/link_off:")


def page_address() -> str:
    """scheme://host/path of the page open in the browser (any base path included), or "" outside a browser
    session (tests), where links stay relative."""
    try:
        parts = urlsplit(st.context.url or "")
    except Exception:  # st.context.url is absent outside a browser session
        return ""
    return f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else ""


def share_link(lang: str) -> None:
    """The address that reopens this view, with a copy button (st.code has one)."""
    query = urlencode([(k, v) for k in st.query_params for v in st.query_params.get_all(k)])
    base = page_address()
    # a popover draws its content only when opened, so the code block costs nothing on page load
    with st.sidebar.popover(t("copy_link", lang), icon=":material/link:", width="stretch"):
        st.code(f"{base}?{query}" if query else base or "/", language=None, wrap_lines=True)
        st.caption(t("copy_link_help", lang))


def drawn_when_open(label: str, key: str, icon: str):
    """A closed section whose content is drawn only once it is opened (opening reruns the page): Streamlit
    draws a closed expander's charts and tables as if open, which costs every view the browser's time.
    Returns the section to draw into, or None while it is closed."""
    section = st.expander(label, icon=icon, key=key, on_change="rerun")
    return section if section.open else None
