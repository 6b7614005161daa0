"""Where each ledger item stands in a reporting year: the status its lead unit reported, or what the ledger
derives when the report is missing, late, returned or silent. Plain pandas, no Streamlit.

For a year Y and an item, the lead unit's latest report of Y decides (a report of a partner unit is shown,
but does not speak for the lead). Derived statuses:
- 退回 returned: the office returned that report (or its whole submission) and no newer one came;
- 未注明状态 no status given: the report has texts but no status (its sheet had no status column);
- 逾期 overdue: a dated item (a goal "by 2025") past its year and not completed or changed;
- 未报送 not reported: no report from the lead unit for Y. An item completed (or changed) in an earlier year
  keeps that status without being reported again, except the duties that recur every year.
Every item has exactly one of these statuses or one of the five a unit reports, so counts add up.
"""
from __future__ import annotations

import pandas as pd

from loaders.catalog import Catalog, split_ids
from loaders.items import OFFICE, ledger_items
from loaders.statuses import ITEM_STATUSES, TERMINAL

REPORTING = ("complete", "partial", "none")   # how much of what was due a unit reported (reporting.*)
ALL_STATUSES = ITEM_STATUSES   # every item's status, in the registry's order (loaders.statuses)
BOARD_COLUMNS = ["item_id", "kind", "number", "action_id", "status", "reported_status", "reporting_year",
                 "reporting_unit", "submitter", "submitted_at", "progress", "issues", "next_steps", "evidence",
                 "submission_id", "public_id", "origin", "return_reason", "review_note", "previous_status",
                 "partner_reports"]


def _returned(reviews: pd.DataFrame) -> pd.DataFrame:
    return reviews[reviews["decision"] == "returned"] if len(reviews) else reviews


def task_board(catalog: Catalog, entries: pd.DataFrame, reviews: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per ledger item (BOARD_COLUMNS) with its status in `year`. `entries`: ledger.store.all_task_entries
    (oldest first); `reviews`: ledger.store.reviews."""
    items = ledger_items(catalog)
    entries = entries[entries["reporting_year"] <= year] if len(entries) else entries
    by_item = dict(tuple(entries.groupby("item_id", sort=False))) if len(entries) else {}
    returns = _returned(reviews)
    notes = reviews[reviews["decision"] == "note"] if len(reviews) else reviews
    rows = []
    for item in items.itertuples():
        leads = set(split_ids(item.lead_units))
        annual = item.annual
        mine = by_item.get(item.item_id)
        row = dict.fromkeys(BOARD_COLUMNS, None)
        row.update(item_id=item.item_id, kind=item.kind, number=item.number, action_id=item.action_id,
                   partner_reports=0)
        lead_reports = mine[mine["reporting_unit"].isin(leads)] if mine is not None else None
        if mine is not None:
            row["partner_reports"] = int(((mine["reporting_year"] == year) & ~mine["reporting_unit"].isin(leads)).sum())
        this_year = lead_reports[lead_reports["reporting_year"] == year] if lead_reports is not None else None
        earlier = lead_reports[lead_reports["reporting_year"] < year] if lead_reports is not None else None
        if earlier is not None and len(earlier):
            row["previous_status"] = earlier.iloc[-1]["status"] or "no_status"
        latest = None
        if this_year is not None and len(this_year):
            latest = this_year.iloc[-1]
        elif not annual and earlier is not None and len(earlier) and earlier.iloc[-1]["status"] in TERMINAL:
            latest = earlier.iloc[-1]
        status = "not_reported"
        if latest is not None:
            row.update({k: latest[k] for k in ("reporting_year", "reporting_unit", "submitter", "submitted_at", "progress",
                                               "issues", "next_steps", "evidence", "submission_id", "public_id",
                                               "origin")}, reported_status=latest["status"])
            returned = returns[(returns["submission_id"] == latest["submission_id"])
                               & returns["item_id"].isin(["", item.item_id])] if len(returns) else returns
            noted = notes[(notes["submission_id"] == latest["submission_id"])
                          & notes["item_id"].isin(["", item.item_id])] if len(notes) else notes
            if len(noted):
                row["review_note"] = noted.iloc[-1]["text"]
            if len(returned):
                status, row["return_reason"] = "returned", returned.iloc[-1]["text"]
            else:
                status = latest["status"] or "no_status"
        deadline = None if pd.isna(item.year) else int(item.year)
        if deadline is not None and year > deadline and status not in TERMINAL + ("returned",):
            status = "overdue"
        row["status"] = status
        rows.append(row)
    board = pd.DataFrame(rows, columns=BOARD_COLUMNS)
    return board.merge(items[["item_id", "title_zh", "title_en", "detail_zh", "detail_en", "lead_units",
                              "partner_units", "year", "annual", "page", "quote"]], on="item_id")


def timeline(entries: pd.DataFrame, reviews: pd.DataFrame, item_id: str) -> pd.DataFrame:
    """Every report on one item and every review of them, oldest first: what happened, when, by whom."""
    rows = []
    for entry in entries[entries["item_id"] == item_id].itertuples() if len(entries) else []:
        rows.append({"at": entry.submitted_at, "event": "report", "reporting_year": entry.reporting_year,
                     "unit": entry.reporting_unit, "who": entry.submitter, "status": entry.status or "no_status",
                     "progress": entry.progress, "issues": entry.issues, "next_steps": entry.next_steps,
                     "evidence": entry.evidence, "origin": entry.origin, "file": entry.file_name,
                     "submission_id": entry.submission_id})
    reported_in = {row["submission_id"] for row in rows}
    for review in reviews.itertuples() if len(reviews) else []:
        if review.submission_id in reported_in and review.item_id in ("", item_id):
            rows.append({"at": review.reviewed_at, "event": review.decision, "reporting_year": review.reporting_year,
                         "unit": review.reporting_unit, "who": review.reviewer, "status": "", "progress": review.text,
                         "issues": "", "next_steps": "", "evidence": "", "origin": "", "file": "",
                         "submission_id": review.submission_id})
    columns = ["at", "event", "reporting_year", "unit", "who", "status", "progress", "issues", "next_steps",
               "evidence", "origin", "file", "submission_id"]
    return pd.DataFrame(rows, columns=columns).sort_values("at", kind="stable").reset_index(drop=True)


def status_counts(board: pd.DataFrame) -> dict[str, int]:
    """Items per status, every status named (0 where none), in ALL_STATUSES order."""
    counts = board["status"].value_counts()
    return {code: int(counts.get(code, 0)) for code in ALL_STATUSES}


def counts_by_action(board: pd.DataFrame) -> pd.DataFrame:
    """Items per action (rows) and status (columns, ALL_STATUSES order), with a total row."""
    counts = board.groupby(["action_id", "status"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(ALL_STATUSES), fill_value=0)
    counts.loc["total"] = counts.sum()
    return counts


def coverage(catalog: Catalog, board: pd.DataFrame, entries: pd.DataFrame, values: pd.DataFrame, year: int) -> pd.DataFrame:
    """Per unit, for `year`: what it was due to report — the items it leads (less those completed before) and
    the indicators it leads — what was reported, and what is missing. An item or an indicator counts when the
    unit itself reported it that year (what a partner reported is the partner's), and a submission whose rows
    were all skipped counts for nothing; a report the office returned, with nothing newer, is due again. The
    leading group's office is not listed: the units report to it. `values`: ledger.store.all_values."""
    items_led: dict[str, set[str]] = {}
    for row in board.itertuples():
        for unit in split_ids(row.lead_units):
            items_led.setdefault(unit, set()).add(row.item_id)
    indicators_led: dict[str, set[str]] = {}
    for row in catalog.indicators.itertuples():
        for unit in split_ids(row.lead_units):
            indicators_led.setdefault(unit, set()).add(row.indicator_id)
    this_year = entries[entries["reporting_year"] == year] if len(entries) else entries
    values_year = values[values["reporting_year"] == year] if len(values) else values
    terminal_done = set(board.loc[board["status"].isin(TERMINAL) & (board["reporting_year"] < year), "item_id"])
    returned = set(board.loc[board["status"] == "returned", "item_id"])
    rows = []
    for unit_id in catalog.units["unit_id"]:
        if unit_id == OFFICE:   # the office the units report to is not a unit that failed to report to itself
            continue
        due_items = items_led.get(unit_id, set()) - terminal_done
        due_indicators = indicators_led.get(unit_id, set())
        if not due_items and not due_indicators and not (len(this_year) and (this_year["reporting_unit"] == unit_id).any()):
            continue
        reported_items = (set(this_year.loc[this_year["reporting_unit"] == unit_id, "item_id"]) if len(this_year)
                          else set()) - returned
        reported_indicators = set(values_year.loc[values_year["reporting_unit"] == unit_id, "indicator_id"]) \
            if len(values_year) else set()
        rows.append({"unit_id": unit_id, "items_due": len(due_items), "items_reported": len(due_items & reported_items),
                     "items_missing": sorted(due_items - reported_items), "indicators_due": len(due_indicators),
                     "indicators_reported": len(due_indicators & reported_indicators),
                     "indicators_missing": sorted(due_indicators - reported_indicators),
                     "other_reports": len(reported_items - due_items)})
    frame = pd.DataFrame(rows, columns=["unit_id", "items_due", "items_reported", "items_missing", "indicators_due",
                                        "indicators_reported", "indicators_missing", "other_reports"])
    frame["reporting"] = [   # how much of what was due the unit reported: complete, partial, none (reporting.*)
        "complete" if not r.items_missing and not r.indicators_missing else
        "none" if r.items_reported == 0 and r.indicators_reported == 0 and (r.items_due or r.indicators_due) else "partial"
        for r in frame.itertuples()]
    return frame
