"""A reference for bench_chart_cost: the app's own trajectory charts (the city ledger's first assessed
indicators, with actuals, trend and verdicts) and, unless asked, nothing else on the page, which is wide as the
app's pages are. `?n=6` draws six of them, two abreast as the pages do; `?layers=1` keeps only each chart's first
layer (the plan path); `?page=targets` puts them where /targets does: under the widget types of its filters,
each chart with its caption and download menu; `&table=1` adds the plan's 108-row targets table below, as on
/targets. The specs and the table are built once per server (the first, warming visit) and each visit gets its
own copy, as the pages do (ui.charts), so a measured visit is the browser's work and Streamlit's own."""
import pandas as pd
import streamlit as st

from bench import reference_widgets
from tracker import views
from ui import charts, data, ledger

st.set_page_config(layout="wide")


@st.cache_data(show_spinner=False)
def _specs() -> list[dict]:
    values, assessed = ledger.ledger_values("zh"), ledger.ledger_assessments()
    by_id = assessed.set_index("indicator_id")
    return [charts.spec_for(i, "zh", values, by_id.loc[i].to_dict()) for i in list(assessed["indicator_id"])[:6]]


@st.cache_data(show_spinner=False)
def _targets_table() -> pd.DataFrame:
    return views.targets_table(data.catalog(), data.catalog().targets, "zh", None)


count = int(st.query_params.get("n", 1))
layers = st.query_params.get("layers")
as_on_targets = st.query_params.get("page") == "targets"
if as_on_targets:
    reference_widgets.targets_filters()
columns = st.columns(2) if count > 1 else [st.container()]
for position, spec in enumerate(_specs()[:count]):
    if layers:
        spec["layer"] = spec["layer"][:int(layers)]
    with columns[position % len(columns)]:
        st.vega_lite_chart(spec, width="stretch", key=f"chart:{position}")
        if as_on_targets:
            st.caption("**▲ 按计划推进** · 2026 年实际 12.3,规划路径要求 12.0")
            with st.popover("下载图表", icon=":material/download:", key=f"files:{position}"):
                st.write("PNG · SVG")
if st.query_params.get("table"):
    st.divider()
    st.dataframe(_targets_table(), hide_index=True, width="stretch", height=25 * 35 + 38)
