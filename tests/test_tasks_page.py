"""/tasks under AppTest: it runs in both languages, its filters and the address agree, an item opens its
timeline, a unit reports in the form, the office returns a report."""
from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from test_pages import ledger_engine, open_app
import plan_counts as plan


def tasks_page(**query) -> AppTest:
    return open_app("pages/tasks.py", **query)


def unlock(app: AppTest, name: str, passcode: str) -> AppTest:
    """Unlock /tasks' form as a person would: name, passcode, the button."""
    app.text_input(key="tasks_unlock:name").input(name)
    app.text_input(key="tasks_unlock:passcode").input(passcode)
    return app.button(key="tasks_unlock:button").click().run()


def seed_ledger():
    from ledger import store
    engine = ledger_engine()
    rows = pd.DataFrame([{"item_id": "12a", "status": "behind", "progress": "新建绿色建筑312万平方米", "issues": "星级比例低",
                          "next_steps": "提高星级比例", "evidence": "", "sheet": "台账", "row": 5},
                         {"item_id": "13b", "status": "", "progress": "能耗平台建设中", "issues": "", "next_steps": "",
                          "evidence": "", "sheet": "台账", "row": 6}])
    return store.save_submission(engine, store.SubmissionInput("housing", 2026, "王工", "住建局台账.xlsx", ""),
                                 pd.DataFrame(columns=["indicator_id", "year", "value"]), tasks=rows)


@pytest.mark.parametrize("lang, title", [("zh", "重点任务"), ("en", "Key tasks")])
def test__tasks__runs_and_counts_every_item_once(lang, title):
    app = tasks_page(lang=lang)
    assert app.title[0].value == title
    assert sum(int(m.value) for m in app.metric) == plan.LEDGER_ITEMS
    assert len(app.dataframe[0].value) == plan.LEDGER_ITEMS
    # the counts by action: a closed section, its chart drawn once opened
    assert [e.label for e in app.expander] == [{"zh": "各行动的重点任务状态", "en": "Key tasks by action and status"}[lang]]
    assert not app.get("vega_lite_chart")


def test__tasks__filters_live_in_the_address_and_narrow_the_table():
    seed_ledger()
    app = tasks_page(lang="en", unit="housing", reporting_year="2026")
    assert len(app.dataframe[0].value) == 50
    counts = {m.label: m.value for m in app.metric}
    assert (counts["▼ Behind schedule"], counts["… No status given"]) == ("1", "1")
    app.selectbox(key="widget:status").set_value("behind").run()
    table = app.dataframe[0].value
    assert table["Task"].tolist() == ["Green upgrading of new buildings · Keep up the green-building campaign"]
    assert table["Status"].tolist() == ["▼ Behind schedule"] and table["Reported by"].tolist() == [
        "Housing & Construction"]
    assert dict(app.query_params) == {"lang": "en", "unit": "housing", "status": "behind"}  # 2026 is the default
    app.selectbox(key="widget:kind").set_value("project").run()
    assert app.info[0].value == "No item matches these filters. Try widening them."


def test__tasks__an_item_opens_its_report_and_timeline():
    seed_ledger()
    app = tasks_page(lang="zh", item="12a", reporting_year="2026")
    assert app.subheader[0].value == "12(1) 推行新建建筑绿色升级 · 持续开展绿色建筑创建行动"
    texts = [t.value for t in app.text]
    assert "新建绿色建筑312万平方米" in texts and "星级比例低" in texts
    timeline = app.dataframe[1].value
    assert timeline["报送单位"].tolist() == ["市住建局"] and timeline["状态"].tolist() == ["▼ 进度滞后"]


def test__tasks__a_unit_reports_in_the_form_and_the_office_returns_it(monkeypatch):
    monkeypatch.setenv("LEDGER_UNIT_PASSCODES", '{"utilities": "u-pass"}')
    monkeypatch.setenv("LEDGER_REVIEWER_PASSCODE", "office-pass")
    app = tasks_page(lang="en", item="P24", reporting_year="2026")
    unlock(app, "Li Na", "u-pass")
    assert app.selectbox(key="task_form_unit").options == ["Municipal Public Utilities Administration"]
    app.selectbox(key="task_form_status").set_value("on_schedule")
    app.text_area(key="task_form_progress").input("Boiler installed; trial run in May.")
    app.text_area(key="task_form_issues").input("Grid connection late")
    app.button[[b.label for b in app.button].index("Save to the ledger")].click().run()
    assert not app.exception
    assert app.success[0].value == ("Saved to the ledger: Waste\\-to\\-energy incineration project (Municipal Public "
                                    "Utilities Administration, 2026).")
    table = app.dataframe[0].value.set_index("Task")
    assert table.loc["Waste-to-energy incineration project", ["Status", "Reported by"]].tolist() == [
        "▲ On schedule", "Public Utilities"]
    # the office, in its own session, returns the report
    office = tasks_page(lang="en", item="P24", reporting_year="2026")
    unlock(office, "Zhang (office)", "office-pass")
    office.radio(key="task_review_decision").set_value("returned")
    office.text_area(key="task_review_text").input("Attach the acceptance report.")
    office.button[[b.label for b in office.button].index("Submit")].click().run()
    assert office.success[0].value == "The review was recorded."
    assert office.warning[0].value == "The leading group office returned this report: Attach the acceptance report\\."
    counts = {m.label: m.value for m in office.metric}
    assert counts["↩ Returned"] == "1"
    from ledger import audit
    assert audit.events(ledger_engine())["action"].tolist()[:2] == ["return", "unlock"]
    # the timeline names the office and its reviewer for the return, the unit for the report
    timeline = office.dataframe[1].value
    assert timeline[["Reported by", "Submitter"]].values.tolist()[-2:] == [
        ["Municipal Public Utilities Administration", "Li Na"],
        ["Office of the Municipal Carbon Peaking and Carbon Neutrality Leading Group", "Zhang (office)"]]
    events = audit.events(ledger_engine())
    assert events.loc[events["action"] == "return", "unit_id"].tolist() == ["utilities"]   # the unit reviewed


def test__tasks__the_form_takes_the_numbers_of_the_items_indicators(monkeypatch):
    from ledger import store
    from sqlalchemy.orm import Session
    monkeypatch.setenv("LEDGER_UNIT_PASSCODES", '{"transport": "t-pass"}')
    app = tasks_page(lang="en", item="17", reporting_year="2026")   # task 17: public charging posts
    unlock(app, "Ma Li", "t-pass")
    app.selectbox(key="task_form_status").set_value("on_schedule")
    app.text_area(key="task_form_progress").input("Built 610 more posts.")
    app.number_input(key="task_form_value:public_chargers").set_value(4010.0)
    app.button[[b.label for b in app.button].index("Save to the ledger")].click().run()
    assert not app.exception and app.success
    with Session(ledger_engine()) as session:
        values = store.all_values(session)
    assert values[["indicator_id", "year", "value", "reporting_unit"]].values.tolist() == [
        ["public_chargers", 2026, 4010.0, "transport"]]


def test__tasks__a_review_whose_save_fails_keeps_its_decision_and_text(monkeypatch):
    monkeypatch.setenv("LEDGER_UNIT_PASSCODES", '{"utilities": "u-pass"}')
    monkeypatch.setenv("LEDGER_REVIEWER_PASSCODE", "office-pass")
    unit = tasks_page(lang="en", item="P24", reporting_year="2026")
    unlock(unit, "Li Na", "u-pass")
    unit.text_area(key="task_form_progress").input("Boiler installed.")
    unit.button[[b.label for b in unit.button].index("Save to the ledger")].click().run()
    office = tasks_page(lang="en", item="P24", reporting_year="2026")
    unlock(office, "Zhang (office)", "office-pass")

    from ledger.store import add_review

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr("ui.tasks.store.add_review", disk_full)
    office.radio(key="task_review_decision").set_value("returned")
    office.text_area(key="task_review_text").input("Attach the acceptance report.")
    office.button[[b.label for b in office.button].index("Submit")].click().run()
    assert not office.exception
    assert [e.value for e in office.error][0].startswith("The disk that holds the ledger is full")
    assert office.text_area(key="task_review_text").value == "Attach the acceptance report."
    assert office.radio(key="task_review_decision").value == "returned"
    monkeypatch.setattr("ui.tasks.store.add_review", add_review)   # room again: the same form saves
    office.button[[b.label for b in office.button].index("Submit")].click().run()
    assert office.success[0].value == "The review was recorded."
    assert office.warning[0].value == "The leading group office returned this report: Attach the acceptance report\\."
