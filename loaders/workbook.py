"""Open an untrusted upload as a set of cell grids, safely.

The file type is decided from the bytes, never the name. Before anything is parsed the upload is checked
against size limits, and a zip container (xlsx, ods) against its unpacked size and compression ratio, so a
zip bomb is refused after reading its directory only. Cells are read with python-calamine (formulas come
back as their cached values, never evaluated). Excel stores a percentage-formatted cell as a fraction
(30% → 0.3); calamine does not report formats, so for xlsx the percent styles are found in styles.xml and
the cells that use them with one pass of a regular expression over the sheet's XML.
"""
from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

import python_calamine

from loaders.budget import Spending
from loaders.message import Message, Refused, message
from loaders.text import clean_line

MAX_UPLOAD_BYTES = 10 * 1024 * 1024        # what a progress sheet could ever need, many times over
MAX_UNPACKED_BYTES = 120 * 1024 * 1024     # all members of an xlsx/ods together, unpacked
MAX_SHEET_XML_BYTES = 60 * 1024 * 1024     # one sheet's XML, unpacked (~3 million cells)
MAX_COMPRESSION_RATIO = 150                # xlsx XML compresses ~10-30×; bombs compress 1000×
MAX_ZIP_MEMBERS = 2_000
MAX_SHEETS = 50
MAX_MERGED_LOOKED_AT = 2_000               # merged ranges a cell is looked up in (a real sheet has dozens)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PERCENT_BUILTIN_FORMATS = {9, 10}
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}


class UploadError(Refused):
    """The upload cannot be used at all; `.message` says why (a code of the message catalog)."""


def too_slow(seconds: float) -> UploadError:
    return UploadError("upload.too_slow", seconds=seconds)


@dataclass
class Grid:
    """One sheet as rows of cell values, with what the values alone do not tell: the cells Excel shows as
    percentages, the merged ranges (grouped headers), and the cells that hold something no value stands for."""
    name: str
    rows: list[list]
    percent_cells: set[tuple[int, int]] = field(default_factory=set)  # (row, column), 0-based
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)  # ((row, col), (row, col))
    # (row, column) → "error" with its text (#DIV/0!, #N/A) or "formula": a formula saved without its result
    unreadable: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)

    def merged_from(self, r: int, c: int):
        """What a cell shows when it lies under a cell merged down over it (an indicator's name over its years'
        rows): the merged cell's value, else None. The ranges are looked through, never spread into cells (one
        range may cover a whole sheet)."""
        for (r0, c0), (r1, c1) in self.merged[:MAX_MERGED_LOOKED_AT]:
            if r0 < r <= r1 and c0 <= c <= c1 and r0 < len(self.rows) and c0 < len(self.rows[r0]):
                return self.rows[r0][c0]
        return None


@dataclass
class Workbook:
    kind: str                 # "xlsx", "xlsb", "xls", "ods" or "csv"
    grids: list[Grid]
    skipped: list[tuple[str, Message]] = field(default_factory=list)  # sheets not read, and why


class Package:
    """An OOXML or ODF zip as its parts, found the way Excel finds them — through _rels/.rels and the workbook's
    relationships — and by name regardless of case or of backslashes (as some Windows and WPS tools write them)."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.names = {self.key(n): n for n in archive.namelist()}

    @staticmethod
    def key(name: str) -> str:
        return name.replace("\\", "/").lstrip("/").lower()

    def has(self, path: str) -> bool:
        return self.key(path) in self.names

    def read(self, path: str) -> bytes:
        return self.archive.read(self.names[self.key(path)])

    def info(self, path: str) -> zipfile.ZipInfo:
        return self.archive.getinfo(self.names[self.key(path)])

    def main_part(self) -> str | None:
        """The path of the main document (xl/workbook.xml in a plain xlsx), from the package relationships."""
        if self.has("_rels/.rels"):
            rels = ElementTree.fromstring(self.read("_rels/.rels"))
            for rel in rels.findall("rel:Relationship", _NS):
                if rel.get("Type", "").endswith("/officeDocument"):
                    return rel.get("Target", "").replace("\\", "/").lstrip("/")
        for candidate in ("xl/workbook.xml", "xl/workbook.bin"):
            if self.has(candidate):
                return candidate
        return None

    def content_types(self) -> bytes:
        return self.read("[Content_Types].xml") if self.has("[Content_Types].xml") else b""


def standard_layout(content: bytes) -> bytes:
    """The xlsx/xlsb with its parts where every reader looks for them: forward slashes in part names (some
    Windows and WPS tools write xl\\worksheets\\sheet1.xml) and the workbook's folder at xl/ (found through
    _rels/.rels wherever it was). Unchanged when it already is; the size checks have run on the original."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = archive.namelist()
    main = Package(archive).main_part() or ""
    folder = main.rsplit("/", 1)[0] if "/" in main else ""
    if not any("\\" in n for n in names) and folder.lower() == "xl":
        return content
    moved = folder and folder.lower() != "xl"

    def place(name: str) -> str:
        name = name.replace("\\", "/").lstrip("/")
        return "xl/" + name[len(folder) + 1:] if moved and name.lower().startswith(folder.lower() + "/") else name
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in archive.infolist():
            data = archive.read(item)
            if moved and place(item.filename) in ("[Content_Types].xml", "_rels/.rels"):
                data = data.replace(f"/{folder}/".encode(), b"/xl/").replace(f"{folder}/".encode(), b"xl/")
            out.writestr(place(item.filename), data)
    return target.getvalue()


def sniff(content: bytes) -> str:
    """The kind of file from its first bytes (and, for zip files, from what they contain)."""
    if not content:
        raise UploadError("upload.empty")
    if content.startswith(b"PK\x03\x04") or content.startswith(b"PK\x05\x06"):
        try:
            package = Package(zipfile.ZipFile(io.BytesIO(content)))
            main, types = package.main_part(), package.content_types()
        except (zipfile.BadZipFile, ElementTree.ParseError, KeyError):
            raise UploadError("upload.damaged_zip")
        if b"sheet.binary.macroEnabled.main" in types or (main or "").lower().endswith(".bin"):
            return "xlsb"
        if b"spreadsheetml" in types and b".main+xml" in types or (main or "").lower().endswith("workbook.xml"):
            return "xlsx"
        if package.has("mimetype") and b"opendocument.spreadsheet" in package.read("mimetype"):
            return "ods"
        if b"wordprocessingml" in types or any(n.startswith("word/") for n in package.names):
            raise UploadError("upload.word_document")
        if b"presentationml" in types or any(n.startswith("ppt/") for n in package.names):
            raise UploadError("upload.powerpoint")
        raise UploadError("upload.zip_archive")
    if content.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in content:  # an xlsx with a password to open, in its OLE envelope
            raise password_protected()
        return "xls"
    if content.startswith(b"%PDF"):
        raise UploadError("upload.pdf")
    if content[:8] in (b"\x89PNG\r\n\x1a\n",) or content[:3] == b"\xff\xd8\xff":
        raise UploadError("upload.image")
    if b"\x00" not in content[:4096] and _decode_text(content) is not None:
        return "csv"
    raise UploadError("upload.unknown_format")


def password_protected() -> UploadError:
    return UploadError("upload.password")


def _decode_text(content: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def check_zip(content: bytes) -> zipfile.ZipFile:
    """Refuse a container whose unpacked size is out of proportion, from its directory alone."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise UploadError("upload.too_many_parts", parts=len(members))
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED_BYTES:
        raise UploadError("upload.unpacks_too_large", megabytes=total // 2**20, limit=MAX_UNPACKED_BYTES // 2**20)
    for member in members:
        if member.file_size > 1_000_000 and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1):
            raise UploadError("upload.zip_bomb")
    return archive


def _xlsx_sheet_parts(package: Package) -> dict[str, str]:
    """Sheet name → path of its XML inside the xlsx, wherever the workbook keeps its parts."""
    main = package.main_part() or "xl/workbook.xml"
    folder = main.rsplit("/", 1)[0] if "/" in main else ""
    rels_path = f"{folder}/_rels/{main.rsplit('/', 1)[-1]}.rels" if folder else f"_rels/{main}.rels"
    workbook = ElementTree.fromstring(package.read(main))
    rels = ElementTree.fromstring(package.read(rels_path))
    targets = {rel.get("Id"): rel.get("Target", "").replace("\\", "/") for rel in rels.findall("rel:Relationship", _NS)}
    parts = {}
    for sheet in workbook.findall("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else \
            (f"{folder}/{target}" if folder else target)
    return parts


def _percent_styles(package: Package) -> set[str]:
    """Indices (as text) of the cell styles whose number format shows a percentage."""
    main = package.main_part() or "xl/workbook.xml"
    path = f"{main.rsplit('/', 1)[0]}/styles.xml" if "/" in main else "styles.xml"
    if not package.has(path):
        return set()
    styles = ElementTree.fromstring(package.read(path))
    percent_formats = set(_PERCENT_BUILTIN_FORMATS)
    for fmt in styles.findall("m:numFmts/m:numFmt", _NS):
        code = re.sub(r'"[^"]*"|\\.', "", fmt.get("formatCode", ""))  # ignore quoted literal text
        if "%" in code:
            percent_formats.add(int(fmt.get("numFmtId")))
    xfs = styles.findall("m:cellXfs/m:xf", _NS)
    return {str(i) for i, xf in enumerate(xfs) if int(xf.get("numFmtId", 0)) in percent_formats}


_COLUMN = re.compile(rb"[A-Z]{1,3}")


def _percent_cells(xml: bytes, styles: set[str]) -> set[tuple[int, int]]:
    alternatives = b"|".join(re.escape(s.encode()) for s in sorted(styles))
    pattern = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"(?: t="\w+")? s="(?:' + alternatives + rb')"'
                         rb'|<c s="(?:' + alternatives + rb')"(?: t="\w+")? r="([A-Z]{1,3})(\d+)"')
    cells = set()
    for match in pattern.finditer(xml):
        letters, digits = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        cells.add((int(digits) - 1, column_index(letters.decode())))
    return cells


def column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


@functools.lru_cache(maxsize=4096)
def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _spread_message(ref: str, rows: int, columns: int, cells: int, spending: Spending) -> Message:
    return message("sheet.spread_used" if spending.cells else "sheet.spread", ref=ref, rows=rows, columns=columns,
                   cells=cells, total=spending.budget.cells, used=spending.cells)


# Every attribute named r, spelt any way calamine accepts (either quote, spaces around =, lower case, leading
# zeros, more than three letters): a row's r="5" or a cell's r="B5", whose own row number places the cell
# wherever its row element sits. Other attributes ending in r (header="0.3") read as row 0 and are ignored.
_REFERENCE_LETTERS = re.compile(rb'r\s*=\s*["\']([A-Za-z]*)\d')
_REFERENCE_ROW = re.compile(rb'r\s*=\s*["\'][A-Za-z]*0*(\d+)')   # two patterns: one group each is cheaper
_ROW_TAG = re.compile(rb"<row[\s>/]")                  # rows without r are placed by counting
_PREFIXED_ROW_TAG = re.compile(rb"<\w+:row[\s>/]")


def xml_extent(xml: bytes) -> tuple[int, int, int] | None:
    """(first row, last row, last column), 0-based, of the cells a sheet's XML declares, found with cheap
    scans before any parser builds the sheet: a reader allocates the whole rectangle between the first and
    the last cell, so one stray cell at XFD1048576 would ask for half a terabyte."""
    rows_tagged = len(_ROW_TAG.findall(xml))
    if b":row" in xml:
        rows_tagged += len(_PREFIXED_ROW_TAG.findall(xml))
    numbers = [n for n in map(int, set(_REFERENCE_ROW.findall(xml))) if n > 0]
    if not numbers and not rows_tagged:
        return None
    first = min(numbers) - 1 if numbers else 0
    last = max(max(numbers, default=0), rows_tagged) - 1
    letters = set(_REFERENCE_LETTERS.findall(xml))
    last_column = max((column_index(word.decode().upper()) for word in letters if word), default=0)
    return first, last, last_column


def open_workbook(content: bytes, spending: Spending | None = None) -> Workbook:
    """The upload's sheets as grids; raises UploadError when the file cannot be used at all.

    Sheets are read in order while the upload's cell budget lasts; a sheet that does not fit is listed in
    `skipped` with where its cells spread. Grids keep the sheet's own coordinates (row 0 is row 1), with the
    rows above the first used one shared empty lists."""
    spending = spending or Spending()
    if len(content) > MAX_UPLOAD_BYTES:
        raise UploadError("upload.too_large", megabytes=round(len(content) / 2**20, 1), limit=MAX_UPLOAD_BYTES // 2**20)
    kind = sniff(content)
    if kind == "csv":
        return _open_csv(content, spending)
    if kind in ("xlsx", "xlsb"):
        check_zip(content)  # before anything is unpacked
        content = standard_layout(content)
    package = Package(check_zip(content)) if kind in ("xlsx", "xlsb", "ods") else None
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    except python_calamine.PasswordError:
        raise password_protected() from None
    except BaseException as error:  # calamine panics (pyo3's PanicException is a BaseException) on some files
        if isinstance(error, (KeyboardInterrupt, SystemExit, MemoryError)):
            raise
        raise UploadError("upload.not_a_workbook") from None
    names = book.sheet_names
    if len(names) > MAX_SHEETS:
        raise UploadError("upload.too_many_sheets", sheets=len(names), limit=MAX_SHEETS)
    try:  # what only the xlsx's XML tells: percent formats, and how far the cells spread before parsing
        parts = _xlsx_sheet_parts(package) if kind == "xlsx" else {}
        percent_styles = _percent_styles(package) if kind == "xlsx" else set()
    except (KeyError, ElementTree.ParseError):  # an unusual layout: calamine alone reads it, in its worker
        parts, percent_styles = {}, set()
    result = Workbook(kind, [])
    worksheets = _worksheet_names(book)
    for name in names:
        spending.check_time()
        shown = clean_line(name) or "—"   # the name people read: no bidi override turns it around
        if name not in worksheets:   # a chart sheet, a dialog or macro sheet: nothing to read, the rest is
            result.skipped.append((shown, message("sheet.not_a_worksheet")))
            continue
        xml = None
        if name in parts and package.has(parts[name]):
            info = package.info(parts[name])
            if info.file_size > MAX_SHEET_XML_BYTES:
                result.skipped.append((shown, message("sheet.too_large", megabytes=info.file_size // 2**20)))
                continue
            xml = package.archive.read(info)
            extent = xml_extent(xml)
            if extent:
                first, last, last_column = extent
                cells = (last - first + 1) * (last_column + 1)
                if cells > spending.cells_left():
                    ref = f"A{first + 1}:{column_letter(last_column)}{last + 1}"
                    result.skipped.append((shown, _spread_message(ref, last - first + 1, last_column + 1, cells,
                                                                  spending)))
                    continue
        try:
            sheet = book.get_sheet_by_name(name)
        except BaseException as error:  # including calamine's panics on crafted sheets
            if isinstance(error, (KeyboardInterrupt, SystemExit, MemoryError)):
                raise
            result.skipped.append((shown, message("sheet.unreadable")))
            continue
        if sheet.start is None:  # an empty sheet
            result.grids.append(Grid(shown, []))
            continue
        (first_row, first_column), (last_row, last_column) = sheet.start, sheet.end
        cells = sheet.height * (first_column + sheet.width)  # columns left of the data are filled in
        if not spending.spend_cells(cells):
            ref = f"{column_letter(first_column)}{first_row + 1}:{column_letter(last_column)}{last_row + 1}"
            result.skipped.append((shown, _spread_message(ref, sheet.height, first_column + sheet.width, cells,
                                                          spending)))
            continue
        padding = [""] * first_column
        rows: list[list] = [[]] * first_row  # one shared empty row for all the rows above the data
        rows += [padding + row for row in sheet.to_python(skip_empty_area=True)] if first_column else \
            sheet.to_python(skip_empty_area=True)
        percent = _percent_cells(xml, percent_styles) if xml is not None and percent_styles else set()
        result.grids.append(Grid(shown, rows, percent, _merged(sheet), _unreadable_cells(xml) if xml else {}))
    return result


def _worksheet_names(book) -> set[str]:
    """The sheets that hold cells: not chart sheets (an .xlsb with one was refused as damaged), dialog or macro
    sheets. Every sheet when the file does not say (CSV-like formats)."""
    try:
        return {sheet.name for sheet in book.sheets_metadata if "WorkSheet" in str(sheet.typ)}
    except Exception:  # an older reader or a format without metadata: try them all
        return set(book.sheet_names)


def _merged(sheet) -> list:
    try:
        return list(sheet.merged_cell_ranges or [])
    except Exception:  # formats that keep no merges
        return []


_FORMULA_OR_ERROR_CELL = re.compile(rb'<c\b([^>]*?)(?<!/)>(.*?)</c>', re.S)   # not <c .../>: it holds nothing
_CELL_REF = re.compile(rb'\br\s*=\s*["\']([A-Za-z]{1,3})(\d+)')
_VALUE = re.compile(rb"<v>([^<]*)</v>")


def _unreadable_cells(xml: bytes) -> dict[tuple[int, int], tuple[str, str]]:
    """Cells of an xlsx sheet that calamine hands back empty although something is written there: error values
    (#DIV/0!, #N/A), and formulas saved without their result (by a tool that does not calculate). Only sheets
    with formulas or errors are scanned."""
    if b"<f>" not in xml and b"<f " not in xml and b't="e"' not in xml:
        return {}
    cells = {}
    for match in _FORMULA_OR_ERROR_CELL.finditer(xml):
        attributes, inner = match.group(1), match.group(2)
        is_error = b't="e"' in attributes
        if not is_error and b"<f" not in inner:
            continue
        value = _VALUE.search(inner)
        ref = _CELL_REF.search(attributes)
        if ref is None:
            continue
        where = (int(ref.group(2)) - 1, column_index(ref.group(1).decode().upper()))
        if is_error:
            cells[where] = ("error", (value.group(1).decode("utf-8", "replace") if value else "#?")[:20])
        elif value is None or not value.group(1).strip():
            cells[where] = ("formula", "")
    return cells


def _open_csv(content: bytes, spending: Spending) -> Workbook:
    text = _decode_text(content)
    text = unicodedata.normalize("NFC", text)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for row in csv.reader(io.StringIO(text), dialect):
        if not spending.spend_cells(max(len(row), 1)):
            total = spending.budget.cells
            raise UploadError("upload.csv_too_large", total=total)
        rows.append(row)
    return Workbook("csv", [Grid("CSV", rows)])
