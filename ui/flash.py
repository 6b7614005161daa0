"""A message that outlives the rerun its action causes: a callback (a save, an unlock, an import) says what
happened, and the next run of the place that shows messages says it, once. `where` names that place, so a
message shows where the person acted."""
from __future__ import annotations

import streamlit as st

ICONS = {"success": ":material/check_circle:", "error": ":material/error:", "info": ":material/info:"}


def say(where: str, kind: str, text: str, icon: str | None = None) -> None:
    """Keep `text` (Markdown the caller made safe) to show at `where` on the next run; kind: success|error|info."""
    st.session_state[f"_flash:{where}"] = (kind, text, icon or ICONS[kind])


def show(where: str) -> None:
    """Show what was kept for `where`, if anything, and forget it."""
    kept = st.session_state.pop(f"_flash:{where}", None)
    if kept is not None:
        kind, text, icon = kept
        getattr(st, kind)(text, icon=icon)
