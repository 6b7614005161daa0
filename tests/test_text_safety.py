"""One pasted character must not break a year's documents: every text is cleaned at the ledger's door (form,
upload, backup), and the writers cannot fail on any stored text, however old."""
from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
from docx import Document
from sqlalchemy import update
from sqlalchemy.orm import Session

from ledger import store
from ledger.leaders_report import build_leaders_report
from ledger.models import TaskEntry
from ledger.pack import build_pack
from ledger.year_end import read_frames, year_end
from loaders.actuals import read_actuals
from loaders.text import clean_line, clean_text, xml_safe
from workbooks import make_xlsx, with_text
from tracker import export, task_views

# every character that may hide in pasted text: C0 controls (U+000B is what Word's Shift+Enter leaves), DEL
# and C1, bidi marks, embeddings, overrides and isolates, zero-width characters, the byte-order mark, soft
# hyphen, noncharacters and a lone surrogate
CONTROLS = "".join(chr(c) for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)])
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
INVISIBLE = "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e\ufff9\ufffa\ufffb\ufffe\uffff\ud800"
PASTED = f"光伏{CONTROLS}试点{BIDI}推进{INVISIBLE}完成"
STORED = PASTED.replace("\ud800", "")   # what a database could have stored (no database stores a lone surrogate)
# what is kept of it: the line breaks (LF, CR, VT, FF, NEL) as one paragraph break, the tab as a space
KEPT = "光伏\n\n试点推进完成"


def test__clean_text__keeps_words_and_line_breaks_and_drops_what_nobody_sees():
    assert clean_text(PASTED) == KEPT
    assert clean_text("第一行\x0b第二行\r\n第三行") == "第一行\n第二行\n第三行"
    assert clean_text("  目标\t任务\u3000 完成  ") == "目标 任务 完成"
    assert clean_text(None) == ""


def test__clean_line__a_name_cannot_be_spoofed_by_a_bidi_override():
    # "王工\u202eslx.exe" shows as 王工exe.xls: the override goes, the name reads as what it is
    assert clean_line("王工\u202eslx.exe") == "王工slx.exe"
    assert clean_line("住建局\n进展.xlsx") == "住建局 进展.xlsx"


def test__xml_safe__keeps_spaces_and_drops_what_a_document_cannot_hold():
    assert xml_safe("a\x0bb\tc\nd\ufffee\ud800 \u202ef ") == "a\nb\tc\nde f "


def task_report(text: str) -> pd.DataFrame:
    return pd.DataFrame([{"item_id": "1", "status": "on_schedule", "progress": text, "issues": text,
                          "next_steps": text, "evidence": text, "sheet": f"台账{BIDI}", "row": 3}])


def no_values() -> pd.DataFrame:
    return pd.DataFrame(columns=["indicator_id", "year", "value"])


def test__save__a_form_report_is_cleaned_at_the_ledgers_door(engine):
    store.save_submission(engine, store.SubmissionInput("ndrc", 2026, f"王工{BIDI}", f"网页{CONTROLS}填报", "",
                                                        note=PASTED, origin="form"), no_values(),
                          tasks=task_report(STORED))
    with Session(engine) as session:
        entry = store.all_task_entries(session).iloc[0]
        submission = store.submissions(session).iloc[0]
    assert (entry["progress"], entry["issues"], entry["next_steps"], entry["evidence"]) == (KEPT,) * 4
    assert (entry["sheet"], submission["submitter"], submission["file_name"], submission["note"]) == (
        "台账", "王工", "网页 填报", KEPT)


def test__read__an_uploaded_ledger_sheet_arrives_clean():
    # what an xlsx stores as _x000B_ comes back from the reader as U+000B; what the preview shows is clean
    sheet = with_text(make_xlsx({"台账": [["序号", "重点任务", "完成状态", "工作进展"],
                                                   [1, "推进清洁能源开发利用", "按期推进", "x"]]}),
                               "x", "第一行_x000B_第二行\u202e_x0007_")
    result = read_actuals(sheet, "台账.xlsx")
    assert result.tasks["progress"].tolist() == ["第一行\n第二行"]
    raw_csv = "序号,重点任务,完成状态,工作进展\n1,推进清洁能源开发利用,按期推进,甲\x0b乙\u200b丙\n".encode("utf-8")
    assert read_actuals(raw_csv, "台账.csv").tasks["progress"].tolist() == ["甲\n乙丙"]


def test__documents__are_made_whatever_an_old_row_holds(engine, catalog):
    """A row saved before the door cleaned texts (written here straight into the table) still makes the Word
    report, the Excel annex, the work-ledger download and its CSV, each opened and read back."""
    store.save_submission(engine, store.SubmissionInput("ndrc", 2026, "王工", "a.xlsx", ""), no_values(),
                          tasks=task_report("正常"))
    # PostgreSQL's text cannot hold NUL, so an old row there never held one; SQLite's can
    stored = STORED if engine.dialect.name == "sqlite" else STORED.replace("\x00", "")
    with Session(engine) as session, session.begin():
        session.execute(update(TaskEntry).values(progress=stored, issues="=HYPERLINK(\"x\")\x0b"))
    picture = year_end(catalog, read_frames(engine), 2026)
    assert picture.items.set_index("item_id").at["1", "progress"] == stored

    report = Document(io.BytesIO(build_leaders_report(catalog, picture, "zh", charts=False)))
    quoted = [p.text for p in report.paragraphs if "光伏" in p.text]   # the unit's words, quoted under its action
    assert quoted and quoted[0].startswith("关于第1项“推进清洁能源开发利用”，市发改委报告：“光伏") and not set(quoted[0]) & set(CONTROLS)
    annex = openpyxl.load_workbook(io.BytesIO(build_pack(engine, catalog, 2026, "zh", picture=picture)))
    texts = [c for sheet in annex for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert xml_safe(stored) in texts and "'=HYPERLINK(\"x\")\n" in texts   # kept readable, and inert
    board = task_views.board_table(catalog, picture.items, "zh", texts=True)
    ledger_file = openpyxl.load_workbook(io.BytesIO(export.excel_bytes(board, "重点任务")))
    assert xml_safe(stored) in [c for row in ledger_file.active.iter_rows(values_only=True) for c in row]
    rows = list(csv.reader(io.StringIO(export.csv_bytes(board).decode("utf-8-sig"))))
    assert any(xml_safe(stored) in row for row in rows)
