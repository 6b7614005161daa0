"""Catalog queries behind the pages: filtering targets, who is responsible for what, display tables.

Plain pandas, no Streamlit: pages pass widget values in and show what comes back.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from loaders.catalog import Catalog, split_ids
from loaders.items import item_roles, ledger_items
from tracker.i18n import aspiration_word, comparator_label, format_target, period_name, pick, t

NO_YEAR = "none"
YEAR_CHOICES = (2025, 2030, NO_YEAR)
# Targets (not tasks) exist only in the main goals and the ten actions.
TARGET_ACTIONS = tuple(range(0, 11))


@dataclass(frozen=True)
class Names:
    """Plain-dict lookups of the catalog, built once: the pages look names up for every row and option,
    and a pandas .loc costs ~100 µs where a dict costs ~0.1."""
    indicator: dict[str, dict]
    unit: dict[str, dict]
    task: dict[str, dict]
    action: dict[int, dict]
    item: dict[str, dict]
    search_text: pd.Series
    units_in_order: tuple[str, ...]


_NAMES: dict[int, tuple[Catalog, Names]] = {}


def names(catalog: Catalog) -> Names:
    cached = _NAMES.get(id(catalog))
    if cached is None or cached[0] is not catalog:
        frames = {"indicator": ("indicator_id", catalog.indicators), "unit": ("unit_id", catalog.units),
                  "task": ("task_no", catalog.tasks), "action": ("action_id", catalog.actions)}
        frames["item"] = ("item_id", ledger_items(catalog))
        lookups = {key: {row[column]: row for row in frame.to_dict("records")} for key, (column, frame) in frames.items()}
        cached = (catalog, Names(**lookups, search_text=_search_text(catalog), units_in_order=_units_in_order(catalog)))
        _NAMES[id(catalog)] = cached
    return cached[1]


KINDS = ("quantitative", "qualitative")


@dataclass(frozen=True)
class TargetFilter:
    action: int | None = None
    unit: str | None = None
    year: int | str | None = None   # 2025, 2030, NO_YEAR or None for all
    query: str = ""
    kind: str | None = None         # quantitative, qualitative or None for both

    def is_empty(self) -> bool:
        return (self.action is None and self.unit is None and self.year is None and not self.query.strip()
                and self.kind is None)


def target_roles(catalog: Catalog) -> pd.DataFrame:
    """One row per (target, unit, role): the lead and partner units of each target's task; for a main goal,
    which has no task of its own, its indicator's (through task rows 1 and 3) or the leading group office."""
    tasks = catalog.tasks.set_index("task_no")
    indicators = catalog.indicators.set_index("indicator_id")
    rows = []
    for target in catalog.targets.itertuples():
        if not pd.isna(target.task_no):
            lead, partners = tasks.at[target.task_no, "lead_units"], tasks.at[target.task_no, "partner_units"]
        elif not pd.isna(target.indicator_id):
            lead, partners = indicators.at[target.indicator_id, "lead_units"], indicators.at[target.indicator_id, "partner_units"]
        else:
            lead, partners = "office", None
        rows += [(target.target_id, unit, "lead") for unit in split_ids(lead)]
        rows += [(target.target_id, unit, "partner") for unit in split_ids(partners)]
    return pd.DataFrame(rows, columns=["target_id", "unit_id", "role"])


def task_roles(catalog: Catalog) -> pd.DataFrame:
    rows = []
    for task in catalog.tasks.itertuples():
        rows += [(task.task_no, unit, "lead") for unit in split_ids(task.lead_units)]
        rows += [(task.task_no, unit, "partner") for unit in split_ids(task.partner_units)]
    return pd.DataFrame(rows, columns=["task_no", "unit_id", "role"])


def _search_text(catalog: Catalog) -> pd.Series:
    """All the words a target can be found by, lower-cased, indexed like catalog.targets."""
    targets = catalog.targets
    indicators = catalog.indicators.set_index("indicator_id")
    names = targets["indicator_id"].map(lambda i: "" if pd.isna(i) else
                                        f"{indicators.at[i, 'name_zh']} {indicators.at[i, 'name_en']} {i}")
    parts = [targets[c].fillna("") for c in ("statement_zh", "statement_en", "quote", "notes", "target_id")]
    return (names.fillna("") + " " + parts[0].str.cat(parts[1:], sep=" ")).str.lower()


def filter_targets(catalog: Catalog, selection: TargetFilter, roles: pd.DataFrame | None = None) -> pd.DataFrame:
    """The catalog's targets that match every part of the filter, in plan order."""
    targets = catalog.targets
    keep = pd.Series(True, index=targets.index)
    if selection.action is not None:
        keep &= targets["action_id"] == selection.action
    if selection.year == NO_YEAR:
        keep &= targets["year"].isna()
    elif selection.year is not None:
        keep &= targets["year"] == selection.year
    if selection.kind is not None:
        keep &= targets["kind"] == selection.kind
    if selection.unit is not None:
        roles = target_roles(catalog) if roles is None else roles
        keep &= targets["target_id"].isin(roles.loc[roles["unit_id"] == selection.unit, "target_id"])
    words = selection.query.lower().split()
    if words:
        text = names(catalog).search_text
        for word in words:
            keep &= text.str.contains(word, regex=False)
    return targets[keep.fillna(False).astype(bool)]


def unit_names(catalog: Catalog, ids, lang: str) -> str:
    units = names(catalog).unit
    return ("; " if lang == "en" else "、").join(units[i]["name_en" if lang == "en" else "name_zh"] for i in ids)


def unit_short_names(catalog: Catalog, ids, lang: str) -> str:
    """For table columns: 'Housing & Construction; Transport' rather than names cut to 'Municipal D…'."""
    units = names(catalog).unit
    return ("; " if lang == "en" else "、").join(units[i]["short_en" if lang == "en" else "name_zh"] for i in ids)


def targets_table(catalog: Catalog, targets: pd.DataFrame, lang: str, progress: dict[str, str] | None = None) -> pd.DataFrame:
    """The targets as the page shows them, titled in `lang`, indexed by target_id (which the page hides).
    `progress` (target_id → label): a column with each target's verdict or status, once the ledger has data."""
    lookup = names(catalog)
    # who leads and supports each target by target_roles' rule: a main goal, which has no task, names its
    # indicator's units or else the leading group's office
    units: dict[tuple[str, str], list[str]] = {}
    for target_id, unit_id, role in target_roles(catalog).itertuples(index=False):
        units.setdefault((target_id, role), []).append(unit_id)
    rows = []
    for row in targets.itertuples():
        indicator = None if pd.isna(row.indicator_id) else lookup.indicator[row.indicator_id]
        unit = "" if indicator is None else indicator["unit_en" if lang == "en" else "unit"]
        quantitative = not pd.isna(row.value)
        rows.append({
            t("statement", lang): pick(row.statement_zh, row.statement_en, lang),
            t("value", lang): format_target(row.value, row.comparator, unit, lang,
                                            None if pd.isna(row.aspiration) else row.aspiration)
            if quantitative else t("qualitative", lang),
            t("year", lang): _year_text(row, lang),
            **({t("unit_target_status", lang): progress.get(row.target_id, "")} if progress is not None else {}),
            t("action", lang): action_label(catalog, row.action_id, lang),
            t("lead_units", lang): unit_short_names(catalog, units.get((row.target_id, "lead"), []), lang),
            t("partner_units", lang): unit_short_names(catalog, units.get((row.target_id, "partner"), []), lang),
            t("page", lang): int(row.page),
            t("quote", lang): row.quote,
            t("notes", lang): "" if pd.isna(row.notes) else pick(row.notes_zh, row.notes, lang),
        })
    return pd.DataFrame(rows, index=pd.Index(list(targets["target_id"]), name="target_id"))


def _year_text(row, lang: str) -> str:
    year = "" if pd.isna(row.year) else str(int(row.year))
    if not year and not pd.isna(row.period):
        year = period_name(row.period, lang)
    return year or t("none_year", lang)


def targets_export(catalog: Catalog, targets: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The targets for analysts: a number is a number, its comparator, unit and year in columns of their own."""
    lookup = names(catalog)
    # who leads and supports each target by target_roles' rule: a main goal, which has no task, names its
    # indicator's units or else the leading group's office
    units: dict[tuple[str, str], list[str]] = {}
    for target_id, unit_id, role in target_roles(catalog).itertuples(index=False):
        units.setdefault((target_id, role), []).append(unit_id)
    rows = []
    for row in targets.itertuples():
        indicator = None if pd.isna(row.indicator_id) else lookup.indicator[row.indicator_id]
        quantitative = not pd.isna(row.value)
        rows.append({
            t("statement", lang): pick(row.statement_zh, row.statement_en, lang),
            t("indicator", lang): "" if indicator is None else pick(indicator["name_zh"], indicator["name_en"], lang),
            t("kind", lang): t("quantitative" if quantitative else "qualitative", lang),
            t("comparator", lang): comparator_label(row.comparator, lang) if quantitative else "",
            t("value", lang): float(row.value) if quantitative else None,
            t("measure_unit", lang): "" if indicator is None else indicator["unit_en" if lang == "en" else "unit"],
            t("aspiration", lang): "" if pd.isna(row.aspiration) else aspiration_word(row.aspiration, lang),
            t("year", lang): None if pd.isna(row.year) else int(row.year),
            t("period", lang): "" if pd.isna(row.period) else period_name(row.period, lang),
            t("base_year", lang): None if pd.isna(row.base_year) else int(row.base_year),
            t("action", lang): action_label(catalog, row.action_id, lang),
            t("lead_units", lang): unit_names(catalog, units.get((row.target_id, "lead"), []), lang),
            t("partner_units", lang): unit_names(catalog, units.get((row.target_id, "partner"), []), lang),
            t("page", lang): int(row.page),
            t("quote", lang): row.quote,
            t("notes", lang): "" if pd.isna(row.notes) else pick(row.notes_zh, row.notes, lang),
        })
    return pd.DataFrame(rows)


def charted_indicators(catalog: Catalog, targets: pd.DataFrame) -> list[str]:
    """Indicators among `targets` that have at least one numeric target (what a chart can show)."""
    numeric = catalog.targets.dropna(subset=["value", "indicator_id"])
    wanted = set(targets["indicator_id"].dropna())
    return [i for i in dict.fromkeys(numeric["indicator_id"]) if i in wanted]


def indicator_name(catalog: Catalog, indicator_id: str, lang: str) -> str:
    """The indicator as a sentence names it; an id that the catalog no longer has reads as such."""
    row = names(catalog).indicator.get(indicator_id)
    return t("catalog.unknown_indicator", lang) if row is None else pick(row["name_zh"], row["name_en"], lang)


def item_name(catalog: Catalog, item_id: str, lang: str) -> str:
    """'12(1) 推行新建建筑绿色升级 · …' for a task, the title alone for the others."""
    row = names(catalog).item.get(item_id)
    if row is None:
        return t("catalog.unknown_item", lang)
    title = pick(row["title_zh"], row["title_en"], lang)
    return f"{row['number']} {title}" if row["kind"] == "task" else title


def indicator_label(catalog: Catalog, indicator_id: str, lang: str) -> str:
    row = names(catalog).indicator[indicator_id]
    return f"{pick(row['name_zh'], row['name_en'], lang)} ({row['unit_en' if lang == 'en' else 'unit']})"


def action_label(catalog: Catalog, action_id: int, lang: str) -> str:
    """'5. Green and low-carbon transport', as the plan numbers its actions; the main goals (0) have no number."""
    row = names(catalog).action[action_id]
    name = pick(row["name_zh"], row["name_en"], lang)
    return name if action_id == 0 else f"{action_id}. {name}"


def describe_filter(catalog: Catalog, selection: TargetFilter, lang: str) -> str:
    """The filters as a sentence people read: 'Action area: 5. Green and low-carbon transport; Target year: 2030'."""
    parts = []
    if selection.action is not None:
        parts.append((t("action", lang), action_label(catalog, selection.action, lang)))
    if selection.unit is not None:
        parts.append((t("unit", lang), unit_label(catalog, selection.unit, lang)))
    if selection.year is not None:
        parts.append((t("year", lang), year_label(selection.year, lang)))
    if selection.query.strip():
        parts.append((t("search", lang), f"“{selection.query.strip()}”"))
    if selection.kind is not None:
        parts.append((t("kind_filter", lang), t(selection.kind, lang)))
    return ("; " if lang == "en" else ";").join(f"{name}{': ' if lang == 'en' else ':'}{value}" for name, value in parts)


def year_label(year, lang: str) -> str:
    return t("none_year", lang) if year == NO_YEAR else str(year)


def unit_label(catalog: Catalog, unit_id: str, lang: str) -> str:
    """The unit's name; a unit that the catalog no longer has (named by an old ledger) reads as such."""
    row = names(catalog).unit.get(unit_id)
    if row is None:
        return t("views.a_unit_no_longer_in", lang)
    return pick(row["name_zh"], row["name_en"], lang)


def units_in_order(catalog: Catalog) -> list[str]:
    """Units the plan gives work to (the task table, or a goal, project or duty: the leading group's office leads
    the main goals), those leading the most tasks first (how staff look for them)."""
    return list(names(catalog).units_in_order)


def _units_in_order(catalog: Catalog) -> tuple[str, ...]:
    roles = task_roles(catalog)
    leads = roles[roles["role"] == "lead"].groupby("unit_id").size()
    order = catalog.units.assign(leads=catalog.units["unit_id"].map(leads).fillna(0))
    order = order[order["unit_id"].isin(set(roles["unit_id"]) | set(item_roles(catalog)["unit_id"]))]
    return tuple(order.sort_values(["leads", "unit_id"], ascending=[False, True])["unit_id"])


def counts_by_action(catalog: Catalog) -> pd.DataFrame:
    """Targets per action and year bucket (2025, 2030, none), quantitative and qualitative."""
    targets = catalog.targets.assign(
        year_bucket=catalog.targets["year"].map(lambda y: NO_YEAR if pd.isna(y) else str(int(y))))
    counts = targets.groupby(["action_id", "year_bucket", "kind"]).size().rename("count").reset_index()
    return counts


def contradictions(catalog: Catalog) -> pd.DataFrame:
    """Targets the catalog flags as the plan contradicting itself (targets.csv `flag`), in plan order; the targets
    of one contradiction share its note."""
    return catalog.targets[catalog.targets["flag"].fillna("") == "contradiction"]


def chart_notes(catalog: Catalog, lang: str) -> dict[str, list[str]]:
    """The lines read under each indicator's trajectory: the targets the chart cannot place on its time axis
    (no year or no value), with their page, and what the plan says of its own figures (a contradiction)."""
    from tracker.i18n import pick, t
    targets = catalog.targets[catalog.targets["indicator_id"].notna()]   # qualitative goals have no chart
    notes: dict[str, list[str]] = {}
    unplaced = targets[targets["year"].isna() | targets["value"].isna()]
    for row in unplaced.itertuples():
        notes.setdefault(row.indicator_id, []).append(
            f"{pick(row.statement_zh, row.statement_en, lang)} ({t('page_n', lang, n=row.page)})")
    for row in contradictions(catalog).drop_duplicates(["indicator_id", "notes"]).itertuples():
        notes.setdefault(row.indicator_id, []).append(f":material/warning: {pick(row.notes_zh, row.notes, lang)}")
    return notes


def unit_summary(catalog: Catalog, unit_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(targets, tasks) the unit leads or supports, each with a `role` column."""
    roles = target_roles(catalog)
    mine = roles[roles["unit_id"] == unit_id][["target_id", "role"]]
    targets = catalog.targets.merge(mine, on="target_id")
    troles = task_roles(catalog)
    tasks = catalog.tasks.merge(troles[troles["unit_id"] == unit_id][["task_no", "role"]], on="task_no")
    return targets, tasks
