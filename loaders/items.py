"""The plan's ledger items: what departments report on besides numbers (六、组织实施's 工作台账).

Four kinds, one table: the rows of the task-division table (43 items: rows 1–39, four of them in two
sub-items), the qualitative goals (targets without a value), the key projects and demonstration works, and
the duties the plan sets for the year-end cycle (data/commitments.csv). An item's id is its id in the
catalog (task_no, target_id, commitment_id), which never collide; people see its number and title instead.
"""
from __future__ import annotations

import re

import pandas as pd

from loaders.catalog import Catalog, split_ids

ITEM_KINDS = ("task", "goal", "project", "duty")
ITEM_COLUMNS = ["item_id", "kind", "number", "action_id", "title_zh", "title_en", "detail_zh", "detail_en",
                "lead_units", "partner_units", "year", "annual", "page", "quote", "order"]
OFFICE = "office"   # the leading group's office evaluates the main goals, which the plan gives no unit

_cache: dict[int, tuple[Catalog, pd.DataFrame]] = {}


def task_number(task_no: str) -> str:
    """'8a' → '8(1)', '13b' → '13(2)', '21' → '21': how Chinese offices number sub-items."""
    match = re.fullmatch(r"(\d+)([a-z]?)", task_no)
    if not match or not match.group(2):
        return task_no
    return f"{match.group(1)}({ord(match.group(2)) - ord('a') + 1})"


def _ids(cell) -> str:
    return "" if cell is None or pd.isna(cell) else str(cell)


def ledger_items(catalog: Catalog) -> pd.DataFrame:
    """Every ledger item in plan order (ITEM_COLUMNS); built once per catalog. `annual`: a duty due every year
    (the year-end report, the project library), reported again even after it was once completed."""
    cached = _cache.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    tasks = catalog.tasks.set_index("task_no")
    rows = []
    for order, task in enumerate(catalog.tasks.itertuples()):
        title_zh = task.measure_zh + ("" if pd.isna(task.item_zh) else f" · {task.item_zh}")
        title_en = task.measure_en + ("" if pd.isna(task.item_en) else f" · {task.item_en}")
        rows.append((task.task_no, "task", task_number(task.task_no), int(task.action_id), title_zh, title_en,
                     task.main_work_zh, task.main_work_en, task.lead_units, _ids(task.partner_units), None, False,
                     int(task.page), task.main_work_zh, order))
    goals = catalog.targets[catalog.targets["kind"] == "qualitative"]
    for order, goal in enumerate(goals.itertuples(), start=1000):
        if pd.isna(goal.task_no):
            lead, partners = OFFICE, ""
        else:
            task = tasks.loc[goal.task_no]
            lead, partners = task["lead_units"], _ids(task["partner_units"])
        rows.append((goal.target_id, "goal", None, int(goal.action_id), goal.statement_zh, goal.statement_en,
                     goal.quote, goal.statement_en, lead, partners, None if pd.isna(goal.year) else int(goal.year),
                     False, int(goal.page), goal.quote, order))
    commitments = getattr(catalog, "commitments", None)
    if commitments is not None:
        for order, item in enumerate(commitments.itertuples(), start=2000):
            rows.append((item.commitment_id, item.kind, item.commitment_id, int(item.action_id), item.name_zh,
                         item.name_en, item.quote, item.detail_en, item.lead_units, _ids(item.partner_units),
                         None if pd.isna(item.year) else int(item.year), _ids(item.recurrence) == "annual",
                         int(item.page), item.quote, order))
    frame = pd.DataFrame(rows, columns=ITEM_COLUMNS).astype({"year": "Int64"})
    frame = frame.sort_values(["action_id", "order"], kind="stable").reset_index(drop=True)
    _cache[id(catalog)] = (catalog, frame)
    return frame


def item_roles(catalog: Catalog) -> pd.DataFrame:
    """One row per (item, unit, role): who leads and who supports each item."""
    rows = []
    for item in ledger_items(catalog).itertuples():
        rows += [(item.item_id, unit, "lead") for unit in split_ids(item.lead_units)]
        rows += [(item.item_id, unit, "partner") for unit in split_ids(item.partner_units)]
    return pd.DataFrame(rows, columns=["item_id", "unit_id", "role"])


def unit_item_roles(roles: pd.DataFrame, unit_id: str) -> pd.Series:
    """The items one unit leads or supports (`roles`: item_roles): item_id → its role, "lead" where it does both."""
    return roles[roles["unit_id"] == unit_id].drop_duplicates("item_id").set_index("item_id")["role"]


def indicator_roles(catalog: Catalog) -> pd.DataFrame:
    """One row per (indicator, unit, role): who leads and who supports each indicator (its lead unit's value is
    the ledger's value; a partner's is its contribution)."""
    rows = []
    for row in catalog.indicators.itertuples():
        rows += [(row.indicator_id, unit, "lead") for unit in split_ids(row.lead_units)]
        rows += [(row.indicator_id, unit, "partner") for unit in split_ids(row.partner_units)]
    return pd.DataFrame(rows, columns=["indicator_id", "unit_id", "role"])


def responsibilities(catalog: Catalog, unit_id: str) -> dict[tuple[str, str], str]:
    """What one unit answers for: ("indicator" | "item", id) → "lead" or "partner" ("lead" where it is both).
    A unit saves values and reports only for these."""
    found: dict[tuple[str, str], str] = {}
    for kind, roles, key in (("indicator", indicator_roles(catalog), "indicator_id"), ("item", item_roles(catalog), "item_id")):
        mine = roles[roles["unit_id"] == unit_id]
        for thing, role in zip(mine[key], mine["role"]):
            if found.get((kind, thing)) != "lead":
                found[(kind, thing)] = role
    return found


def indicator_leads(catalog: Catalog) -> dict[str, frozenset[str]]:
    """Each indicator's lead units: whose value is the ledger's value of it."""
    return {row.indicator_id: frozenset(split_ids(row.lead_units)) for row in catalog.indicators.itertuples()}


def item_indicators(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """The indicators a task item's own targets measure (targets.csv task_no): what its numbers are."""
    rows = catalog.targets.dropna(subset=["task_no", "indicator_id"])
    found: dict[str, list[str]] = {}
    for task_no, indicator_id in zip(rows["task_no"], rows["indicator_id"]):
        found.setdefault(str(task_no), [])
        if indicator_id not in found[str(task_no)]:
            found[str(task_no)].append(indicator_id)
    return {item: tuple(ids) for item, ids in found.items()}
