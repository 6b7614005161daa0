"""Trajectory charts in the pages: a grid of small multiples with the ledger's actuals, trend and status, their
specs cached (building an Altair chart and validating its spec is most of a chart's server time), a "show
more" past a cap, and PNG/SVG downloads (one menu per chart) that carry the title, the plan's page, the status
and the date."""
from __future__ import annotations

import copy
import datetime
import json

import pandas as pd
import streamlit as st

from loaders.catalog import Catalog
from tracker.charts import trajectory_chart
from tracker.i18n import beijing_time, status_label, t
from tracker.wording import say
from ui import data

CAP = 12            # a view of up to CAP charts draws them all: an action's charts come together
FIRST_ROWS = 6      # a longer view (the whole plan, a city's ledger) draws three rows; "show more" adds CAP
ASSESSMENT_KEYS = ("status", "baseline_year", "baseline_value", "target_year", "target_value", "first_year",
                   "latest_year", "trend_slope", "trend_intercept", "path")


def _plain(value):
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    return value.item() if hasattr(value, "item") else value


@st.cache_data(show_spinner=False, max_entries=4000)
def _spec(indicator_id: str, lang: str, actuals: tuple, assessment: str) -> dict:
    """The chart's Vega-Lite spec for exactly these actuals and this assessment (both part of the cache key)."""
    frame = pd.DataFrame(list(actuals), columns=["year", "value", "source"]) if actuals else None
    if frame is not None and frame["source"].isna().all():
        frame = frame.drop(columns=["source"])
    chart = trajectory_chart(data.catalog(), indicator_id, lang, actuals=frame,
                             assessment=json.loads(assessment) if assessment else None)
    return chart.to_dict()


def spec_for(indicator_id: str, lang: str, values: pd.DataFrame | None = None, assessment: dict | None = None) -> dict:
    rows = ()
    if values is not None and len(values):
        mine = values[values["indicator_id"] == indicator_id].sort_values("year")
        sources = mine["source"] if "source" in mine else [None] * len(mine)
        rows = tuple((int(y), float(v), s) for y, v, s in zip(mine["year"], mine["value"], sources))
    summary = json.dumps({**{k: _plain(assessment.get(k)) for k in ASSESSMENT_KEYS},
                          "verdicts": [{k: _plain(v[k]) for k in ("target_year", "target_value", "verdict")}
                                       for v in assessment.get("verdicts") or []]}) if assessment else ""
    return _spec(indicator_id, lang, rows, summary)


def for_download(spec: dict, catalog: Catalog, indicator_id: str, lang: str, note: str | None) -> dict:
    """The spec as a file people send on: the title, then where the targets come from, the status, the date."""
    spec = copy.deepcopy(spec)
    targets = catalog.targets[(catalog.targets["indicator_id"] == indicator_id) & catalog.targets["value"].notna()]
    pages = sorted({int(p) for p in targets["page"]})
    source = t("chart.source", lang, pages=t("list.comma", lang).join(map(str, pages)))
    drawn = t("chart.drawn_at", lang, when=beijing_time(datetime.datetime.now(datetime.timezone.utc)))
    subtitle = [source] + ([note] if note else []) + [drawn]
    title = spec.get("title", {})
    spec["title"] = {**title, "subtitle": subtitle, "subtitleFontSize": 11, "subtitleColor": "#555555"}
    spec["width"] = 640
    return spec


def _render(spec: dict, fmt: str) -> bytes | str:
    import vl_convert as vlc  # imported on click: rendering is the only thing that needs it

    return vlc.vegalite_to_png(spec, scale=2) if fmt == "png" else vlc.vegalite_to_svg(spec)


def chart_with_downloads(spec: dict, indicator_id: str, lang: str, key: str, note: str | None = None,
                         summary: str | None = None) -> None:
    """One chart, the lines read with it (verdicts, status, reasons) and its PNG/SVG downloads, which carry the
    `summary` (verdicts and status, without the reasons) under their title."""
    st.vega_lite_chart(spec, width="stretch", key=f"chart:{key}")
    if note:
        st.caption(note)
    catalog = data.catalog()
    # one button per chart whose menu holds the two files: a popover's content is drawn only when it opens, and
    # a page of twelve charts drew 24 buttons in 36 columns before (a third of a second of the browser's time)
    with st.popover(t("chart.download", lang), icon=":material/download:", key=f"files:{key}"):
        st.download_button(t("download_png", lang),
                           lambda: _render(for_download(spec, catalog, indicator_id, lang, summary), "png"),
                           file_name=f"{indicator_id}.png", mime="image/png", key=f"png:{key}", on_click="ignore",
                           icon=":material/image:", width="stretch")
        st.download_button(t("download_svg", lang),
                           lambda: _render(for_download(spec, catalog, indicator_id, lang, summary), "svg"),
                           file_name=f"{indicator_id}.svg", mime="image/svg+xml", key=f"svg:{key}",
                           on_click="ignore", icon=":material/polyline:", width="stretch")


def chart_summary(assessment: dict, lang: str) -> str:
    """'2025 年目标:✖ 到期未达成 · 下一目标(2030 年):▲ 按计划推进'."""
    parts = [t("chart.verdict_of", lang, year=int(v["target_year"]), verdict=status_label(v["verdict"], lang))
             for v in assessment.get("verdicts") or []]
    if assessment["status"] != "past_targets" or not parts:
        year = assessment.get("target_year")
        parts.append(t("chart.status_toward", lang, year=int(year), status=status_label(assessment["status"], lang))
                     if year is not None and not pd.isna(year) else status_label(assessment["status"], lang))
    return " · ".join(parts)


def grid(indicator_ids: list[str], lang: str, *, key: str, values: pd.DataFrame | None = None,
         assessments: pd.DataFrame | None = None, notes: dict[str, list[str]] | None = None, cap: int = CAP) -> None:
    """Small multiples, two abreast: all of them up to `cap`, else the first FIRST_ROWS, then `cap` more on each
    request. `values`: actuals (indicator_id, year, value, source); `assessments`: tracker.assess rows by
    indicator; `notes`: lines to read under a chart.

    Why not `cap` at first in a long view: each chart is about a tenth of a second of the browser's work, all
    done before the first one shows, and a long view is read from its top (three rows fill a screen)."""
    shown_key = f"_charts_shown:{key}"
    first = len(indicator_ids) if len(indicator_ids) <= cap else FIRST_ROWS
    limit = max(first, st.session_state.get(shown_key, 0))
    by_id = assessments.set_index("indicator_id") if assessments is not None and len(assessments) else None
    columns = st.columns(2)
    for position, indicator_id in enumerate(indicator_ids[:limit]):
        assessment = by_id.loc[indicator_id].to_dict() if by_id is not None and indicator_id in by_id.index else None
        with columns[position % 2]:
            spec = spec_for(indicator_id, lang, values, assessment)
            note = None
            if assessment is not None:   # the verdicts on the targets whose year has passed first, then the status
                lines = [f"**{status_label(v['verdict'], lang)}** · {say(v['reason'], lang, data.catalog())}"
                         for v in assessment.get("verdicts") or []]
                if assessment["status"] != "past_targets" or not lines:
                    lines.append(f"**{status_label(assessment['status'], lang)}** · "
                                 f"{say(assessment['reason'], lang, data.catalog())}")
                note = "  \n".join(lines)
            chart_with_downloads(spec, indicator_id, lang, key=f"{key}:{indicator_id}", note=note,
                                 summary=None if assessment is None else chart_summary(assessment, lang))
            for line in (notes or {}).get(indicator_id, []):
                st.caption(line)
    if len(indicator_ids) > limit:
        st.button(t("show_more_charts", lang, n=min(cap, len(indicator_ids) - limit), total=len(indicator_ids)),
                  key=f"more:{key}", icon=":material/expand_more:",
                  on_click=lambda: st.session_state.__setitem__(shown_key, limit + cap))


