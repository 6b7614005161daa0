"""Where each item stands in a year, from a ledger built in code: reported, returned, silent, late, missing."""
from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from ledger import store
from tracker.task_status import ALL_STATUSES, counts_by_action, coverage, task_board, timeline
import plan_counts as plan


def report(engine, unit, year, *rows, who="王工"):
    tasks = pd.DataFrame([{"item_id": i, "status": s, "progress": p, "issues": "", "next_steps": "", "evidence": "",
                           "sheet": "台账", "row": n + 4} for n, (i, s, p) in enumerate(rows)])
    empty = pd.DataFrame(columns=["indicator_id", "year", "value"])
    return store.save_submission(engine, store.SubmissionInput(unit, year, who, f"{unit}-{year}.xlsx", ""), empty,
                                 tasks=tasks)


def board_of(engine, catalog, year):
    with Session(engine) as session:
        entries, reviews = store.all_task_entries(session), store.reviews(session)
    return task_board(catalog, entries, reviews, year).set_index("item_id"), entries, reviews


def test__task_board__statuses_reported_derived_and_carried(engine, catalog):
    report(engine, "housing", 2024, ("12a", "on_schedule", "推进中"), ("A04-15", "completed", "已达成"))
    report(engine, "housing", 2025, ("12a", "behind", "资金不足"), ("13b", "", "能耗平台建设中"))
    report(engine, "natres", 2025, ("12a", "completed", "配合单位说已完成"))       # a partner does not speak for the lead
    returned = report(engine, "utilities", 2025, ("21", "completed", "已完成"))
    store.add_review(engine, returned.id, decision="returned", text_="缺少佐证材料", reviewer="办公室")
    noted = report(engine, "natres", 2025, ("A04-01", "on_schedule", "国土空间规划已批复"))
    store.add_review(engine, noted.id, decision="note", text_="请补充指标", reviewer="办公室", item_id="A04-01")
    board, _, _ = board_of(engine, catalog, 2025)
    assert board.loc["12a", ["status", "progress", "partner_reports", "previous_status"]].tolist() == [
        "behind", "资金不足", 1, "on_schedule"]
    assert board.loc["13b", "status"] == "no_status"
    assert board.loc["A04-15", ["status", "reporting_year"]].tolist() == ["completed", 2024]  # completed stays
    assert board.loc["21", ["status", "return_reason"]].tolist() == ["returned", "缺少佐证材料"]
    assert board.loc["A04-01", ["status", "review_note"]].tolist() == ["on_schedule", "请补充指标"]
    assert board.loc["1", "status"] == "not_reported"
    assert board.loc["D11", "status"] == "not_reported"          # a yearly duty
    # 2026: the 2025 goals are past due unless completed; tasks without a year are just not reported
    board_2026, _, _ = board_of(engine, catalog, 2026)
    assert board_2026.loc["A04-01", "status"] == "overdue" and board_2026.loc["A04-15", "status"] == "completed"
    assert board_2026.loc["12a", "status"] == "not_reported" and board_2026.loc["A04-02", "status"] == "overdue"
    # every item in exactly one status
    counts = counts_by_action(board.reset_index())
    assert counts.loc["total"].sum() == len(board) == plan.LEDGER_ITEMS
    assert list(counts.columns) == list(ALL_STATUSES)


def test__task_board__a_newer_report_after_a_return_counts_again(engine, catalog):
    first = report(engine, "utilities", 2025, ("21", "completed", "已完成"))
    store.add_review(engine, first.id, decision="returned", text_="缺少佐证材料", reviewer="办公室")
    report(engine, "utilities", 2025, ("21", "completed", "已完成,附验收报告"))
    board, entries, reviews = board_of(engine, catalog, 2025)
    assert board.loc["21", ["status", "progress"]].tolist() == ["completed", "已完成,附验收报告"]
    events = timeline(entries, reviews, "21")
    assert events["event"].tolist() == ["report", "returned", "report"]
    assert events["progress"].tolist() == ["已完成", "缺少佐证材料", "已完成,附验收报告"]


def test__coverage__counts_what_each_unit_reported_itself(engine, catalog):
    report(engine, "housing", 2025, ("12a", "on_schedule", "推进中"), ("12b", "completed", "完成"))
    values = pd.DataFrame([("prefab_building_share", 2024, 26.0)], columns=["indicator_id", "year", "value"])
    # housing's indicator, saved by transport (which supports it): transport's contribution, not housing's report
    store.save_submission(engine, store.SubmissionInput("transport", 2025, "马丽", "t.xlsx", ""), values)
    store.save_submission(engine, store.SubmissionInput("housing", 2025, "王工", "h.xlsx", ""), pd.DataFrame(
        [("green_building_standard_share", 2025, 100.0)], columns=["indicator_id", "year", "value"]))
    store.save_submission(engine, store.SubmissionInput("agri", 2025, "李工", "skipped.xlsx", ""),
                          pd.DataFrame(columns=["indicator_id", "year", "value"]),
                          tasks=pd.DataFrame([{"item_id": "P14", "status": "on_schedule", "progress": "", "issues": "",
                                               "next_steps": "", "evidence": "", "sheet": "", "row": None}]))
    board, entries, _ = board_of(engine, catalog, 2025)
    with Session(engine) as session:
        values = store.all_values(session)
    frame = coverage(catalog, board.reset_index(), entries, values, 2025).set_index("unit_id")
    housing = frame.loc["housing"]
    assert (housing["items_due"], housing["items_reported"], housing["indicators_reported"], housing["reporting"]) == (
        8, 2, 1, "partial")
    assert housing["items_missing"] == ["13b", "14", "A04-15", "P15", "P16", "P17"]
    assert housing["indicators_due"] == 7 and "prefab_building_share" in housing["indicators_missing"]
    assert "green_building_standard_share" not in housing["indicators_missing"]
    assert frame.loc["transport", "indicators_reported"] == 0   # what it sent of housing's indicator is not its own
    assert frame.loc["miit", "reporting"] == "none"
    assert frame.loc["agri", ["items_reported", "other_reports", "reporting"]].tolist() == [0, 1, "none"]
    assert "office" not in frame.index   # the office the units report to is not late in reporting to itself


def test__task_board__a_yearly_duty_is_due_again_after_it_was_completed(engine, catalog):
    from tracker.task_views import board_table
    report(engine, "districts", 2025, ("D11", "completed", "已向领导小组报告"))
    report(engine, "ndrc", 2025, ("1", "completed", "已完成"))
    board, _, _ = board_of(engine, catalog, 2026)
    assert board.loc[["D11", "1"], "status"].tolist() == ["not_reported", "completed"]
    table = board_table(catalog, board.loc[["D11", "1"]].reset_index(), "en")
    assert table["Due"].tolist() == ["Every year", "No set date"]


def test__task_board__a_yearly_duty_is_due_again_and_an_overdue_item_names_its_deadline(engine, catalog):
    from tracker.task_views import board_table
    report(engine, "citydepts", 2025, ("D11", "completed", "已按时报告2025年贯彻落实情况"))
    board_2025, _, _ = board_of(engine, catalog, 2025)
    board_2026, _, _ = board_of(engine, catalog, 2026)
    assert board_2025.loc["D11", "status"] == "completed"
    assert board_2026.loc["D11", ["status", "previous_status"]].tolist() == ["not_reported", "completed"]
    shown = board_table(catalog, board_2026.reset_index(), "zh").set_index("任务")
    assert shown.loc["到2025年,国土空间布局得到优化。", "状态"] == "✖ 逾期(期限 2025 年)"   # A04-02, natres
    assert board_table(catalog, board_2026.reset_index(), "en")["Status"].value_counts()["✖ Overdue (due 2025)"] == \
        int((board_2026["status"] == "overdue").sum())
    # an item without a deadline (持续推进) is never overdue
    assert not ((board_2026["status"] == "overdue") & board_2026["year"].isna()).any()
