"""碳达峰目标浏览器 · Carbon-peak target explorer — the router: language and navigation only."""
from pathlib import Path

import streamlit as st

from tracker.i18n import t
from ui import router
from ui.shell import language_switch

PAGES = Path(__file__).parent / "pages"

st.set_page_config(page_title="碳达峰目标浏览器 · Carbon-peak targets", page_icon=":material/eco:", layout="wide")
lang = language_switch()
navigation = st.navigation([
    st.Page(PAGES / "overview.py", title=t("page_overview", lang), icon=":material/dashboard:", url_path="overview",
            default=True),
    st.Page(PAGES / "targets.py", title=t("page_targets", lang), icon=":material/flag:", url_path="targets"),
    st.Page(PAGES / "tasks.py", title=t("page_tasks", lang), icon=":material/checklist:", url_path="tasks"),
    st.Page(PAGES / "units.py", title=t("page_units", lang), icon=":material/apartment:", url_path="units"),
    st.Page(PAGES / "progress.py", title=t("page_progress", lang), icon=":material/monitoring:", url_path="progress"),
    st.Page(PAGES / "method.py", title=t("page_method", lang), icon=":material/menu_book:", url_path="method"),
])
router.run(navigation)
