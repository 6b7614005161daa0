"""/method 方法与数据: where the data comes from, how it was read, the plan's inconsistencies, the method."""
from pathlib import Path

import streamlit as st

from tracker import views
from loaders.statuses import REGISTRY
from tracker.i18n import pick, status_label, t
from ui import data, state
from ui.router import require_router
from ui.shell import page_header, share_link

require_router()
lang = state.current_lang()
catalog = data.catalog()
state.seed("method", [])
page_header("page_method", lang)

flagged = views.contradictions(catalog).drop_duplicates("notes")
other_notes = catalog.targets[catalog.targets["flag"].fillna("") == "unchanged"]
notes = [f"- **{views.indicator_label(catalog, row.indicator_id, lang)}**: {pick(row.notes_zh, row.notes, lang)}"
         for row in [*flagged.itertuples(), *other_notes.itertuples()]]
text = (Path(__file__).parent.parent / "content" / f"method.{lang}.md").read_text(encoding="utf-8")
legend = "\n".join([f"| {t('status_family', lang)} | {t('task_status', lang)} | {t('meaning', lang)} |", "|---|---|---|"] + [
    f"| {t(f'status_family.{s.family}', lang)} | {status_label(s.code, lang)} | {t(s.meaning_key, lang)} |"
    for s in REGISTRY])   # from the registry: the method never names a status the app does not give
before, after = text.replace("{contradictions}", "\n".join(notes)).split("{statuses}")
st.markdown(before)
st.markdown(legend)
st.markdown(after)

st.subheader(t("download_catalog", lang))
excel, csv = st.columns(2)
tables = len(catalog.tables())
excel.download_button(t("catalog_excel", lang, n=tables), data.catalog_excel, file_name="yinchuan-carbon-peak-catalog.xlsx",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      icon=":material/download:", on_click="ignore")
csv.download_button(t("catalog_csv", lang, n=tables), data.catalog_csv_zip, file_name="yinchuan-carbon-peak-catalog.zip",
                    mime="application/zip", icon=":material/download:", on_click="ignore")

state.publish("method", [])
share_link(lang)
