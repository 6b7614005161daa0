"""A reference for bench_first_chart: the bare one-chart app plus the widget types /targets shows above its
chart (language radio, three select boxes, a text box, a multiselect, title, caption). It tells how much of
the difference is Streamlit's own cost of drawing those widgets rather than this app's work."""
import altair as alt
import pandas as pd
import streamlit as st

st.set_page_config(layout="wide")
st.sidebar.radio("语言 / Language", ["中文", "English"], horizontal=True)
st.title("Targets")
st.caption("Yinchuan carbon-peak implementation plan")
a, b, c, d = st.columns([3, 3, 1.4, 2.6])
a.selectbox("Action area", [1, 2, 3], index=None)
b.selectbox("Responsible unit", ["a", "b"], index=None)
c.selectbox("Target year", [2025, 2030], index=None)
d.text_input("Search")
st.multiselect("Pick indicators", ["x", "y"], default=["x"])
data = pd.DataFrame({"year": [2020, 2025, 2030], "value": [0.0, 3.0, 5.0]})
st.altair_chart(alt.Chart(data).mark_line(point=True).encode(x="year:Q", y="value:Q"))
