"""Reading real progress sheets: every row a person meant is kept, with how it was read — brackets that are
notes, approximate values, 备注 and notes around the table, fractions typed into shares — and workbooks of
every accepted format open, however the tool that wrote them laid them out."""
from __future__ import annotations

import pytest

import workbooks
from conftest import words
from workbooks import make_xlsx
from loaders.actuals import UploadError, read_actuals

DEPARTMENT_SHEET = [
    ["市交通局2024年度碳达峰目标进展情况统计表"],
    ["序号", "指标名称", "单位", "2022年", "2023年", "2024年", "备注"],
    [1, "营运车辆单位周转量二氧化碳排放下降率(较2020年)", "%", 2.1, 2.9, "约3.4", "2024年为预计数"],
    [2, "公共充电桩(累计)", "个", 2650, 3300, 3820, ""],
    [3, "新能源公交车占比", "%", 92, 0.98, 99.1, ""],
    [4, "绿色出行比例(初步统计)", "%", None, 61.5, 63.0, None],
    [],
    ["注:2024年数据为初步统计,年报发布后更正。"],
]


@pytest.fixture(scope="module")
def department():
    return read_actuals(make_xlsx({"交通": DEPARTMENT_SHEET}), "交通局2024.xlsx")


def test__read__a_bracket_that_is_a_note_keeps_the_row_and_becomes_its_note(department):
    values = department.values.set_index(["indicator_id", "year"])
    assert values.loc[("commercial_vehicle_co2_reduction", 2023), ["value", "note"]].tolist() == [2.9, "较2020年;2024年为预计数"]
    assert values.loc[("public_chargers", 2024), ["value", "note"]].tolist() == [3820.0, "累计"]
    assert values.loc[("green_travel_share", 2024), "note"] == "初步统计"
    assert "unit_mismatch" not in set(department.problems["code"])


def test__read__each_row_says_how_its_indicator_was_matched(department):
    rows = department.values.drop_duplicates("indicator_id").set_index("indicator_id")
    assert rows[["written", "matched_by"]].to_dict("index") == {
        "commercial_vehicle_co2_reduction": {"written": "营运车辆单位周转量二氧化碳排放下降率(较2020年)", "matched_by": "similar"},
        "public_chargers": {"written": "公共充电桩(累计)", "matched_by": "name"},
        "electric_bus_share": {"written": "新能源公交车占比", "matched_by": "similar"},
        "green_travel_share": {"written": "绿色出行比例(初步统计)", "matched_by": "alias"},
    }


def test__read__approximate_values_and_notes_around_the_table_are_kept(department):
    values = department.values.set_index(["indicator_id", "year"])
    assert values.loc[("commercial_vehicle_co2_reduction", 2024), ["value", "approximate"]].tolist() == [3.4, True]
    assert not values.loc[("commercial_vehicle_co2_reduction", 2023), "approximate"]
    assert department.notes == [("交通", 8, "注:2024年数据为初步统计,年报发布后更正。")]
    assert department.title_year == 2024


def test__read__a_fraction_beside_percentages_is_put_to_the_person_not_changed(department):
    rows = department.values.set_index(["indicator_id", "year"])
    assert rows.loc[("electric_bus_share", 2023), ["value", "ask", "sheet", "row", "column"]].tolist() == [
        0.98, "fraction", "交通", 5, "E"]
    assert rows.loc[("electric_bus_share", 2024), "ask"] == ""   # 99.1 is a percentage as written


ROWS = [["指标", "单位", 2023, 2024], ["森林覆盖率", "%", 15.6, 16.1], ["公共充电桩", "台", 3300, 3820]]
ODD_BUT_VALID = {
    "进展.xlsx": lambda: workbooks.xlsx(ROWS),
    "进展.xlsm": lambda: workbooks.xlsx(ROWS),
    "进展.xlsb": lambda: workbooks.xlsb(ROWS),
    "进展.xls": lambda: workbooks.xls(ROWS),
    "进展.ods": lambda: workbooks.ods(ROWS),
    "反斜杠.xlsx": lambda: workbooks.xlsx_with_backslashes(ROWS),
    "别处.xlsx": lambda: workbooks.xlsx_elsewhere(ROWS),
    "进展.csv": lambda: "指标,单位,2023,2024\n森林覆盖率,%,15.6,16.1\n公共充电桩,台,3300,3820\n".encode("gbk"),
}


def test__read__a_folder_of_odd_but_valid_workbooks_all_open(tmp_path):
    for name, build in ODD_BUT_VALID.items():
        (tmp_path / name).write_bytes(build())
    for path in sorted(tmp_path.iterdir()):
        result = read_actuals(path.read_bytes(), path.name)
        assert result.values[["indicator_id", "year", "value"]].values.tolist() == [
            ["forest_coverage", 2023, 15.6], ["forest_coverage", 2024, 16.1],
            ["public_chargers", 2023, 3300.0], ["public_chargers", 2024, 3820.0]], path.name
        assert result.problems.empty, (path.name, result.problems)
    assert read_actuals(workbooks.xlsb(ROWS), "x").kind == "xlsb"


def test__read__a_password_to_open_is_named_with_how_to_remove_it():
    with pytest.raises(UploadError) as error:
        read_actuals(workbooks.encrypted_xlsx(ROWS), "加密.xlsx")
    assert words(error.value, "en") == (
        "The workbook has a password to open it, so it cannot be read. Open it in Excel, choose File > Info > Protect "
        "Workbook > Encrypt with Password, delete the password, save it and upload it again (in WPS: File > Document "
        "Encryption > Password Encryption, clear the open password).")
