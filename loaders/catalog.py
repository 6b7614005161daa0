"""Load and check the plan catalog (data/*.csv) into typed pandas DataFrames.

The CSV files are the data of record, edited by hand (see README, "The data"). Loading checks every row
against the data contract and against the plan text, so a bad correction fails at once with a message that
names the file, the row (its line in the CSV, the header being line 1) and the column.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from loaders.plan_text import PlanText, QuoteNotFound, load_plan

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

COMPARATORS = (">=", "<=", "~", "=")
ASPIRATIONS = ("", "力争", "争取")
TARGET_YEARS = (2025, 2030)
PERIODS = ("", "十四五", "十五五", "十六五")
DIRECTIONS = ("increase", "decrease")
PATHS = ("linear", "step")   # how the plan path runs between targets: a straight line, or a standard in steps
MEASUREMENT_UNITS = ("%", "万千瓦", "克/千瓦时", "家", "个", "万平方米", "台", "万立方米", "万亩")
UNIT_KINDS = ("city_department", "public_institution", "party_organ", "enterprise", "district_government",
              "park_committee", "collective", "coordinating_body")
ACTION_KINDS = ("goals", "action", "support")
COMMITMENT_KINDS = ("project", "duty")
RECURRENCES = ("", "annual")
# What the reading found in the plan's own figures for a target (targets.csv `flag`, explained in its note):
# "contradiction": the plan states this target differently elsewhere (both statements are kept as written and
# both flagged); "unchanged": it repeats the figure of the indicator's earlier target, so the plan asks for no
# further change. The pages find these by the flag, never by a note's wording.
TARGET_FLAGS = ("", "contradiction", "unchanged")

# Columns each file must have, and the pandas dtype each is read as.
SCHEMA: dict[str, dict[str, str]] = {
    "actions": {"action_id": "Int64", "kind": "string", "section_zh": "string", "name_zh": "string",
                "name_en": "string", "page": "Int64"},
    "units": {"unit_id": "string", "name_zh": "string", "name_en": "string", "short_en": "string",
              "aliases": "string", "kind": "string"},
    "tasks": {"task_no": "string", "row_no": "Int64", "action_id": "Int64", "measure_no": "string",
              "measure_zh": "string", "measure_en": "string", "item_zh": "string", "item_en": "string",
              "main_work_zh": "string", "main_work_en": "string", "lead_units": "string",
              "partner_units": "string", "page": "Int64", "body_units_zh": "string", "body_page": "Int64"},
    "indicators": {"indicator_id": "string", "name_zh": "string", "name_en": "string", "aliases": "string",
                   "unit": "string",
                   "unit_en": "string", "direction": "string", "action_id": "Int64", "measure": "string",
                   "task_nos": "string", "lead_units": "string", "partner_units": "string",
                   "baseline_year": "Int64", "baseline_value": "Float64", "path": "string", "notes_zh": "string",
                   "notes": "string"},
    "targets": {"target_id": "string", "indicator_id": "string", "kind": "string", "action_id": "Int64",
                "measure_no": "string", "task_no": "string", "year": "Int64", "period": "string",
                "value": "Float64", "unit": "string", "comparator": "string", "aspiration": "string",
                "base_year": "Int64", "statement_zh": "string", "statement_en": "string", "page": "Int64",
                "page_start": "Int64", "quote": "string", "flag": "string", "notes_zh": "string", "notes": "string"},
    "commitments": {"commitment_id": "string", "kind": "string", "action_id": "Int64", "measure_no": "string",
                    "task_no": "string", "name_zh": "string", "name_en": "string", "detail_en": "string",
                    "lead_units": "string", "partner_units": "string", "year": "Int64", "recurrence": "string",
                    "page": "Int64", "page_start": "Int64", "quote": "string", "notes_zh": "string", "notes": "string"},
}
# Columns that may be empty; every other column must have a value in every row.
OPTIONAL = {
    "actions": set(),
    "units": {"aliases"},
    "tasks": {"item_zh", "item_en", "partner_units"},
    "indicators": {"aliases", "measure", "task_nos", "lead_units", "partner_units", "baseline_year", "baseline_value",
                   "notes_zh", "notes"},
    "targets": {"indicator_id", "measure_no", "task_no", "year", "period", "value", "unit", "comparator",
                "aspiration", "base_year", "flag", "notes_zh", "notes"},
    "commitments": {"measure_no", "task_no", "partner_units", "year", "recurrence", "notes_zh", "notes"},
}


class CatalogError(ValueError):
    """A catalog file breaks the data contract; the message names file, row and column."""

    def __init__(self, file: str, row: int | None, column: str | None, problem: str):
        self.file, self.row, self.column, self.problem = file, row, column, problem
        where = file + (f", row {row}" if row is not None else "") + (f", column {column}" if column else "")
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Catalog:
    actions: pd.DataFrame
    units: pd.DataFrame
    tasks: pd.DataFrame
    indicators: pd.DataFrame
    targets: pd.DataFrame
    commitments: pd.DataFrame   # key projects and duties (六、组织实施), reported in the task ledger

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in SCHEMA}


def split_ids(cell) -> list[str]:
    """`a|b|c` → ['a', 'b', 'c']; empty or missing → []."""
    if cell is None or cell is pd.NA or (isinstance(cell, float) and pd.isna(cell)):
        return []
    return [part for part in str(cell).split("|") if part]


def _read(name: str, source: bytes) -> pd.DataFrame:
    try:
        raw = pd.read_csv(io.BytesIO(source), dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as error:
        raise CatalogError(f"{name}.csv", None, None, f"cannot be read as UTF-8 CSV ({error})") from error
    schema = SCHEMA[name]
    missing = [column for column in schema if column not in raw.columns]
    if missing:
        raise CatalogError(f"{name}.csv", None, None, f"missing columns: {', '.join(missing)}")
    frame = pd.DataFrame(index=raw.index)
    for column, dtype in schema.items():
        text = raw[column].str.strip()
        for position, cell in text.items():
            if cell == "" and column not in OPTIONAL[name]:
                raise CatalogError(f"{name}.csv", position + 2, column, "is empty")
        if dtype in ("Int64", "Float64"):
            numbers = pd.to_numeric(text.replace("", None), errors="coerce")
            bad = numbers.isna() & (text != "")
            if bad.any():
                position = int(bad.idxmax())
                raise CatalogError(f"{name}.csv", position + 2, column, f"{text[position]!r} is not a number")
            if dtype == "Int64" and (numbers.dropna() % 1 != 0).any():
                position = int(((numbers % 1) != 0).idxmax())
                raise CatalogError(f"{name}.csv", position + 2, column, f"{text[position]!r} is not a whole number")
            frame[column] = numbers.astype(dtype)
        else:
            frame[column] = text.replace("", None).astype("string")
    extra = [column for column in raw.columns if column not in schema]
    for column in extra:  # extra columns are allowed and kept as text
        frame[column] = raw[column].astype("string")
    return frame


def _check(ok: bool, file: str, position, column: str, problem: str) -> None:
    if not ok:
        raise CatalogError(f"{file}.csv", int(position) + 2, column, problem)


def _check_unique(frame: pd.DataFrame, file: str, column: str) -> None:
    duplicated = frame[column].duplicated()
    if duplicated.any():
        position = duplicated.idxmax()
        _check(False, file, position, column, f"{frame.at[position, column]!r} appears more than once")


def _check_members(frame, file, column, allowed, *, multi=False):
    allowed_set = set(allowed)
    for position, cell in frame[column].items():
        values = split_ids(cell) if multi else ([] if pd.isna(cell) else [cell])
        for value in values:
            if value not in allowed_set:
                shown = ", ".join(sorted(map(str, allowed_set)))
                _check(False, file, position, column, f"{value!r} is not one of: {shown}")


def validate(catalog: Catalog, plan: PlanText | None = None) -> None:
    """Raise CatalogError at the first row that breaks the data contract or misquotes the plan."""
    plan = plan or load_plan()
    actions, units, tasks = catalog.actions, catalog.units, catalog.tasks
    indicators, targets = catalog.indicators, catalog.targets

    commitments = catalog.commitments
    for file, frame, key in (("actions", actions, "action_id"), ("units", units, "unit_id"),
                             ("tasks", tasks, "task_no"), ("indicators", indicators, "indicator_id"),
                             ("targets", targets, "target_id"), ("commitments", commitments, "commitment_id")):
        _check_unique(frame, file, key)
    ids = pd.concat([tasks["task_no"], targets["target_id"], commitments["commitment_id"]], ignore_index=True)
    _check_unique(pd.DataFrame({"id": ids}), "commitments", "id")  # one namespace for the task ledger's items

    _check_members(actions, "actions", "kind", ACTION_KINDS)
    _check_members(units, "units", "kind", UNIT_KINDS)
    spellings = pd.concat([units["name_zh"], units["aliases"].map(split_ids).explode().dropna()])
    _check_unique(pd.DataFrame({"spelling": spellings.reset_index(drop=True)}), "units", "spelling")

    action_ids, unit_ids = set(actions["action_id"]), set(units["unit_id"])
    _check_members(tasks, "tasks", "action_id", action_ids)
    _check_members(tasks, "tasks", "lead_units", unit_ids, multi=True)
    _check_members(tasks, "tasks", "partner_units", unit_ids, multi=True)
    for position, row in tasks.iterrows():
        _check(row["measure_no"].split(".")[0] == str(row["action_id"]), "tasks", position, "measure_no",
               f"{row['measure_no']!r} does not belong to action {row['action_id']}")
        _check(f"责任单位:{row['body_units_zh']}" in plan.body, "tasks", position, "body_units_zh",
               "is not a 责任单位 list in the plan text")

    task_nos = set(tasks["task_no"])
    _check_members(indicators, "indicators", "action_id", action_ids)
    _check_members(indicators, "indicators", "direction", DIRECTIONS)
    _check_members(indicators, "indicators", "path", PATHS)
    _check_members(indicators, "indicators", "unit", MEASUREMENT_UNITS)
    _check_members(indicators, "indicators", "task_nos", task_nos, multi=True)
    _check_members(indicators, "indicators", "lead_units", unit_ids, multi=True)
    _check_members(indicators, "indicators", "partner_units", unit_ids, multi=True)

    for file, frame in (("indicators", indicators), ("targets", targets)):
        for position, row in frame.iterrows():
            _check(pd.isna(row["notes"]) == pd.isna(row["notes_zh"]), file, position, "notes_zh",
                   "a note needs both its Chinese (notes_zh) and English (notes) text")
    for position, row in indicators.iterrows():
        _check(pd.isna(row["baseline_value"]) or not pd.isna(row["baseline_year"]), "indicators", position,
               "baseline_value", "a baseline value needs a baseline year")

    indicator_units = dict(zip(indicators["indicator_id"], indicators["unit"]))
    _check_members(targets, "targets", "action_id", action_ids)
    _check_members(targets, "targets", "indicator_id", set(indicator_units))
    _check_members(targets, "targets", "task_no", task_nos)
    _check_members(targets, "targets", "kind", ("quantitative", "qualitative"))
    _check_members(targets, "targets", "year", TARGET_YEARS)
    _check_members(targets, "targets", "period", PERIODS)
    _check_members(targets, "targets", "comparator", COMPARATORS)
    _check_members(targets, "targets", "aspiration", ASPIRATIONS)
    _check_members(targets, "targets", "flag", TARGET_FLAGS)
    for position, row in targets.iterrows():
        _check(pd.isna(row["flag"]) or not pd.isna(row["notes"]), "targets", position, "notes",
               f"a target flagged {row['flag']!r} needs a note that explains the flag")
    _check_members(commitments, "commitments", "kind", COMMITMENT_KINDS)
    _check_members(commitments, "commitments", "action_id", action_ids)
    _check_members(commitments, "commitments", "task_no", task_nos)
    _check_members(commitments, "commitments", "lead_units", unit_ids, multi=True)
    _check_members(commitments, "commitments", "partner_units", unit_ids, multi=True)
    _check_members(commitments, "commitments", "year", TARGET_YEARS)
    _check_members(commitments, "commitments", "recurrence", RECURRENCES)
    _check_quotes(commitments, "commitments", plan)
    for position, row in targets.iterrows():
        has_value = not pd.isna(row["value"])
        _check(has_value == (row["kind"] == "quantitative"), "targets", position, "value",
               "a quantitative target needs a value and a qualitative goal has none")
        if has_value:
            _check(not pd.isna(row["indicator_id"]), "targets", position, "indicator_id",
                   "a quantitative target needs an indicator")
            _check(not pd.isna(row["comparator"]), "targets", position, "comparator",
                   "a quantitative target needs a comparator")
            _check(row["unit"] == indicator_units[row["indicator_id"]], "targets", position, "unit",
                   f"{row['unit']!r} differs from the indicator's unit {indicator_units[row['indicator_id']]!r}")
        else:
            _check(pd.isna(row["comparator"]) and pd.isna(row["unit"]), "targets", position, "comparator",
                   "a qualitative goal has no comparator or unit")
    _check_quotes(targets, "targets", plan)


def _check_quotes(frame: pd.DataFrame, file: str, plan: PlanText) -> None:
    """Every quote is the plan's exact words (page markers removed), on the pages the row says."""
    for position, row in frame.iterrows():
        try:
            first, last = plan.locate(row["quote"], body_only=True)
        except QuoteNotFound:
            _check(False, file, position, "quote", "is not an exact substring of the plan text")
        _check((row["page_start"], row["page"]) == (first, last), file, position, "page",
               f"the quote stands on page {first}" + (f"–{last}" if last != first else "")
               + f", not {row['page_start']}–{row['page']}")


def load_catalog(data_dir: Path = DATA_DIR, *, check: bool = True) -> Catalog:
    """Read the six catalog CSVs from `data_dir` and (by default) validate them."""
    frames = {}
    for name in SCHEMA:
        path = data_dir / f"{name}.csv"
        if not path.exists():
            raise CatalogError(f"{name}.csv", None, None, f"not found in {data_dir}")
        frames[name] = _read(name, path.read_bytes())
    catalog = Catalog(**frames)
    if check:
        validate(catalog)
    return catalog


class UnknownUnit(LookupError):
    """A unit name that matches no canonical name or alias in units.csv."""


def unit_spellings(units: pd.DataFrame) -> dict[str, str]:
    """Every spelling of every unit (canonical name and aliases) → unit_id."""
    spellings = {}
    for row in units.itertuples():
        for spelling in [row.name_zh, *split_ids(row.aliases)]:
            spellings[spelling] = row.unit_id
    return spellings


def parse_unit_list(text: str, units: pd.DataFrame) -> list[str]:
    """Resolve a 责任单位 list as the plan writes it ('市发改委、工信局,各县(市)区人民政府') to unit_ids."""
    spellings = unit_spellings(units)
    resolved = []
    for name in text.replace(",", "、").split("、"):
        name = name.strip()
        if not name:
            continue
        unit_id = spellings.get(name) or spellings.get(name.removeprefix("市"))
        if unit_id is None:
            raise UnknownUnit(name)
        if unit_id not in resolved:
            resolved.append(unit_id)
    return resolved
