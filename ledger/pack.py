"""The year-end Excel annex: everything behind the leaders' report, in tables an analyst can filter.

For a reporting year Y (ledger.year_end): the counts by status, which add up to the catalog's totals; every
indicator (those without data too) and every ledger item with its status, the status a year before and
whether it was reported this year and by whom; coverage per unit; what changed since Y-1; the values
submitted this year and what they replaced; the year's submissions with their notes; every row skipped in
reading them; every number with where it came from; the trajectory charts. Numbers are numbers, rounded as
the plan writes them; times are Beijing time; no hashes or internal ids.
"""
from __future__ import annotations

import datetime
import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.styles import Font
from sqlalchemy import Engine

from ledger.leaders_report import indicator_name, target_text, units_text
from ledger.year_end import YearEnd, read_frames, year_end
from loaders.catalog import Catalog
from tracker import task_views, views
from loaders.message import Message
from tracker.i18n import beijing_time, pick, status_name, t
from tracker.report import verdict_table
from tracker.wording import problem_text, say

CHART_WIDTH, CHART_HEIGHT = 520, 240


def _round(value, digits: int = 2):
    return None if value is None or pd.isna(value) else round(float(value), digits)


def _year(value):
    return None if value is None or pd.isna(value) else int(value)


def pack_tables(catalog: Catalog, picture: YearEnd, lang: str) -> dict[str, pd.DataFrame]:
    """The annex's tables (also what tests read), titled in `lang`."""
    def p(zh: str, en: str) -> str:
        return pick(zh, en, lang)

    indicators, items = picture.indicators, picture.items
    year = picture.year
    values_this_year = picture.new_values
    reporters = values_this_year.groupby("indicator_id")["reporting_unit"].agg(lambda s: sorted(set(s))) \
        if len(values_this_year) else pd.Series(dtype=object)

    summary = pd.DataFrame(
        [[p("指标", "Indicators"), status_name(c, lang), n] for c, n in picture.indicator_counts().items()]
        + [[p("指标", "Indicators"), p("合计", "Total"), len(indicators)]]
        + [[p("重点任务等", "Ledger items"), task_views.status_label(c, lang)[2:], n] for c, n in picture.item_counts().items()]
        + [[p("重点任务等", "Ledger items"), p("合计", "Total"), len(items)]]
        + [[t("due.kind", lang, year=int(y)), status_name(c, lang), n]
           for y in sorted(picture.verdicts["target_year"].unique()) for c, n in picture.verdict_counts(int(y)).items()]
        + [[t("due.kind", lang, year=int(y)), p("合计", "Total"), int((picture.verdicts["target_year"] == y).sum())]
           for y in sorted(picture.verdicts["target_year"].unique())],
        columns=[p("类别", "Kind"), p("状态", "Status"), p("数量", "Count")])

    statuses = pd.DataFrame({
        p("指标", "Indicator"): [indicator_name(r, lang) for r in indicators.to_dict("records")],
        p("行动", "Action"): [views.action_label(catalog, int(a), lang) for a in indicators["action_id"]],
        p("状态", "Status"): [status_name(s, lang) for s in indicators["status"]],
        p("上一年度状态", "Status a year before"): [status_name(s, lang) for s in indicators["previous_status"]],
        p("原因", "Reason"): [say(r, lang, catalog) if isinstance(r, Message) else t("meaning.no_data", lang)
                            for r in indicators["reason"]],
        p("最新年份", "Latest year"): [_year(v) for v in indicators["latest_year"]],
        p("最新实际值", "Latest actual"): [_round(v) for v in indicators["latest_value"]],
        p("单位", "Unit"): indicators["unit_en" if lang == "en" else "unit"],
        p("目标", "Target"): [target_text(r, lang) for r in indicators.to_dict("records")],
        p("按计划应达", "Plan path now"): [_round(v, 1) for v in indicators["required_value"]],
        p("趋势外推至目标年", "Trend at target year"): [_round(v, 1) for v in indicators["projected_value"]],
        p("数据滞后", "Data lag"): [p("是", "yes") if v is True else "" for v in indicators["data_lag"]],
        p(f"{year}年度是否报送", f"Reported in {year}"): [p("是", "yes") if i in reporters.index else p("否", "no")
                                                       for i in indicators["indicator_id"]],
        p("报送单位", "Reported by"): [views.unit_short_names(catalog, reporters.get(i, []), lang) for i in indicators["indicator_id"]],
        p("牵头单位", "Lead unit"): [units_text(catalog, u, lang) for u in indicators["lead_units"]],
    })

    task_rows = []
    for row in items.to_dict("records"):
        reported = isinstance(row["reporting_unit"], str) and row["reporting_year"] == year
        task_rows.append({
            p("序号", "No."): row["number"] if row["kind"] == "task" else "",
            p("类别", "Kind"): task_views.kind_label(row["kind"], lang),
            p("名称", "Name"): pick(row["title_zh"], row["title_en"], lang),
            p("行动", "Action"): views.action_label(catalog, int(row["action_id"]), lang),
            p("状态", "Status"): task_views.status_label(row["status"], lang)[2:],
            p("上一年度状态", "Status a year before"): task_views.status_label(row["previous_status"], lang)[2:],
            p(f"牵头单位{year}年度是否报送", f"Lead unit reported in {year}"): p("是", "yes") if reported else p("否", "no"),
            p("完成时限", "Due"): task_views.deadline_label(row["year"], row["annual"], lang),
            p("牵头单位", "Lead unit"): units_text(catalog, row["lead_units"], lang),
            p("报送单位", "Reported by"): views.unit_label(catalog, row["reporting_unit"], lang) if isinstance(row["reporting_unit"], str) else "",
            p("报送时间(北京时间)", "Reported (Beijing time)"): beijing_time(row["submitted_at"]) if isinstance(row["reporting_unit"], str) else "",
            p("工作进展", "Progress"): row["progress"] or "", p("存在问题", "Issues"): row["issues"] or "",
            p("下步计划", "Next steps"): row["next_steps"] or "", p("佐证/备注", "Evidence/notes"): row["evidence"] or "",
            p("退回原因", "Reason for return"): row["return_reason"] or "", p("审核意见", "Review note"): row["review_note"] or "",
            p("配合单位报送", "Partner reports"): int(row["partner_reports"] or 0),
        })
    tasks = pd.DataFrame(task_rows)

    coverage = picture.coverage
    indicator_names = dict(zip(catalog.indicators["indicator_id"], catalog.indicators["name_en" if lang == "en" else "name_zh"]))
    item_names = {r["item_id"]: task_views.item_label(r, lang) for r in items.to_dict("records")}
    by_unit = pd.DataFrame({
        p("单位", "Unit"): [views.unit_label(catalog, u, lang) for u in coverage["unit_id"]],
        p("情况", "Verdict"): [t(f"reporting.{v}", lang) for v in coverage["reporting"]],
        p("应报指标", "Indicators due"): coverage["indicators_due"],
        p("已报指标", "Indicators reported"): coverage["indicators_reported"],
        p("未报指标", "Indicators missing"): ["; ".join(indicator_names[i] for i in m) for m in coverage["indicators_missing"]],
        p("应报任务", "Items due"): coverage["items_due"],
        p("已报任务", "Items reported"): coverage["items_reported"],
        p("未报任务", "Items missing"): ["; ".join(item_names[i] for i in m) for m in coverage["items_missing"]],
        p("其他报送", "Other reports"): coverage["other_reports"],
    })

    moves = [{p("类别", "Kind"): p("指标", "Indicator"), p("名称", "Name"): indicator_name(r, lang),
              p("上一年度", "A year before"): status_name(r["previous_status"], lang),
              p("本年度", "This year"): status_name(r["status"], lang),
              p("原因", "Reason"): say(r["reason"], lang, catalog) if isinstance(r["reason"], Message) else ""}
             for r in indicators.to_dict("records") if r["previous_status"] != r["status"]]
    moves += [{p("类别", "Kind"): task_views.kind_label(r["kind"], lang), p("名称", "Name"): task_views.item_label(r, lang),
               p("上一年度", "A year before"): task_views.status_label(r["previous_status"], lang)[2:],
               p("本年度", "This year"): task_views.status_label(r["status"], lang)[2:],
               p("原因", "Reason"): r["return_reason"] or r["issues"] or ""}
              for r in items.to_dict("records") if r["previous_status"] != r["status"]]

    new = picture.new_values
    changes = pd.DataFrame({
        p("指标", "Indicator"): [indicator_names.get(i, i) for i in new["indicator_id"]],
        p("年份", "Year"): [int(y) for y in new["year"]],
        p("新数值", "New value"): [_round(v) for v in new["value"]],
        p("替代的数值", "Replaced value"): [_round(v) for v in new["replaced"]],
        p("约数", "Approximate"): [p("是", "yes") if a else "" for a in new["approximate"]],
        p("备注", "Note"): new["note"],
        p("报送单位", "Reporting unit"): [views.unit_label(catalog, u, lang) for u in new["reporting_unit"]],
        p("填报人", "Submitter"): new["submitter"],
        p("报送时间(北京时间)", "Submitted (Beijing time)"): [beijing_time(m) for m in new["submitted_at"]],
        p("文件", "File"): new["file_name"],
    })

    subs = picture.submissions
    submissions = pd.DataFrame({
        p("报送时间(北京时间)", "Submitted (Beijing time)"): [beijing_time(m) for m in subs["submitted_at"]],
        p("报送单位", "Reporting unit"): [views.unit_label(catalog, u, lang) for u in subs["reporting_unit"]],
        p("填报人", "Submitter"): subs["submitter"],
        p("方式", "How"): [p("网页填报", "web form") if o == "form" else p("上传文件", "upload") for o in subs["origin"]],
        p("文件", "File"): subs["file_name"],
        p("数值个数", "Values"): subs["values"], p("任务条数", "Task reports"): subs["tasks"],
        p("跳过的行", "Rows skipped"): [len(x or []) for x in subs["problems"]],
        p("备注", "Note"): subs["note"],
    })

    problems = picture.problems
    skipped = pd.DataFrame({
        p("报送单位", "Reporting unit"): [views.unit_label(catalog, u, lang) for u in problems["unit_id"]],
        p("文件", "File"): problems["file"], p("工作表", "Sheet"): problems["sheet"],
        p("行", "Row"): [_year(r) for r in problems["row"]], p("列", "Column"): problems["column"],
        p("问题", "Problem"): [problem_text(problem, lang, catalog) for problem in problems.to_dict("records")],
    })

    current = picture.current
    sources = pd.DataFrame({
        p("指标", "Indicator"): [indicator_names[i] for i in current["indicator_id"]],
        p("年份", "Year"): [int(y) for y in current["year"]],
        p("数值", "Value"): [_round(v) for v in current["value"]],
        p("约数", "Approximate"): [p("是", "yes") if a else "" for a in current["approximate"]],
        p("备注", "Note"): current["note"],
        p("报送单位", "Reporting unit"): [views.unit_label(catalog, u, lang) for u in current["reporting_unit"]],
        p("报告年度", "Reporting year"): [int(y) for y in current["reporting_year"]],
        p("填报人", "Submitter"): current["submitter"],
        p("报送时间(北京时间)", "Submitted (Beijing time)"): [beijing_time(m) for m in current["submitted_at"]],
        p("文件", "File"): current["file_name"],
        p("工作表", "Sheet"): current["sheet"],
        p("单元格", "Cell"): current["column"] + current["row"].map(lambda r: "" if pd.isna(r) else str(int(r))),
    })
    return {"summary": summary, "verdicts": verdict_table(catalog, picture.verdicts, lang), "statuses": statuses, "tasks": tasks, "by_unit": by_unit, "moves": pd.DataFrame(moves),
            "changes": changes, "submissions": submissions, "skipped": skipped, "values": sources}


SHEETS = (("verdicts", "到期目标", "Targets due"), ("statuses", "各指标状态", "Indicators"), ("tasks", "重点任务状态", "Ledger items"), ("by_unit", "报送情况", "Reporting by unit"),
          ("moves", "状态变化", "Status changes"), ("changes", "本年度新数值", "New values this year"),
          ("submissions", "本年度报送", "Submissions this year"), ("skipped", "跳过的行", "Rows skipped"),
          ("values", "数值来源", "Values and sources"))
WRAPPED = ("原因", "Reason", "依据", "Why", "工作进展", "Progress", "存在问题", "Issues", "未报指标", "Indicators missing", "未报任务",
           "Items missing", "问题", "Problem", "名称", "Name")


def build_pack(engine: Engine, catalog: Catalog, year: int, lang: str = "zh", *,
               generated: datetime.datetime | None = None, picture: YearEnd | None = None) -> bytes:
    from tracker.export import write_sheet

    picture = picture or year_end(catalog, read_frames(engine), year, generated)
    tables = pack_tables(catalog, picture, lang)
    book = Workbook()
    cover = book.active
    cover.title = pick("概况", "Summary", lang)
    cover["A1"] = pick(f"银川市碳达峰实施方案 {year} 年度落实情况(附件)", f"Yinchuan carbon-peak plan: {year} year-end annex", lang)
    cover["A1"].font = Font(bold=True, size=15)
    cover["A2"] = pick(f"生成时间(北京时间):{beijing_time(picture.generated)};台账包含报告年度不晚于 {year} 年的全部报送。"
                       f"每项指标和每项任务恰好处于一种状态,合计与方案一致。",
                       f"Generated (Beijing time): {beijing_time(picture.generated)}; the ledger holds every submission with a "
                       f"reporting year up to {year}. Every indicator and every item is in exactly one status; the totals "
                       "are the plan's.", lang)
    write_sheet(cover, tables["summary"], start_row=4)
    for key, zh, en in SHEETS:
        write_sheet(book.create_sheet(pick(zh, en, lang)), tables[key], wrap=WRAPPED, autofilter=True)
    from tracker.charts import trajectory_png  # Altair and the renderer: only when a file is made
    charts = book.create_sheet(pick("轨迹图", "Trajectories", lang))
    assessed = picture.indicators[~picture.indicators["status"].isin(("no_data",))]
    for position, row in enumerate(assessed.to_dict("records")):
        image = Image(io.BytesIO(trajectory_png(catalog, row["indicator_id"], lang, picture.current, row,
                                                  width=CHART_WIDTH, height=CHART_HEIGHT, scale=1)))
        image.anchor = f"{'A' if position % 2 == 0 else 'J'}{1 + (position // 2) * 18}"
        charts.add_image(image)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


__all__ = ["build_pack", "pack_tables"]
