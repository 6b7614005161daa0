"""The year-end Excel annex: everything behind the leaders' report, in tables an analyst can filter.

For a reporting year Y (ledger.year_end): the counts by status, which add up to the catalog's totals; every
indicator's values year by year (numbers, the unit in a column of its own); the targets due and their verdicts;
every indicator (those without data too) and every ledger item with its status, the status a year before and
whether it was reported this year and by whom; every unit's own texts on each item, partners' too; coverage
per unit; what changed since Y-1, each change of one kind so that the counts add up; the values submitted this
year and what they replaced; the year's submissions; every row skipped in reading them; every number with where
it came from; the trajectory charts. Numbers are numbers; times are Beijing time; no hashes or internal ids.
"""
from __future__ import annotations

import datetime
import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.styles import Font
from sqlalchemy import Engine

from ledger.year_end import CHANGES, YearEnd, read_frames, year_end
from loaders.catalog import Catalog, split_ids
from loaders.message import Goal, Message
from tracker import task_views, views
from tracker.i18n import beijing_time, pick, status_name, t
from tracker.report import verdict_table
from tracker.wording import problem_text, say, words

CHART_WIDTH, CHART_HEIGHT = 520, 240
YEARS = range(2020, 2031)


def _round(value, digits: int = 2):
    return None if value is None or pd.isna(value) else round(float(value), digits)


def _year(value):
    return None if value is None or pd.isna(value) else int(value)


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def pack_tables(catalog: Catalog, picture: YearEnd, lang: str) -> dict[str, pd.DataFrame]:
    """The annex's tables (also what tests read), titled in `lang`."""
    def units(cell) -> str:
        ids = split_ids(cell)
        return views.unit_names(catalog, ids, lang) if ids else t("yr.no_units", lang)

    def yes(flag: bool) -> str:
        return t("report.yes", lang) if flag else t("annex.no", lang)

    indicators, items, year = picture.indicators, picture.items, picture.year
    unit_of = indicators["unit_en" if lang == "en" else "unit"]
    name_of = {i: views.indicator_name(catalog, i, lang) for i in indicators["indicator_id"]}
    reporters = picture.new_values.groupby("indicator_id")["reporting_unit"].agg(lambda s: sorted(set(s))) \
        if len(picture.new_values) else pd.Series(dtype=object)

    kind, status, count, total = (t(k, lang) for k in ("annex.kind", "col.status", "annex.count", "yr.total"))
    summary = [[t("annex.indicators", lang), status_name(c, lang), n] for c, n in picture.indicator_counts().items()]
    summary += [[t("annex.indicators", lang), total, len(indicators)]]
    summary += [[t("annex.ledger_items", lang), status_name(c, lang), n] for c, n in picture.item_counts().items()]
    summary += [[t("annex.ledger_items", lang), total, len(items)]]
    for target_year in sorted(picture.verdicts["target_year"].unique()):
        label = t("due.kind", lang, year=int(target_year))
        summary += [[label, status_name(c, lang), n] for c, n in picture.verdict_counts(int(target_year)).items()]
        summary += [[label, total, int((picture.verdicts["target_year"] == target_year).sum())]]
    summary = pd.DataFrame(summary, columns=[kind, status, count])

    # every indicator's values year by year: what the statuses rest on, as numbers
    current = picture.current
    by_year = current.pivot_table(index="indicator_id", columns="year", values="value", aggfunc="last") \
        if len(current) else pd.DataFrame()
    values_by_year = pd.DataFrame({t("yr.col.indicator", lang): [name_of[i] for i in indicators["indicator_id"]],
                                   t("col.unit", lang): list(unit_of)})
    for y in YEARS:
        values_by_year[str(y)] = [_round(by_year.at[i, y]) if i in by_year.index and y in by_year.columns
                                  and not pd.isna(by_year.at[i, y]) else None for i in indicators["indicator_id"]]
    values_by_year[t("yr.col.lead", lang)] = [units(u) for u in indicators["lead_units"]]

    statuses = pd.DataFrame({
        t("yr.col.indicator", lang): [name_of[i] for i in indicators["indicator_id"]],
        t("col.action", lang): [views.action_label(catalog, int(a), lang) for a in indicators["action_id"]],
        t("col.status", lang): [status_name(s, lang) for s in indicators["status"]],
        t("annex.status_a_year_before", lang): [status_name(s, lang) for s in indicators["previous_status"]],
        t("col.reason", lang): [say(r, lang, catalog) if isinstance(r, Message) else t("meaning.no_data", lang)
                                for r in indicators["reason"]],
        t("col.latest_year", lang): [_year(v) for v in indicators["latest_year"]],
        t("col.latest_actual", lang): [_round(v) for v in indicators["latest_value"]],
        t("col.unit", lang): list(unit_of),
        t("col.target_year", lang): [_year(v) for v in indicators["target_year"]],
        t("col.target", lang): ["" if pd.isna(r["target_value"]) else words(Goal(
            r["target_value"], r["comparator"], r["indicator_id"], None if pd.isna(r["aspiration"]) else r["aspiration"]),
            lang, catalog) for r in indicators.to_dict("records")],
        t("annex.plan_path_now", lang): [_round(v, 1) for v in indicators["required_value"]],
        t("col.trend_at_target_year", lang): [_round(v, 1) for v in indicators["projected_value"]],
        t("col.data_lag", lang): [t("report.yes", lang) if v is True else "" for v in indicators["data_lag"]],
        t("annex.reported_in", lang, year=year): [yes(i in reporters.index) for i in indicators["indicator_id"]],
        t("annex.reported_by", lang): [views.unit_short_names(catalog, reporters.get(i, []), lang)
                                       for i in indicators["indicator_id"]],
        t("yr.col.lead", lang): [units(u) for u in indicators["lead_units"]],
    })

    tasks = pd.DataFrame([{
        t("yr.col.no", lang): row["number"] if row["kind"] == "task" else "",
        t("annex.kind", lang): task_views.kind_label(row["kind"], lang),
        t("col.name", lang): pick(row["title_zh"], row["title_en"], lang),
        t("col.action", lang): views.action_label(catalog, int(row["action_id"]), lang),
        t("col.status", lang): status_name(row["status"], lang),
        t("annex.status_a_year_before", lang): status_name(row["previous_status"], lang),
        t("annex.lead_reported_in", lang, year=year): yes(isinstance(row["reporting_unit"], str)
                                                         and row["reporting_year"] == year),
        t("annex.due", lang): task_views.deadline_label(row["year"], row["annual"], lang),
        t("yr.col.lead", lang): units(row["lead_units"]),
        t("annex.partners", lang): units(row["partner_units"]) if split_ids(row["partner_units"]) else "",
        t("annex.partner_reports", lang): int(row["partner_reports"] or 0),
        t("return_reason", lang): _text(row["return_reason"]), t("review_note", lang): _text(row["review_note"]),
    } for row in items.to_dict("records")])

    item_of = {r["item_id"]: r for r in items.to_dict("records")}
    reports = picture.reports
    unit_texts = pd.DataFrame([{
        t("yr.col.no", lang): item_of[row["item_id"]]["number"] if item_of[row["item_id"]]["kind"] == "task" else "",
        t("col.name", lang): task_views.item_label(item_of[row["item_id"]], lang),
        t("report.reporting_unit", lang): views.unit_label(catalog, row["reporting_unit"], lang),
        t("annex.role", lang): t("role_lead" if row["role"] == "lead" else "role_partner", lang),
        t("col.status", lang): status_name(row["status"] or "no_status", lang),
        t("progress_text", lang): _text(row["progress"]), t("issues_text", lang): _text(row["issues"]),
        t("next_steps_text", lang): _text(row["next_steps"]), t("evidence_text", lang): _text(row["evidence"]),
        t("submitter", lang): row["submitter"],
        t("annex.submitted_beijing_time", lang): beijing_time(row["submitted_at"]),
    } for row in (reports.to_dict("records") if len(reports) else [])
        if row["item_id"] in item_of])

    coverage = picture.coverage
    item_names = {r["item_id"]: task_views.item_label(r, lang) for r in items.to_dict("records")}
    by_unit = pd.DataFrame({
        t("yr.col.unit", lang): [views.unit_label(catalog, u, lang) for u in coverage["unit_id"]],
        t("yr.col.reporting", lang): [t(f"reporting.{v}", lang) for v in coverage["reporting"]],
        t("yr.col.indicators_due", lang): coverage["indicators_due"],
        t("yr.col.indicators_reported", lang): coverage["indicators_reported"],
        t("annex.indicators_missing", lang): [t("list.separator", lang).join(name_of[i] for i in m)
                                              for m in coverage["indicators_missing"]],
        t("yr.col.items_due", lang): coverage["items_due"],
        t("yr.col.items_reported", lang): coverage["items_reported"],
        t("annex.items_missing", lang): [t("list.separator", lang).join(item_names[i] for i in m)
                                         for m in coverage["items_missing"]],
        t("annex.other_reports", lang): coverage["other_reports"],
    })

    moved = picture.moves()
    moves = pd.DataFrame({
        t("annex.kind", lang): [t("annex.indicator", lang) if m.kind == "indicator"
                                else task_views.kind_label(m.record["kind"], lang) for m in moved.itertuples()],
        t("col.name", lang): [name_of[m.id] if m.kind == "indicator" else task_views.item_label(m.record, lang)
                              for m in moved.itertuples()],
        t("dashboard.a_year_before", lang): [status_name(b, lang) for b in moved["before"]],
        t("dashboard.this_year", lang): [status_name(n, lang) for n in moved["now"]],
        t("moves.column", lang): [t(f"moves.change.{c}", lang) for c in moved["change"]],
        t("col.reason", lang): [say(m.record["reason"], lang, catalog) if m.kind == "indicator" and isinstance(
            m.record["reason"], Message) else _text(m.record.get("return_reason")) or _text(m.record.get("issues"))
            for m in moved.itertuples()],
    })
    counts = moved["change"].value_counts()
    move_counts = pd.DataFrame({t("moves.column", lang): [t(f"moves.change.{c}", lang) for c in CHANGES] + [total],
                                count: [int(counts.get(c, 0)) for c in CHANGES] + [len(moved)]})

    new = picture.new_values
    changes = pd.DataFrame({
        t("yr.col.indicator", lang): [name_of.get(i, i) for i in new["indicator_id"]],
        t("col.year", lang): [int(y) for y in new["year"]],
        t("annex.new_value", lang): [_round(v) for v in new["value"]],
        t("annex.replaced_value", lang): [_round(v) for v in new["replaced"]],
        t("ledger.approximate_2", lang): [t("report.yes", lang) if a else "" for a in new["approximate"]],
        t("ledger.note", lang): new["note"],
        t("report.reporting_unit", lang): [views.unit_label(catalog, u, lang) for u in new["reporting_unit"]],
        t("submitter", lang): new["submitter"],
        t("annex.submitted_beijing_time", lang): [beijing_time(m) for m in new["submitted_at"]],
        t("col.file", lang): new["file_name"],
    })

    subs = picture.submissions
    submissions = pd.DataFrame({
        t("annex.submitted_beijing_time", lang): [beijing_time(m) for m in subs["submitted_at"]],
        t("report.reporting_unit", lang): [views.unit_label(catalog, u, lang) for u in subs["reporting_unit"]],
        t("submitter", lang): subs["submitter"],
        t("annex.how", lang): [t("annex.web_form" if o == "form" else "annex.upload", lang) for o in subs["origin"]],
        t("col.file", lang): subs["file_name"],
        t("values_count", lang): subs["values"], t("ledger.task_reports", lang): subs["tasks"],
        t("annex.rows_skipped", lang): [len(x or []) for x in subs["problems"]],
        t("ledger.note", lang): subs["note"],
    })

    problems = picture.problems
    skipped = pd.DataFrame({
        t("report.reporting_unit", lang): [views.unit_label(catalog, u, lang) for u in problems["unit_id"]],
        t("col.file", lang): problems["file"], t("col.sheet", lang): problems["sheet"],
        t("col.row", lang): [_year(r) for r in problems["row"]], t("col.column", lang): problems["column"],
        t("col.problem", lang): [problem_text(problem, lang, catalog) for problem in problems.to_dict("records")],
    })

    sources = pd.DataFrame({
        t("yr.col.indicator", lang): [name_of.get(i, i) for i in current["indicator_id"]],
        t("col.year", lang): [int(y) for y in current["year"]],
        t("col.value", lang): [_round(v) for v in current["value"]],
        t("ledger.approximate_2", lang): [t("report.yes", lang) if a else "" for a in current["approximate"]],
        t("ledger.note", lang): current["note"],
        t("report.reporting_unit", lang): [views.unit_label(catalog, u, lang) for u in current["reporting_unit"]],
        t("ledger.reporting_year", lang): [int(y) for y in current["reporting_year"]],
        t("submitter", lang): current["submitter"],
        t("annex.submitted_beijing_time", lang): [beijing_time(m) for m in current["submitted_at"]],
        t("col.file", lang): current["file_name"],
        t("col.sheet", lang): current["sheet"],
        t("col.cell", lang): current["column"] + current["row"].map(lambda r: "" if pd.isna(r) else str(int(r))),
    })
    return {"summary": summary, "values_by_year": values_by_year, "verdicts": verdict_table(catalog, picture.verdicts, lang),
            "statuses": statuses, "tasks": tasks, "unit_texts": unit_texts, "by_unit": by_unit, "moves": moves,
            "move_counts": move_counts, "changes": changes, "submissions": submissions, "skipped": skipped,
            "values": sources}


SHEETS = ("values_by_year", "verdicts", "statuses", "tasks", "unit_texts", "by_unit", "moves", "changes",
          "submissions", "skipped", "values")   # each titled annex.sheet.<key>
WRAPPED_KEYS = ("col.reason", "reason", "progress_text", "issues_text", "next_steps_text", "annex.indicators_missing",
                "annex.items_missing", "col.problem", "col.name")


def build_pack(engine: Engine, catalog: Catalog, year: int, lang: str = "zh", *,
               generated: datetime.datetime | None = None, picture: YearEnd | None = None) -> bytes:
    from tracker.export import write_sheet

    picture = picture or year_end(catalog, read_frames(engine), year, generated)
    tables = pack_tables(catalog, picture, lang)
    wrapped = tuple(t(key, lang) for key in WRAPPED_KEYS)
    book = Workbook()
    cover = book.active
    cover.title = t("annex.sheet.summary", lang)
    cover["A1"] = t("annex.title", lang, year=year)
    cover["A1"].font = Font(bold=True, size=15)
    cover["A2"] = t("annex.about", lang, when=beijing_time(picture.generated), year=year)
    write_sheet(cover, tables["summary"], start_row=4)
    write_sheet(cover, tables["move_counts"], start_row=len(tables["summary"]) + 7)
    for key in SHEETS:
        write_sheet(book.create_sheet(t(f"annex.sheet.{key}", lang)), tables[key], wrap=wrapped, autofilter=True)
    from tracker.charts import trajectory_png  # Altair and the renderer: only when a file is made
    charts = book.create_sheet(t("annex.sheet.charts", lang))
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
