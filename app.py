"""碳达峰目标浏览器 · Carbon-peak target explorer — the router: language and navigation only."""
from pathlib import Path

import streamlit as st

from tracker.i18n import t
from ui import router
from ui.shell import language_switch

ROOT = Path(__file__).parent
PAGES = ROOT / "pages"

# The favicon is a file of our own: a :material/…: icon would be fetched from Google's font servers, which a
# city's intranet may not reach and which should not learn who opens the app.
st.set_page_config(page_title="碳达峰目标浏览器 · Carbon-peak targets", page_icon=str(ROOT / "static" / "favicon.png"),
                   layout="wide")
lang = language_switch()
pages = {
    "overview.py": st.Page(PAGES / "overview.py", title=t("page_overview", lang), icon=":material/dashboard:",
                           url_path="overview", default=True),
    "targets.py": st.Page(PAGES / "targets.py", title=t("page_targets", lang), icon=":material/flag:", url_path="targets"),
    "tasks.py": st.Page(PAGES / "tasks.py", title=t("page_tasks", lang), icon=":material/checklist:", url_path="tasks"),
    "units.py": st.Page(PAGES / "units.py", title=t("page_units", lang), icon=":material/apartment:", url_path="units"),
    "progress.py": st.Page(PAGES / "progress.py", title=t("page_progress", lang), icon=":material/monitoring:",
                           url_path="progress"),
    "method.py": st.Page(PAGES / "method.py", title=t("page_method", lang), icon=":material/menu_book:",
                         url_path="method"),
}
router.run(st.navigation(list(pages.values())), pages)
