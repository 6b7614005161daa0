"""The verdicts where people read them: /progress, /targets, /units, the office's dashboard, the command line
and the Excel report, on a December-2026 ledger built in code (tests/test_verdicts.py's values)."""
from __future__ import annotations

import json
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from ledger import store
from test_pages import ledger_engine, open_app
from test_verdicts import VALUES
from workbooks import make_xlsx
from test_files import ROOT
import plan_counts as plan


@pytest.fixture
def december_2026():
    engine = ledger_engine()
    for unit in dict.fromkeys(u for u, *_ in VALUES):
        rows = [(i, y, v) for u, i, y, v in VALUES if u == unit]
        store.save_submission(engine, store.SubmissionInput(unit, 2026, "王工", f"{unit}.xlsx", ""),
                              pd.DataFrame(rows, columns=["indicator_id", "year", "value"]))


def frame(element) -> pd.DataFrame:
    value = element.value
    return value.data if hasattr(value, "data") else value   # a Styler: its frame


def test__progress__the_targets_due_come_first_with_their_verdicts(december_2026):
    app = open_app("pages/progress.py", lang="en")
    figures = [(m.label, m.value) for m in app.metric]
    # every 2025 target of the plan, as the dashboard counts them: those nobody reported on have no value
    assert figures[:3] == [("✔ Met", "1"), ("✖ Missed", "6"),
                           ("? No value for the year", str(plan.NUMERIC_TARGETS_2025 - 7))]
    assert dict(figures[3:])["■ All targets due"] == "4" and dict(figures[3:])["◆ Acceleration needed"] == "4"
    due = frame(app.dataframe[0])
    assert list(due.columns) == ["Indicator", "Target year", "Target", "Verdict", "Why", "Value of that year",
                                 "Short by", "Unit", "Action"]
    assert due.iloc[0].tolist() == [
        "Installed new-energy generating capacity", 2025, "≥ 500 ×10⁴ kW", "✖ Missed",
        "2025 actual 455 ×10⁴ kW against the 2025 target ≥ 500 ×10⁴ kW: missed by 45 ×10⁴ kW. By 2026 it reached "
        "510 ×10⁴ kW.", 455.0, 45.0, "×10⁴ kW", "Main goals"]
    waste = due.set_index("Indicator").loc["Utilisation rate of general industrial solid waste"]
    assert (waste["Verdict"], waste["Why"]) == (
        "? No value for the year", "No actual for 2025, so whether the 2025 target 57% was met cannot be told; 2026: 56.9%.")
    assert pd.isna(waste["Value of that year"])   # 2026's value is not passed off as 2025's


def test__progress__the_due_targets_follow_the_unit_and_the_status_filter(december_2026):
    # a unit: the 2025 targets it leads or supports, reported or not (natres: forest cover met, the two
    # capacities it supports missed, ten that nobody reported)
    app = open_app("pages/progress.py", lang="en", unit="natres")
    assert [(m.label, m.value) for m in app.metric][:3] == [("✔ Met", "1"), ("✖ Missed", "2"),
                                                             ("? No value for the year", "10")]
    due = frame(app.dataframe[0])
    assert due.loc[due["Verdict"] != "? No value for the year", "Indicator"].tolist() == [
        "Installed new-energy generating capacity", "Installed clean-energy capacity", "Forest cover"]
    # a status: the due targets of the indicators in that status only
    app = open_app("pages/progress.py", lang="en", status="acceleration_needed")
    assert [(m.label, m.value) for m in app.metric][:3] == [("✔ Met", "0"), ("✖ Missed", "4"),
                                                             ("? No value for the year", "0")]
    assert frame(app.dataframe[0])["Indicator"].tolist() == [
        "Installed new-energy generating capacity", "Share of non-hydro renewable electricity in power consumption",
        "Installed clean-energy capacity", "Electricity consumption share (电力消费比重)"]


def test__targets__each_row_says_its_verdict_or_status(december_2026):
    app = open_app("pages/targets.py", lang="en", year="2025")
    table = frame(app.dataframe[0]).set_index("Target")
    progress = table["Progress (ledger)"]
    assert progress["By 2025, installed new-energy generating capacity exceeds 5 million kW."] == "✖ Missed"
    assert progress["By 2025, CO2 emissions per unit of GDP fall by 14% cumulatively."] == "? No value for the year"
    # a qualitative goal of 2025 that no unit reported on: overdue, with its deadline
    assert progress["During the 14th Five-Year Plan period (2021–2025), green and low-carbon development rises "
                    "markedly."] == "✖ Overdue (due 2025)"
    app = open_app("pages/targets.py", lang="en", year="2030", q="new-energy generating")
    assert frame(app.dataframe[0])["Progress (ledger)"].tolist() == ["◆ Acceleration needed"]


def test__dashboard__the_fourteenth_five_year_verdicts_first(december_2026):
    app = open_app()
    assert app.markdown[0].value == f"**十四五目标(2025 年)到期情况** · {plan.NUMERIC_TARGETS_2025} 个目标"
    assert [(m.label, m.value) for m in app.metric][:3] == [("✔ 到期达成", "1"), ("✖ 到期未达成", "6"),
                                                             ("? 无当年数据", str(plan.NUMERIC_TARGETS_2025 - 7))]
    assert [e.label for e in app.expander][:2] == ["✖ 到期未达成 · 6", f"? 无当年数据 · {plan.NUMERIC_TARGETS_2025 - 7}"]
    missed = frame(app.dataframe[0])
    assert missed["指标"].tolist()[:2] == ["新能源发电装机规模", "非水可再生能源电力消纳比重"]
    assert missed["依据"].tolist()[1] == "2025 年实际 27.5%,2025 年目标 ≥ 30%,差 2.5 个百分点,到期未达成。"


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tracker", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test__cli__assess_prints_the_verdicts_before_the_status(tmp_path):
    sheet = tmp_path / "ndrc.xlsx"
    sheet.write_bytes(make_xlsx({"填报": [["指标", "2020", "2025", "2026"], ["新能源发电装机规模", 300, 455, 510]]}))
    lines = run_cli("assess", str(sheet), "--lang", "en", "--reporting-year", "2026", "--out", str(tmp_path / "r.xlsx"))
    assert lines.returncode == 0, lines.stderr
    assert lines.stdout.splitlines() == [
        "new_energy_capacity\t2025 target: ✖ Missed\t2025 actual 455 ×10⁴ kW against the 2025 target ≥ 500 ×10⁴ kW: "
        "missed by 45 ×10⁴ kW. By 2026 it reached 510 ×10⁴ kW.",
        "new_energy_capacity\t◆ Acceleration needed\t2026 actual 510 ×10⁴ kW, plan path requires 550 ×10⁴ kW, the "
        "2030 target ≥ 750 ×10⁴ kW; progress is 84% of what was required."]
    row = json.loads(run_cli("assess", str(sheet), "--json", "--reporting-year", "2026").stdout)["indicators"][0]
    assert row["verdicts"] == [{
        "target_year": 2025, "target_value": 500.0, "comparator": ">=", "verdict": "missed", "actual_year": 2025,
        "actual_value": 455.0, "actual_months": "", "gap": 45.0, "later_year": 2026, "later_value": 510.0,
        "reason": "2025 年实际 455 万千瓦,2025 年目标 ≥ 500 万千瓦,差 45 万千瓦,到期未达成。2026 年已达 510 万千瓦。"}]
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames == ["Summary", "Targets due", "Statuses", "Values", "Problems", "Status legend"]
    due = book["Targets due"]
    assert [c.value for c in due[2]][:7] == ["Installed new-energy generating capacity", 2025, "≥ 500 ×10⁴ kW",
                                            "✖ Missed", due["E2"].value, 455, 45]
    assert due["D2"].fill.fgColor.rgb.upper().endswith("C92A2A")   # the registry's colour for missed


def test__method__lists_every_status_from_the_registry():
    app = open_app("pages/method.py", lang="en")
    legend = next(m.value for m in app.markdown if m.value.startswith("| Of |"))
    assert len(legend.splitlines()) == 2 + 20
    assert ("| A target now due | ✖ Missed | The actual of the target's year does not meet the target (the gap is "
            "given). |") in legend.splitlines()


def test__progress__the_counts_by_action_are_drawn_once_opened(december_2026):
    app = open_app("pages/progress.py", lang="en")
    assert "Statuses counted by action" in [e.label for e in app.expander]
    assert not [d for d in app.dataframe if d.value.columns[0] == "Action area"]   # closed: nothing drawn in it
    assert len(app.get("vega_lite_chart")) == 8   # the trajectories only
    # opened, its chart and table come: tests/test_browser.py (AppTest re-routes each run through app.py,
    # which drops an expander's state set between runs)


def test__dashboard__the_list_of_changes_is_drawn_once_opened(december_2026):
    from ledger.year_end import read_frames, year_end
    from loaders.catalog import load_catalog
    from ui.dashboard import changes
    app = open_app(lang="en")
    listed = next(e for e in app.expander if e.label.startswith("Open the list"))
    assert listed.label == "Open the list (16)" and not listed.dataframe   # its table: once opened
    catalog = load_catalog()
    table = changes(year_end(catalog, read_frames(ledger_engine()), 2026), catalog, "en")
    assert len(table) == 16   # what the label counted
    assert table.iloc[0].tolist() == ["Utilisation rate of general industrial solid waste", "? Cannot assess",
                                      "■ All targets due", "other change"]
