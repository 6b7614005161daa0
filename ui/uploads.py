"""The user's uploaded progress sheets, kept in their session across pages and language switches, and the one
table in which every row they read is checked, corrected or left out before anything is saved.

The uploader itself is emptied after each batch (its key changes), and what was read lives in plain session
keys, so leaving the page loses nothing and a bad file never replaces what was already loaded. A file under
the name of one already loaded replaces it (a corrected file) and says so; the same file twice is read once.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from loaders import isolation
from loaders.actuals import ActualsResult, UploadError, combine
from loaders.budget import DEFAULT_BUDGET, VisitorAllowance, VisitorLimit
from loaders.message import Message, message
from tracker import task_views, views
from tracker.i18n import format_number, plain, t
from tracker.review import Review, review
from tracker.wording import period_label, say
from ui import access, data, markup

_FILES = "_uploads"             # sha256 → ActualsResult, in upload order
_CONTENT = "_upload_content"    # sha256 → the file's bytes, to read a sheet again as the person says
_DECISIONS = "_upload_decisions"  # row key (tracker.review.row_key) → what the person decided for the row
_MESSAGES = "_upload_messages"  # what the last batch said: (file, Message)
_UPLOADER_ROUND = "_uploader_round"
ONLY_ASKED = "review_only_asked"


@dataclass(frozen=True)
class Loaded:
    results: list[ActualsResult]
    review: Review           # every row read, as decided
    values: pd.DataFrame     # the numbers in use: included rows (tracker.review.Review.values)
    problems: pd.DataFrame   # what the readers could not use, and conflicts between files
    tasks: pd.DataFrame      # the task reports in use


def prepare() -> None:
    """Called as the page opens: the reading workers start before the first file arrives."""
    isolation.warm_up()


UPLOADER_TYPES = ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"]


def uploader(lang: str) -> None:
    """The uploader, in the page's language, and what the last batch said."""
    if lang == "zh":
        markup.uploader_words(t("uploader_button", lang), t("uploader_limits", lang))
    st.file_uploader(t("upload_label", lang), type=UPLOADER_TYPES, accept_multiple_files=True, key=uploader_key(),
                     on_change=take_batch, help=t("upload_help", lang))
    for name, said in take_messages():
        text = f"{plain(name)}: {plain(say(said, lang, data.catalog()))}"
        if said.code.startswith("upload.replaced") or said.code.startswith("upload.same_file"):
            st.info(text, icon=":material/sync:")
        else:
            st.error(text, icon=":material/error:")


def uploader_key() -> str:
    return f"uploader:{st.session_state.get(_UPLOADER_ROUND, 0)}"


VISITORS = VisitorAllowance(at_once=max(1, isolation.PARALLEL - 1))   # one instance's visitors, all sessions


def _read(content: bytes, name: str, kinds: dict[str, str] | None = None) -> ActualsResult:
    """In a worker process, within the upload budget: no file can harm the server or other users."""
    catalog = data.catalog()

    def read() -> ActualsResult:
        return isolation.run_isolated("read_actuals", content, name, catalog.indicators, items=data.items(),
                                      targets=catalog.targets, kinds=kinds or {}, seconds=DEFAULT_BUDGET.seconds)
    if access.current_editor() is not None:
        return read()
    with VISITORS.reading(access.client_address()):   # visitors: per address over time, a share of the workers
        return read()


def take_batch() -> None:
    """on_change of the uploader: read the new files, keep them, empty the uploader for the next batch."""
    files = st.session_state.get(uploader_key()) or []
    store: dict[str, ActualsResult] = st.session_state.setdefault(_FILES, {})
    contents: dict[str, bytes] = st.session_state.setdefault(_CONTENT, {})
    messages = []
    for file in files:
        content = file.getvalue()
        try:
            result = _read(content, file.name)
        except (UploadError, VisitorLimit) as error:
            messages.append((file.name, error.message))
            continue
        except Exception:  # a file that breaks the reader must not break the page
            messages.append((file.name, message("upload.reader_failed")))
            continue
        said, replaced = placement(store, result)
        for sha in replaced:
            remove(sha)
        if said is not None:
            messages.append((result.file, said))
        if said is None or replaced:
            store[result.sha256] = result
            contents[result.sha256] = content
    st.session_state[_MESSAGES] = messages
    st.session_state[_UPLOADER_ROUND] = st.session_state.get(_UPLOADER_ROUND, 0) + 1


def placement(store: dict[str, ActualsResult], result: ActualsResult) -> tuple[Message | None, list[str]]:
    """Where a newly read file goes among those loaded: (what to say, the loaded files it replaces). The same
    bytes again are read once; a file under the name of a loaded one is its correction and replaces it."""
    if result.sha256 in store:
        return message("upload.same_file_again"), []
    replaced = [sha for sha, earlier in store.items() if earlier.file == result.file]
    return (message("upload.replaced_same_name") if replaced else None), replaced


def take_messages() -> list[tuple[str, Message]]:
    return st.session_state.pop(_MESSAGES, [])


def remove(sha256: str) -> None:
    st.session_state.get(_FILES, {}).pop(sha256, None)
    st.session_state.get(_CONTENT, {}).pop(sha256, None)
    decisions = st.session_state.get(_DECISIONS, {})
    for key in [k for k in decisions if k.split("\x1f")[1] == sha256]:
        decisions.pop(key)


def clear() -> None:
    st.session_state[_FILES] = {}
    st.session_state[_CONTENT] = {}
    st.session_state[_DECISIONS] = {}


def read_sheet_as(sha256: str, sheet: str, kind: str) -> None:
    """The person has said how to take a sheet the reader could not decide: read the file again that way."""
    store = st.session_state.get(_FILES, {})
    earlier, content = store.get(sha256), st.session_state.get(_CONTENT, {}).get(sha256)
    if earlier is None or content is None:
        return
    try:
        result = _read(content, earlier.file, {**earlier.kinds, sheet: kind})
    except (UploadError, VisitorLimit) as error:
        st.session_state[_MESSAGES] = [(earlier.file, error.message)]
        return
    store[sha256] = result   # same bytes, same place in the upload order


def loaded(unit: str | None = None, *, for_all: bool = False, current: dict | None = None) -> Loaded:
    """What the session has read, with the person's decisions. `unit`: who reports (its responsibilities decide
    what may be saved); `for_all`: the administrator; `current`: the ledger's values, to show what changes."""
    results = list(st.session_state.get(_FILES, {}).values())
    roles = data.responsibilities(unit) if unit else None
    checked = review(results, st.session_state.get(_DECISIONS, {}), unit=unit, roles=roles, for_all=for_all,
                     current=current, shares=data.shares())
    _, problems = combine(results)
    return Loaded(results, checked, checked.values(), problems, checked.tasks())


def decide(key: str, **decision) -> None:
    st.session_state.setdefault(_DECISIONS, {}).setdefault(key, {}).update(decision)


HOW = {"id": "review.how.id", "name": "review.how.name", "alias": "review.how.alias", "similar": "review.how.similar",
       "number": "review.how.number", "text": "review.how.text", "text_over_number": "review.how.text_over_number"}
NONE_CHOSEN = "—"
SHEET_CHOICES = ("numbers", "tasks", "skip")   # how an unsure sheet may be read (review.kind.*)


def unsure_sheets(result: ActualsResult, lang: str) -> None:
    """A sheet the reader could not tell as numbers or as a task ledger: the person says which."""
    for sheet in result.sheets[result.sheets["layout"] == "unsure"]["sheet"]:
        st.warning(t("review.unsure_sheet", lang, sheet=plain(sheet)), icon=":material/help:")
        choice = st.radio(t("review.read_sheet_as", lang), list(SHEET_CHOICES), index=None, horizontal=True,
                          key=f"kind:{result.sha256}:{sheet}", format_func=lambda k: t(f"review.kind.{k}", lang))
        if choice:
            read_sheet_as(result.sha256, sheet, choice)
            st.rerun()


def review_table(checked: Review, lang: str, *, key: str = "review") -> None:
    """The one table of every row read: where it came from, what it was taken for and how, its year and value
    or status, what saving it changes; each row can be pointed elsewhere, left out or put back."""
    catalog = data.catalog()
    rows = checked.rows
    if rows.empty:
        return
    counts = checked.counts()
    st.markdown(t("review.counts", lang, **counts))
    _fractions_at_once(rows, lang)
    _status_words_at_once(rows, lang)
    only_asked = st.toggle(t("review.only_asked", lang), key=ONLY_ASKED, value=bool(counts["waiting"]))
    shown = rows[rows["flags"].map(bool)] if only_asked else rows
    if shown.empty:
        st.caption(t("review.nothing_asked", lang))
        return
    indicators = {i: views.indicator_label(catalog, i, lang) for i in catalog.indicators["indicator_id"]}
    items = {i: views.item_name(catalog, i, lang) for i in data.items()["item_id"]}
    targets = {**indicators, **items}
    statuses = {code: task_views.status_label(code, lang) for code in task_views.TASK_STATUS}
    statuses[""] = task_views.status_label("no_status", lang)
    units = views.names(catalog).indicator

    def value_text(row) -> str:
        if row["kind"] == "task":
            return ""
        unit = units.get(row["target"], {}).get("unit_en" if lang == "en" else "unit", "")
        # as read, to the last decimal written (0.665 is not 0.67): the person checks what the sheet says
        number = f"{row['value']:,.4f}".rstrip("0").rstrip(".")
        return f"{number}{'' if unit in ('%', '') else ' '}{unit}"

    frame = pd.DataFrame({
        t("review.col.include", lang): shown["include"],
        t("review.col.flags", lang): [t("list.separator", lang).join(t(f"review.flag.{f}", lang) for f in flags)
                                      for flags in shown["flags"]],
        t("review.col.where", lang): [f"{s} · {r}" + (f" · {c}" if c else "") for s, r, c in
                                      zip(shown["sheet"], shown["row"], shown["column"])],
        t("review.col.written", lang): shown["written"],
        t("review.col.target", lang): [targets.get(x, NONE_CHOSEN) if x else NONE_CHOSEN for x in shown["target"]],
        t("review.col.year", lang): ["" if pd.isna(y) else f"{int(y)}" + (f" ({period_label(p, lang)})" if p else "")
                                     for y, p in zip(shown["year"], shown["months"])],
        t("review.col.value", lang): [value_text(r) for r in shown.to_dict("records")],
        t("review.col.scale", lang): ["fraction" in f and r != v for f, r, v in
                                      zip(shown["flags"], shown["read_value"], shown["value"])],
        t("review.col.status", lang): [statuses.get(s or "", statuses[""]) if k == "task" else None
                                       for k, s in zip(shown["kind"], shown["status"])],
        t("review.col.progress", lang): [(p or "")[:30] for p in shown["progress"]],
        t("review.col.how", lang): [t(HOW[m], lang) if m in HOW else "" for m in shown["matched_by"]],
        t("review.col.ledger", lang): [_change(r, lang) for r in shown.to_dict("records")],
    })
    editable = {t("review.col.include", lang), t("review.col.target", lang), t("review.col.scale", lang),
                t("review.col.status", lang)}
    st.data_editor(frame, key=f"{key}:editor", hide_index=True, width="stretch",
                   height=min(len(frame), 14) * 35 + 38,
                   disabled=[c for c in frame.columns if c not in editable],
                   column_config={
                       t("review.col.include", lang): st.column_config.CheckboxColumn(width="small"),
                       t("review.col.where", lang): st.column_config.TextColumn(width="small"),
                       t("review.col.target", lang): st.column_config.SelectboxColumn(
                           options=[NONE_CHOSEN, *targets.values()], required=True, width="large"),
                       t("review.col.scale", lang): st.column_config.CheckboxColumn(width="small",
                                                                                    help=t("review.scale_help", lang)),
                       t("review.col.status", lang): st.column_config.SelectboxColumn(options=list(statuses.values())),
                       t("review.col.flags", lang): st.column_config.TextColumn(width="medium")},
                   on_change=_on_edit, args=(f"{key}:editor", list(shown["key"]), list(shown["read_value"]), lang,
                                             {label: i for i, label in targets.items()},
                                             {label: code for code, label in statuses.items()}))
    st.caption(t("review.help", lang))


def _fractions_at_once(rows: pd.DataFrame, lang: str) -> None:
    """A sheet that writes its shares as fractions does so for all of them: one decision for every such row
    not decided yet, either way."""
    decisions = st.session_state.get(_DECISIONS, {})
    waiting = [k for k, f, locked in zip(rows["key"], rows["flags"], rows["locked"])
               if "fraction" in f and not locked and "scale" not in decisions.get(k, {})]
    if not waiting:
        return
    times, written, _ = st.columns([3, 2, 1])
    times.button(t("review.all_times_100", lang, n=len(waiting)), key="review:x100", icon=":material/percent:",
                 on_click=_decide_all, args=(waiting, 100))
    written.button(t("review.all_as_written", lang, n=len(waiting)), key="review:x1", on_click=_decide_all,
                   args=(waiting, 1))


def _decide_all(keys: list[str], scale: int) -> None:
    for key in keys:
        decide(key, scale=scale)


def _status_words_at_once(rows: pd.DataFrame, lang: str) -> None:
    """A department writes its own status word (持续推进) on many rows: one choice of what it means, per word,
    for every row that says it and waits."""
    decisions = st.session_state.get(_DECISIONS, {})
    waiting = rows[[("status_word" in f and "status" not in decisions.get(k, {})) for k, f in zip(rows["key"], rows["flags"])]]
    if waiting.empty:
        return
    codes = list(task_views.TASK_STATUS)
    for word, group in waiting.groupby("status_written", sort=False):
        st.selectbox(t("review.status_word", lang, word=plain(word), n=len(group)), codes, index=None,
                     format_func=lambda code: task_views.status_label(code, lang), key=f"review:word:{word}",
                     placeholder=t("choose_status", lang), on_change=_decide_word,
                     args=(f"review:word:{word}", list(group["key"])))


def _decide_word(widget: str, keys: list[str]) -> None:
    chosen = st.session_state.get(widget)
    if chosen:
        for key in keys:
            decide(key, status=chosen)


def _change(row: dict, lang: str) -> str:
    if row["kind"] != "value" or not row["target"]:
        return ""
    if row["role"] == "partner":
        return t("review.change.contribution", lang)
    if row["change"] == "changed":
        return t("review.change.changed", lang, old=format_number(row["old_value"]))
    return t(f"review.change.{row['change']}", lang) if row["change"] else ""


def _on_edit(editor_key: str, keys: list[str], read_values: list, lang: str, by_label: dict[str, str],
             statuses: dict[str, str]) -> None:
    for index, change in st.session_state[editor_key]["edited_rows"].items():
        key = keys[int(index)]
        for column, value in change.items():
            if column == t("review.col.include", lang):
                decide(key, include=bool(value))
            elif column == t("review.col.target", lang):
                decide(key, target=by_label.get(value, ""), include=value != NONE_CHOSEN)
            elif column == t("review.col.scale", lang) and read_values[int(index)] is not None:
                decide(key, scale=100 if value else 1)
            elif column == t("review.col.status", lang):
                decide(key, status=statuses.get(value, ""))


def file_summaries(loaded_now: Loaded, lang: str) -> None:
    """One line per file: how much was read from how many sheets, with a button to remove it."""
    for result in loaded_now.results:
        file_problems = loaded_now.problems[loaded_now.problems["file"] == result.file]
        read_sheets = result.sheets[result.sheets["layout"].isin(["wide", "long", "across", "tasks"])]
        left, right = st.columns([6, 1], vertical_alignment="center")
        left.markdown(t("file_summary_tasks" if len(result.tasks) else "file_summary", lang, name=plain(result.file),
                        values=len(result.values), tasks=len(result.tasks), sheets=len(read_sheets),
                        problems=len(file_problems)))
        right.button(t("remove", lang), key=f"remove:{result.sha256}", on_click=remove, args=(result.sha256,),
                     icon=":material/delete:")
        unsure_sheets(result, lang)
        for sheet, row, text in result.notes:
            st.caption(f"{t('sheet_note', lang)} {plain(sheet)} · {row}: {plain(text)}")


def with_corrections(result: ActualsResult, values: pd.DataFrame) -> ActualsResult:
    """A result whose values are the decided ones (what a report or a command line uses)."""
    return replace(result, values=values[values["file"] == result.file])
