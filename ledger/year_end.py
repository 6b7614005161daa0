"""The year-end picture for one reporting year, computed once for the leaders' report, the Excel annex and the
overview's dashboard: every indicator and every ledger item in exactly one status, who was due to report
what and did, what changed since the year before, the year's submissions with their notes and skipped rows.

The ledger "for year Y" is every accepted submission whose reporting year (报告年度, the year-end cycle) is Y
or earlier, the latest submission winning for each (indicator, year) and each item. No Streamlit here.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from ledger import store
from loaders.catalog import Catalog, split_ids
from loaders.items import indicator_leads, ledger_items
from loaders.statuses import BEHIND, ITEM_STATUSES, TRAJECTORY, VERDICTS, rank
from tracker.assess import assess_frame, due_verdicts
from tracker.task_status import coverage, status_counts, task_board

INDICATOR_STATUSES = TRAJECTORY
MOVE_COLUMNS = ["kind", "id", "before", "now", "change", "record"]
CHANGES = ("improved", "worsened", "newly_judged", "no_longer_judged", "other")   # moves.change.* in the catalogs


def change_kind(before: str, now: str) -> str:
    """A move up the registry's ranks is an improvement; into or out of the ranked statuses (a first report, a
    report that stopped) is said as such; a move between statuses that judge nothing is "other"."""
    if rank(before) is not None and rank(now) is not None:
        return "improved" if rank(now) < rank(before) else "worsened"
    if rank(now) is not None:
        return "newly_judged"
    if rank(before) is not None:
        return "no_longer_judged"
    return "other"
BEHIND_INDICATORS = tuple(code for code in TRAJECTORY if code in BEHIND)
BEHIND_ITEMS = tuple(code for code in ITEM_STATUSES if code in BEHIND)


@dataclass(frozen=True)
class LedgerFrames:
    """What the year-end picture is computed from (a page's cached snapshot, or read here from the database)."""
    values: pd.DataFrame        # store.all_values
    entries: pd.DataFrame       # store.all_task_entries
    reviews: pd.DataFrame
    submissions: pd.DataFrame


def read_frames(engine: Engine) -> LedgerFrames:
    with Session(engine) as session:
        return LedgerFrames(store.all_values(session), store.all_task_entries(session), store.reviews(session),
                            store.submissions(session))


@dataclass(frozen=True)
class YearEnd:
    year: int
    generated: datetime.datetime
    indicators: pd.DataFrame    # every indicator of the catalog: status (incl. no_data), previous_status, assessment
    items: pd.DataFrame         # every ledger item: the task board of the year, with previous_status
    coverage: pd.DataFrame      # per unit: due, reported, missing (tracker.task_status.coverage)
    current: pd.DataFrame       # the values the statuses rest on, with their provenance
    new_values: pd.DataFrame    # values submitted in the year, and what each replaced
    submissions: pd.DataFrame   # the year's submissions, with notes and skipped rows
    problems: pd.DataFrame      # the skipped rows of the year's submissions (file, sheet, row, message)
    verdicts: pd.DataFrame      # every target whose year has passed, with its verdict (tracker.assess.due_verdicts)
    reports: pd.DataFrame       # every unit's latest report of the year on each item, lead and partners, not returned

    @property
    def has_data(self) -> bool:
        return bool(len(self.current) or (self.items["reporting_unit"].notna()).any())

    def indicator_counts(self) -> dict[str, int]:
        counts = self.indicators["status"].value_counts()
        return {code: int(counts.get(code, 0)) for code in INDICATOR_STATUSES}

    def verdict_counts(self, target_year: int | None = None) -> dict[str, int]:
        """Due targets per verdict (of one target year, e.g. 2025 for the 十四五 targets), every verdict named."""
        rows = self.verdicts if target_year is None else self.verdicts[self.verdicts["target_year"] == target_year]
        counts = rows["verdict"].value_counts()
        return {code: int(counts.get(code, 0)) for code in VERDICTS}

    def item_counts(self, kind: str | None = None) -> dict[str, int]:
        return status_counts(self.items if kind is None else self.items[self.items["kind"] == kind])

    def moves(self) -> pd.DataFrame:
        """Every indicator and item whose status differs from a year before (MOVE_COLUMNS), each in exactly one
        kind of change (CHANGES), so that the counts of the changes add up to the list."""
        rows = []
        for kind, frame, key in (("indicator", self.indicators, "indicator_id"), ("item", self.items, "item_id")):
            for record in frame.to_dict("records"):
                before, now = record["previous_status"], record["status"]
                if before == now or (pd.isna(before) and now in ("no_data", "not_reported")):
                    continue
                before = before if isinstance(before, str) else ("no_data" if kind == "indicator" else "not_reported")
                if before == now:
                    continue
                rows.append({"kind": kind, "id": record[key], "before": before, "now": now,
                             "change": change_kind(before, now), "record": record})
        return pd.DataFrame(rows, columns=MOVE_COLUMNS)

    def move_counts(self) -> dict[str, int]:
        counts = self.moves()["change"].value_counts()
        return {change: int(counts.get(change, 0)) for change in CHANGES}


def _indicator_statuses(catalog: Catalog, values: pd.DataFrame, year: int) -> pd.DataFrame:
    until = values[values["reporting_year"] <= year] if len(values) else values
    current = store.ledger_values(until, indicator_leads(catalog)) if len(until) else until
    current = current[current["indicator_id"].isin(set(catalog.indicators["indicator_id"]))]
    assessed = assess_frame(catalog, current, year).set_index("indicator_id")
    frame = catalog.indicators[["indicator_id", "action_id", "lead_units", "unit", "unit_en", "name_zh", "name_en"]].copy()
    frame = frame.join(assessed.drop(columns=["action_id"]), on="indicator_id")
    frame["status"] = frame["status"].fillna("no_data")
    return frame.reset_index(drop=True), current.sort_values(["indicator_id", "year"]).reset_index(drop=True)


def year_end(catalog: Catalog, frames: LedgerFrames, year: int,
             generated: datetime.datetime | None = None) -> YearEnd:
    indicators, current = _indicator_statuses(catalog, frames.values, year)
    # a year before: how the indicators stood on the values of the years before, whenever they were reported
    # (2025's values come in the 2026 cycle: they still tell how 2025 stood)
    earlier = frames.values[frames.values["year"] <= year - 1] if len(frames.values) else frames.values
    earlier = earlier.assign(reporting_year=year - 1) if len(earlier) else earlier
    before, _ = _indicator_statuses(catalog, earlier, year - 1)
    indicators["previous_status"] = before["status"].to_numpy()
    items = task_board(catalog, frames.entries, frames.reviews, year)
    items_before = task_board(catalog, frames.entries, frames.reviews, year - 1).set_index("item_id")["status"]
    items["previous_status"] = items["item_id"].map(items_before)
    values = frames.values
    grouped = values.groupby(["indicator_id", "year"], sort=False) if len(values) else None
    everything = values.assign(replaced=grouped["value"].shift(1)) if grouped is not None else values.assign(replaced=None)
    new_values = everything[everything["reporting_year"] == year].reset_index(drop=True) if len(everything) else everything
    subs = frames.submissions
    subs = subs[subs["reporting_year"] == year].sort_values("submitted_at").reset_index(drop=True) if len(subs) else subs
    problem_rows = [{**problem, "unit_id": row.reporting_unit, "submitter": row.submitter,
                     "submitted_at": row.submitted_at} for row in subs.itertuples() for problem in (row.problems or [])]
    # problems saved before they were kept as codes hold their words (message_zh, message_en) instead of params
    problems = pd.DataFrame(problem_rows, columns=["file", "sheet", "row", "column", "code", "params", "message_zh",
                                                   "message_en", "unit_id", "submitter", "submitted_at"])
    assessed = indicators[indicators["status"] != "no_data"]
    return YearEnd(year, generated or store.now(), indicators, items,
                   coverage(catalog, items, frames.entries, frames.values, year), current, new_values, subs, problems,
                   due_verdicts(catalog, assessed, year), _reports(catalog, frames, year))


def _reports(catalog: Catalog, frames: LedgerFrames, year: int) -> pd.DataFrame:
    """Each unit's latest report of `year` on each item — what the report quotes — with its role; a report the
    office returned is left out (its words are not the unit's last word)."""
    entries = frames.entries
    if not len(entries):
        return entries.assign(role=pd.Series(dtype=object))
    mine = entries[entries["reporting_year"] == year].drop_duplicates(["item_id", "reporting_unit"], keep="last")
    reviews = frames.reviews
    returned = reviews[reviews["decision"] == "returned"] if len(reviews) else reviews
    if len(returned):
        whole = set(returned.loc[returned["item_id"] == "", "submission_id"])
        one = set(zip(returned["submission_id"], returned["item_id"]))
        kept = [s not in whole and (s, i) not in one for s, i in zip(mine["submission_id"], mine["item_id"])]
        mine = mine[pd.Series(kept, index=mine.index, dtype=bool)]
    leads = {row.item_id: set(split_ids(row.lead_units)) for row in ledger_items(catalog).itertuples()}
    role = ["lead" if unit in leads.get(item, ()) else "partner" for item, unit in zip(mine["item_id"], mine["reporting_unit"])]
    return mine.assign(role=role).reset_index(drop=True)
