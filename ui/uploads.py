"""The user's uploaded progress sheets, kept in their session across pages and language switches.

The uploader itself is emptied after each batch (its key changes), and what was read lives in a plain
session key, so leaving the page loses nothing and a bad file never replaces what was already loaded.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from loaders import isolation
from loaders.actuals import ActualsResult, UploadError, combine, combine_tasks
from loaders.budget import DEFAULT_BUDGET
from tracker.i18n import pick, plain, t
from ui import data

_FILES = "_uploads"             # sha256 → ActualsResult, in upload order
_MESSAGES = "_upload_messages"  # what the last batch said: (file, zh, en)
_UPLOADER_ROUND = "_uploader_round"


@dataclass(frozen=True)
class Loaded:
    results: list[ActualsResult]
    values: pd.DataFrame
    problems: pd.DataFrame
    tasks: pd.DataFrame      # task reports of all files, the first file's report of an item kept


def prepare() -> None:
    """Called as the page opens: the reading workers start before the first file arrives."""
    isolation.warm_up()


UPLOADER_TYPES = ["xlsx", "xlsm", "xls", "ods", "csv"]
# Streamlit's uploader writes its own button and limits in English and has no option to change them; in the
# Chinese view they are replaced by ours with CSS on Streamlit's test ids — the one place this app depends on
# Streamlit's markup (tests/test_browser.py checks the ids are still there).
_UPLOADER_TEXT_CSS = """<style>
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p::after {{ content: "{button}"; font-size: 0.875rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{ content: "{limits}"; font-size: 0.875rem; }}
</style>"""


def uploader(lang: str) -> None:
    """The uploader, in the page's language, and what the last batch said."""
    if lang == "zh":
        st.html(_UPLOADER_TEXT_CSS.format(button=t("uploader_button", lang), limits=t("uploader_limits", lang)))
    st.file_uploader(t("upload_label", lang), type=UPLOADER_TYPES, accept_multiple_files=True, key=uploader_key(),
                     on_change=take_batch, help=t("upload_help", lang))
    for name, zh, en in take_messages():
        st.error(f"{plain(name)}: {plain(pick(zh, en, lang))}", icon=":material/error:")


def uploader_key() -> str:
    return f"uploader:{st.session_state.get(_UPLOADER_ROUND, 0)}"


def take_batch() -> None:
    """on_change of the uploader: read the new files, keep them, empty the uploader for the next batch."""
    files = st.session_state.get(uploader_key()) or []
    store: dict[str, ActualsResult] = st.session_state.setdefault(_FILES, {})
    messages = []
    for file in files:
        content = file.getvalue()
        try:  # in a worker process, within the upload budget: no file can harm the server or other users
            result = isolation.run_isolated("read_actuals", content, file.name, data.catalog().indicators,
                                            items=data.items(), seconds=DEFAULT_BUDGET.seconds)
        except UploadError as error:
            messages.append((file.name, error.zh, error.en))
            continue
        except Exception:  # a file that breaks the reader must not break the page
            messages.append((file.name, "文件无法读取(格式异常)。", "The file could not be read (unexpected format)."))
            continue
        store.pop(result.sha256, None)  # the same file again moves to the end
        store[result.sha256] = result
    st.session_state[_MESSAGES] = messages
    st.session_state[_UPLOADER_ROUND] = st.session_state.get(_UPLOADER_ROUND, 0) + 1


def take_messages() -> list[tuple[str, str, str]]:
    return st.session_state.pop(_MESSAGES, [])


def remove(sha256: str) -> None:
    st.session_state.get(_FILES, {}).pop(sha256, None)


def clear() -> None:
    st.session_state[_FILES] = {}


def loaded() -> Loaded:
    results = list(st.session_state.get(_FILES, {}).values())
    values, problems = combine(results, data.catalog().indicators)
    tasks = combine_tasks(results)
    return Loaded(results, values, problems, tasks)
