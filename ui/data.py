"""Cached access to the catalog and what is derived from it (the thin Streamlit layer over loaders/tracker)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from loaders.catalog import Catalog, load_catalog
from tracker import export, views
from tracker.charts import trajectory_chart


@st.cache_resource(show_spinner=False)
def catalog() -> Catalog:
    """Loaded and checked once per server process; pages only read it."""
    return load_catalog()


@st.cache_resource(show_spinner=False)
def items() -> pd.DataFrame:
    """The ledger items (tasks, qualitative goals, projects, duties), as the upload reader needs them."""
    from loaders.items import ledger_items
    return ledger_items(catalog())


@st.cache_resource(show_spinner=False)
def item_roles() -> pd.DataFrame:
    from loaders.items import item_roles as roles
    return roles(catalog())


@st.cache_resource(show_spinner=False)
def responsibilities(unit_id: str) -> dict[tuple[str, str], str]:
    """What one unit answers for (loaders.items.responsibilities): what it may save."""
    from loaders.items import responsibilities as of_unit
    return of_unit(catalog(), unit_id)


@st.cache_resource(show_spinner=False)
def shares() -> dict[str, float]:
    """The largest target of each share (tracker.review.share_targets)."""
    from tracker.review import share_targets
    return share_targets(catalog())


def answers_for(unit_id: str, kind: str, thing: str) -> bool:
    """Whether a unit leads or supports an indicator or item (kind "indicator" | "item"): what it may save."""
    return (kind, thing) in responsibilities(unit_id)


@st.cache_resource(show_spinner=False)
def leads() -> dict[str, frozenset[str]]:
    """Each indicator's lead units (loaders.items.indicator_leads): whose value is the ledger's."""
    from loaders.items import indicator_leads
    return indicator_leads(catalog())


@st.cache_resource(show_spinner=False)
def target_roles() -> pd.DataFrame:
    return views.target_roles(catalog())


@st.cache_resource(show_spinner=False)
def chart_notes(lang: str) -> dict[str, list[str]]:
    """The lines under each trajectory (tracker.views.chart_notes): catalog-only, built once per language."""
    return views.chart_notes(catalog(), lang)


@st.cache_data(show_spinner=False)
def catalog_excel() -> bytes:
    return export.catalog_workbook(catalog())


@st.cache_data(show_spinner=False)
def catalog_csv_zip() -> bytes:
    return export.catalog_zip(catalog())


@st.cache_resource(show_spinner=False)
def trajectory(indicator_id: str, lang: str):
    """A catalog-only trajectory chart and its Vega-Lite spec, built once per indicator and language:
    turning an Altair chart into its spec (with schema validation) is most of a chart's server time."""
    chart = trajectory_chart(catalog(), indicator_id, lang)
    return chart, chart.to_dict()
