"""Reading progress sheets: what staff really send, and files that must be refused."""
import io
import zipfile

import pytest

from conftest import problem_words, words
from workbooks import make_xlsx, with_cached_formula, zip_bomb
from loaders.actuals import UploadError, combine, read_actuals
from loaders.matching import parse_number, parse_year
from loaders.workbook import MAX_UPLOAD_BYTES


def triples(result) -> list[tuple]:
    return list(result.values[["indicator_id", "year", "value"]].itertuples(index=False, name=None))


def problem_codes(result) -> list[tuple]:
    """(sheet, row, column, code) of each problem, the code without its "problem." prefix."""
    return [(s, r, c, code.split(".", 1)[1]) for s, r, c, code in
            result.problems[["sheet", "row", "column", "code"]].itertuples(index=False, name=None)]


@pytest.mark.parametrize("cell, value", [
    ("１５.２", 15.2), ("1,234", 1234.0), ("约480", 480.0), ("30%", 30.0), (" 61.5 ", 61.5), ("480左右", 480.0),
    (0.262, 0.262), (-3, -3.0), ("-3", -3.0), ("1,234,567.5", 1234567.5),
])
def test__parse_number__reads_what_staff_write(cell, value):
    assert parse_number(cell).value == value


@pytest.mark.parametrize("cell", [None, "", "—", "-", "/", "无", "暂无", "N/A", "  "])
def test__parse_number__blanks_and_dashes_are_no_data(cell):
    assert parse_number(cell).value is None


@pytest.mark.parametrize("cell, year", [("2023", 2023), ("2023年", 2023), (2023.0, 2023), ("２０２３年", 2023),
                                        ("2023 实际", 2023), ("2025年目标", None), ("2025 target", None), ("年份", None)])
def test__parse_year__header_forms(cell, year):
    assert parse_year(cell) == year


def test__read_actuals__wide_sheet_with_titles_notes_and_text_numbers(awkward_wide_sheet, catalog):
    result = read_actuals(awkward_wide_sheet, "住建局.xlsx", catalog.indicators)
    assert triples(result) == [
        ("prefab_building_share", 2020, 18.0), ("prefab_building_share", 2021, 20.5),
        ("prefab_building_share", 2022, 24.0), ("prefab_building_share", 2023, 26.2),  # 0.262 shown as 26.2%
        ("old_residential_retrofit_area", 2020, 0.0), ("old_residential_retrofit_area", 2021, 35.0),
        ("green_travel_share", 2023, 61.5),
        ("building_energy_intensity_reduction", 2020, 0.0), ("building_energy_intensity_reduction", 2021, 0.8),
        ("building_energy_intensity_reduction", 2022, 1.5), ("building_energy_intensity_reduction", 2023, 2.1),
        ("green_building_standard_share", 2021, 88.0), ("green_building_standard_share", 2022, 95.0),
        ("green_building_standard_share", 2023, 100.0),
    ]
    assert problem_codes(result) == [("住建局进展", 6, "F", "unreadable_value")]
    assert problem_words(result)[0] == "无法读取数值“1,00”(应为数字,如 12.5、30%、1,234);已跳过。"
    first = result.values.iloc[0]
    assert (first["sheet"], first["row"], first["column"], first["file"]) == ("住建局进展", 5, "D", "住建局.xlsx")
    assert result.sheets[["sheet", "layout", "values"]].values.tolist() == [["住建局进展", "wide", 14]]


def test__read_actuals__long_sheet_with_english_names_and_units(long_sheet, catalog):
    result = read_actuals(long_sheet, "transport.xlsx", catalog.indicators)
    assert triples(result) == [("public_chargers", 2021, 1800.0), ("public_chargers", 2022, 2650.0),
                               ("public_chargers", 2023, 3300.0), ("electric_bus_share", 2022, 92.0),
                               ("electric_bus_share", 2023, 97.5), ("nev_sales_share", 2023, 15.8)]
    assert result.problems.empty
    assert result.kind == "xlsx" and len(result.sha256) == 64


def test__read_actuals__every_bad_cell_is_a_problem_and_the_rest_is_used(problem_sheet, catalog):
    result = read_actuals(problem_sheet, "p.xlsx", catalog.indicators)
    assert triples(result) == [("forest_coverage", 2021, 15.1), ("forest_coverage", 2023, 15.9),
                               ("", 2021, 1.0), ("", 2022, 2.0), ("", 2023, 3.0),   # 碳汇交易量: asked, not guessed
                               ("wetland_area", 2021, 78.0), ("wetland_area", 2022, 79.0),
                               ("wetland_protection_rate", 2021, 82.0), ("wetland_protection_rate", 2023, 84.0),
                               ("public_chargers", 2022, 2000.0)]
    asked = result.values[result.values["ask"] != ""]
    assert asked[["written", "ask", "candidates", "row"]].drop_duplicates().values.tolist() == [["碳汇交易量", "indicator", "", 4]]
    assert problem_codes(result) == [
        ("问题", 1, "F", "year_out_of_range"), ("问题", 2, "D", "unreadable_value"),
        ("问题", 3, "B", "unit_mismatch"),
        ("问题", 5, "E", "negative"), ("问题", 6, "D", "not_a_percentage"),
        ("问题", 7, "E", "duplicate_conflict"), ("问题", 8, "C", "percent_for_a_count"),
        ("问题", 8, "E", "unreadable_value"),
    ]
    english = dict(zip([f"{code}{column}" for _, _, column, code in problem_codes(result)], problem_words(result, "en")))
    assert english["unit_mismatchB"] == \
        "The unit “万亩” contradicts the unit of “Forest stock volume” (万立方米); the row was not read."
    assert english["year_out_of_rangeF"] == "The year 1999 is outside 2000–2060; skipped."
    assert english["duplicate_conflictE"] == \
        "“Forest cover” 2023 is already 15.9 at 问题!E2; this cell says 16.2. Kept the first."
    assert english["percent_for_a_countC"] == "“30%” is a percentage but “Public charging posts built” is not measured in percent; skipped."
    assert problem_words(result)[3] == "-5 为负数,而“湿地面积”不可能为负;已跳过。"


def test__read_actuals__several_sheets_instructions_skipped(catalog):
    content = make_xlsx({
        "说明": [["填表说明"], ["请在数据表中填写"]],
        "能源": [["指标", "2022", "2023"], ["电力消费比重", 30.5, 31.2]],
        "生态": [["Indicator", "2023年"], ["森林覆盖率(%)", 16.1]],
        "附表": [["备注"], ["无"]],
    })
    result = read_actuals(content, "multi.xlsx", catalog.indicators)
    assert triples(result) == [("electricity_share", 2022, 30.5), ("electricity_share", 2023, 31.2),
                               ("forest_coverage", 2023, 16.1)]
    assert result.sheets[["sheet", "layout"]].values.tolist() == [
        ["说明", "instructions"], ["能源", "wide"], ["生态", "wide"], ["附表", "skipped"]]
    assert result.problems[["sheet", "code"]].values.tolist() == [["附表", "sheet.no_table"]]


def test__read_actuals__indicator_column_found_without_a_header_word(catalog):
    content = make_xlsx({"S": [[None, None, "2023"], ["1", "湿地面积", "80.5"], ["2", "森林蓄积量", "190"]]})
    assert triples(read_actuals(content, "s.xlsx", catalog.indicators)) == [
        ("wetland_area", 2023, 80.5), ("forest_stock", 2023, 190.0)]


def test__read_actuals__formulas_are_read_as_cached_values_never_run(catalog):
    content = make_xlsx({"S": [["指标", 2023], ["公共充电桩", 0]]})
    content = with_cached_formula(content, 1, "B2", "1000+2300", "3300")
    assert triples(read_actuals(content, "f.xlsx", catalog.indicators)) == [("public_chargers", 2023, 3300.0)]


def test__read_actuals__csv_in_gbk_and_utf8(catalog):
    text = "指标,2022年,2023年\n森林覆盖率,15.2,15.6\n"
    for encoding in ("gb18030", "utf-8-sig"):
        result = read_actuals(text.encode(encoding), "s.csv", catalog.indicators)
        assert triples(result) == [("forest_coverage", 2022, 15.2), ("forest_coverage", 2023, 15.6)]
        assert result.kind == "csv"


def test__combine__a_second_file_that_contradicts_the_first_is_reported(catalog):
    first = read_actuals(make_xlsx({"A": [["指标", 2023], ["森林覆盖率", 15.6]]}), "a.xlsx", catalog.indicators)
    second = read_actuals(make_xlsx({"B": [["指标", 2023, 2024], ["森林覆盖率", 15.9, 16.1]]}), "b.xlsx",
                          catalog.indicators)
    values, problems = combine([first, second])
    assert list(values[["year", "value", "file"]].itertuples(index=False, name=None)) == [
        (2023, 15.6, "a.xlsx"), (2024, 16.1, "b.xlsx")]
    assert problem_words(problems, "en") == [
        "“Forest cover” 2023 is 15.6 in a.xlsx (A!B2); this file says 15.9. Kept the first."]
    assert problem_words(problems) == ["“森林覆盖率”2023 年在 a.xlsx(A!B2)中为 15.6,本文件为 15.9;保留前者。"]


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize("content, message", [
    (b"", "The file is empty."),
    (b"%PDF-1.7\n...", "This is a PDF file, not a spreadsheet. Please upload an .xlsx file."),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "This is an image, not a spreadsheet. Please upload an .xlsx file."),
    (docx_bytes(), "This is a Word document, not a spreadsheet. Please upload an .xlsx file."),
    (b"PK\x03\x04garbage-not-a-zip", "The file is damaged and cannot be opened as an Excel workbook."),
    (b"\x00\x01\x02\x03" * 100, "Unrecognised file format. Please upload an Excel workbook (.xlsx) or a CSV file."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
     "The file is damaged or is not an Excel workbook; it cannot be read."),
])
def test__read_actuals__refuses_what_is_not_a_usable_spreadsheet(content, message, catalog):
    with pytest.raises(UploadError) as error:
        read_actuals(content, "upload.xlsx", catalog.indicators)
    assert words(error.value, "en") == message


def test__read_actuals__type_comes_from_the_bytes_not_the_name(long_sheet, catalog):
    assert len(read_actuals(long_sheet, "report.pdf", catalog.indicators).values) == 6
    with pytest.raises(UploadError) as error:
        read_actuals(b"%PDF-1.4", "report.xlsx", catalog.indicators)
    assert words(error.value) == "这是 PDF 文件,不是 Excel 表格。请上传 .xlsx 文件。"


def test__read_actuals__refuses_a_truncated_workbook(long_sheet, catalog):
    with pytest.raises(UploadError) as error:
        read_actuals(long_sheet[: len(long_sheet) // 2], "cut.xlsx", catalog.indicators)
    assert words(error.value, "en") == "The file is damaged and cannot be opened as an Excel workbook."


def test__read_actuals__refuses_a_zip_bomb_from_its_directory(catalog):
    bomb = zip_bomb()
    assert len(bomb) < 2_000_000
    with pytest.raises(UploadError) as error:
        read_actuals(bomb, "bomb.xlsx", catalog.indicators)
    assert words(error.value, "en") == "The workbook unpacks to about 400 MB, more than the 120 MB allowed; refused."


def test__read_actuals__refuses_an_oversized_file(catalog):
    with pytest.raises(UploadError) as error:
        read_actuals(b"a" * (MAX_UPLOAD_BYTES + 1), "big.csv", catalog.indicators)
    assert words(error.value, "en") == "The file is 10 MB, more than the 10 MB allowed."


def test__read_actuals__a_sheet_with_no_table_at_all_is_an_upload_error(catalog):
    with pytest.raises(UploadError) as error:
        read_actuals(make_xlsx({"S": [["会议纪要"], ["今年进展顺利"]]}), "memo.xlsx", catalog.indicators)
    assert words(error.value).startswith("文件中没有找到指标数据表或任务台账。")


def test__read_actuals__plain_text_named_xlsx_is_called_what_it_is(catalog):
    with pytest.raises(UploadError) as error:
        read_actuals("会议纪要\n今年进展顺利\n".encode(), "进展.xlsx", catalog.indicators)
    assert words(error.value, "en") == (
        "“进展.xlsx” is named as an Excel file, but it holds plain text, not an Excel workbook, and no table of "
        "indicators. Upload an .xlsx file saved from Excel, or the template.")
    with pytest.raises(UploadError) as error:  # a .csv of the same text is just tableless
        read_actuals("会议纪要\n今年进展顺利\n".encode(), "进展.csv", catalog.indicators)
    assert error.value.message.code == "upload.no_table"


def test__read_actuals__a_number_may_carry_its_indicators_own_unit_and_short_names_are_known(catalog):
    sheet = make_xlsx({"S": [["指标", 2023, 2024],
                             ["公共充电桩", "3300台", "3,600 posts"],
                             ["新能源发电装机规模", "480万千瓦", "520千瓦"],
                             ["装配式建筑占比(%)", 30, "35%"]]})
    result = read_actuals(sheet, "s.xlsx", catalog.indicators)
    assert triples(result) == [("public_chargers", 2023, 3300.0), ("public_chargers", 2024, 3600.0),
                               ("new_energy_capacity", 2023, 480.0),
                               ("prefab_building_share", 2023, 30.0), ("prefab_building_share", 2024, 35.0)]
    # another unit than the indicator's own is not silently dropped: the cell is reported
    assert problem_codes(result) == [("S", 3, "C", "unreadable_value")]
