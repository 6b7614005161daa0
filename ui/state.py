"""Keep a page's filters, the session and the URL's query string in step, so the address bar shares the view.

Streamlit's own `bind="query-params"` writes an option's *display label* to the URL, which would change with
the language and break links like `?action=5`. So each page declares its parameters here. The value of
record lives in a plain session key (widget keys are dropped when a page is left), is filled from the URL
when the URL brings a new value, is copied into the widget before it is drawn, comes back from the widget
through its on_change callback, and is written to the URL after the page ran (defaults left out).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import streamlit as st

from tracker.i18n import DEFAULT_LANG, LANGS

LANG_PARAM = "lang"
LANG_WIDGET = "widget:lang"
_LANG_VALUE = "_lang"
_BAD = "_bad_params"


class BadParam(ValueError):
    """A query-string value that does not name anything the page knows."""


@dataclass(frozen=True)
class Param:
    name: str                                  # the query-string name, e.g. "action"
    parse: Callable[[list[str]], Any]          # URL values → value; raises BadParam
    serialize: Callable[[Any], list[str]]      # value → URL values
    default: Any = None

    @property
    def key(self) -> str:
        """The widget key of this parameter's control."""
        return f"widget:{self.name}"


def choice(name: str, options: list, default=None) -> Param:
    """A single choice among `options`, written to the URL as str(option)."""
    by_text = {str(option): option for option in options}

    def parse(values: list[str]):
        if values[-1] not in by_text:
            raise BadParam(values[-1])
        return by_text[values[-1]]
    return Param(name, parse, lambda value: [str(value)], default)


def choices(name: str, options: list) -> Param:
    """Several choices among `options` (a repeated parameter); unknown ones are dropped and reported."""
    by_text = {str(option): option for option in options}

    def parse(values: list[str]):
        unknown = [v for v in values if v not in by_text]
        if unknown:
            st.session_state.setdefault(_BAD, []).extend((name, v) for v in unknown)
        return list(dict.fromkeys(by_text[v] for v in values if v in by_text))
    return Param(name, parse, lambda value: [str(v) for v in value], [])


def text(name: str, max_length: int = 200) -> Param:
    return Param(name, lambda values: values[-1][:max_length], lambda value: [value], "")


# --- language -------------------------------------------------------------------------------------------

def seed_lang() -> None:
    """Before the language control is drawn: take ?lang= the first time, then keep the session's choice."""
    if st.session_state.get(_LANG_VALUE) not in LANGS:
        wanted = st.query_params.get(LANG_PARAM, DEFAULT_LANG)
        st.session_state[_LANG_VALUE] = wanted if wanted in LANGS else DEFAULT_LANG
    st.session_state[LANG_WIDGET] = st.session_state[_LANG_VALUE]


def commit_lang() -> None:
    if st.session_state.get(LANG_WIDGET) in LANGS:
        st.session_state[_LANG_VALUE] = st.session_state[LANG_WIDGET]


def set_lang(lang: str) -> None:
    """Switch the session's language (before the next run draws the control)."""
    if lang in LANGS:
        st.session_state[_LANG_VALUE] = lang


def current_lang() -> str:
    chosen = st.session_state.get(_LANG_VALUE)
    return chosen if chosen in LANGS else DEFAULT_LANG


# --- page parameters -------------------------------------------------------------------------------------

def _store(page: str) -> dict:
    return st.session_state.setdefault(f"_values:{page}", {})


def seed(page: str, params: list[Param]) -> None:
    """Before the widgets: take values the URL brings (a share link, a link from another page), otherwise
    keep what this session had on the page, and show them in the widgets."""
    if st.session_state.get(f"{_BAD}:page") != page:  # warnings about a link belong to the page it opened
        st.session_state.pop(_BAD, None)
        st.session_state[f"{_BAD}:page"] = page
    store = _store(page)
    published = st.session_state.get(f"_published:{page}", {})
    for param in params:
        values = st.query_params.get_all(param.name)
        if param.name not in store or (values and values != published.get(param.name)):
            value = store.get(param.name, param.default)
            if values:
                try:
                    value = param.parse(values)
                except BadParam:
                    st.session_state.setdefault(_BAD, []).append((param.name, values[-1]))
                    value = param.default
            store[param.name] = value
        st.session_state[param.key] = store[param.name]


def commit(page: str, param: Param) -> None:
    """on_change callback of a parameter's widget: the widget's new value becomes the value of record (and the
    warnings about the link that opened the page have been read)."""
    st.session_state.pop(_BAD, None)
    value = st.session_state.get(param.key)
    _store(page)[param.name] = param.default if value in (None, "") and param.default == "" else value


def bound(page: str, param: Param) -> dict:
    """Keyword arguments that tie a widget to `param`: st.selectbox(..., **bound(PAGE, ACTION))."""
    return {"key": param.key, "on_change": commit, "args": (page, param)}


def assign(page: str, param: Param, new_value) -> None:
    """Set a parameter from a callback other than its widget's (e.g. a click on a table row)."""
    _store(page)[param.name] = new_value


def value(page: str, param: Param):
    return _store(page).get(param.name, param.default)


def publish(page: str, params: list[Param]) -> None:
    """After the widgets: write the values to the URL, leaving defaults out to keep links short."""
    query: dict[str, list[str]] = {}
    if current_lang() != DEFAULT_LANG:
        query[LANG_PARAM] = [current_lang()]
    for param in params:
        current = value(page, param)
        if current != param.default and current not in (None, "", []):
            query[param.name] = param.serialize(current)
    st.session_state[f"_published:{page}"] = query
    if {k: st.query_params.get_all(k) for k in st.query_params} != query:
        st.query_params.from_dict(query)


def bad_params() -> list[tuple[str, str]]:
    """Query values that named nothing: shown as warnings until the user changes a filter or leaves the page
    (not only on the first run: /progress reruns itself a second after it opens)."""
    return list(dict.fromkeys(st.session_state.get(_BAD, [])))
