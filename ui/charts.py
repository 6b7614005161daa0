"""Show a trajectory chart with its PNG/SVG downloads (rendered server-side only when clicked)."""
from __future__ import annotations

import altair as alt
import streamlit as st

from tracker.i18n import t


def _render(chart: alt.TopLevelMixin, fmt: str) -> bytes | str:
    import vl_convert as vlc  # imported on click: rendering is the only thing that needs it

    spec = chart.properties(width=640).to_dict()
    if fmt == "png":
        return vlc.vegalite_to_png(spec, scale=2)
    return vlc.vegalite_to_svg(spec)


def chart_with_downloads(chart: alt.TopLevelMixin, name: str, lang: str, key: str, spec: dict | None = None,
                         note: str | None = None) -> None:
    """`spec`: the chart's to_dict() when it is already known (cached), to skip building it again.
    `note`: a line read with the chart (its status), shown right under it, above the downloads."""
    if spec is None:
        st.altair_chart(chart, width="stretch", key=f"chart:{key}")
    else:
        st.vega_lite_chart(spec, width="stretch", key=f"chart:{key}")
    if note:
        st.caption(note)
    left, right, _ = st.columns([1, 1, 2])
    left.download_button("PNG", lambda: _render(chart, "png"), help=t("download_png", lang), file_name=f"{name}.png",
                         mime="image/png", key=f"png:{key}", on_click="ignore", icon=":material/download:")
    right.download_button("SVG", lambda: _render(chart, "svg"), help=t("download_svg", lang), file_name=f"{name}.svg",
                          mime="image/svg+xml", key=f"svg:{key}", on_click="ignore", icon=":material/download:")
