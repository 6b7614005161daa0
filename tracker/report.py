"""The comparison as an Excel report: summary, statuses with reasons, the values read, the problems found.

User text (file and sheet names, what staff typed) reaches these cells, so every cell passes through
export.neutralise and can never run as a formula.
"""
from __future__ import annotations

import datetime
import io

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


STATUS_TABLE_COLUMNS = (("指标", "Indicator"), ("状态", "Status"), ("原因", "Reason"), ("最新年份", "Latest year"),
                        ("最新实际值", "Latest actual"), ("单位", "Unit"), ("目标年份", "Target year"), ("目标", "Target"),
                        ("应达值", "Required now"), ("趋势外推值", "Trend at target year"), ("基准年", "Baseline year"),
                        ("基准值", "Baseline"), ("数据滞后", "Data lag"), ("行动", "Action"))


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
            pick("指标", "Indicator", lang): pick(indicator["name_zh"], indicator["name_en"], lang),
            pick("状态", "Status", lang): status_label(row.status, lang),
            pick("原因", "Reason", lang): say(row.reason, lang, catalog),
            pick("最新年份", "Latest year", lang): row.latest_year,
            pick("最新实际值", "Latest actual", lang): None if pd.isna(row.latest_value) else round(row.latest_value, 2),
            pick("单位", "Unit", lang): unit,
            pick("目标年份", "Target year", lang): row.target_year,
            pick("目标", "Target", lang): target,
            pick("应达值", "Required now", lang): None if pd.isna(row.required_value) else round(row.required_value, 1),
            pick("趋势外推值", "Trend at target year", lang):
                None if pd.isna(row.projected_value) else round(row.projected_value, 1),
            pick("基准年", "Baseline year", lang): row.baseline_year,
            pick("基准值", "Baseline", lang): None if pd.isna(row.baseline_value) else round(row.baseline_value, 2),
            pick("数据滞后", "Data lag", lang): pick("是", "yes", lang) if row.data_lag else "",
            pick("行动", "Action", lang): pick(actions.at[indicator["action_id"], "name_zh"],
                                              actions.at[indicator["action_id"], "name_en"], lang),
        })
    return pd.DataFrame(rows, columns=[pick(zh, en, lang) for zh, en in STATUS_TABLE_COLUMNS])


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
            t("indicator", lang): pick(indicator["name_zh"], indicator["name_en"], lang),
            t("col.target_year", lang): int(row.target_year),
            t("col.target", lang): format_target(row.target_value, row.comparator, unit, lang,
                                                 None if pd.isna(row.aspiration) else row.aspiration),
            t("verdict", lang): status_label(row.verdict, lang),
            t("reason", lang): say(row.reason, lang, catalog),
            t("col.actual_of_year", lang): round(row.actual_value, 2) if own_year else None,
            t("col.gap", lang): None if pd.isna(row.gap) else round(row.gap, 2),
            t("measure_unit", lang): unit,
            t("action", lang): views.action_label(catalog, int(indicator["action_id"]), lang),
        })
    columns = [t(k, lang) for k in ("indicator", "col.target_year", "col.target", "verdict", "reason",
                                    "col.actual_of_year", "col.gap", "measure_unit", "action")]
    return pd.DataFrame(rows, columns=columns)


def counts_table(catalog: Catalog, assessments: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Indicators per action (rows) and status (columns)."""
    actions = catalog.actions.set_index("action_id")
    counts = assessments.groupby(["action_id", "status"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(ASSESSED), fill_value=0)
    counts.loc["total"] = counts.sum()
    counts.index = [pick("合计", "Total", lang) if a == "total" else
                    pick(actions.at[a, "name_zh"], actions.at[a, "name_en"], lang) for a in counts.index]
    counts.columns = [status_label(s, lang) for s in counts.columns]
    return counts.reset_index(names=pick("行动", "Action", lang))


def problems_table(catalog: Catalog, problems: pd.DataFrame, lang: str) -> pd.DataFrame:
    """What the readers could not use, one row each, the problem in words (tracker.wording.problem_text)."""
    return pd.DataFrame({
        pick("文件", "File", lang): problems["file"],
        pick("工作表", "Sheet", lang): problems["sheet"],
        pick("行", "Row", lang): problems["row"],
        pick("列", "Column", lang): problems["column"],
        pick("问题", "Problem", lang): [problem_text(p, lang, catalog) for p in problems.to_dict("records")],
    })


def values_table(catalog: Catalog, values: pd.DataFrame, lang: str) -> pd.DataFrame:
    indicators = catalog.indicators.set_index("indicator_id")
    return pd.DataFrame({
        pick("指标", "Indicator", lang): [pick(indicators.at[i, "name_zh"], indicators.at[i, "name_en"], lang)
                                         for i in values["indicator_id"]],
        pick("年份", "Year", lang): values["year"],
        pick("数值", "Value", lang): values["value"].round(2),
        pick("单位", "Unit", lang): [indicators.at[i, "unit_en" if lang == "en" else "unit"] for i in values["indicator_id"]],
        pick("文件", "File", lang): values["file"],
        pick("工作表", "Sheet", lang): values["sheet"],
        pick("单元格", "Cell", lang): values["column"].astype(str) + values["row"].astype(str),
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
    summary.title = pick("概况", "Summary", lang)
    summary["A1"] = pick("银川市碳达峰目标进展对比", "Yinchuan carbon-peak targets: plan versus actual", lang)
    summary["A1"].font = Font(bold=True, size=14)
    lines = [(pick("报送单位", "Reporting unit", lang), about.get("unit") or pick("(未选择)", "(not chosen)", lang)),
             (pick("数据来源", "Data from", lang), "; ".join(about.get("files") or []) or pick("台账", "the ledger", lang)),
             (pick("报告年份", "Reporting year", lang),
              "" if reporting_year is None else f"{reporting_year}" + (f"({about['year_source']})" if lang == "zh" and
                                                                       about.get("year_source") else
                                                                       f" ({about['year_source']})" if about.get("year_source") else "")),
             (pick("生成时间(北京时间)", "Generated (Beijing time)", lang), beijing_time(datetime.datetime.now(datetime.timezone.utc)))]
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
    sheet = book.create_sheet(pick("各指标状态", "Statuses", lang))
    write_sheet(sheet, statuses, wrap=(pick("原因", "Reason", lang),), autofilter=True)
    _colour_statuses(sheet, list(statuses.columns).index(pick("状态", "Status", lang)) + 1, assessments["status"])
    write_sheet(book.create_sheet(pick("实际值", "Values", lang)), values_table(catalog, values, lang))
    write_sheet(book.create_sheet(pick("问题", "Problems", lang)), problems_table(catalog, problems, lang))
    legend = book.create_sheet(pick("状态说明", "Status legend", lang))
    shown = (*ASSESSED, *VERDICTS)
    write_sheet(legend, pd.DataFrame({pick("状态", "Status", lang): [status_label(s, lang) for s in shown],
                                      pick("含义", "Meaning", lang): [t(BY_CODE[s].meaning_key, lang) for s in shown]}))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
