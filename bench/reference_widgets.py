"""The widget types /targets shows above its charts (language radio in the sidebar, title, caption, three
select boxes, a text box, a multiselect), without the app's work behind them: what Streamlit itself costs to
draw them. Used by the reference apps of bench_first_chart and bench_chart_cost."""
import streamlit as st


def targets_filters() -> None:
    st.sidebar.radio("语言 / Language", ["中文", "English"], horizontal=True)
    st.title("Targets")
    st.caption("Yinchuan carbon-peak implementation plan")
    a, b, c, d = st.columns([3, 3, 1.4, 2.6])
    a.selectbox("Action area", [1, 2, 3], index=None)
    b.selectbox("Responsible unit", ["a", "b"], index=None)
    c.selectbox("Target year", [2025, 2030], index=None)
    d.text_input("Search")
    st.multiselect("Pick indicators", ["x", "y"], default=["x"])
