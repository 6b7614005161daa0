"""The user's uploaded progress sheets, kept in their session across pages and language switches.

The uploader itself is emptied after each batch (its key changes), and what was read lives in a plain
session key, so leaving the page loses nothing and a bad file never replaces what was already loaded.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from loaders import isolation
from loaders.actuals import ActualsResult, UploadError, combine, combine_tasks
from loaders.budget import DEFAULT_BUDGET
from tracker import views
from tracker.i18n import pick, plain, t
from ui import data

_FILES = "_uploads"             # sha256 → ActualsResult, in upload order
_CORRECTIONS = "_upload_corrections"  # (sha256, sheet, written) → indicator_id the user chose, or "" to leave out
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


UPLOADER_TYPES = ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"]
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
    st.session_state[_CORRECTIONS] = {}


def corrected(result: ActualsResult) -> ActualsResult:
    """The file's values with the user's corrections of what each row names: another indicator (matched_by
    "chosen", which the ledger keeps), or none (the rows left out). A correction that makes two rows report
    the same indicator and year keeps the first."""
    choices = {(sheet, written): chosen for (sha, sheet, written), chosen in st.session_state.get(_CORRECTIONS, {}).items()
               if sha == result.sha256}
    if not choices:
        return result
    values = result.values.copy()
    keys = list(zip(values["sheet"], values["written"]))
    chosen = [choices.get(key) for key in keys]
    values["indicator_id"] = [c if c else i for c, i in zip(chosen, values["indicator_id"])]
    values["matched_by"] = ["chosen" if c else m for c, m in zip(chosen, values["matched_by"])]
    values = values[[c != "" for c in chosen]]
    values = values.drop_duplicates(["indicator_id", "year"], keep="first").reset_index(drop=True)
    return replace(result, values=values)


def loaded() -> Loaded:
    results = [corrected(r) for r in st.session_state.get(_FILES, {}).values()]
    values, problems = combine(results, data.catalog().indicators)
    tasks = combine_tasks(results)
    return Loaded(results, values, problems, tasks)


HOW = {"id": ("指标编号", "indicator id"), "name": ("指标名称", "name"), "alias": ("常用别称", "another name"),
       "similar": ("相近写法,请核对", "close wording: please check"), "chosen": ("已由您更正", "corrected by you")}
LEAVE_OUT = "—"


def mapping(result: ActualsResult, lang: str) -> None:
    """How each row was read — the sheet's wording, the indicator it was taken for and why — with a column to
    correct it before saving."""
    values = result.values
    if values.empty:
        return
    catalog = data.catalog()
    labels = {i: views.indicator_label(catalog, i, lang) for i in catalog.indicators["indicator_id"]}
    rows = values.groupby(["sheet", "written"], sort=False).agg(
        indicator_id=("indicator_id", "first"), matched_by=("matched_by", "first"), row=("row", "first"),
        count=("value", "size"), note=("note", "first"), approximate=("approximate", "any")).reset_index()
    frame = pd.DataFrame({
        t("sheet_row", lang): [f"{s} · {r}" for s, r in zip(rows["sheet"], rows["row"])],
        t("written_as", lang): rows["written"],
        t("read_as", lang): [labels[i] for i in rows["indicator_id"]],
        t("matched_how", lang): [pick(*HOW.get(m, ("", "")), lang) for m in rows["matched_by"]],
        t("values_count", lang): rows["count"],
        t("row_notes", lang): [("约数 · " if a and lang == "zh" else "approximate · " if a else "") + (n or "")
                               for n, a in zip(rows["note"], rows["approximate"])],
    })
    key = f"mapping:{result.sha256}"
    needs_a_look = int((rows["matched_by"] == "similar").sum())
    with st.expander(t("mapping_title", lang, n=len(rows), similar=needs_a_look), icon=":material/rule:",
                     expanded=bool(needs_a_look)):
        st.caption(t("mapping_help", lang))
        st.data_editor(frame, key=key, hide_index=True, width="stretch", disabled=[c for c in frame.columns
                                                                                    if c != t("read_as", lang)],
                       column_config={t("read_as", lang): st.column_config.SelectboxColumn(
                           options=[LEAVE_OUT, *labels.values()], required=True, width="large")},
                       on_change=_on_correct, args=(result.sha256, key, list(zip(rows["sheet"], rows["written"])),
                                                    {label: i for i, label in labels.items()}, t("read_as", lang)))
        for sheet, row, text in result.notes:
            st.caption(f"{t('sheet_note', lang)} {plain(sheet)} · {row}: {plain(text)}")


def _on_correct(sha256: str, key: str, rows: list[tuple[str, str]], by_label: dict[str, str], column: str) -> None:
    corrections = st.session_state.setdefault(_CORRECTIONS, {})
    for index, change in st.session_state[key]["edited_rows"].items():
        if column in change:
            sheet, written = rows[int(index)]
            corrections[(sha256, sheet, written)] = by_label.get(change[column], "")
