"""The task board as people read it: filters, the table the pages show and export, labels. No Streamlit."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from loaders.catalog import Catalog, split_ids
from loaders.items import item_roles
from tracker import views
from loaders.statuses import BY_CODE, REPORTED, TERMINAL
from tracker.i18n import beijing_time, pick, status_label, t

TASK_ACTIONS = tuple(range(0, 14))
TASK_STATUS = REPORTED   # what a unit may report (the form, the review table, the template)
DEADLINES = (2025, 2030, "none")


def kind_label(kind: str, lang: str) -> str:
    """任务分工 / Task, 定性目标 / Qualitative goal … (loaders.items.ITEM_KINDS)."""
    return t(f"item_kind.{kind}", lang)


@dataclass(frozen=True)
class BoardFilter:
    action: int | None = None
    unit: str | None = None
    status: str | None = None
    deadline: int | str | None = None
    due_in: int | None = None    # with `unit`: only what the unit is due to report in that year (task_status.coverage)
    kind: str | None = None
    query: str = ""


def filter_board(catalog: Catalog, board: pd.DataFrame, selection: BoardFilter) -> pd.DataFrame:
    keep = pd.Series(True, index=board.index)
    if selection.action is not None:
        keep &= board["action_id"] == selection.action
    if selection.unit is not None and selection.due_in is not None:   # what the unit was counted for, exactly
        leads = board["lead_units"].map(lambda cell: selection.unit in split_ids(cell))
        done_before = board["status"].isin(TERMINAL) & (board["reporting_year"] < selection.due_in)
        keep &= leads & ~done_before
    elif selection.unit is not None:
        roles = item_roles(catalog)
        keep &= board["item_id"].isin(roles.loc[roles["unit_id"] == selection.unit, "item_id"])
    if selection.status is not None:
        keep &= board["status"] == selection.status
    if selection.deadline == "none":
        keep &= board["year"].isna()
    elif selection.deadline is not None:
        keep &= board["year"] == selection.deadline
    if selection.kind is not None:
        keep &= board["kind"] == selection.kind
    for word in selection.query.lower().split():
        text = (board["title_zh"] + " " + board["title_en"].str.lower() + " " + board["detail_zh"] + " "
                + board["progress"].fillna("") + " " + board["issues"].fillna(""))
        keep &= text.str.contains(word, regex=False)
    return board[keep.fillna(False).astype(bool)]


def item_label(row, lang: str) -> str:
    """'12(1) 推行新建建筑绿色升级 · …' for a task, the title alone for the others."""
    title = pick(row["title_zh"], row["title_en"], lang)
    return f"{row['number']} {title}" if row["kind"] == "task" else title


def deadline_label(year, annual: bool, lang: str) -> str:
    if not pd.isna(year):
        return str(int(year))
    return t("annual", lang) if annual else t("no_deadline", lang)


def item_status_label(row, lang: str) -> str:
    """The item's status; an overdue one with the deadline it passed ("✖ 逾期(期限 2025 年)")."""
    if row["status"] == "overdue" and not pd.isna(row["year"]):
        return f"{BY_CODE['overdue'].symbol} {t('status.overdue_since', lang, year=int(row['year']))}"
    return status_label(row["status"], lang)


def board_table(catalog: Catalog, board: pd.DataFrame, lang: str, *, texts: bool = False) -> pd.DataFrame:
    """The board as the page shows it (and, with `texts`, as the Excel export carries it)."""
    rows = []
    for row in board.to_dict("records"):
        record = {
            t("row_no", lang): row["number"] if row["kind"] == "task" else "",
            t("task_status", lang): item_status_label(row, lang),
            t("task", lang): pick(row["title_zh"], row["title_en"], lang),
            t("lead_units", lang): views.unit_short_names(catalog, split_ids(row["lead_units"]), lang),
            t("deadline", lang): deadline_label(row["year"], row["annual"], lang),
            t("last_update", lang): beijing_time(row["submitted_at"]) if row["submitted_at"] is not None and not pd.isna(row["submitted_at"]) else "",
            t("reporting_unit_short", lang): views.unit_short_names(catalog, [row["reporting_unit"]], lang)
            if isinstance(row["reporting_unit"], str) and row["reporting_unit"] in views.names(catalog).unit else "",
            t("item_kind", lang): kind_label(row["kind"], lang),
            t("action", lang): views.action_label(catalog, int(row["action_id"]), lang),
        }
        if texts:
            record.update({t("progress_text", lang): row["progress"] or "", t("issues_text", lang): row["issues"] or "",
                           t("next_steps_text", lang): row["next_steps"] or "",
                           t("evidence_text", lang): row["evidence"] or "",
                           t("return_reason", lang): row["return_reason"] or "",
                           t("review_note", lang): row["review_note"] or "", t("page", lang): int(row["page"]),
                           t("quote", lang): row["quote"]})
        rows.append(record)
    columns = [t(k, lang) for k in ("row_no", "task_status", "task", "lead_units", "deadline", "last_update",
                                    "reporting_unit_short", "item_kind", "action")]
    return pd.DataFrame(rows, columns=columns if not texts or not rows else None)

