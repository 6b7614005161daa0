"""Every row an upload read, as the person checks it before anything is saved: numbers and task reports in one
table, each with where it came from, what it was taken for and how, what saving it would change, and whether
it will be saved. No Streamlit: the page draws the table and passes back the person's decisions.

What is not used without a decision (it is shown, and left out until someone decides): a row the reader put
to the person (a name that could be several indicators or none, a task row its number and words do not
place), a share written as a fraction (×100 offered), a row for an indicator or item the reporting unit
neither leads nor supports (only the administrator may include those: a unit saves only what it answers
for), and a similar-wording match to something the unit does not answer for. A status word the reader did
not know is saved as "no status given" unless the person chooses one.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from loaders.actuals import FRACTION_SHARE, PROBLEM_COLUMNS, TASK_COLUMNS, VALUE_COLUMNS, ActualsResult

REVIEW_COLUMNS = ["key", "kind", "file", "sheet", "row", "column", "written", "target", "candidates", "matched_by",
                  "ask", "year", "months", "value", "read_value", "approximate", "percent", "status", "status_written",
                  "progress",
                  "role", "include", "locked", "flags", "change", "old_value"]
# why a row is flagged, in the order the page lists them
CHANGES = ("new", "changed", "unchanged", "contribution")   # what a value does to the ledger (review.change.*)
FLAGS = ("choose", "fraction", "status_word", "not_yours", "similar", "part_year", "duplicate", "text_over_number",
         "left_out")
WAITING = {"choose", "fraction", "status_word"}   # what keeps a row out until the person decides


def row_key(kind: str, sha256: str, sheet: str, row: int, column: str = "") -> str:
    """A row's identity across reruns and re-reads: the file, the sheet and the cell it came from."""
    return "\x1f".join((kind, sha256, sheet, str(row), column))


@dataclass(frozen=True)
class Review:
    rows: pd.DataFrame          # REVIEW_COLUMNS, in the order the files were read

    def values(self) -> pd.DataFrame:
        """The numbers to use and save: included rows, as decided (VALUE_COLUMNS)."""
        chosen = self.rows[(self.rows["kind"] == "value") & self.rows["include"]]
        return pd.DataFrame({
            "indicator_id": chosen["target"], "year": chosen["year"].astype("int64"), "value": chosen["value"],
            "file": chosen["file"], "sheet": chosen["sheet"], "row": chosen["row"].astype("int64"),
            "column": chosen["column"], "approximate": chosen["approximate"].astype(bool), "note": chosen["note"],
            "matched_by": chosen["matched_by"], "written": chosen["written"], "months": chosen["months"],
            "ask": "", "candidates": "", "percent": chosen["percent"].fillna(False).astype(bool)},
            columns=VALUE_COLUMNS).reset_index(drop=True)

    def tasks(self) -> pd.DataFrame:
        """The task reports to save: included rows, as decided (TASK_COLUMNS)."""
        chosen = self.rows[(self.rows["kind"] == "task") & self.rows["include"]]
        frame = pd.DataFrame({column: chosen[column] if column in chosen else "" for column in TASK_COLUMNS})
        frame["item_id"] = chosen["target"]
        return frame.reset_index(drop=True)

    def left_out(self) -> pd.DataFrame:
        """Rows read but not saved, and why: kept with the submission as its skipped rows."""
        return self.rows[~self.rows["include"]]

    def problems(self) -> pd.DataFrame:
        """Rows read but not used, as problems (PROBLEM_COLUMNS): waiting for a decision, or left out, and why.
        What a comparison report lists and a submission keeps beside the reader's own problems."""
        rows = self.left_out()
        return pd.DataFrame([(r.file, r.sheet, r.row, r.column,
                              "problem.needs_a_decision" if set(r.flags) & WAITING else "problem.not_saved",
                              {"written": r.written, "flags": list(r.flags)}) for r in rows.itertuples()],
                            columns=PROBLEM_COLUMNS)

    def counts(self) -> dict[str, int]:
        rows = self.rows
        included = rows["include"]
        waiting = rows["flags"].map(lambda f: bool(WAITING & set(f)))
        return {"values": int(((rows["kind"] == "value") & included).sum()),
                "tasks": int(((rows["kind"] == "task") & included).sum()),
                "waiting": int((waiting & ~included).sum()),
                "left_out": int((~included & ~waiting).sum()),
                "new": int((included & (rows["change"] == "new")).sum()),
                "changed": int((included & (rows["change"] == "changed")).sum()),
                "unchanged": int((included & (rows["change"] == "unchanged")).sum())}


def share_targets(catalog) -> dict[str, float]:
    """The largest numeric target of each indicator measured in percent: what a fraction is judged against."""
    percent = set(catalog.indicators.loc[catalog.indicators["unit"] == "%", "indicator_id"])
    targets = catalog.targets.dropna(subset=["value", "indicator_id"])
    return {i: float(v) for i, v in targets.groupby("indicator_id")["value"].max().items() if i in percent}


def _looks_like_a_fraction(row: Mapping, target: str, shares: Mapping[str, float] | None) -> bool:
    """A value of 0–1 not written as a percentage, of a share whose targets reach tens of percent."""
    if not shares or target not in shares or row.get("percent"):
        return False
    return shares[target] >= FRACTION_SHARE and 0 < abs(row["read_value"]) <= 1


def review(results: list[ActualsResult], decisions: Mapping[str, Mapping], *, unit: str | None,
           roles: Mapping[tuple[str, str], str] | None, for_all: bool = False,
           current: Mapping[tuple[str, int], float] | None = None,
           shares: Mapping[str, float] | None = None) -> Review:
    """The table for `results` with the person's `decisions` (row key → include, target, scale, status).
    `unit`: the reporting unit; `roles`: what it answers for (loaders.items.responsibilities), None when no
    unit is chosen; `for_all`: the administrator, who may include anything; `current`: the ledger's values;
    `shares`: the largest target of each indicator measured in percent (a fraction pointed at one is asked)."""
    current = current or {}
    rows = []
    for result in results:
        for v in result.values.to_dict("records"):
            key = row_key("value", result.sha256, v["sheet"], v["row"], v["column"])
            rows.append({**v, "key": key, "kind": "value", "target": v["indicator_id"], "read_value": v["value"],
                         "status": None, "status_written": "", "progress": ""})
        for task in result.tasks.to_dict("records"):
            key = row_key("task", result.sha256, task["sheet"], task["row"])
            rows.append({**task, "key": key, "kind": "task", "target": task["item_id"], "column": "", "year": None,
                         "months": "", "value": None, "read_value": None, "approximate": False, "percent": False,
                         "note": "",
                         "progress": task["progress"]})
    decided = []
    seen: dict[tuple, str] = {}
    for row in rows:
        decision = decisions.get(row["key"], {})
        target = decision.get("target", row["target"]) or ""
        kind = "indicator" if row["kind"] == "value" else "item"
        role = (roles or {}).get((kind, target), "none") if roles is not None else ""
        outside = roles is not None and role == "none" and bool(target)   # the unit neither leads nor supports it
        ask = row["ask"]
        if row["kind"] == "value" and ask in ("", "indicator") and target and _looks_like_a_fraction(
                row, target, shares):
            ask = "fraction"   # what the person pointed at is a share whose targets are tens of percent
        flags = [flag for flag, present in (
            ("choose", row["ask"] in ("indicator", "item") and "target" not in decision),
            ("fraction", ask == "fraction"), ("status_word", ask == "status"), ("not_yours", outside),
            ("similar", row["matched_by"] == "similar"), ("text_over_number", row["matched_by"] == "text_over_number"),
            ("part_year", bool(row["months"])), ("left_out", decision.get("include") is False)) if present]
        value = row["read_value"]
        if row["kind"] == "value" and value is not None:
            value = value * decision.get("scale", 1)
        status = decision.get("status", row["status"]) if row["kind"] == "task" else None
        locked = outside and not for_all
        # what is used without a word from the person: a row placed for sure, of the unit's own, nothing asked
        decided_on = {"fraction": "scale" in decision, "status": "status" in decision}.get(ask, True)
        default = bool(target) and decided_on and not outside and "choose" not in flags
        include = bool(decision.get("include", default)) and bool(target) and not locked and "choose" not in flags
        identity = (row["kind"], target, row["year"]) if row["kind"] == "value" else (row["kind"], target)
        if include and identity in seen:    # the same indicator and year, or item, twice: the first counts
            include = False
            flags.append("duplicate")
        elif include:
            seen[identity] = row["key"]
        change, old = "", None
        if row["kind"] == "value" and target and role == "partner":
            change = "contribution"     # a partner's value stands beside the lead's, never replaces it
        elif row["kind"] == "value" and target:
            old = current.get((target, int(row["year"])))
            change = "new" if old is None else "unchanged" if old == value else "changed"
        how = "chosen" if decision.get("target") else row["matched_by"]   # the person said what the row is
        decided.append({**row, "target": target, "value": value, "status": status, "role": role, "matched_by": how,
                        "include": include, "locked": locked, "flags": tuple(f for f in FLAGS if f in flags),
                        "change": change, "old_value": old})
    return Review(pd.DataFrame(decided, columns=[*REVIEW_COLUMNS, "note"]))
