"""The baseline for bench_first_chart: a bare Streamlit app that draws one small Altair chart."""
import altair as alt
import pandas as pd
import streamlit as st

data = pd.DataFrame({"year": [2020, 2025, 2030], "value": [0.0, 3.0, 5.0]})
st.altair_chart(alt.Chart(data).mark_line(point=True).encode(x="year:Q", y="value:Q"))
