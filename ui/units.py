"""What /units shows of a unit, as tables: the directory of every unit, and for one unit the targets and ledger
items it leads and supports with where each stands (ledger values, verdicts, statuses of the cycle's year)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from loaders.catalog import Catalog
from loaders.items import unit_item_roles
from tracker import task_views, views
from tracker.cycle import reporting_cycle_year
from tracker.i18n import format_number, format_target, pick, t, unit_kind_name
from ui import data, downloads, ledger


def directory(catalog: Catalog, lang: str) -> pd.DataFrame:
    """Every unit, in views.units_in_order: how many tasks and targets it leads and supports."""
    roles, target_roles = views.task_roles(catalog), data.target_roles()
    kinds = catalog.units.set_index("unit_id")["kind"]
    rows = []
    for uid in views.units_in_order(catalog):
        tasks = roles[roles["unit_id"] == uid]["role"].value_counts()
        targets = target_roles[target_roles["unit_id"] == uid]["role"].value_counts()
        rows.append({
            t("unit", lang): views.unit_label(catalog, uid, lang),
            t("unit_kind", lang): unit_kind_name(kinds[uid], lang),
            t("tasks_led", lang): int(tasks.get("lead", 0)),
            t("tasks_supported", lang): int(tasks.get("partner", 0)),
            t("targets_led", lang): int(targets.get("lead", 0)),
            t("targets_supported", lang): int(targets.get("partner", 0)),
        })
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class UnitPicture:
    year: int                       # the reporting cycle the items' statuses are of
    counts: dict[str, int]          # tasks and targets it leads and supports
    led_targets: pd.DataFrame
    led_items: pd.DataFrame
    supported_targets: pd.DataFrame
    supported_items: pd.DataFrame
    has_ledger_values: bool


def unit_picture(catalog: Catalog, unit_id: str, lang: str) -> UnitPicture:
    targets, tasks = views.unit_summary(catalog, unit_id)
    year = reporting_cycle_year()
    board = ledger.task_board(year)
    mine = unit_item_roles(data.item_roles(), unit_id)
    items = board[board["item_id"].isin(mine.index)].assign(role=lambda f: f["item_id"].map(mine))
    assessments = ledger.ledger_assessments().set_index("indicator_id")
    progress = ledger.target_progress(lang)
    indicators = catalog.indicators.set_index("indicator_id")

    def target_rows(frame: pd.DataFrame) -> pd.DataFrame:
        rows = []
        for row in frame.itertuples():
            unit_text = "" if pd.isna(row.indicator_id) else \
                indicators.at[row.indicator_id, "unit_en" if lang == "en" else "unit"]
            judged = assessments.loc[row.indicator_id] if row.indicator_id in assessments.index else None
            latest = ""
            if judged is not None and not pd.isna(row.value):
                latest = f"{int(judged['latest_year'])}: {format_number(judged['latest_value'])}" + (
                    unit_text if unit_text in ("%", "") else f" {unit_text}")
            # a verdict once its year has passed, else the status toward it; a goal its ledger item's status
            shown = progress.get(row.target_id)
            rows.append({
                t("action", lang): views.action_label(catalog, row.action_id, lang),
                t("statement", lang): pick(row.statement_zh, row.statement_en, lang),
                t("value", lang): t("qualitative", lang) if pd.isna(row.value) else format_target(
                    row.value, row.comparator, unit_text, lang, None if pd.isna(row.aspiration) else row.aspiration),
                t("year", lang): t("none_year", lang) if pd.isna(row.year) else str(int(row.year)),
                t("unit_latest_actual", lang): latest,
                t("unit_target_status", lang): shown.label if shown else "",
                t("reason", lang): shown.why if shown else "",
                t("page", lang): str(int(row.page)),
            })
        return pd.DataFrame(rows)

    def item_rows(frame: pd.DataFrame) -> pd.DataFrame:
        table = task_views.board_table(catalog, frame, lang)
        return table.drop(columns=[t("lead_units", lang)]) if not table.empty else table

    counts = {"tasks_lead": int((tasks["role"] == "lead").sum()), "tasks_partner": int((tasks["role"] == "partner").sum()),
              "targets_lead": int((targets["role"] == "lead").sum()),
              "targets_partner": int((targets["role"] == "partner").sum())}
    return UnitPicture(year, counts, target_rows(targets[targets["role"] == "lead"]), item_rows(items[items["role"] == "lead"]),
                       target_rows(targets[targets["role"] == "partner"]), item_rows(items[items["role"] == "partner"]),
                       not assessments.empty)


def duty_list_downloads(catalog: Catalog, unit_id: str, lang: str) -> None:
    """The unit's duty list (责任清单) as Word and as Excel, of the year-end cycle under way."""
    from ledger.duty_list import build_duty_docx, build_duty_xlsx, duty_tables
    year = reporting_cycle_year()

    def tables():
        progress = {k: p.label for k, p in ledger.target_progress(lang).items()}
        return duty_tables(catalog, unit_id, lang, ledger.task_board(year), progress)
    word, excel = st.columns(2)
    with word:
        downloads.document(t("duty.download_word", lang), lambda: build_duty_docx(catalog, unit_id, lang, year, tables()),
                           key=f"duty:{unit_id}:docx", lang=lang, icon=":material/description:",
                           file_name=f"carbon-peak-duty-list-{unit_id}-{year}-{lang}.docx",
                           mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    with excel:
        downloads.document(t("duty.download_excel", lang), lambda: build_duty_xlsx(catalog, unit_id, lang, year, tables()),
                           key=f"duty:{unit_id}:xlsx", lang=lang, icon=":material/table_view:",
                           file_name=f"carbon-peak-duty-list-{unit_id}-{year}-{lang}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    st.caption(t("duty.print_help", lang))
