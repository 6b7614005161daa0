"""A reference for bench_first_chart: the bare one-chart app plus the widget types /targets shows above its
chart (language radio, three select boxes, a text box, a multiselect, title, caption). It tells how much of
the difference is Streamlit's own cost of drawing those widgets rather than this app's work."""
import altair as alt
import pandas as pd
import streamlit as st

from bench import reference_widgets

st.set_page_config(layout="wide")
reference_widgets.targets_filters()
data = pd.DataFrame({"year": [2020, 2025, 2030], "value": [0.0, 3.0, 5.0]})
st.altair_chart(alt.Chart(data).mark_line(point=True).encode(x="year:Q", y="value:Q"))
