"""What the app hands out: the template (and its round trip), the report, exports, the command line."""
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from workbooks import make_xlsx
from loaders.actuals import read_actuals
from tracker import export
from tracker.assess import assess_frame
from tracker.report import build_report
from tracker.review import review
from tracker.template import HEADER_ROW, YEARS, build_template
import plan_counts as plan

ROOT = Path(__file__).resolve().parent.parent


def test__template__layout_protection_and_validation(catalog):
    book = openpyxl.load_workbook(io.BytesIO(build_template(catalog, "zh")))
    assert book.sheetnames == ["填报", "重点任务", "说明"]
    sheet = book["填报"]
    header = [sheet.cell(HEADER_ROW, c).value for c in range(1, 18)]
    assert header == ["指标编号", "指标", "单位", "2025年目标", "2030年目标", "未定年份目标", *YEARS]
    first = [sheet.cell(HEADER_ROW + 1, c).value for c in range(1, 6)]
    assert first == ["new_energy_capacity", "新能源发电装机规模", "万千瓦", "≥ 500 万千瓦", "≥ 750 万千瓦"]
    assert sheet.max_row - HEADER_ROW == plan.INDICATORS  # every indicator has a numeric target
    assert sheet.freeze_panes == "G5"
    assert sheet.protection.sheet and sheet.cell(HEADER_ROW + 1, 2).protection.locked
    assert not sheet.cell(HEADER_ROW + 1, 7).protection.locked
    validation = sheet.data_validations.dataValidation[0]
    assert validation.type == "decimal" and str(validation.sqref) == "G5:Q49"
    wetland = next(r for r in range(5, 50) if sheet.cell(r, 1).value == "wetland_protection_rate")
    assert sheet.cell(wetland, 4).value == "≥ 85%" and sheet.cell(wetland, 5).value == "≥ 90%"


def test__template__department_filter_and_english(catalog):
    sheet = openpyxl.load_workbook(io.BytesIO(build_template(catalog, "en", "transport")))["Actuals"]
    ids = [sheet.cell(r, 1).value for r in range(HEADER_ROW + 1, sheet.max_row + 1)]
    # transport leads tasks 15-17 and supports 1, 3 and 19 (and others without targets); rows 1 and 3 carry the
    # main goals of new-energy capacity, the non-hydro renewable share and the non-fossil share
    assert ids == ["new_energy_capacity", "nonhydro_renewable_power_share", "non_fossil_energy_share",
                   "clean_energy_capacity", "electricity_share", "nev_sales_share", "electric_bus_share",
                   "municipal_vehicle_nev_share", "commercial_vehicle_co2_reduction", "green_travel_share",
                   "public_chargers", "industrial_solid_waste_utilization"]
    assert sheet["A1"].value == "Yinchuan carbon-peak targets: progress sheet · Municipal Transport Bureau"
    assert sheet.cell(HEADER_ROW + 11, 5).value == "≥ 6,900 posts"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test__template__filled_in_reads_back_exactly(catalog, lang):
    book = openpyxl.load_workbook(io.BytesIO(build_template(catalog, lang)))
    sheet = book.active
    rows = {sheet.cell(r, 1).value: r for r in range(HEADER_ROW + 1, sheet.max_row + 1)}
    filled = {("clean_energy_capacity", 2020): 380.0, ("clean_energy_capacity", 2023): 440.5,
              ("forest_coverage", 2024): 16.25, ("public_chargers", 2030): 7000.0,
              ("co2_intensity_reduction", 2022): 9.1, ("coal_power_supply_coal_rate", 2021): 311.0}
    for (indicator_id, year), value in filled.items():
        sheet.cell(rows[indicator_id], 7 + YEARS.index(year)).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    result = read_actuals(buffer.getvalue(), "filled.xlsx", catalog.indicators)
    read = {(r.indicator_id, r.year): r.value for r in result.values.itertuples()}
    assert read == filled
    assert result.problems.empty
    assert result.sheets["layout"].tolist() == ["wide", "tasks", "instructions"]


def test__report__sheets_statuses_and_neutralised_formulas(catalog):
    csv = "指标,2020,2023\n清洁能源装机规模,380,440\n=cmd|' /C calc'!A0,1,2\n".encode()
    sheet = make_xlsx({"=1+2": [["指标", 2023], ["未知指标", 5]]})
    results = [read_actuals(csv, "@evil.csv", catalog.indicators), read_actuals(sheet, "+x.xlsx", catalog.indicators)]
    checked = review(results, {}, unit=None, roles=None)
    values = checked.values()
    problems = pd.concat([*(r.problems for r in results), checked.problems()], ignore_index=True)
    assessments = assess_frame(catalog, values, 2023)
    book = openpyxl.load_workbook(io.BytesIO(build_report(
        catalog, assessments, values, problems, "en", reporting_year=2023,
        about={"unit": "Municipal Transport Bureau", "files": ["@evil.csv", "+x.xlsx"],
               "year_source": "The reporting year is the latest year in the uploaded data."})))
    assert book.sheetnames == ["Summary", "Statuses", "Values", "Problems", "Status legend"]
    statuses = book["Statuses"]
    assert [c.value for c in statuses[2]][:3] == [
        "Installed clean-energy capacity", "◆ Acceleration needed",
        "2023 actual 440 ×10⁴ kW, plan path requires 452 ×10⁴ kW, the 2025 target ≥ 500 ×10⁴ kW; "
        "progress is 83% of what was required."]
    assert [c.value for c in statuses[2]][-1] == "Green and low-carbon energy transition"  # no internal ids
    assert statuses.auto_filter.ref.startswith("A1:")
    problems_sheet = book["Problems"]
    assert [problems_sheet["A2"].value, problems_sheet["E2"].value] == [
        "'@evil.csv", "“=cmd|' /C calc'!A0” needs a decision: choose what it is; not used until then."]
    assert problems_sheet["A3"].value == "'@evil.csv"   # its 2023 cell: each cell of the row is listed
    assert [problems_sheet["A4"].value, problems_sheet["B4"].value] == ["'+x.xlsx", "'=1+2"]
    assert book["Values"]["E2"].value == "'@evil.csv"
    for worksheet in book.worksheets:
        for row in worksheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (worksheet.title, cell.coordinate)
    cover = book["Summary"]
    # the report says what it is of: unit, files, reporting year and why, when (Beijing time)
    assert [[cover.cell(r, c).value for c in (1, 2)] for r in range(2, 5)] == [
        ["Reporting unit", "Municipal Transport Bureau"], ["Data from", "'@evil.csv; +x.xlsx"],
        ["Reporting year", "2023 (The reporting year is the latest year in the uploaded data.)"]]
    assert cover["A5"].value == "Generated (Beijing time)" and len(cover["B5"].value) == 16
    summary = pd.DataFrame(cover.iter_rows(min_row=8, values_only=True))
    assert summary.iloc[-1, 0] == "Total" and summary.iloc[-1, 3] == 1


def test__export__csv_has_a_bom_and_inert_cells():
    frame = pd.DataFrame({"名称": ["=1+1", "+86 951", "-3", "@x", "普通"], "n": [1, 2, 3, 4, 5]})
    data = export.csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == ["名称,n", "'=1+1,1", "'+86 951,2", "'-3,3", "'@x,4", "普通,5"]


def test__export__catalog_zip_and_workbook(catalog):
    names = zipfile.ZipFile(io.BytesIO(export.catalog_zip(catalog))).namelist()
    assert names == ["actions.csv", "units.csv", "tasks.csv", "indicators.csv", "targets.csv", "commitments.csv"]
    book = openpyxl.load_workbook(io.BytesIO(export.catalog_workbook(catalog)))
    assert book.sheetnames == [n.removesuffix(".csv") for n in names]
    assert book["targets"].max_row == plan.TARGETS + 1   # and its header


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tracker", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test__cli__assess_prints_lines_json_and_writes_the_report(tmp_path, long_sheet):
    sheet = tmp_path / "transport.xlsx"
    sheet.write_bytes(long_sheet)
    lines = run_cli("assess", str(sheet), "--lang", "en", "--reporting-year", "2023")
    assert lines.returncode == 0, lines.stderr
    assert lines.stdout.splitlines()[0].startswith("nev_sales_share\t? Cannot assess\tOnly one actual (2023)")
    as_json = run_cli("assess", str(sheet), "--json", "--reporting-year", "2023", "--out", str(tmp_path / "r.xlsx"))
    rows = json.loads(as_json.stdout)["indicators"]
    chargers = next(r for r in rows if r["indicator_id"] == "public_chargers")
    assert {k: chargers[k] for k in ("status", "latest_year", "latest_value", "target_year", "target_value")} == \
        {"status": "on_track", "latest_year": 2023, "latest_value": 3300.0, "target_year": 2025, "target_value": 4000.0}
    assert chargers["required_value"] == pytest.approx(1800 + 2200 * 2 / 4)
    assert chargers["reason"].startswith("2023 年实际 3,300 台,按计划路径应达 2,900 台")
    assert (tmp_path / "r.xlsx").exists()


def test__cli__an_unusable_file_exits_2_with_the_message(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"%PDF-1.4")
    result = run_cli("assess", str(bad), "--lang", "en")
    assert result.returncode == 2
    assert result.stderr.strip() == f"{bad}: This is a PDF file, not a spreadsheet. Please upload an .xlsx file."


def test__cli__assess_reads_task_ledgers_too(tmp_path):
    from workbooks import make_xlsx
    rows = [["市住建局台账"], ["序号", "重点任务", "完成状态", "工作进展"],
            ["12(1)", "持续开展绿色建筑创建行动", "按期推进", "新建绿色建筑312万平方米。"],
            ["13-2", "加强建筑用能管理", "滞后", "能耗监测平台建设中。"], ["40", "自拟工作", "已完成", "完成。"]]
    sheet = tmp_path / "ledger.xlsx"
    sheet.write_bytes(make_xlsx({"台账": rows}))
    lines = run_cli("assess", str(sheet))
    assert lines.returncode == 0, lines.stderr
    assert lines.stdout.splitlines() == [
        "12(1) 推行新建建筑绿色升级 · 持续开展绿色建筑创建行动\t▲ 按期推进\t新建绿色建筑312万平方米。",
        "13(2) 推进建筑能效提升 · 加强建筑用能管理\t▼ 进度滞后\t能耗监测平台建设中。"]
    assert lines.stderr.splitlines() == ["ledger.xlsx, 台账, 第 5 行: “40 自拟工作”需要确认:请选择对应的指标或任务;确认前不使用。"]
    as_json = json.loads(run_cli("assess", str(sheet), "--json", "--lang", "en").stdout)
    assert as_json["indicators"] == []
    assert [(t["item_id"], t["status"], t["row"]) for t in as_json["tasks"]] == [("12a", "on_schedule", 3), ("13b", "behind", 4)]


def test__export__targets_for_analysts_have_numbers_as_numbers(catalog):
    from tracker import views
    transport = views.filter_targets(catalog, views.TargetFilter(action=5, year=2030))
    book = openpyxl.load_workbook(io.BytesIO(export.excel_bytes(views.targets_export(catalog, transport, "en"), "Targets",
                                                                autofilter=True)))
    sheet = book["Targets"]
    header = [c.value for c in sheet[1]]
    assert header[:8] == ["Target", "Indicator", "Kind", "Comparator", "Value", "Unit", "Aspiration", "Target year"]
    assert "target_id" not in header and sheet.auto_filter.ref == "A1:P5"
    chargers = [c.value for c in sheet[5]]
    assert chargers[3:8] == ["≥ (or more)", 6900, "posts", None, 2030]
    assert isinstance(chargers[4], (int, float)) and isinstance(chargers[7], int)
