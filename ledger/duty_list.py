"""A unit's duty list (责任清单) for its director: every target and ledger item the unit leads or supports, with
the plan's own words, page, deadline and where it stood in the reporting year — as a Word document (title, unit,
date; ledger.gongwen) and as a workbook whose numbers, years and pages are numbers."""
from __future__ import annotations

import datetime
import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from ledger.gongwen import Gongwen, chinese_ordinal
from loaders.catalog import Catalog
from loaders.items import unit_item_roles, item_roles
from tracker import task_views, views
from tracker.i18n import comparator_word, long_date, pick, t

SECTIONS = ("led_targets", "led_items", "supported_targets", "supported_items")   # duty.h.*
TARGET_COLUMNS = ("no", "statement", "indicator", "value", "unit", "comparator", "year", "page", "progress")
ITEM_COLUMNS = ("no", "item", "kind", "detail", "deadline", "year", "page", "progress")


def duty_tables(catalog: Catalog, unit_id: str, lang: str, board: pd.DataFrame,
                progress: dict[str, str]) -> dict[str, pd.DataFrame]:
    """The four tables (SECTIONS), columns titled in `lang`, values typed: numbers, years and pages as numbers.
    `board`: the task board of the reporting year; `progress`: target_id → what its row says (verdict or status)."""
    targets, _ = views.unit_summary(catalog, unit_id)
    indicators = catalog.indicators.set_index("indicator_id")
    tables = {}
    for role in ("lead", "partner"):
        rows = []
        for n, row in enumerate(targets[targets["role"] == role].itertuples(), start=1):
            indicator = None if pd.isna(row.indicator_id) else indicators.loc[row.indicator_id]
            rows.append([n, pick(row.statement_zh, row.statement_en, lang),
                         "" if indicator is None else pick(indicator["name_zh"], indicator["name_en"], lang),
                         None if pd.isna(row.value) else float(row.value),
                         "" if indicator is None else indicator["unit_en" if lang == "en" else "unit"],
                         "" if pd.isna(row.value) else comparator_word(row.comparator, lang),
                         None if pd.isna(row.year) else int(row.year), int(row.page), progress.get(row.target_id, "")])
        tables[f"{'led' if role == 'lead' else 'supported'}_targets"] = pd.DataFrame(
            rows, columns=[t(f"duty.col.{c}", lang) for c in TARGET_COLUMNS])
    mine = unit_item_roles(item_roles(catalog), unit_id)
    items = board[board["item_id"].isin(mine.index)].assign(role=lambda f: f["item_id"].map(mine))
    for role in ("lead", "partner"):
        rows = []
        for n, row in enumerate(items[items["role"] == role].to_dict("records"), start=1):
            rows.append([n, task_views.item_label(row, lang), task_views.kind_label(row["kind"], lang),
                         pick(row["detail_zh"], row["detail_en"], lang),
                         task_views.deadline_label(row["year"], row["annual"], lang),
                         None if pd.isna(row["year"]) else int(row["year"]), int(row["page"]),
                         task_views.item_status_label(row, lang)])
        tables[f"{'led' if role == 'lead' else 'supported'}_items"] = pd.DataFrame(
            rows, columns=[t(f"duty.col.{c}", lang) for c in ITEM_COLUMNS])
    return tables


def _when(moment: datetime.datetime | None, lang: str) -> str:
    return long_date(moment or datetime.datetime.now(datetime.timezone.utc), lang)


def _counts(tables: dict[str, pd.DataFrame]) -> dict[str, int]:
    return {"targets_lead": len(tables["led_targets"]), "items_lead": len(tables["led_items"]),
            "targets_partner": len(tables["supported_targets"]), "items_partner": len(tables["supported_items"])}


def build_duty_docx(catalog: Catalog, unit_id: str, lang: str, year: int, tables: dict[str, pd.DataFrame],
                    generated: datetime.datetime | None = None) -> bytes:
    unit = views.unit_label(catalog, unit_id, lang)
    doc = Gongwen(lang)
    doc.title(t("duty.title", lang, unit=unit))
    doc.add(t("duty.as_of", lang, year=year, date=_when(generated, lang))).alignment = 1
    doc.add(t("duty.intro", lang, unit=unit, year=year, **_counts(tables)))
    for n, section in enumerate(SECTIONS, start=1):
        doc.heading(t("yr.h1", lang, n=chinese_ordinal(n) if lang == "zh" else str(n), text=t(f"duty.h.{section}", lang)), 1)
        table = tables[section]
        if table.empty:
            doc.add(t("duty.none", lang))
            continue
        shown = table.drop(columns=[t("duty.col.year", lang)] + ([t("duty.col.unit", lang), t("duty.col.comparator", lang),
                                                                  t("duty.col.value", lang)] if "targets" in section else []))
        widths = [1, 6.5, 3.5, 1.2, 2.8] if "targets" in section else [1, 4, 1.8, 6, 1.8, 1.2, 2.4]
        doc.table(shown, widths)
    return doc.save()


def build_duty_xlsx(catalog: Catalog, unit_id: str, lang: str, year: int, tables: dict[str, pd.DataFrame],
                    generated: datetime.datetime | None = None) -> bytes:
    from tracker.export import write_sheet
    unit = views.unit_label(catalog, unit_id, lang)
    book = Workbook()
    book.remove(book.active)
    for section in SECTIONS:
        sheet = book.create_sheet(t(f"duty.h.{section}", lang)[:31])
        sheet["A1"] = t("duty.title", lang, unit=unit)
        sheet["A1"].font = Font(bold=True, size=14)
        sheet["A2"] = f"{t(f'duty.h.{section}', lang)} · " + t("duty.as_of", lang, year=year, date=_when(generated, lang))
        write_sheet(sheet, tables[section], start_row=4, wrap=(t("duty.col.statement", lang), t("duty.col.detail", lang)),
                    autofilter=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
