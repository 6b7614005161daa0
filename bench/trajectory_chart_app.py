"""A reference for bench_chart_cost: the app's own trajectory charts (the city ledger's first assessed
indicators, with actuals, trend and verdicts) and nothing else on the page. `?n=6` draws six of them, two
abreast as the pages do; `?layers=1` keeps only each chart's first layer (the plan path). The specs are built
once per server (the first, warming visit) and each visit gets its own copy, as the pages do (ui.charts), so a
measured visit is the browser's work and Streamlit's own."""
import streamlit as st

from ui import charts, ledger


@st.cache_data(show_spinner=False)
def _specs() -> list[dict]:
    values, assessed = ledger.ledger_values("zh"), ledger.ledger_assessments()
    by_id = assessed.set_index("indicator_id")
    return [charts.spec_for(i, "zh", values, by_id.loc[i].to_dict()) for i in list(assessed["indicator_id"])[:6]]


count = int(st.query_params.get("n", 1))
layers = st.query_params.get("layers")
columns = st.columns(2) if count > 1 else [st.container()]
for position, spec in enumerate(_specs()[:count]):
    if layers:
        spec["layer"] = spec["layer"][:int(layers)]
    columns[position % len(columns)].vega_lite_chart(spec, width="stretch", key=f"chart:{position}")
