"""Command line: python -m tracker assess SHEET.xlsx [--json] [--out REPORT.xlsx] [--lang zh|en].

Reads the sheets' numbers and their task ledgers: prints each indicator's verdicts on its targets whose year
has passed (met, missed, no value for that year) and its status toward the next target, each with its reason,
then each task report with the status the sheet gives (none when it has no status column), and what was
skipped."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from loaders.actuals import UploadError, combine, read_actuals
from loaders.catalog import load_catalog
from loaders.items import ledger_items
from tracker.assess import assess_frame, default_reporting_year, verdict_frame
from tracker.i18n import status_label, t
from tracker.review import review
from tracker.wording import problem_text, say
from tracker.task_views import item_label, status_label as task_status_label
from tracker.report import build_report

JSON_FIELDS = ["indicator_id", "status", "latest_year", "latest_value", "baseline_year", "baseline_value",
               "required_value", "progress_ratio", "target_year", "target_value", "comparator", "projected_value",
               "data_lag", "reason"]
VERDICT_FIELDS = ["target_year", "target_value", "comparator", "verdict", "actual_year", "actual_value", "actual_months",
                  "gap", "later_year", "later_value", "reason"]


def _plain(value):
    """JSON-friendly scalars: numpy numbers → Python, NaN/NA → None."""
    if value is None:
        return None
    try:
        if value != value:  # NaN
            return None
    except (TypeError, ValueError):
        return None if str(value) == "<NA>" else value
    return value.item() if hasattr(value, "item") else value


def assess_command(args: argparse.Namespace) -> int:
    catalog = load_catalog()
    items = ledger_items(catalog)
    results = []
    for path in args.sheets:
        try:
            results.append(read_actuals(Path(path).read_bytes(), Path(path).name, catalog.indicators, items=items,
                                        targets=catalog.targets))
        except UploadError as error:
            print(f"{path}: {say(error.message, args.lang, catalog)}", file=sys.stderr)
            return 2
        except OSError as error:
            print(f"{path}: {error.strerror}", file=sys.stderr)
            return 2
    # what the reader put to a person cannot be decided here: it is left out, and said
    checked = review(results, {}, unit=None, roles=None)
    values, tasks = checked.values(), checked.tasks().merge(items, on="item_id", how="left")
    _, problems = combine(results)
    problems = pd.concat([problems, checked.problems()], ignore_index=True)
    assessments = assess_frame(catalog, values, args.reporting_year)
    for problem in problems.to_dict("records"):
        row = None if problem["row"] is None or pd.isna(problem["row"]) else t("row_n", args.lang, n=int(problem["row"]))
        where = ", ".join(str(p) for p in (problem["file"], problem["sheet"], row, problem["column"] or None) if p)
        print(f"{where}: {problem_text(problem, args.lang, catalog)}", file=sys.stderr)
    if args.json:
        rows = []
        for row in assessments.to_dict("records"):
            row["reason"] = say(row["reason"], args.lang, catalog)
            verdicts = [{field: say(v[field], args.lang, catalog) if field == "reason" else _plain(v[field])
                         for field in VERDICT_FIELDS} for v in row["verdicts"] or []]
            rows.append({**{field: _plain(row[field]) for field in JSON_FIELDS}, "verdicts": verdicts})
        task_rows = [{"item_id": row["item_id"], "item": item_label(row, args.lang), "status": row["status"] or None,
                      **{field: row[field] for field in ("progress", "issues", "next_steps", "evidence", "sheet")},
                      "row": _plain(row["row"])} for row in tasks.to_dict("records")]
        json.dump({"indicators": rows, "tasks": task_rows}, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for row in assessments.itertuples():
            for verdict in row.verdicts or []:   # what is due first, then the way to the next target
                print(f"{row.indicator_id}\t{t('chart.verdict_of', args.lang, year=verdict['target_year'], verdict=status_label(verdict['verdict'], args.lang))}"
                      f"\t{say(verdict['reason'], args.lang, catalog)}")
            print(f"{row.indicator_id}\t{status_label(row.status, args.lang)}\t"
                  f"{say(row.reason, args.lang, catalog)}")
        for row in tasks.to_dict("records"):
            progress = " ".join(row["progress"].split())
            print(f"{item_label(row, args.lang)}\t{task_status_label(row['status'] or 'no_status', args.lang)}\t"
                  f"{progress[:80]}{'…' if len(progress) > 80 else ''}")
    if args.out:
        Path(args.out).write_bytes(build_report(catalog, assessments, values, problems, args.lang,
                                                reporting_year=args.reporting_year,
                                                verdicts=verdict_frame(assessments)))
        print(t("cli.report_written", args.lang, path=args.out), file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tracker", description="Carbon-peak target tracker")
    commands = parser.add_subparsers(dest="command", required=True)
    assess = commands.add_parser("assess", help="assess progress sheets against the plan's targets")
    assess.add_argument("sheets", nargs="+", metavar="SHEET.xlsx", help="progress sheets (xlsx, xls, ods, csv)")
    assess.add_argument("--json", action="store_true", help="print a JSON list instead of one line per indicator")
    assess.add_argument("--out", metavar="REPORT.xlsx", help="also write the Excel report")
    assess.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of reasons and report")
    assess.add_argument("--reporting-year", type=int, default=default_reporting_year(),
                        help="the year-end cycle judged (default: the one under way); targets of earlier years are due")
    args = parser.parse_args(argv)
    return assess_command(args)


if __name__ == "__main__":
    sys.exit(main())
