"""Every workbook the tests read, built in code: .xlsx sheets as staff make them (make_xlsx), a formula with its
cached value as Excel saves it, a zip bomb; and every other accepted format the way other tools write it: .xlsb
(Excel's binary format), .xls, .ods, an .xlsx whose parts are named with backslashes, one whose parts sit at
unusual places, and one locked with a password to open."""
from __future__ import annotations

import io
import re
import struct
import zipfile

import openpyxl


def xlsx(rows: list[list], sheet: str = "进展", merges: tuple[str, ...] = ()) -> bytes:
    """One sheet of rows, with `merges` (A2:A3 …) merged as a department's grouped headings are."""
    return make_xlsx({sheet: rows}, merges={sheet: merges})

def make_xlsx(sheets: dict[str, list[list]], *, percent_cells: dict[str, list[str]] | None = None,
              hidden: tuple[str, ...] = (), cells: dict[str, dict[str, object]] | None = None,
              merges: dict[str, tuple[str, ...]] | None = None) -> bytes:
    """A workbook with one sheet per entry (rows of cell values); `percent_cells` formats cells as 0.0%;
    `cells` sets single cells by reference (e.g. a stray one far from the table); `merges` merges ranges."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for ref, value in (cells or {}).get(name, {}).items():
            sheet[ref] = value
        for ref in (percent_cells or {}).get(name, []):
            sheet[ref].number_format = "0.0%"
        for cells_range in (merges or {}).get(name, ()):
            sheet.merge_cells(cells_range)
        if name in hidden:
            sheet.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_cells(content: bytes, cells: dict[str, str], sheet_index: int = 1) -> bytes:
    """The workbook with some cells rewritten in the sheet's XML (`cells`: reference → the cell's XML): as Excel
    saves an error value or a formula with its cached result, or as a tool that does not calculate saves a
    formula without one — what openpyxl cannot write."""
    part = f"xl/worksheets/sheet{sheet_index}.xml"

    def rewrite(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        xml = data.decode()
        for ref, cell in cells.items():
            xml, count = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', cell, xml)
            assert count == 1, ref
        return xml.encode()
    return rewritten(content, lambda name: name, rewrite)


def with_cached_formula(content: bytes, sheet_index: int, ref: str, formula: str, cached: str) -> bytes:
    """One cell as a formula with its cached value, as Excel saves it."""
    return with_cells(content, {ref: f'<c r="{ref}"><f>{formula}</f><v>{cached}</v></c>'}, sheet_index)


def with_text(content: bytes, old: str, new: str) -> bytes:
    """The workbook with one text rewritten wherever its XML holds it (a control character openpyxl refuses)."""
    return rewritten(content, lambda name: name, lambda name, data: data.replace(f">{old}<".encode(), f">{new}<".encode())
                     if name.startswith("xl/") and name.endswith(".xml") else data)


def zip_bomb() -> bytes:
    """An 'xlsx' whose sheet unpacks to 400 MB of zeros from a few hundred KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"0" * (1 << 20)
            for _ in range(400):
                member.write(chunk)
    return buffer.getvalue()



def _record(kind: int, data: bytes = b"") -> bytes:
    """One BIFF12 record: its type and size in Excel's variable-length encoding, then its data."""
    head = bytes([kind]) if kind < 0x80 else bytes([(kind & 0x7F) | 0x80, kind >> 7])
    size, length = b"", len(data)
    while True:
        byte, length = length & 0x7F, length >> 7
        size += bytes([byte | (0x80 if length else 0)])
        if not length:
            return head + size + data


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def xlsb(rows: list[list], sheet: str = "进展", *, chart_sheet: str | None = None) -> bytes:
    """An Excel binary workbook: numbers as BrtCellReal, text as inline BrtCellSt (MS-XLSB); with `chart_sheet`,
    a chart sheet of that name after the worksheet, as Excel saves a chart moved to a sheet of its own."""
    body = _record(129) + _record(148, struct.pack("<IIII", 0, len(rows) - 1, 0, max(map(len, rows)) - 1)) + _record(145)
    for r, row in enumerate(rows):
        body += _record(0, struct.pack("<IIHBBBI", r, 0, 300, 0, 0, 0, 0))
        for c, value in enumerate(row):
            if isinstance(value, str):
                body += _record(6, struct.pack("<II", c, 0) + _wide(value))
            elif value is not None:
                body += _record(5, struct.pack("<IId", c, 0, float(value)))
    body += _record(146) + _record(130)
    styles = (_record(278) + _record(617, struct.pack("<I", 1))
              + _record(47, struct.pack("<HHHHHBBHBB", 0xFFFF, 0, 0, 0, 0, 0, 0, 0, 0, 0)) + _record(618) + _record(279))
    sheets = _record(156, struct.pack("<II", 0, 1) + _wide("rId1") + _wide(sheet))
    if chart_sheet:
        sheets += _record(156, struct.pack("<II", 0, 2) + _wide("rId3") + _wide(chart_sheet))
    book = _record(131) + _record(143) + sheets + _record(144) + _record(132)
    relationship = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
        '<Override PartName="/xl/worksheets/sheet1.bin" ContentType="application/vnd.ms-excel.worksheet"/>'
        '<Override PartName="/xl/styles.bin" ContentType="application/vnd.ms-excel.styles"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{relationship}/officeDocument" Target="xl/workbook.bin"/></Relationships>',
        "xl/_rels/workbook.bin.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{relationship}/worksheet" Target="worksheets/sheet1.bin"/>'
        f'<Relationship Id="rId2" Type="{relationship}/styles" Target="styles.bin"/>'
        + (f'<Relationship Id="rId3" Type="{relationship}/chartsheet" Target="chartsheets/sheet1.bin"/>'
           if chart_sheet else "") + '</Relationships>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
        archive.writestr("xl/workbook.bin", book)
        archive.writestr("xl/worksheets/sheet1.bin", body)
        archive.writestr("xl/styles.bin", styles)
        if chart_sheet:   # a chart sheet holds no cells: its view and the drawing of its chart
            archive.writestr("xl/chartsheets/sheet1.bin", _record(129) + _record(130))
    return buffer.getvalue()


def rewritten(content: bytes, rename, rewrite=lambda name, data: data) -> bytes:
    """The same package with its parts renamed (and their contents rewritten) by the functions given."""
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(rename(item.filename), rewrite(item.filename, source.read(item.filename)))
    return target.getvalue()


def xlsx_with_backslashes(rows: list[list]) -> bytes:
    """As some Windows and WPS tools write them: xl\\worksheets\\sheet1.xml."""
    return rewritten(xlsx(rows), lambda name: name.replace("/", "\\"))


def xlsx_elsewhere(rows: list[list]) -> bytes:
    """The workbook's parts under excel/ instead of xl/, found only through the package's relationships."""
    def rewrite(name: str, data: bytes) -> bytes:
        if name in ("_rels/.rels", "[Content_Types].xml"):
            return data.replace(b"xl/", b"excel/")
        return data
    return rewritten(xlsx(rows), lambda name: re.sub(r"^xl/", "excel/", name), rewrite)


def xls(rows: list[list], sheet: str = "进展") -> bytes:
    import xlwt
    book = xlwt.Workbook(encoding="utf-8")
    page = book.add_sheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                page.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods(rows: list[list], sheet: str = "进展") -> bytes:
    """An OpenDocument spreadsheet, as LibreOffice and WPS save them."""
    def cell(value) -> str:
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, str):
            return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
    table = "".join(f"<table:table-row>{''.join(cell(v) for v in row)}</table:table-row>" for row in rows)
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
               f'<office:spreadsheet><table:table table:name="{sheet}">{table}</table:table></office:spreadsheet>'
               '</office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def encrypted_xlsx(rows: list[list], password: str = "secret") -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(xlsx(rows))).encrypt(password, out)
    return out.getvalue()
