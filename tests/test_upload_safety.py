"""One upload must never starve or crash the server: budgets across sheets, names and time, and worker
processes that are killed or replaced while the server goes on. Every hostile workbook is built here."""
from __future__ import annotations

import io
import re
import zipfile

import pytest

from conftest import problem_words, words
from workbooks import make_xlsx
from loaders import isolation
from loaders.actuals import UploadError, read_actuals
from loaders.budget import Budget, VisitorAllowance, VisitorLimit
from loaders.items import ledger_items
from loaders.workbook import open_workbook, xml_extent


def far_cells(sheets: int = 50, ref: str = "O199999") -> bytes:
    """The probe's workbook: 50 sheets, each with one cell far down (it took 2.2 GB and 52 s)."""
    return make_xlsx({f"S{n}": [] for n in range(sheets)}, cells={f"S{n}": {ref: 1} for n in range(sheets)})


def without_dimension(content: bytes) -> bytes:
    """The same workbook with every sheet's <dimension> removed, as a crafted file would have it."""
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension [^>]*/>", b"", data)
            out.writestr(item, data)
    return target.getvalue()


def test__read_actuals__fifty_far_cells_cost_fifteen_cells_each(catalog):
    """It took 2.2 GB and 52 s; now each sheet costs its 15 columns (bench/bench_upload_cost.py times it)."""
    book = open_workbook(far_cells())
    assert [len(grid.rows) for grid in book.grids] == [199999] * 50 and not book.skipped
    with pytest.raises(UploadError) as error:
        read_actuals(far_cells(), "far.xlsx", catalog.indicators)
    assert error.value.message.code == "upload.no_table"


def test__open_workbook__a_stray_far_cell_beside_a_table_keeps_coordinates(catalog):
    rows = [["指标", "单位", 2023], ["森林覆盖率", "%", 15.9]]
    book = open_workbook(make_xlsx({"进展": rows}, cells={"进展": {"D40": "备注"}}))
    grid = book.grids[0]
    assert grid.rows[1][:3] == ["森林覆盖率", "%", 15.9] and grid.rows[39][3] == "备注"


def test__read_actuals__a_sheet_spread_past_the_budget_is_skipped_and_named(catalog):
    table = [["指标", "单位", 2023], ["森林覆盖率", "%", 15.9]]
    content = make_xlsx({"进展": table, "杂项": [["x"]]}, cells={"杂项": {"O199999": 1}})
    result = read_actuals(content, "a.xlsx", catalog.indicators)
    assert result.values[["indicator_id", "year", "value"]].values.tolist() == [["forest_coverage", 2023, 15.9]]
    problem = result.problems.set_index("sheet").loc["杂项"].to_dict()
    assert words(problem) == (
        "该工作表的数据分布在 A1:O199999(199,999 行 × 15 列,共 2,999,985 个单元格);一次上传各工作表合计最多读取 "
        "2,000,000 个单元格(前面的工作表已用 6 个),该表未读取。如果表格以外的远处有零散内容,请删除后再上传。")
    assert words(problem, "en") == (
        "The sheet's cells spread over A1:O199999 (199,999 rows × 15 columns, 2,999,985 cells); one upload reads at "
        "most 2,000,000 cells across all its sheets (earlier sheets used 6), so this sheet was not read. If something "
        "stray sits far from the table, delete it and upload again.")


def test__read_actuals__two_corner_cells_without_a_dimension_are_refused_before_parsing(catalog):
    """calamine would ask for 512 GB and abort the whole server process."""
    content = without_dimension(make_xlsx({"S": [["x"]]}, cells={"S": {"XFD1048576": 1}}))
    assert xml_extent(zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")) == (0, 1048575, 16383)
    with pytest.raises(UploadError) as error:
        read_actuals(content, "corner.xlsx", catalog.indicators)
    assert words(error.value, "en").startswith("The sheet's cells spread over A1:XFD1048576 (1,048,576 rows × 16,384 columns")


@pytest.mark.parametrize("spelling", [
    b'<row r="1"><c r="A1"/></row><row r="1048576"><c r="XFD1048576"/></row>',
    b'<row\nr="1"><c\tr="A1"/></row><row\r\nr="1048576"><c\nr="XFD1048576"/></row>',
    b'<x:row r="1"><x:c r="A1"/></x:row><x:row r="1048576"><x:c r="XFD1048576"/></x:row>',
    b'<row r="1"><c r="A1"/></row><row spans="1:1" r="1048576"><c s="1" r="XFD1048576"/></row>',
    b'<row r="1"><c r="A1"/><c r="XFD1048576"/></row>',                # a cell's own row number places it
    b'<row r="1"><c r="A1"/><c r = \'xfd001048576\'/></row>',          # any quote, spaces, lower case, zeros
])
def test__xml_extent__every_spelling_of_a_far_cell_is_seen(spelling):
    """calamine reads all of these spellings (checked by hand); none may hide a far cell from the budget."""
    assert xml_extent(b"<worksheet><sheetData>" + spelling + b"</sheetData></worksheet>") == (0, 1048575, 16383)


def test__xml_extent__rows_without_numbers_are_counted():
    spelling = b'<row><c r="A1"/></row>' + b"<row/>" * 9 + b'<row><c t="n" r="C10"/></row><rowBreaks count="1"/>'
    assert xml_extent(b"<worksheet><sheetData>" + spelling + b"</sheetData></worksheet>") == (0, 10, 2)


def test__xml_extent__a_column_past_xfd_is_seen():
    assert xml_extent(b'<worksheet><sheetData><row r="2"><c r="AAAA2"/></row></sheetData></worksheet>') == (1, 1, 18278)


def test__read_actuals__similar_names_are_compared_within_the_budget_and_problems_capped(catalog):
    rows = [["指标", 2023]] + [[f"自拟指标第{n:04d}号甲乙丙", 1] for n in range(300)] + [["森林覆盖率", 16.0]]
    result = read_actuals(make_xlsx({"S": rows}), "names.xlsx", catalog.indicators,
                          budget=Budget(similar_names=100, problems_listed=150))
    # the first 100 names were compared: unknown, they are put to the person; the other 200 were not compared
    asked = result.values[result.values["ask"] == "indicator"]
    assert (len(asked), asked["written"].iloc[-1]) == (100, "自拟指标第0099号甲乙丙")
    assert result.values.loc[result.values["ask"] == "", "indicator_id"].tolist() == ["forest_coverage"]
    messages = problem_words(result, "en")
    assert len(messages) == 151
    assert messages[0] == ("Unknown indicator “自拟指标第0100号甲乙丙”; the row was not read. This upload already had "
                           "100 distinct names compared by similarity; the rest are recognised by id or exact name only.")
    assert messages[-1] == "50 more problems are not listed one by one (at most 150 per file)."
    assert problem_words(result)[-1] == "另有 50 个问题未逐一列出(每个文件最多列出 150 个)。"


def test__read_actuals__eighty_thousand_invented_names_take_seconds_not_minutes(catalog):
    """It took 257 s (bench/bench_upload_cost.py times it): 2,000 names are compared, the rest are not."""
    rows = [["指标", 2023]] + [[f"名称{n}号自拟的指标项目", 1] for n in range(80_000)]
    result = read_actuals(make_xlsx({"S": rows}), "names.xlsx", catalog.indicators)
    assert (result.values["ask"] == "indicator").sum() == 2000
    assert len(result.problems) == 1001 and result.problems["code"].iloc[-1] == "problem.more_problems"


def test__read_actuals__stops_at_its_time_budget(long_sheet, catalog):
    with pytest.raises(UploadError) as error:
        read_actuals(long_sheet, "slow.xlsx", catalog.indicators, budget=Budget(seconds=0))
    assert words(error.value) == "读取该文件用时超过 0 秒,已停止。请删去与进展无关的工作表和内容,或拆成几个文件上传。"


def test__run_isolated__reads_an_upload_in_a_worker(long_sheet, catalog):
    result = isolation.run_isolated("read_actuals", long_sheet, "long.xlsx", catalog.indicators, seconds=20)
    assert len(result.values) == 6 and result.file == "long.xlsx"


def test__run_isolated__upload_errors_come_back_in_both_languages(catalog):
    with pytest.raises(UploadError) as error:
        isolation.run_isolated("read_actuals", b"%PDF-1.7", "a.pdf", catalog.indicators, seconds=20)
    assert (words(error.value), words(error.value, "en")) == (
        "这是 PDF 文件,不是 Excel 表格。请上传 .xlsx 文件。", "This is a PDF file, not a spreadsheet. Please upload an .xlsx file.")


@pytest.fixture(scope="module")
def probes():
    """A pool of its own whose one worker runs the probes (tests/worker_probes.py): the server's workers run
    nothing but the readers."""
    return isolation.Pool(1, {"probe": "tests.worker_probes:probe"})


def test__run_isolated__a_worker_past_its_deadline_is_killed_and_replaced(probes):
    with pytest.raises(isolation.ReaderFailed) as error:
        probes.run("probe", "sleep", 30, seconds=0.2, grace=0.3)   # it would sleep 30 s: it is killed
    assert words(error.value, "en").startswith("Reading the file took more than 0.2 seconds and was stopped.")
    assert probes.run("probe", seconds=20) == "ok"


def test__run_isolated__a_worker_that_aborts_leaves_the_server_running(probes):
    with pytest.raises(isolation.ReaderFailed) as error:
        probes.run("probe", "abort", seconds=20)
    assert words(error.value) == "文件无法读取:读取时出现异常(文件可能已损坏或格式异常)。请在 Excel 中另存为 .xlsx 后再上传。"
    assert probes.run("probe", seconds=20) == "ok"


def test__run_isolated__memory_past_the_workers_limit_is_refused(probes):
    with pytest.raises(isolation.ReaderFailed) as error:
        probes.run("probe", "allocate", 3 * 1024**3, seconds=20)
    assert words(error.value, "en") == ("Reading the file needs more than the 2,048 MB of memory allowed and was "
                                        "stopped. Remove content unrelated to progress and upload it again.")
    assert probes.run("probe", "allocate", 1024, seconds=20) == "1024"


def test__run_isolated__the_servers_workers_run_only_the_readers():
    assert isolation.FUNCTIONS == {"read_actuals": "loaders.actuals:read_actuals"}


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test__visitor_allowance__an_address_that_spent_its_reading_time_waits_others_do_not():
    clock = Clock()
    allowance = VisitorAllowance(seconds=60, window=600, clock=clock)
    for _ in range(3):                      # three files of 25 s each from one address
        with allowance.reading("10.0.0.1"):
            clock.now += 25
    with pytest.raises(VisitorLimit) as refused:
        with allowance.reading("10.0.0.1"):
            pass
    # 75 s spent; it may read again once the first file's 25 s have left the window: 600 - 75 s from now
    assert refused.value.message.params == {"minutes": 9, "window": 10}
    assert words(refused.value) == ("近10分钟内，从你的地址上传的文件读取用时已较多，请9分钟后再上传。"
                                    "各单位用口令解锁后上传不受此限制。")
    with allowance.reading("10.0.0.2"):     # another address is not held up
        pass
    clock.now += 600 - 75 + 1
    with allowance.reading("10.0.0.1"):
        pass


def test__visitor_allowance__forgets_addresses_whose_reads_left_the_window():
    clock = Clock()
    allowance = VisitorAllowance(seconds=60, window=600, clock=clock)
    for n in range(100):                    # a hundred visitors in ten minutes
        with allowance.reading(f"10.0.1.{n}"):
            clock.now += 1
    assert len(allowance._spent) == 100
    clock.now += 600
    with allowance.reading("10.0.0.9"):     # the next read, ten minutes on: only its own address is kept
        pass
    assert list(allowance._spent) == ["10.0.0.9"]
    assert allowance.wait_seconds("10.0.1.5") == 0.0 and "10.0.1.5" not in allowance._spent


def test__visitor_allowance__visitors_hold_only_their_share_of_the_workers():
    allowance = VisitorAllowance(at_once=1, wait=0.01)
    with allowance.reading("10.0.0.1"):
        with pytest.raises(VisitorLimit) as busy:
            with allowance.reading("10.0.0.2"):
                pass
    assert busy.value.message.code == "upload.visitors_busy"
    with allowance.reading("10.0.0.2"):     # free again once the first is read
        pass


def test__uploads__a_visitors_read_goes_through_the_allowance_an_editors_does_not(long_sheet, monkeypatch):
    from ui import uploads
    monkeypatch.setattr(uploads, "VISITORS", VisitorAllowance(seconds=0))
    monkeypatch.setattr(uploads.access, "client_address", lambda: "10.0.0.9")
    monkeypatch.setattr(uploads.access, "current_editor", lambda: None)
    with pytest.raises(VisitorLimit):
        uploads._read(long_sheet, "long.xlsx")
    monkeypatch.setattr(uploads.access, "current_editor", lambda: object())
    assert len(uploads._read(long_sheet, "long.xlsx").values) == 6


def fifty_sheets(rows: int) -> bytes:
    """50 task sheets of `rows` rows each, the XML written directly (openpyxl takes half a minute for this)."""
    def cell(col: str, r: int, value) -> str:
        if isinstance(value, int):
            return f'<c r="{col}{r}"><v>{value}</v></c>'
        return f'<c r="{col}{r}" t="inlineStr"><is><t>{value}</t></is></c>'

    def sheet() -> str:
        lines = [["序号", "重点任务", "工作进展"]] + [[n, f"任务{n}", "推进中"] for n in range(rows)]
        body = "".join(f'<row r="{r}">' + "".join(cell(c, r, v) for c, v in zip("ABC", line)) + "</row>"
                       for r, line in enumerate(lines, start=1))
        return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                f'spreadsheetml/2006/main"><dimension ref="A1:C{rows + 1}"/><sheetData>{body}</sheetData></worksheet>')
    main = "http://schemas.openxmlformats.org"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", f'<?xml version="1.0"?><Types xmlns="{main}/package/2006/content-types">'
                      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                      '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
                      'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                      + "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.'
                                'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for n in range(50))
                      + "</Types>")
        book.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="{main}/package/2006/relationships">'
                      f'<Relationship Id="r1" Type="{main}/officeDocument/2006/relationships/officeDocument" '
                      'Target="xl/workbook.xml"/></Relationships>')
        book.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{main}/spreadsheetml/2006/main" '
                      f'xmlns:r="{main}/officeDocument/2006/relationships"><sheets>'
                      + "".join(f'<sheet name="表{n}" sheetId="{n + 1}" r:id="r{n}"/>' for n in range(50))
                      + "</sheets></workbook>")
        book.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="{main}/package/2006/'
                      'relationships">' + "".join(f'<Relationship Id="r{n}" Type="{main}/officeDocument/2006/'
                                                  f'relationships/worksheet" Target="worksheets/sheet{n}.xml"/>'
                                                  for n in range(50)) + "</Relationships>")
        text = sheet()
        for n in range(50):
            book.writestr(f"xl/worksheets/sheet{n}.xml", text)
    return buffer.getvalue()


def narrative_csv(rows: int) -> bytes:
    lines = ["序号,重点任务,工作进展,存在问题"] + [f"{n},自拟任务{n},本年度推进情况良好，已完成第{n}批,无" for n in range(rows)]
    return "\n".join(lines).encode("utf-8")


@pytest.mark.parametrize("build, name", [
    (lambda: narrative_csv(100_000), "台账.csv"),                                       # 100k narrative rows
    (lambda: ("指标,2025\n" + "".join(f"新能源装机{n},{n}\n" for n in range(400_000))).encode("gbk"), "gbk.csv"),
    (lambda: fifty_sheets(12_000), "fifty.xlsx"),                                 # 50 sheets × 12k rows
], ids=["narrative-100k", "gbk-csv-400k", "sheets-50x12k"])
def test__readers__stop_at_the_time_budget_whatever_the_file(build, name, catalog):
    """Each once ran past 45 s; every reader checks the budget as it goes (bench_upload_cost times them)."""
    content = build()
    with pytest.raises(UploadError) as error:
        read_actuals(content, name, catalog.indicators, items=ledger_items(catalog), budget=Budget(seconds=0.5))
    assert error.value.message.code == "upload.too_slow"
