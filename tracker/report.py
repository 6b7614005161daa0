"""The comparison as an Excel report: summary, statuses with reasons, the values read, the problems found.

User text (file and sheet names, what staff typed) reaches these cells, so every cell passes through
export.neutralise and can never run as a formula.
"""
from __future__ import annotations

import datetime
import io
from collections.abc import Collection, Mapping

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from loaders.catalog import Catalog
from tracker import views
from tracker.charts import STATUS_COLOUR
from tracker.export import neutralise, write_sheet
from loaders.statuses import ASSESSED, BY_CODE, VERDICTS
from tracker.i18n import beijing_time, format_target, pick, status_label, t
from tracker.wording import problem_text, say


STATUS_TABLE_COLUMNS = ("col.indicator", "col.status", "col.reason", "col.latest_year", "col.latest_actual", "col.unit",
                        "col.target_year", "col.target", "col.required_now", "col.trend_at_target_year",
                        "col.baseline_year", "col.baseline", "col.data_lag", "col.action")
YEAR_COLUMNS = ("col.latest_year", "col.target_year", "col.baseline_year")   # shown without thousands separators
NUMBER_COLUMNS = ("col.latest_actual", "col.required_now", "col.trend_at_target_year", "col.baseline")


def status_table(catalog: Catalog, assessments: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The statuses as people read them: one row per indicator, columns titled in `lang`."""
    indicators = catalog.indicators.set_index("indicator_id")
    actions = catalog.actions.set_index("action_id")
    rows = []
    for row in assessments.itertuples():
        indicator = indicators.loc[row.indicator_id]
        unit = indicator["unit_en" if lang == "en" else "unit"]
        target = "" if pd.isna(row.target_value) else format_target(
            row.target_value, row.comparator, unit, lang, None if pd.isna(row.aspiration) else row.aspiration)
        rows.append({
            t("col.indicator", lang): pick(indicator["name_zh"], indicator["name_en"], lang),
            t("col.status", lang): status_label(row.status, lang),
            t("col.reason", lang): say(row.reason, lang, catalog),
            t("col.latest_year", lang): row.latest_year,
            t("col.latest_actual", lang): None if pd.isna(row.latest_value) else round(row.latest_value, 2),
            t("col.unit", lang): unit,
            t("col.target_year", lang): row.target_year,
            t("col.target", lang): target,
            t("col.required_now", lang): None if pd.isna(row.required_value) else round(row.required_value, 1),
            t("col.trend_at_target_year", lang):
                None if pd.isna(row.projected_value) else round(row.projected_value, 1),
            t("col.baseline_year", lang): row.baseline_year,
            t("col.baseline", lang): None if pd.isna(row.baseline_value) else round(row.baseline_value, 2),
            t("col.data_lag", lang): t("report.yes", lang) if row.data_lag else "",
            t("col.action", lang): pick(actions.at[indicator["action_id"], "name_zh"],
                                              actions.at[indicator["action_id"], "name_en"], lang),
        })
    return pd.DataFrame(rows, columns=[t(key, lang) for key in STATUS_TABLE_COLUMNS])


def verdict_table(catalog: Catalog, verdicts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The targets due (tracker.assess.due_verdicts), one row each: the verdict, why, that year's value and the
    gap in numbers (for sorting and sums); the reason also says what changed since."""
    indicators = catalog.indicators.set_index("indicator_id")
    rows = []
    for row in verdicts.itertuples():
        indicator = indicators.loc[row.indicator_id]
        unit = indicator["unit_en" if lang == "en" else "unit"]
        own_year = row.actual_year == row.target_year
        rows.append({
            t("col.indicator", lang): pick(indicator["name_zh"], indicator["name_en"], lang),
            t("col.target_year", lang): int(row.target_year),
            t("col.target", lang): format_target(row.target_value, row.comparator, unit, lang,
                                                 None if pd.isna(row.aspiration) else row.aspiration),
            t("verdict", lang): status_label(row.verdict, lang),
            t("reason", lang): say(row.reason, lang, catalog),
            t("col.actual_of_year", lang): round(row.actual_value, 2) if own_year else None,
            t("col.gap", lang): None if pd.isna(row.gap) else round(row.gap, 2),
            t("col.unit", lang): unit,
            t("col.action", lang): views.action_label(catalog, int(indicator["action_id"]), lang),
        })
    columns = [t(k, lang) for k in ("col.indicator", "col.target_year", "col.target", "verdict", "reason",
                                    "col.actual_of_year", "col.gap", "col.unit", "col.action")]
    return pd.DataFrame(rows, columns=columns)


def counts_table(catalog: Catalog, assessments: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Indicators per action (rows) and status (columns)."""
    actions = catalog.actions.set_index("action_id")
    counts = assessments.groupby(["action_id", "status"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(ASSESSED), fill_value=0)
    counts.loc["total"] = counts.sum()
    counts.index = [t("total", lang) if a == "total" else
                    pick(actions.at[a, "name_zh"], actions.at[a, "name_en"], lang) for a in counts.index]
    counts.columns = [status_label(s, lang) for s in counts.columns]
    return counts.reset_index(names=t("col.action", lang))


def contributions_table(catalog: Catalog, given: pd.DataFrame, leads: Mapping[str, Collection[str]],
                        lang: str) -> pd.DataFrame:
    """Partner units' values (ledger.store contributions), each beside the lead units whose value the ledger
    keeps. `leads`: indicator_id → lead unit ids."""
    return pd.DataFrame({
        t("indicator", lang): [views.indicator_label(catalog, i, lang) for i in given["indicator_id"]],
        t("col.year", lang): given["year"].astype(str),
        t("col.value", lang): given["value"],
        t("contributions.unit", lang): [views.unit_label(catalog, u, lang) for u in given["reporting_unit"]],
        t("contributions.lead", lang): [views.unit_names(catalog, sorted(leads.get(i, ())), lang)
                                        for i in given["indicator_id"]],
        t("submitter", lang): given["submitter"],
        t("ledger.submitted_beijing_time", lang): [beijing_time(m) for m in given["submitted_at"]],
    })


def problems_table(catalog: Catalog, problems: pd.DataFrame, lang: str) -> pd.DataFrame:
    """What the readers could not use, one row each, the problem in words (tracker.wording.problem_text)."""
    return pd.DataFrame({
        t("col.file", lang): problems["file"],
        t("col.sheet", lang): problems["sheet"],
        t("col.row", lang): problems["row"],
        t("col.column", lang): problems["column"],
        t("col.problem", lang): [problem_text(p, lang, catalog) for p in problems.to_dict("records")],
    })


def values_table(catalog: Catalog, values: pd.DataFrame, lang: str) -> pd.DataFrame:
    indicators = catalog.indicators.set_index("indicator_id")
    return pd.DataFrame({
        t("col.indicator", lang): [pick(indicators.at[i, "name_zh"], indicators.at[i, "name_en"], lang)
                                         for i in values["indicator_id"]],
        t("col.year", lang): values["year"],
        t("col.value", lang): values["value"].round(2),
        t("col.unit", lang): [indicators.at[i, "unit_en" if lang == "en" else "unit"] for i in values["indicator_id"]],
        t("col.file", lang): values["file"],
        t("col.sheet", lang): values["sheet"],
        t("col.cell", lang): values["column"].astype(str) + values["row"].astype(str),
    })


def _colour_statuses(sheet, column: int, codes) -> None:
    """Each status cell in its colour, white on it (the label keeps its symbol for print without colour)."""
    for offset, code in enumerate(codes, start=2):
        sheet.cell(row=offset, column=column).fill = PatternFill("solid", fgColor=STATUS_COLOUR[code][1:])
        sheet.cell(row=offset, column=column).font = Font(color="FFFFFF", bold=True)


def build_report(catalog: Catalog, assessments: pd.DataFrame, values: pd.DataFrame, problems: pd.DataFrame,
                 lang: str = "zh", *, reporting_year: int | None = None, about: dict | None = None,
                 verdicts: pd.DataFrame | None = None) -> bytes:
    """The comparison as a workbook. `about`: what the report is of — unit (a name), files (names), year_source
    (how the reporting year was chosen, in words) — written on its first sheet with the time it was made.
    `verdicts`: the targets due (tracker.assess.due_verdicts), on a sheet of their own before the statuses."""
    about = about or {}
    book = Workbook()
    summary = book.active
    summary.title = t("report.summary", lang)
    summary["A1"] = t("report.yinchuan_carbon_peak_targets_plan", lang)
    summary["A1"].font = Font(bold=True, size=14)
    lines = [(t("report.reporting_unit", lang), about.get("unit") or t("report.not_chosen", lang)),
             (t("report.data_from", lang), "; ".join(about.get("files") or []) or t("the_ledger", lang)),
             (t("reporting_year", lang),
              "" if reporting_year is None else f"{reporting_year}" + (f"({about['year_source']})" if lang == "zh" and
                                                                       about.get("year_source") else
                                                                       f" ({about['year_source']})" if about.get("year_source") else "")),
             (t("report.generated_beijing_time", lang), beijing_time(datetime.datetime.now(datetime.timezone.utc)))]
    for offset, (name, value) in enumerate(lines, start=2):
        summary.cell(row=offset, column=1, value=name).font = Font(bold=True)
        summary.cell(row=offset, column=2, value=neutralise(value))
    start = len(lines) + 3
    if verdicts is not None and len(verdicts):
        counts = verdicts["verdict"].value_counts()
        due = pd.DataFrame({t("verdict", lang): [status_label(code, lang) for code in VERDICTS] + [t("total", lang)],
                            t("due.count", lang): [int(counts.get(code, 0)) for code in VERDICTS] + [len(verdicts)]})
        write_sheet(summary, due, start_row=start)
        start += len(due) + 2
    write_sheet(summary, counts_table(catalog, assessments, lang), start_row=start)
    if verdicts is not None:
        sheet = book.create_sheet(t("sheet.verdicts", lang))
        write_sheet(sheet, verdict_table(catalog, verdicts, lang), wrap=(t("reason", lang),), autofilter=True)
        _colour_statuses(sheet, 4, verdicts["verdict"])
    statuses = status_table(catalog, assessments, lang)
    sheet = book.create_sheet(t("report.statuses", lang))
    write_sheet(sheet, statuses, wrap=(t("col.reason", lang),), autofilter=True)
    _colour_statuses(sheet, list(statuses.columns).index(t("col.status", lang)) + 1, assessments["status"])
    write_sheet(book.create_sheet(t("report.values", lang)), values_table(catalog, values, lang))
    write_sheet(book.create_sheet(t("report.problems", lang)), problems_table(catalog, problems, lang))
    legend = book.create_sheet(t("report.status_legend", lang))
    shown = (*ASSESSED, *VERDICTS)
    write_sheet(legend, pd.DataFrame({t("col.status", lang): [status_label(s, lang) for s in shown],
                                      t("col.meaning", lang): [t(BY_CODE[s].meaning_key, lang) for s in shown]}))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
