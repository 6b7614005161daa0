"""/progress 进展对比: placeholder until the actuals upload lands."""
import streamlit as st

from ui import state
from ui.router import require_router
from ui.shell import page_header, share_link

require_router()
lang = state.current_lang()
state.seed("progress", [])
page_header("page_progress", lang)
st.info("上传各部门的实际进展 Excel,与方案目标逐项对比。" if lang == "zh" else
        "Upload departments' Excel sheets of actual progress and compare them with the plan's targets.")
state.publish("progress", [])
share_link(lang)
