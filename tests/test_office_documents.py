"""The documents the office hands on besides the report: a reminder (催报通知) per late unit and a unit's duty list
(责任清单) for its director, each opened and read; the dashboard's lists open exactly what they count."""
from __future__ import annotations

import io
import re

import openpyxl
from docx import Document
from sqlalchemy.orm import Session

from ledger import audit, store
from ledger.duty_list import build_duty_docx, build_duty_xlsx, duty_tables
from ledger.reminders import build_reminder, late_units
from ledger.year_end import read_frames, year_end
from test_pages import ledger_engine, open_app
from test_year_end import GENERATED, ledger  # noqa: F401  (the fixture)
from tracker.task_status import task_board


def test__reminder__lists_what_a_late_unit_still_owes_with_deadlines(ledger, catalog):
    picture = year_end(catalog, read_frames(ledger), 2025, GENERATED)
    assert "natres" in late_units(picture) and "office" not in late_units(picture)
    owed = picture.coverage.set_index("unit_id").loc["natres"]
    text = [p.text for p in Document(io.BytesIO(build_reminder(catalog, picture, "natres", "zh"))).paragraphs]
    assert text[0] == "关于尽快报送2025年度碳达峰工作进展情况的通知"
    assert text[2] == "市自然资源局："
    assert text[3].startswith("按照《银川市碳达峰实施方案》要求") and \
        f"你单位尚有{len(owed['indicators_missing'])}项指标和{len(owed['items_missing'])}项重点任务等事项的2025年度进展未报送" in text[3]
    assert "一、未报送的指标" in text and "二、未报送的重点任务等事项" in text
    indicators = text.index("一、未报送的指标")
    assert text[indicators + 1:indicators + 3] == ["1.森林覆盖率（2025年16%以上）",
                                                   "2.森林蓄积量（2025年188万立方米、2030年195万立方米）"]
    items = text[text.index("二、未报送的重点任务等事项") + 1:]
    listed = [t for t in items if re.match(r"\d+\.", t)]
    assert len(listed) == len(owed["items_missing"])
    assert all(re.search(r"（(完成时限：20\d\d年|每年报送|无明确完成时限，每年报送进展)）$", line) for line in listed), listed
    assert text[-2:] == ["银川市碳达峰碳中和工作领导小组办公室", "二〇二六年一月五日"]
    english = [p.text for p in Document(io.BytesIO(build_reminder(catalog, picture, "natres", "en"))).paragraphs]
    assert english[0] == "Reminder: your 2025 carbon-peak progress report"
    coverage = picture.coverage.set_index("unit_id")
    only_items = [u for u in late_units(picture) if not coverage.at[u, "indicators_missing"]]
    assert only_items   # a unit that owes no number is not told it owes "0 indicators"
    opening = Document(io.BytesIO(build_reminder(catalog, picture, only_items[0], "zh"))).paragraphs[3].text
    assert f"你单位尚有{len(coverage.at[only_items[0], 'items_missing'])}项重点任务等事项的2025年度进展未报送" in opening
    assert "0项" not in opening and "一、未报送的重点任务等事项" in [p.text for p in Document(io.BytesIO(
        build_reminder(catalog, picture, only_items[0], "zh"))).paragraphs]


def test__duty_list__word_and_excel_with_title_unit_date_and_numbers_as_numbers(ledger, catalog):
    board = task_board(catalog, *_frames(ledger), 2025)
    tables = duty_tables(catalog, "transport", "zh", board, {"A05-09": "✖ 到期未达成"})
    led = tables["led_targets"]
    assert list(led.columns) == ["序号", "目标", "指标", "数值", "单位", "比较", "年份", "页码", "本年度进展"]
    chargers = led[led["指标"] == "公共充电桩"].iloc[0].tolist()
    assert chargers[3:8] == [4000.0, "台", "以上", 2025, 19]
    doc = Document(io.BytesIO(build_duty_docx(catalog, "transport", "zh", 2025, tables, GENERATED)))
    text = [p.text for p in doc.paragraphs]
    assert text[0] == "市交通局碳达峰工作责任清单" and "（2025年度　2026年1月5日）" in text
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"] == [
        "一、牵头的目标", "二、牵头的重点任务等事项", "三、配合的目标", "四、配合的重点任务等事项"]
    book = openpyxl.load_workbook(io.BytesIO(build_duty_xlsx(catalog, "transport", "zh", 2025, tables, GENERATED)))
    sheet = book["牵头的目标"]
    assert sheet["A1"].value == "市交通局碳达峰工作责任清单" and sheet["A2"].value.startswith("牵头的目标 · （2025年度")
    header = [c.value for c in sheet[4]]
    row = [c.value for c in sheet[5]]
    assert header[0] == "序号" and isinstance(row[0], int) and isinstance(row[header.index("页码")], int)
    numbers = [r[header.index("数值")] for r in sheet.iter_rows(min_row=5, values_only=True)]
    assert any(isinstance(v, float) for v in numbers)


def _frames(engine):
    with Session(engine) as session:
        return store.all_task_entries(session), store.reviews(session)


def test__dashboard__a_units_list_opens_exactly_what_it_was_counted_for_and_reminders_are_recorded():
    import pandas as pd
    engine = ledger_engine()
    store.save_submission(engine, store.SubmissionInput("transport", 2026, "马丽", "t.xlsx", ""),
                          pd.DataFrame([("public_chargers", 2026, 3300.0)], columns=["indicator_id", "year", "value"]))
    app = open_app()
    coverage = next(d.value for d in app.dataframe if "清单" in d.value.columns)
    transport = coverage.set_index("单位").loc["市交通局"]
    assert transport["清单"] == "/tasks?unit=transport&due=yes&reporting_year=2026"
    tasks = open_app("pages/tasks.py", unit="transport", due="yes", reporting_year="2026")
    assert len(tasks.dataframe[0].value) == transport["应报任务"]
    # a reminder made is an event of the audit trail
    app.button(key="remind:transport:make").click().run()
    assert [b.proto.label for b in app.get("download_button") if "reminder-transport" in b.proto.label]
    events = audit.events(engine)
    assert (events["action"] == "remind").sum() == 1 and events.loc[events["action"] == "remind", "unit_id"].tolist() == ["transport"]
