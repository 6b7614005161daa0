"""Altair chart builders: an indicator's trajectory (plan path, targets, actuals, trend) and catalog counts.

Builders return `alt.Chart`/`alt.LayerChart` objects and never touch Streamlit, so tests read their specs
with `chart.to_dict()` and the pages render them with `st.altair_chart`.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from loaders.catalog import Catalog
from loaders.statuses import BY_CODE, ITEM_STATUSES, TRAJECTORY, VERDICTS
from tracker.i18n import COMPARATOR_SYMBOL, comparator_word, format_target, pick, status_label, t
from tracker.views import action_label

COMPARATOR_SHAPE = {"≥": "triangle-up", "≤": "triangle-down", "≈": "diamond", "=": "circle"}
SERIES_COLOUR = {"plan_path": "#8c8c8c", "target_point": "#1f5fa8", "baseline": "#444444", "actual": "#d9480f",
                 "trend": "#9c36b5"}
STATUS_COLOUR = {s.code: s.colour for s in BY_CODE.values()}   # loaders.statuses
FIRST_YEAR, LAST_YEAR = 2020, 2030


def indicator_targets(catalog: Catalog, indicator_id: str, lang: str) -> pd.DataFrame:
    """Numeric targets of one indicator that have a year: what the chart plots as target points."""
    targets = catalog.targets
    rows = targets[(targets["indicator_id"] == indicator_id) & targets["value"].notna() & targets["year"].notna()]
    unit = catalog.indicators.set_index("indicator_id").at[indicator_id, "unit_en" if lang == "en" else "unit"]
    return pd.DataFrame({
        "year": rows["year"].astype(int).to_numpy(),
        "value": rows["value"].astype(float).to_numpy(),
        "comparator": [COMPARATOR_SYMBOL[c] for c in rows["comparator"]],
        "label": [format_target(v, c, unit, lang, None if pd.isna(a) else a)
                  for v, c, a in zip(rows["value"], rows["comparator"], rows["aspiration"])],
        "statement": [pick(z, e, lang) for z, e in zip(rows["statement_zh"], rows["statement_en"])],
        "quote": rows["quote"].to_numpy(),
        "page": rows["page"].astype(int).to_numpy(),
        "target_id": rows["target_id"].to_numpy(),
    })


def plan_path(catalog: Catalog, indicator_id: str) -> pd.DataFrame:
    """The straight plan path: the baseline where the plan defines it (0 in 2020 for '比2020年' falls and
    cumulative counts), then one point per target year. Where a year has two statements of the same
    target (the wetland rate), the path goes through the first."""
    indicator = catalog.indicators.set_index("indicator_id").loc[indicator_id]
    targets = catalog.targets
    rows = targets[(targets["indicator_id"] == indicator_id) & targets["value"].notna() & targets["year"].notna()]
    path = rows.drop_duplicates("year")[["year", "value"]].astype(float)
    if not pd.isna(indicator["baseline_value"]):
        baseline = pd.DataFrame({"year": [float(indicator["baseline_year"])], "value": [float(indicator["baseline_value"])]})
        path = pd.concat([baseline, path])
    path = path.sort_values("year").reset_index(drop=True)
    path["year"] = path["year"].astype(int)
    return path


LINE_DASH = {"plan_path": [1, 0], "actual": [1, 0], "trend": [7, 4]}
LINE_WIDTH = {"plan_path": 3, "actual": 2.5, "trend": 2}
MIN_HEIGHT = 200   # of the plotting area: legends and axes come on top (autosize fit-x), so no chart is squeezed


def bounds(indicator: pd.Series) -> tuple[float | None, float | None]:
    """What the indicator's values can be: a share lies in 0–100 %, a count or an area is not negative; a fall
    from a base year (baseline 0) may be negative."""
    if indicator["unit"] == "%":
        return (None if not pd.isna(indicator["baseline_value"]) else 0.0), 100.0
    return 0.0, None


def trajectory_chart(catalog: Catalog, indicator_id: str, lang: str, *, actuals: pd.DataFrame | None = None,
                     assessment: dict | None = None, height: int = 220) -> alt.LayerChart:
    """Plan path, target points marked by comparator, and (where actuals are known) actuals, trend and the
    verdicts on the targets whose year has passed.

    The plan path is the one the assessment reads its required value off: from the baseline through every
    milestone (the catalog's own path where nothing is assessed). Lines differ by colour and by dash (plan
    path solid grey, actuals solid with dots, trend dashed) and one legend names them by colour; target markers say
    their comparator by shape (▲ at least, ▼ at most, ◆ about, ● reach) and a second legend spells that out; only
    what is drawn is listed.
    `actuals`: columns year, value (and optionally source) for this indicator.
    `assessment`: one row of tracker.assess.assess_frame as a dict.
    """
    indicator = catalog.indicators.set_index("indicator_id").loc[indicator_id]
    unit = indicator["unit_en" if lang == "en" else "unit"]
    title = f"{pick(indicator['name_zh'], indicator['name_en'], lang)} ({unit})"
    year_title = t("chart_year_axis", lang)
    points = indicator_targets(catalog, indicator_id, lang)
    step = indicator.get("path") == "step"  # a standard in steps: its steps are the path
    # the plan path the assessment read its required value off (from the actual baseline through every
    # milestone), else the catalog's own (its defined baseline, then the targets)
    assessed = assessment.get("path") if assessment is not None and not step else None
    path = pd.DataFrame(assessed, columns=["year", "value"]).astype({"year": int}) if assessed else \
        plan_path(catalog, indicator_id)
    baseline = path[~path["year"].isin(points["year"])]
    actual_rows = None if actuals is None or not len(actuals) else actuals.sort_values("year")
    trend = _trend_line(assessment, bounds(indicator)) if assessment else None
    verdicts = _verdict_marks(assessment, lang)

    frames = [path, points, actual_rows, trend]
    years = [y for frame in frames if frame is not None for y in frame["year"]]
    first, last = int(min([FIRST_YEAR, *years])), int(max([LAST_YEAR, *years]))
    # every other year: a half-width chart has no room for eleven labels
    ticks = list(range(first, last + 1, 2 if last - first <= 14 else 5))
    x = alt.X("year:Q", title=year_title, axis=alt.Axis(format="d", values=ticks, labelAngle=0),
              scale=alt.Scale(domain=[first, last], nice=False))
    y_values = [v for frame in frames if frame is not None for v in frame["value"] if not pd.isna(v)]
    y_scale = alt.Scale(zero=False)
    if y_values and max(y_values) == min(y_values):  # one value: open the axis around it, so it has ticks to read
        value = float(y_values[0])
        spread = abs(value) * 0.1 or 1.0
        low, high = bounds(indicator)
        y_scale = alt.Scale(zero=False, domain=[value - spread if low is None else max(low, value - spread),
                                                value + spread if high is None else min(high, value + spread)])
    # ",~r": 300 not 300.000000, 7,000 not 7e+3 (Vega trims "g" to the tick step)
    y = alt.Y("value:Q", title=unit, scale=y_scale, axis=alt.Axis(format=",~r", tickCount=5))
    lines = [s for s, present in (("plan_path", len(path) >= 2), ("actual", actual_rows is not None),
                                  ("trend", trend is not None)) if present]
    line_names = [t(s, lang) for s in lines]
    # one legend for the lines, by colour: the browser's Vega-Lite does not merge a dash legend into it (the
    # pictures' does), and two legends of the same lines crowd a half-width chart; the trend keeps its own colour
    line_legend = alt.Legend(orient="bottom", columns=3, symbolType="stroke", symbolStrokeWidth=3, symbolSize=300)
    colour = alt.Color("series:N", title=t("chart_lines", lang), scale=alt.Scale(
        domain=line_names, range=[SERIES_COLOUR[s] for s in lines]), legend=line_legend)
    dash = alt.StrokeDash("series:N", scale=alt.Scale(domain=line_names, range=[LINE_DASH[s] for s in lines]),
                          legend=None)
    year_tip = alt.Tooltip("year:Q", title=year_title, format="d")

    def line(frame: pd.DataFrame, key: str) -> alt.Chart:
        return alt.Chart(frame.assign(series=t(key, lang))).encode(x=x, y=y, color=colour, strokeDash=dash)

    markers = [f"{symbol} {comparator_word(comparator, lang)}"
               for comparator, symbol in COMPARATOR_SYMBOL.items() if symbol in set(points["comparator"])]
    marker_shapes = [COMPARATOR_SHAPE[m.split(" ")[0]] for m in markers]
    if len(baseline):
        markers.append(t("baseline", lang))
        marker_shapes.append("square")
    shape = alt.Shape("marker:N", title=t("target_point", lang), scale=alt.Scale(domain=markers, range=marker_shapes),
                      legend=alt.Legend(orient="bottom", columns=1, symbolFillColor="#555555",
                                        symbolStrokeWidth=0))
    layers = []
    if "plan_path" in lines:
        layers.append(line(path, "plan_path").mark_line(strokeWidth=LINE_WIDTH["plan_path"],
                                                        interpolate="step-after" if step else "linear"))
    if trend is not None:
        layers.append(line(trend, "trend").mark_line(strokeWidth=LINE_WIDTH["trend"]).encode(
            tooltip=[year_tip, alt.Tooltip("value:Q", title=t("trend", lang), format=",.4~f")]))
    if actual_rows is not None:
        tooltip = [year_tip, alt.Tooltip("value:Q", title=t("actual", lang), format=",.4~f")]
        if "source" in actual_rows:
            tooltip.append(alt.Tooltip("source:N", title=t("source", lang)))
        keep = [c for c in ("year", "value", "source") if c in actual_rows]
        actual_line = line(actual_rows[keep], "actual")
        layers += [actual_line.mark_line(strokeWidth=LINE_WIDTH["actual"]),
                   alt.Chart(actual_rows[keep].assign(series=t("actual", lang))).encode(x=x, y=y, color=colour)
                   .mark_circle(size=70, opacity=1).encode(tooltip=tooltip)]
    if len(baseline):
        layers.append(alt.Chart(baseline.assign(series=t("baseline", lang), marker=t("baseline", lang))).encode(
            x=x, y=y, shape=shape).mark_point(size=70, filled=True, opacity=1, color=SERIES_COLOUR["baseline"]).encode(
            tooltip=[year_tip, alt.Tooltip("value:Q", title=t("baseline", lang))]))
    if len(points):
        target_layer = alt.Chart(points.assign(
            series=t("target_point", lang),
            marker=[f"{c} {comparator_word(_WORD_OF[c], lang)}" for c in points["comparator"]])).encode(x=x, y=y)
        layers.append(target_layer.mark_point(size=170, filled=True, opacity=1, color=SERIES_COLOUR["target_point"]).encode(
            shape=shape,
            tooltip=[year_tip, alt.Tooltip("label:N", title=t("target_point", lang)),
                     alt.Tooltip("statement:N", title=t("plan_statement", lang)),
                     alt.Tooltip("quote:N", title=t("quote", lang)), alt.Tooltip("page:Q", title=t("page", lang))]))
        # the label sits on the side the path does not come from: above for rising indicators, below for falling
        label_dy = 14 if indicator["direction"] == "decrease" else -10
        layers.append(target_layer.mark_text(align="right", dx=-10, dy=label_dy, fontSize=11, fontWeight="bold",
                                             color=SERIES_COLOUR["target_point"]).encode(text="label:N"))
    if verdicts is not None:   # each target whose year has passed, marked met ✔ or missed ✖ beside its point
        layers.append(alt.Chart(verdicts).mark_text(align="left", dx=9, dy=-9, fontSize=15, fontWeight="bold").encode(
            x=x, y=y, text="symbol:N",
            color=alt.Color("colour:N", scale=None),   # the registry's colour itself: no scale to merge with the lines
            tooltip=[year_tip, alt.Tooltip("label:N", title=t("verdict", lang))]))
    return alt.layer(*layers).resolve_legend(color="shared").properties(
        title=alt.TitleParams(wrap(title, 28 if lang == "zh" else 52), anchor="start", fontSize=14),
        height=max(height, MIN_HEIGHT), usermeta={"indicator_id": indicator_id},
        # the width fits the page or the file; the height is the plot's own, whatever the legends need below it
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))



def trajectory_png(catalog: Catalog, indicator_id: str, lang: str, current: pd.DataFrame, assessment: dict, *,
                   width: int, height: int, scale: float) -> bytes:
    """An indicator's trajectory with the ledger's values (`current`: all indicators') as a picture for a file
    an office hands on (the Word report, the Excel annex)."""
    import vl_convert as vlc  # imported when a file is made: only pictures need it

    chart = trajectory_chart(catalog, indicator_id, lang, actuals=current[current["indicator_id"] == indicator_id],
                             assessment=assessment, height=height)
    # the schema check is a third of a picture's time (6 of 16 s for a city's annex); the same builder's specs
    # are checked against the schema in tests/test_charts.py and each time a page draws one
    return vlc.vegalite_to_png(chart.properties(width=width).to_dict(validate=False), scale=scale)

_WORD_OF = {symbol: comparator for comparator, symbol in COMPARATOR_SYMBOL.items()}


def wrap(text: str, width: int) -> str | list[str]:
    """A long title in lines of at most `width` characters, broken at spaces (and inside words longer than a
    line, as Chinese names are), so that half-width charts show all of it rather than cut it off."""
    words = [word[i:i + width] for word in text.split(" ") for i in range(0, len(word), width)]
    lines = [words[0]]
    for word in words[1:]:
        if len(lines[-1]) + 1 + len(word) > width:
            lines.append(word)
        else:
            lines[-1] += " " + word
    return lines[0] if len(lines) == 1 else lines


def _verdict_marks(assessment: dict | None, lang: str) -> pd.DataFrame | None:
    """The verdicts of the targets whose year has passed, where their points are (tracker.assess.verdicts)."""
    rows = [(v["target_year"], v["target_value"], v["verdict"]) for v in (assessment or {}).get("verdicts") or []]
    if not rows:
        return None
    frame = pd.DataFrame(rows, columns=["year", "value", "verdict"])
    return frame.assign(symbol=[BY_CODE[v].symbol for v in frame["verdict"]],
                        label=[status_label(v, lang) for v in frame["verdict"]],
                        colour=[BY_CODE[v].colour for v in frame["verdict"]])


def _trend_line(assessment: dict, limits: tuple[float | None, float | None] = (None, None)) -> pd.DataFrame | None:
    """The straight-line fit through the actuals, from the first actual to the target year; where it would
    leave what the indicator can be (a share past 100 %), it stops at the bound and stays there."""
    slope, intercept = assessment.get("trend_slope"), assessment.get("trend_intercept")
    if slope is None or pd.isna(slope) or pd.isna(assessment.get("target_year")):
        return None
    start, end = int(assessment["first_year"]), int(max(assessment["target_year"], assessment["latest_year"]))
    years, values = [start, end], [intercept + slope * start, intercept + slope * end]
    low, high = limits
    for bound, crossed in ((high, lambda v: v > high), (low, lambda v: v < low)):
        if bound is not None and slope and crossed(values[-1]) and not crossed(values[0]):
            reach = (bound - intercept) / slope  # the year the line meets the bound
            years, values = [start, reach, end], [values[0], bound, bound]
    return pd.DataFrame({"year": years, "value": values})


def counts_chart(counts: pd.DataFrame, catalog: Catalog, lang: str) -> alt.Chart:
    """Stacked bars: targets per action, split by target year."""
    year_label = {"2025": "2025", "2030": "2030", "none": t("none_year", lang)}
    data = counts.groupby(["action_id", "year_bucket"], as_index=False)["count"].sum()
    data["action"] = [action_label(catalog, a, lang) for a in data["action_id"]]
    data["year"] = data["year_bucket"].map(year_label)
    order = [data.loc[data["action_id"] == a, "action"].iloc[0] for a in sorted(data["action_id"].unique())]
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("action:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("count:Q", title=t("targets_count", lang), axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("year:N", title=t("year", lang),
                        scale=alt.Scale(domain=list(year_label.values()), range=["#1f5fa8", "#74c0fc", "#ced4da"]),
                        legend=alt.Legend(orient="bottom")),
        order=alt.Order("year_bucket:N"),
        tooltip=[alt.Tooltip("action:N", title=t("action", lang)), alt.Tooltip("year:N", title=t("year", lang)),
                 alt.Tooltip("count:Q", title=t("targets_count", lang))],
    ).properties(height=alt.Step(22))


def status_chart(assessments: pd.DataFrame, lang: str) -> alt.Chart:
    """Bars of indicators per status, coloured and labelled with the status symbol (readable without colour)."""
    data = assessments.groupby("status", as_index=False).size().rename(columns={"size": "count"})
    data["label"] = [status_label(s, lang) for s in data["status"]]
    order = [status_label(s, lang) for s in TRAJECTORY]
    bars = alt.Chart(data).mark_bar().encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=240)),
        x=alt.X("count:Q", title=t("n_indicators", lang), axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("status:N", scale=alt.Scale(domain=list(TRAJECTORY), range=[STATUS_COLOUR[s] for s in TRAJECTORY]),
                        legend=None),
        tooltip=[alt.Tooltip("label:N", title="·"), alt.Tooltip("count:Q", title=t("n_indicators", lang))])
    text = bars.mark_text(align="left", dx=4).encode(text="count:Q", color=alt.value("#222"))
    return (bars + text).properties(height=alt.Step(26))


TASK_STATUS_COLOUR = {code: STATUS_COLOUR[code] for code in ITEM_STATUSES}


def _status_bars(data: pd.DataFrame, order: list[str], labels: dict[str, str], colours: dict[str, str],
                 count_title: str, lang: str, legend_columns: int) -> alt.Chart:
    """Stacked bars, one per action (`data`: action, status, label, count), statuses in the order of `colours`;
    each status is named with its symbol in the legend and tooltip, so the chart reads without colour."""
    codes = list(colours)
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("action:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("count:Q", title=count_title, axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("label:N", title=None, sort=[labels[c] for c in codes],
                        scale=alt.Scale(domain=[labels[c] for c in codes], range=list(colours.values())),
                        legend=alt.Legend(orient="bottom", columns=legend_columns, symbolStrokeColor="#868e96",
                                          symbolStrokeWidth=0.5)),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("action:N", title=t("action", lang)), alt.Tooltip("label:N", title=t("task_status", lang)),
                 alt.Tooltip("count:Q", title=count_title)],
    ).transform_calculate(order=f"indexof({codes!r}, datum.status)").properties(height=alt.Step(22))


def task_status_chart(counts: pd.DataFrame, catalog: Catalog, lang: str, legend_columns: int = 5) -> alt.Chart:
    """One stacked bar per action: its items by status. `counts`: tracker.task_status.counts_by_action without
    the total row."""
    labels = {code: status_label(code, lang) for code in ITEM_STATUSES}
    rows = [{"action_id": int(action), "action": action_label(catalog, int(action), lang), "status": code,
             "label": labels[code], "count": int(n)}
            for action, row in counts.iterrows() for code, n in row.items() if n]
    data = pd.DataFrame(rows, columns=["action_id", "action", "status", "label", "count"])
    order = [action_label(catalog, int(a), lang) for a in counts.index]
    return _status_bars(data, order, labels, TASK_STATUS_COLOUR, t("n_items_axis", lang), lang, legend_columns)


INDICATOR_STATUS_COLOUR = {code: STATUS_COLOUR[code] for code in TRAJECTORY}


def indicator_status_chart(indicators: pd.DataFrame, catalog: Catalog, lang: str, legend_columns: int = 4) -> alt.Chart:
    """One stacked bar per action: its indicators by status, no data included.
    `indicators`: ledger.year_end.YearEnd.indicators."""
    labels = {code: status_label(code, lang) for code in TRAJECTORY}
    counts = indicators.groupby(["action_id", "status"]).size().rename("count").reset_index()
    counts["action"] = [action_label(catalog, int(a), lang) for a in counts["action_id"]]
    counts["label"] = counts["status"].map(labels)
    order = [action_label(catalog, int(a), lang) for a in sorted(counts["action_id"].unique())]
    return _status_bars(counts, order, labels, INDICATOR_STATUS_COLOUR, t("n_indicators", lang), lang, legend_columns)


VERDICT_COLOUR = {code: STATUS_COLOUR[code] for code in VERDICTS}


def verdict_chart(verdicts: pd.DataFrame, catalog: Catalog, lang: str, legend_columns: int = 3) -> alt.Chart:
    """One stacked bar per action: its targets due by verdict. `verdicts`: tracker.assess.due_verdicts (with
    action_id), usually of one target year."""
    labels = {code: status_label(code, lang) for code in VERDICTS}
    counts = verdicts.groupby(["action_id", "verdict"]).size().rename("count").reset_index().rename(
        columns={"verdict": "status"})
    counts["action"] = [action_label(catalog, int(a), lang) for a in counts["action_id"]]
    counts["label"] = counts["status"].map(labels)
    order = [action_label(catalog, int(a), lang) for a in sorted(counts["action_id"].unique())]
    return _status_bars(counts, order, labels, VERDICT_COLOUR, t("targets_count", lang), lang, legend_columns)
