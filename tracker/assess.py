"""Plan-versus-actual assessment, per indicator, as the product brief ("Progress assessment") sets it out: two
questions, answered apart and both shown.

Was each target whose year has passed met? A target of year T is due once T is before the reporting year, or
is the reporting year and a value of T is in. Its verdict is judged on the actual of T itself: met (the
comparator holds; "~" within ±5 % or beyond in the better direction), missed (with the gap), or no value for
the year (the nearest actual shown, saying which year). A later year's value is shown beside a verdict and
never changes it.

Is the indicator on its way to the next target? Latest actual (t, a) (flagged when t lags the reporting year);
next target (T, V) the earliest target that is not due and comes after t; past the last target only the
verdicts stand (status past_targets). The plan path runs straight through its milestones: the baseline (t0, b)
— the actual of the indicator's base year if reported, the catalog's definition (0 for a fall "比2020年" or a
cumulative count) when it has one, else the earliest actual — then each earlier target (T_i, V_i), then
(T, V); the required value r at t is read off that path, and it is the very line a chart draws as 规划路径.
achieved when a already satisfies the next target; otherwise the ratio (a − b)/(r − b) gives on_track
(≥ 0.95), acceleration_needed (0.6 to 0.95), limited_progress (0 to 0.6), moving_away (< 0); cannot_assess with
fewer than two actuals, t == t0, or no dated target. A baseline that already met the target followed by a
latest value that no longer does is moving_away. A standard in steps (the catalog's path "step": residential
buildings at 75% from 2025, 83% by 2030) keeps its steps: on_track while the standard in force is met (or none
is in force yet), moving_away when it is not.

Reasons are messages (loaders.message), worded in the reader's language by tracker.wording. A value of a part
of a year (months "1-10") is judged as the latest value, and every sentence about it says which months.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from loaders.catalog import Catalog
from loaders.message import Difference, Goal, Message, Quantity, message
from tracker.cycle import reporting_cycle_year

ON_TRACK, ACCELERATION_NEEDED, LIMITED = 0.95, 0.6, 0.0
APPROXIMATE_TOLERANCE = 0.05   # "左右" (~): within ±5 % of the target counts as reached

COLUMNS = ["indicator_id", "status", "latest_year", "latest_value", "latest_months", "baseline_year",
           "baseline_value", "target_id", "target_year", "target_value", "comparator", "aspiration", "required_value",
           "progress_ratio", "projected_value", "trend_slope", "trend_intercept", "first_year", "n_actuals",
           "data_lag", "reason", "path", "verdicts"]
VERDICT_COLUMNS = ["indicator_id", "target_id", "target_year", "target_value", "comparator", "aspiration", "verdict",
                   "actual_year", "actual_value", "actual_months", "gap", "later_year", "later_value", "reason"]


def default_reporting_year(today=None) -> int:
    """The year-end cycle under way (tracker.cycle)."""
    return reporting_cycle_year(today)


@dataclass(frozen=True)
class Target:
    year: int | None
    value: float
    comparator: str
    target_id: str = ""
    aspiration: str | None = None


def satisfies(actual: float, target: Target, direction: str) -> bool:
    better_or_equal = actual >= target.value if direction == "increase" else actual <= target.value
    if target.comparator == ">=":
        return actual >= target.value
    if target.comparator == "<=":
        return actual <= target.value
    if target.comparator == "~":
        return better_or_equal or abs(actual - target.value) <= APPROXIMATE_TOLERANCE * abs(target.value)
    return better_or_equal  # "=": reached, or passed in the better direction


def shortfall(actual: float, target: Target, direction: str) -> float:
    """How far a missed target was missed, in the indicator's unit (positive)."""
    return abs(target.value - actual)


def path_points(baseline_year: int, baseline: float, dated: list[Target], through: Target | None) -> list[tuple]:
    """The plan path: the baseline, each target after it up to `through` (all of them when None)."""
    points = [(baseline_year, baseline)]
    for target in dated:
        if target.year > baseline_year:
            points.append((target.year, target.value))
        if through is not None and target is through:
            break
    return points


def value_on_path(points: list[tuple], year: float) -> float:
    """The path's value at `year`: straight between its points; past the last one, the last one's value."""
    if year >= points[-1][0]:
        return points[-1][1]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if x0 <= year <= x1:
            return y0 + (y1 - y0) * (year - x0) / (x1 - x0)
    return points[0][1]


def classify(ratio: float) -> str:
    if ratio >= ON_TRACK:
        return "on_track"
    if ratio >= ACCELERATION_NEEDED:
        return "acceleration_needed"
    if ratio >= LIMITED:
        return "limited_progress"
    return "moving_away"


def linear_trend(years: np.ndarray, values: np.ndarray) -> tuple[float, float] | None:
    """Least-squares line through the actuals: (slope, intercept), or None with fewer than two years."""
    if len(np.unique(years)) < 2:
        return None
    slope, intercept = np.polyfit(years.astype(float), values.astype(float), 1)
    return float(slope), float(intercept)


def targets_by_indicator(catalog: Catalog) -> dict[str, list[Target]]:
    """Every indicator's numeric targets, one per year (a firm statement before a 力争 one, then plan order),
    the targets without a year last."""
    rows = catalog.targets[catalog.targets["value"].notna() & catalog.targets["indicator_id"].notna()]
    rows = rows.assign(_aspiration=rows["aspiration"].notna()).sort_values(["_aspiration"], kind="stable")
    dated = rows[rows["year"].notna()].drop_duplicates(["indicator_id", "year"]).sort_values("year", kind="stable")
    undated = rows[rows["year"].isna()]
    result: dict[str, list[Target]] = {}
    for r in [*dated.itertuples(), *undated.itertuples()]:
        result.setdefault(r.indicator_id, []).append(
            Target(None if pd.isna(r.year) else int(r.year), float(r.value), r.comparator, r.target_id,
                   None if pd.isna(r.aspiration) else r.aspiration))
    return result


def pick_targets(catalog: Catalog, indicator_id: str) -> list[Target]:
    return targets_by_indicator(catalog).get(indicator_id, [])


def _goal(target: Target, indicator_id: str) -> Goal:
    return Goal(target.value, target.comparator, indicator_id, target.aspiration)


def verdicts(indicator: dict, targets: list[Target], by_year: dict[int, float], months: dict[int, str],
             reporting_year: int) -> list[dict]:
    """The verdict on every target whose year has passed, on that year's own value."""
    found = []
    iid = indicator["indicator_id"]
    for target in targets:
        if target.year is None or not (target.year < reporting_year or
                                       (target.year == reporting_year and target.year in by_year)):
            continue
        later = [y for y in by_year if y > target.year]
        row = dict.fromkeys(VERDICT_COLUMNS)
        row.update(indicator_id=iid, target_id=target.target_id, target_year=target.year, target_value=target.value,
                   comparator=target.comparator, aspiration=target.aspiration)
        if later:
            row.update(later_year=max(later), later_value=by_year[max(later)])
        goal = _goal(target, iid)
        if target.year in by_year:
            actual = by_year[target.year]
            row.update(actual_year=target.year, actual_value=actual, actual_months=months.get(target.year, ""))
            met = satisfies(actual, target, indicator["direction"])
            row["verdict"] = "met" if met else "missed"
            params = {"year": target.year, "actual": Quantity(actual, iid), "goal": goal,
                      "actual_of": actual_of(target.year, months.get(target.year, ""))}
            if not met:
                row["gap"] = shortfall(actual, target, indicator["direction"])
                params["gap"] = Difference(round(row["gap"], 2), iid)
            reason = message(f"verdict.{row['verdict']}", **params)
        else:
            row["verdict"] = "no_value_for_year"
            nearest = min(by_year, key=lambda y: (abs(y - target.year), -y)) if by_year else None
            if nearest is None:
                reason = message("verdict.no_value_none", year=target.year, goal=goal)
            else:
                row.update(actual_year=nearest, actual_value=by_year[nearest], actual_months=months.get(nearest, ""))
                reason = message("verdict.no_value", year=target.year, goal=goal, other_year=nearest,
                                 other=Quantity(by_year[nearest], iid))
        if later and row["verdict"] != "no_value_for_year":   # shown beside the verdict, never instead of it
            reached = satisfies(by_year[max(later)], target, indicator["direction"])
            reason = message("verdict.later_reached" if reached else "verdict.later", verdict=reason,
                             later_year=max(later), later=Quantity(by_year[max(later)], iid))
        row["reason"] = reason
        found.append(row)
    return found


def actual_of(year: int, months: str) -> Message:
    """"2026 年实际", or "2026 年(1–10 月)实际" for a part of the year: never a part passed off as the year."""
    return message("actual.of_part", year=year, months_period=months) if months else message("actual.of_year", year=year)


def _due(target: Target, by_year: dict[int, float], reporting_year: int) -> bool:
    return target.year is not None and (target.year < reporting_year or
                                        (target.year == reporting_year and target.year in by_year))


def assess_indicator(indicator: dict, targets: list[Target], actuals: pd.DataFrame, reporting_year: int) -> dict:
    """One indicator's status toward its next target and its verdicts. `indicator`: indicator_id, direction,
    baseline_year, baseline_value, path. `actuals`: year, value (and months for a part of a year)."""
    iid = indicator["indicator_id"]
    rows = actuals.sort_values("year", kind="stable")
    by_year = {int(y): float(v) for y, v in zip(rows["year"], rows["value"]) if not pd.isna(v)}  # last wins
    months = {int(y): m for y, m in zip(rows["year"], rows["months"]) if isinstance(m, str) and m} \
        if "months" in rows else {}
    years = np.array(sorted(by_year), dtype=int)
    values = np.array([by_year[y] for y in years], dtype=float)
    result = dict.fromkeys(COLUMNS)
    result.update(indicator_id=iid, n_actuals=len(years), data_lag=False, verdicts=[], path=None)

    def say(status: str, reason: Message) -> dict:
        result.update(status=status, reason=reason)
        return result

    if not targets:
        return say("cannot_assess", message("reason.no_target"))
    if not len(years):
        return say("cannot_assess", message("reason.no_actuals"))
    result["verdicts"] = verdicts(indicator, targets, by_year, months, reporting_year)
    t, a = int(years[-1]), float(values[-1])
    part = months.get(t, "")
    result.update(latest_year=t, latest_value=a, latest_months=part, first_year=int(years[0]),
                  data_lag=t < reporting_year)
    dated = [target for target in targets if target.year is not None]
    trend = linear_trend(years, values)
    if trend:
        result.update(trend_slope=trend[0], trend_intercept=trend[1])

    baseline_year = indicator.get("baseline_year")
    defined = indicator.get("baseline_value")
    if baseline_year is not None and not pd.isna(baseline_year) and int(baseline_year) in by_year:
        t0, b = int(baseline_year), by_year[int(baseline_year)]
    elif baseline_year is not None and defined is not None and not pd.isna(defined) and int(baseline_year) < t:
        # a fall "比2020年" or a cumulative count is 0 in its base year by definition: a known actual
        t0, b = int(baseline_year), float(defined)
    else:
        t0, b = int(years[0]), float(values[0])
    result.update(baseline_year=t0, baseline_value=b)
    if dated:
        result["path"] = path_points(t0, b, dated, None)

    upcoming = [x for x in dated if x.year > t and not _due(x, by_year, reporting_year)]
    if dated and not upcoming:
        return say("past_targets", message("reason.past_targets", count=len(result["verdicts"])))
    target = upcoming[0] if upcoming else targets[0]
    result.update(target_id=target.target_id, target_year=target.year, target_value=target.value,
                  comparator=target.comparator, aspiration=target.aspiration)
    if trend and target.year:
        result["projected_value"] = trend[0] * target.year + trend[1]
    when = message("when.year", year=target.year) if target.year else message("when.undated")
    latest = {"year": t, "actual": Quantity(a, iid), "goal": _goal(target, iid), "when": when,
              "actual_of": actual_of(t, part)}

    if satisfies(a, target, indicator["direction"]):
        return say("achieved", message("reason.achieved", **latest))
    if indicator.get("path") == "step":
        return _judge_step(say, dated, target, a, iid, indicator["direction"], latest)
    if len(years) < 2 and t0 == t:
        return say("cannot_assess", message("reason.one_actual", **latest))
    if t == t0:
        return say("cannot_assess", message("reason.same_year", year=t))
    if target.year is None:
        return say("cannot_assess", message("reason.no_target_year", **latest))
    if satisfies(b, target, indicator["direction"]):
        result["progress_ratio"] = -1.0
        return say("moving_away", message("reason.fallen_back", **latest, baseline_year=t0, baseline=Quantity(b, iid)))
    points = path_points(t0, b, dated, target)
    r = value_on_path(points, t)
    result["required_value"] = r
    ratio = -1.0 if r == b else (a - b) / (r - b)
    result["progress_ratio"] = ratio
    status = classify(ratio)
    reason = message("reason.progress" if ratio >= 0 else "reason.away", **latest,
                     required=Quantity(round(r, 1), iid), share_percent=round(ratio * 100))
    return say(status, reason)


def _judge_step(say, dated: list[Target], target: Target, a: float, iid: str, direction: str, latest: dict) -> dict:
    """A standard in steps: the one in force counts until the next one's year, then the next one."""
    in_force = [x for x in dated if x.year <= latest["year"] and x is not target]
    steps = {**latest, "target_year": target.year}
    if in_force and not satisfies(a, in_force[-1], direction):
        return say("moving_away", message("reason.step_below", **steps, since=in_force[-1].year,
                                          standard=_goal(in_force[-1], iid)))
    if in_force:
        return say("on_track", message("reason.step_meets", **steps, since=in_force[-1].year,
                                       standard=_goal(in_force[-1], iid)))
    return say("on_track", message("reason.step_none_yet", **steps))


def assess_frame(catalog: Catalog, actuals: pd.DataFrame, reporting_year: int | None = None) -> pd.DataFrame:
    """One row per indicator that has reported actuals (COLUMNS), in catalog order."""
    reporting_year = default_reporting_year() if reporting_year is None else reporting_year
    targets = targets_by_indicator(catalog)
    known = set(catalog.indicators["indicator_id"])
    actuals = actuals[actuals["indicator_id"].isin(known)] if len(actuals) else actuals
    # only what assess_indicator reads: splitting a ledger's frame with its provenance columns costs ten times more
    actuals = actuals[[c for c in ("indicator_id", "year", "value", "months") if c in actuals]]
    by_indicator = dict(tuple(actuals.groupby("indicator_id", sort=False))) if len(actuals) else {}
    rows, action_ids = [], []
    for indicator in catalog.indicators.itertuples(index=False):
        if indicator.indicator_id not in by_indicator:
            continue
        described = indicator._asdict()
        if pd.isna(described["baseline_year"]):
            described["baseline_year"] = None
        rows.append(assess_indicator(described, targets.get(indicator.indicator_id, []),
                                     by_indicator[indicator.indicator_id], reporting_year))
        action_ids.append(indicator.action_id)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["action_id"] = pd.array(action_ids, dtype="Int64")
    return frame


def due_verdicts(catalog: Catalog, assessments: pd.DataFrame, reporting_year: int) -> pd.DataFrame:
    """Every numeric target whose year has passed, each with exactly one verdict (VERDICT_COLUMNS, plus
    action_id): those of indicators with values from their assessment, the rest no value for the year."""
    judged = verdict_frame(assessments)
    done = set(zip(judged["indicator_id"], judged["target_year"]))
    rows = []
    actions = dict(zip(catalog.indicators["indicator_id"], catalog.indicators["action_id"]))
    for indicator_id, targets in targets_by_indicator(catalog).items():
        for target in targets:
            if target.year is None or target.year >= reporting_year or (indicator_id, target.year) in done:
                continue   # a target of the reporting year itself is due only once its value is in
            row = dict.fromkeys(VERDICT_COLUMNS)
            row.update(indicator_id=indicator_id, target_id=target.target_id, target_year=target.year,
                       target_value=target.value, comparator=target.comparator, aspiration=target.aspiration,
                       verdict="no_value_for_year",
                       reason=message("verdict.no_value_none", year=target.year, goal=_goal(target, indicator_id)))
            rows.append(row)
    frame = pd.concat([judged, pd.DataFrame(rows, columns=VERDICT_COLUMNS)], ignore_index=True) if rows else judged
    frame["action_id"] = frame["indicator_id"].map(actions)
    order = {i: n for n, i in enumerate(catalog.indicators["indicator_id"])}
    return frame.assign(_order=frame["indicator_id"].map(order)).sort_values(["_order", "target_year"]).drop(
        columns="_order").reset_index(drop=True)


def verdict_frame(assessments: pd.DataFrame) -> pd.DataFrame:
    """The verdicts of every assessed indicator, one row per due target (VERDICT_COLUMNS), in catalog order."""
    rows = [v for vs in assessments["verdicts"] for v in (vs or [])] if len(assessments) else []
    return pd.DataFrame(rows, columns=VERDICT_COLUMNS)


STANDING_COLUMNS = ["target_id", "indicator_id", "status", "reason"]


def standings(catalog: Catalog, assessments: pd.DataFrame, reporting_year: int) -> pd.DataFrame:
    """What each numeric target's row says (STANDING_COLUMNS): a target whose year has passed its verdict, an
    indicator's next target the indicator's status toward it; the other targets are not listed."""
    due = due_verdicts(catalog, assessments, reporting_year)
    rows = [(v.target_id, v.indicator_id, v.verdict, v.reason) for v in due.itertuples()]
    judged = set(due["target_id"])
    for row in assessments.itertuples() if len(assessments) else []:
        if isinstance(row.target_id, str) and row.target_id not in judged:
            rows.append((row.target_id, row.indicator_id, row.status, row.reason))
    return pd.DataFrame(rows, columns=STANDING_COLUMNS)


def targets_of_year(catalog: Catalog, year: int) -> int:
    """How many numeric targets the plan dates to `year`, one per indicator (as the verdicts count them)."""
    return sum(1 for targets in targets_by_indicator(catalog).values() for target in targets if target.year == year)
