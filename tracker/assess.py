"""Plan-versus-actual assessment, per indicator, as the product brief ("Progress assessment") sets it out.

For an indicator with numeric targets and its reported actuals:
- latest actual (t, a) — the judgement is made at year t, flagged as data lag when t is before the reporting year;
- baseline (t0, b) — the actual in the indicator's baseline year if reported; for a fall from the base year or a
  cumulative count (比2020年, 累计) the base-year value the catalog defines (0); else the earliest actual;
- next target (T, V) — the earliest target with T >= t, or the last one once all target years are past;
- achieved when a already satisfies the target's comparator (in the better direction);
- otherwise r = b + (V - b)·(t - t0)/(T - t0) and the ratio (a - b)/(r - b) gives on_track (>= 0.95),
  acceleration_needed (0.6 to 0.95), limited_progress (0 to 0.6) or moving_away (< 0);
- cannot_assess with fewer than two actuals, t == t0, or no numeric target.
Two cases the brief leaves open are settled here and on the method page: past the target year the required
value is the target itself (the path fraction stops at 1); a baseline that already met the target followed
by a latest value that no longer does is moving_away.
A standard that changes in steps (the catalog's path "step": residential buildings at 75% from 2025, 83%
by 2030) has no straight path: before its deadline it is on_track while the standard in force is met (or
none is in force yet) and moving_away when it is not; past its deadline unmet, limited_progress.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np
import pandas as pd

from loaders.catalog import Catalog
from tracker.i18n import beijing_today, format_number, format_target

STATUSES = ("achieved", "on_track", "acceleration_needed", "limited_progress", "moving_away", "cannot_assess")
ON_TRACK, ACCELERATION_NEEDED, LIMITED = 0.95, 0.6, 0.0
APPROXIMATE_TOLERANCE = 0.05   # "左右" (~): within ±5 % of the target counts as reached

COLUMNS = ["indicator_id", "status", "latest_year", "latest_value", "baseline_year", "baseline_value", "target_id",
           "target_year", "target_value", "comparator", "aspiration", "required_value", "progress_ratio",
           "projected_value", "trend_slope", "trend_intercept", "first_year", "n_actuals", "data_lag",
           "reason_zh", "reason_en"]


def default_reporting_year(today: datetime.date | None = None) -> int:
    """Annual statistics for a year are final in the following year: report on last year."""
    return (today or beijing_today()).year - 1


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


def required_value(baseline_year: int, baseline: float, target: Target, year: int) -> float:
    if target.year is None or target.year <= baseline_year:
        return target.value
    fraction = min(1.0, (year - baseline_year) / (target.year - baseline_year))
    return baseline + (target.value - baseline) * fraction


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


def assess_indicator(indicator: dict, targets: list[Target], actuals: pd.DataFrame, reporting_year: int) -> dict:
    """One indicator's status. `indicator`: direction, baseline_year, unit, unit_en. `actuals`: year, value."""
    by_year = {int(y): float(v) for y, v in zip(actuals["year"], actuals["value"]) if not pd.isna(v)}  # last wins
    years = np.array(sorted(by_year), dtype=int)
    values = np.array([by_year[y] for y in years], dtype=float)
    result = dict.fromkeys(COLUMNS)
    result.update(indicator_id=indicator["indicator_id"], n_actuals=len(years), data_lag=False)
    unit, unit_en = indicator["unit"], indicator["unit_en"]

    def number(value: float, english: bool) -> str:
        shown_unit = unit_en if english else unit
        return f"{format_number(value)}{'' if shown_unit == '%' else ' '}{shown_unit}"

    def say(status: str, zh: str, en: str) -> dict:
        result.update(status=status, reason_zh=zh, reason_en=en)
        return result

    if not targets:
        return say("cannot_assess", "该指标没有数值目标。", "The indicator has no numeric target.")
    if not len(years):
        return say("cannot_assess", "没有填报实际值。", "No actual values were reported.")
    t, a = int(years[-1]), float(values[-1])
    result.update(latest_year=t, latest_value=a, first_year=int(years[0]), data_lag=t < reporting_year)
    dated = [target for target in targets if target.year is not None]
    target = next((x for x in dated if x.year >= t), dated[-1] if dated else targets[0])
    label_zh = format_target(target.value, target.comparator, unit, "zh", target.aspiration)
    label_en = format_target(target.value, target.comparator, unit_en, "en", target.aspiration)
    result.update(target_id=target.target_id, target_year=target.year, target_value=target.value,
                  comparator=target.comparator, aspiration=target.aspiration)
    when_zh = f"{target.year} 年目标" if target.year else "目标(未定年份)"
    when_en = f"the {target.year} target" if target.year else "the target (no year)"
    trend = linear_trend(years, values)
    if trend:
        result.update(trend_slope=trend[0], trend_intercept=trend[1])
        if target.year:
            result["projected_value"] = trend[0] * target.year + trend[1]

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

    if satisfies(a, target, indicator["direction"]):
        return say("achieved", f"{t} 年实际 {number(a, False)},已达到{when_zh} {label_zh}。",
                   f"{t} actual {number(a, True)} meets {when_en} {label_en}.")
    if indicator.get("path") == "step":
        return _judge_step(say, dated, target, t, a, number, indicator["direction"])
    if len(years) < 2 and t0 == t:
        return say("cannot_assess", f"只有 {t} 年一个实际值,至少需要两个年份才能判断进展;{when_zh} {label_zh}。",
                   f"Only one actual ({t}); at least two years are needed to judge progress. {when_en.capitalize()} is {label_en}.")
    if t == t0:
        return say("cannot_assess", f"基准年与最新年份相同({t}),无法计算进展。",
                   f"The baseline year and the latest year are the same ({t}); progress cannot be measured.")
    if target.year is None:
        return say("cannot_assess", f"{t} 年实际 {number(a, False)};目标 {label_zh} 未写年份,无法计算应达路径。",
                   f"{t} actual {number(a, True)}; the target {label_en} has no year, so there is no path to compare with.")
    if satisfies(b, target, indicator["direction"]):
        result["progress_ratio"] = -1.0
        return say("moving_away", f"{t0} 年已达到目标({number(b, False)}),{t} 年回落至 {number(a, False)};{when_zh} {label_zh}。",
                   f"The target was met in {t0} ({number(b, True)}) but {t} is back at {number(a, True)}; {when_en} is {label_en}.")
    r = required_value(t0, b, target, t)
    result["required_value"] = r
    ratio = -1.0 if r == b else (a - b) / (r - b)
    result["progress_ratio"] = ratio
    status = classify(ratio)
    share_zh = f"实际进展为应有进展的 {ratio:.0%}" if ratio >= 0 else "实际变化与目标方向相反"
    share_en = f"progress is {ratio:.0%} of what was required" if ratio >= 0 else "the change runs away from the target"
    return say(status,
               f"{t} 年实际 {number(a, False)},按计划路径应达 {number(round(r, 1), False)},{when_zh} {label_zh};{share_zh}。",
               f"{t} actual {number(a, True)}, plan path requires {number(round(r, 1), True)}, {when_en} {label_en}; {share_en}.")


def _judge_step(say, dated: list[Target], target: Target, t: int, a: float, number, direction: str) -> dict:
    """A standard in steps: the one in force counts until the next one's year, then the next one."""
    label_zh = format_target(target.value, target.comparator, "%", "zh")
    label_en = format_target(target.value, target.comparator, "%", "en")
    if target.year is not None and t >= target.year:
        return say("limited_progress", f"{target.year} 年起应达到 {label_zh},{t} 年实际 {number(a, False)},尚未达到。",
                   f"{label_en} applies from {target.year}; {t} actual {number(a, True)} does not meet it yet.")
    in_force = [x for x in dated if x.year is not None and x.year <= t and x is not target]
    if in_force and not satisfies(a, in_force[-1], direction):
        current = format_target(in_force[-1].value, in_force[-1].comparator, "%", "zh")
        current_en = format_target(in_force[-1].value, in_force[-1].comparator, "%", "en")
        return say("moving_away", f"{t} 年实际 {number(a, False)},低于 {in_force[-1].year} 年起执行的 {current}。",
                   f"{t} actual {number(a, True)} is below the {current_en} in force since {in_force[-1].year}.")
    if in_force:
        current = format_target(in_force[-1].value, in_force[-1].comparator, "%", "zh")
        current_en = format_target(in_force[-1].value, in_force[-1].comparator, "%", "en")
        return say("on_track", f"分阶段执行的标准:{t} 年实际 {number(a, False)},达到 {in_force[-1].year} 年起执行的 {current};"
                               f"{target.year} 年起须达到 {label_zh}。",
                   f"A standard in steps: {t} actual {number(a, True)} meets the {current_en} in force since "
                   f"{in_force[-1].year}; {label_en} applies from {target.year}.")
    return say("on_track", f"分阶段执行的标准:{target.year} 年起须达到 {label_zh},此前无要求;{t} 年实际 {number(a, False)}。",
               f"A standard in steps: {label_en} applies from {target.year}, nothing before; {t} actual {number(a, True)}.")


def assess_frame(catalog: Catalog, actuals: pd.DataFrame, reporting_year: int | None = None) -> pd.DataFrame:
    """One row per indicator that has reported actuals (COLUMNS), in catalog order."""
    reporting_year = default_reporting_year() if reporting_year is None else reporting_year
    targets = targets_by_indicator(catalog)
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
