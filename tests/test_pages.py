"""Every page under Streamlit's AppTest: runs in both languages, filters change what is shown, the URL follows."""
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import words
import plan_counts as plan

APP = str(Path(__file__).resolve().parent.parent / "app.py")

PAGES = ["pages/overview.py", "pages/targets.py", "pages/tasks.py", "pages/units.py", "pages/progress.py",
         "pages/method.py"]
TITLES = {
    "zh": ["总览", "目标", "重点任务", "责任单位", "进展对比", "方法与数据"],
    "en": ["Overview", "Targets", "Key tasks", "Units", "Progress", "Method & data"],
}


def open_app(page: str | None = None, **query) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for name, value in query.items():
        app.query_params[name] = value
    if page:
        app.switch_page(page)
    app.run()
    assert not app.exception, app.exception
    return app


def shown_ids(app: AppTest) -> list[str]:
    """The targets in the page's table (indexed by target_id, which the page does not show)."""
    table = next(d.value for d in app.dataframe if d.value.index.name == "target_id")
    return list(table.index)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("index, page", list(enumerate(PAGES)))
def test__every_page__runs_in_both_languages(lang, index, page):
    app = open_app(page, lang=lang)
    assert [title.value for title in app.title] == [TITLES[lang][index]]
    assert app.radio(key="widget:lang").value == lang


def test__targets__share_link_opens_transport_2030_in_english():
    app = open_app("pages/targets.py", lang="en", action="5", year="2030")
    assert shown_ids(app) == ["A05-05", "A05-06", "A05-08", "A05-10"]
    table = next(d.value for d in app.dataframe if d.value.index.name == "target_id")
    assert list(table["Value"]) == ["Qualitative", "≈ 9.5%", "≥ 70% (strive for)", "≥ 6,900 posts"]
    assert table.loc["A05-10", "Lead units"] == "Transport"  # short names: not cut to "Municipal T…"
    assert app.query_params["lang"] == "en" and app.query_params["action"] == "5"
    assert app.multiselect(key="widget:indicator").proto.placeholder == "Choose one or more indicators"


def test__targets__an_empty_filter_says_so_in_the_page_language():
    app = open_app("pages/targets.py", q="没有这个词")
    assert app.info[0].value.startswith("没有符合筛选条件的目标")
    assert app.multiselect(key="widget:indicator").proto.placeholder == "当前筛选下没有带数值目标的指标"


def test__targets__each_filter_narrows_the_rows():
    app = open_app("pages/targets.py")
    assert len(shown_ids(app)) == plan.TARGETS
    app.selectbox(key="widget:action").set_value(7).run()
    assert len(shown_ids(app)) == 23
    app.selectbox(key="widget:year").set_value(2030).run()
    assert shown_ids(app) == ["A07-04", "A07-05", "A07-10", "A07-11", "A07-12", "A07-13", "A07-20", "A07-21",
                              "A07-22", "A07-23"]
    app.text_input(key="widget:q").set_value("湿地").run()
    assert shown_ids(app) == ["A07-04", "A07-05", "A07-12", "A07-13"]
    assert dict(app.query_params) == {"action": "7", "year": "2030", "q": "湿地"}


def test__targets__unit_filter_covers_lead_and_partner_roles():
    app = open_app("pages/targets.py", unit="stategrid")
    # State Grid is a partner of tasks 3 (electricity share, and with it the main goal of the non-hydro renewable
    # share), 14 (rural energy: no targets) and 17 (chargers)
    assert shown_ids(app) == ["A00-08", "A00-17", "A01-11", "A01-12", "A05-09", "A05-10"]
    app.selectbox(key="widget:year").set_value("none").run()
    assert app.info[0].value.startswith("没有符合筛选条件的目标")


def test__targets__no_year_and_search_in_english():
    app = open_app("pages/targets.py", year="none", q="pilot")
    assert shown_ids(app) == ["A10-03", "A10-04"]


def test__targets__picked_indicators_draw_one_chart_each():
    app = open_app("pages/targets.py", indicator=["forest_stock", "public_chargers"])
    specs = [json.loads(chart.proto.spec) for chart in app.get("vega_lite_chart")]
    assert [spec["usermeta"]["indicator_id"] for spec in specs] == ["forest_stock", "public_chargers"]
    assert app.multiselect(key="widget:indicator").value == ["forest_stock", "public_chargers"]
    app.multiselect(key="widget:indicator").set_value(["forest_stock"]).run()
    assert len(app.get("vega_lite_chart")) == 1
    assert app.query_params["indicator"] == "forest_stock"


def test__targets__opens_with_the_trajectories_of_what_the_filter_shows():
    app = open_app("pages/targets.py", lang="en", action="5")
    specs = [json.loads(chart.proto.spec) for chart in app.get("vega_lite_chart")]
    assert sorted(spec["usermeta"]["indicator_id"] for spec in specs) == sorted([
        "nev_sales_share", "electric_bus_share", "municipal_vehicle_nev_share", "commercial_vehicle_co2_reduction",
        "green_travel_share", "public_chargers"])
    buildings = open_app("pages/targets.py", lang="en", action="4")   # up to 12 charts: all of them, together
    assert len(buildings.get("vega_lite_chart")) == 9 and not [b for b in buildings.button if "more" in b.label]
    everything = open_app("pages/targets.py", lang="en")
    assert len(everything.get("vega_lite_chart")) == 6  # a longer view: three rows, and a button for more
    more = [b for b in everything.button if b.label.startswith("Show 12 more charts")]
    assert more[0].label == f"Show 12 more charts (of {plan.INDICATORS})"
    more[0].click().run()
    assert len(everything.get("vega_lite_chart")) == 18


def test__targets__quantitative_or_qualitative():
    app = open_app("pages/targets.py", kind="qualitative", action="4")
    assert shown_ids(app) == ["A04-01", "A04-02", "A04-03", "A04-04", "A04-05", "A04-06", "A04-07", "A04-15"]
    assert len(app.get("vega_lite_chart")) == 1  # A04-15 is of the prefab share, which has numbers too
    app.selectbox(key="widget:kind").set_value("quantitative").run()
    assert len(shown_ids(app)) == 12 and len(app.get("vega_lite_chart")) == 9  # A04-08 and A04-20: one indicator


def test__targets__charts_show_the_ledgers_actuals_trend_and_status(long_sheet):
    import pandas as pd
    from ledger import store
    values = pd.DataFrame([("public_chargers", 2021, 1800.0), ("public_chargers", 2022, 2650.0),
                           ("public_chargers", 2023, 3300.0)], columns=["indicator_id", "year", "value"])
    store.save_submission(ledger_engine(), store.SubmissionInput("transport", 2023, "马丽", "t.xlsx", ""), values)
    app = open_app("pages/targets.py", lang="en", indicator="public_chargers")
    spec = json.loads(app.get("vega_lite_chart")[0].proto.spec)
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == ["Plan path", "Actual", "Trend"]
    # December 2026: the 2025 target is due and has no 2025 value; the way toward 2030 is read from 2023's
    assert ("**? No value for the year** · No actual for 2025, so whether the 2025 target ≥ 4,000 posts was met "
            "cannot be told; 2023: 3,300 posts.  \n**▲ On track** · 2023 actual 3,300 posts, plan path requires 2,900 "
            "posts, the 2030 target ≥ 6,900 posts; progress is 136% of what was required.") in [c.value for c in app.caption]


def test__targets__unknown_link_values_are_reported_not_fatal():
    app = open_app("pages/targets.py", lang="en", action="99", indicator="no_such_thing",
                   unit="![x](https://e.vil/a.png) :red[pay here]")
    warnings = [w.value for w in app.warning]
    assert "The link's action=99 is not recognised and was ignored." in warnings
    # link values are shown as written, never as Markdown (no image, link or colour from a crafted link)
    assert "The link's indicator=no\\_such\\_thing is not recognised and was ignored." in warnings
    assert ("The link's unit=\\!\\[x\\]\\(https\u2060\\://e\\.vil/a\\.png\\) \\:red\\[pay here\\] is not recognised "
            "and was ignored.") in warnings
    assert len(shown_ids(app)) == plan.TARGETS
    assert "action" not in app.query_params


def test__targets__filters_survive_a_visit_to_another_page():
    app = open_app("pages/targets.py", action="3")
    app.switch_page("pages/units.py").run()
    assert dict(app.query_params) == {}
    app.switch_page("pages/targets.py").run()
    assert len(shown_ids(app)) == 5 and app.query_params["action"] == "3"


def test__language_switch__changes_every_label_and_the_url():
    app = open_app("pages/targets.py", action="1")
    assert app.title[0].value == "目标" and "lang" not in app.query_params
    app.radio(key="widget:lang").set_value("en").run()
    assert app.title[0].value == "Targets"
    assert app.selectbox(key="widget:action").label == "Action area"
    assert dict(app.query_params) == {"lang": "en", "action": "1"}
    assert app.dataframe[0].value.columns[0] == "Target"


def test__units__one_unit_shows_what_it_leads_first_and_whole():
    app = open_app("pages/units.py", unit="housing", lang="en")
    assert app.subheader[0].value == "Municipal Bureau of Housing and Urban-Rural Development"
    figures = {metric.label: metric.value for metric in app.metric}
    assert figures == {"Tasks (task-division table) · Leads": "4", "Tasks (task-division table) · Supports": "9",
                       "Targets · Leads": "11", "Targets · Supports": "19"}
    assert [s.value for s in app.subheader][1] == "What this unit leads"
    led_targets, led_items = app.table[0].value, app.table[1].value
    assert len(led_targets) == 11 and led_targets["Action area"].iloc[0] == "4. Low-carbon urban and rural construction"
    assert led_targets["Target"].iloc[0] == "Residential buildings gradually apply the 75% energy-saving design standard."
    assert len(led_items) == 8 and led_items["Row"].tolist()[:4] == ["12(1)", "12(2)", "13(2)", "14"]
    assert set(led_items["Status"]) == {"? Not reported"}
    assert [e.label for e in app.expander] == ["What this unit supports (61)"]  # 19 targets, 42 items
    app.selectbox(key="widget:unit").set_value("stategrid").run()
    assert app.subheader[0].value == "State Grid Yinchuan Power Supply Company"
    assert [c.value for c in app.caption if "leads no" in c.value] == [
        "This unit leads no task with a target.", "This unit leads no key task."]
    assert app.query_params["unit"] == "stategrid"


def test__units__targets_it_leads_show_the_ledgers_latest_actual_and_progress():
    import pandas as pd
    from ledger import store
    values = pd.DataFrame([("new_residential_energy_saving", 2024, 70.0), ("new_residential_energy_saving", 2025, 76.0),
                           ("green_building_standard_share", 2024, 92.0), ("green_building_standard_share", 2025, 100.0)],
                          columns=["indicator_id", "year", "value"])
    store.save_submission(ledger_engine(), store.SubmissionInput("housing", 2025, "李明", "h.xlsx", ""), values)
    app = open_app("pages/units.py", unit="housing", lang="en")
    led = app.table[0].value
    shown = list(zip(led["Value"], led["Target year"], led["Latest actual"], led["Progress (ledger)"]))
    # the 2025 targets are due: each has its verdict on its 2025 value; the 2030 one how it stands toward it
    assert shown[2:7] == [("≥ 30%", "2025", "", "? No value for the year"),   # due, and never reported
                          ("100%", "2025", "", "? No value for the year"),
                          ("75%", "2025", "2025: 76%", "✔ Met"),             # the 75% standard, met in 2025
                          ("100%", "2025", "2025: 100%", "✔ Met"),
                          ("83%", "2030", "2025: 76%", "▲ On track")]        # the next step of the same standard
    assert shown[7] == ("78%", "2030", "", "")   # not due, no value yet
    assert shown[8] == ("Qualitative", "2030", "", "? Not reported")   # a goal: its ledger item's status this year
    assert list(led["Why"])[4] == "2025 actual 76% meets the 2025 target 75%: met."
    assert sum(1 for row in shown if row[3]) == 6 + sum(1 for row in shown if row[0] == "Qualitative")
    assert any(c.value.startswith("Latest actuals and progress come from the ledger") for c in app.caption)


def test__units__without_a_unit_lists_every_unit():
    app = open_app("pages/units.py")
    directory = app.dataframe[0].value
    assert len(directory) == plan.UNITS   # every unit of units.csv: the task table's 31 and the office (main goals, duties)
    assert directory.iloc[0, 0] == "市发改委"  # leads the most tasks
    office = directory.set_index(directory.columns[0]).loc["市碳达峰碳中和工作领导小组办公室"]
    assert (office["牵头任务"], office["牵头目标"]) == (0, 15)  # 14 main goals in words and CO2 intensity


def test__overview__headline_goals_and_counts():
    app = open_app(lang="en")
    values = [metric.value for metric in app.metric]
    assert values[:7] == ["≥ 500", "≥ 750", "≥ 30%", "≥ 35%", "≈ 15%", "≈ 20%", "14%"]
    assert values[7:11] == [str(plan.QUANTITATIVE), str(plan.QUALITATIVE), str(plan.INDICATORS),
                           f"{plan.TASK_ROWS} ({plan.TASK_ITEMS})"]
    assert any("7.5 million kW or more (750万千瓦以上)" in m.value for m in app.markdown)


def test__method__offers_the_whole_catalog():
    app = open_app("pages/method.py")
    labels = [button.proto.label for button in app.get("download_button")]
    assert labels == ["目录 Excel(6 个工作表)", "目录 CSV(zip,6 个文件)"]  # commitments.csv is the sixth
    assert any("方案前后不一致" in m.value for m in app.markdown)


def status_rows(app: AppTest):
    """The comparison's table of statuses, one row per indicator (by its name)."""
    table = next(d.value for d in app.dataframe if "Reason" in d.value.columns or "原因" in d.value.columns)
    table = table.data if hasattr(table, "data") else table  # a Styler: its frame
    return table.set_index(table.columns[0])


def progress_with(*files: tuple[bytes, str], **query) -> AppTest:
    """The progress page with files already uploaded in the session (AppTest cannot drive the uploader)."""
    from loaders.actuals import read_actuals
    app = AppTest.from_file(APP, default_timeout=60)
    results = [read_actuals(content, name) for content, name in files]
    app.session_state["_uploads"] = {r.sha256: r for r in results}
    for name, value in query.items():
        app.query_params[name] = value
    app.switch_page("pages/progress.py")
    app.run()
    assert not app.exception, app.exception
    return app


def test__progress__without_uploads_explains_what_to_do():
    app = open_app("pages/progress.py", lang="en")
    assert app.info[0].value == f"Upload a progress sheet to see the status of {plan.INDICATORS} indicators here."
    assert [b.proto.label for b in app.get("download_button")] == ["Download the Excel template"]
    assert [b.label for b in app.button if b.label.startswith("Make")] == [
        "Make the 2026 report (Word)", "Make the 2026 annex (Excel)"]


def test__documents__are_made_on_request_and_a_failure_is_said_in_the_pages_language(monkeypatch):
    app = open_app("pages/progress.py", lang="en")
    app.button(key="pack:xlsx:make").click().run()
    assert not app.exception and [b.proto.label for b in app.get("download_button")][-1] == (
        "Download carbon-peak-2026-year-end-annex-en.xlsx")

    import ledger.pack
    monkeypatch.setattr(ledger.pack, "build_pack", lambda *a, **k: 1 / 0)
    app = open_app("pages/progress.py")
    app.button(key="pack:xlsx:make").click().run()
    assert not app.exception
    assert [e.value for e in app.error] == ["文件未能生成,台账中的内容没有任何改动。已记录问题,请稍后重试或联系管理员。"]
    assert [b.proto.label for b in app.get("download_button")] == ["下载 Excel 模板"]


def test__progress__statuses_counts_and_reasons(awkward_wide_sheet, long_sheet):
    app = progress_with((awkward_wide_sheet, "住建局.xlsx"), (long_sheet, "transport.xlsx"), lang="en",
                        reporting_year="2023")
    figures = {metric.label: metric.value for metric in app.metric}
    # achieved: green-building share 100 (2023); on track: prefab share, old-compound retrofits, building energy
    # fall, chargers, electric buses; cannot assess: green travel and NEV sales (one year each)
    assert figures == {"✔ Achieved": "1", "▲ On track": "5", "◆ Acceleration needed": "0",
                       "▼ Limited progress": "0", "✖ Moving away": "0", "■ All targets due": "0",
                       "? Cannot assess": "2"}
    row = status_rows(app).loc["Public charging posts built"]
    assert row["Status"] == "▲ On track"
    assert row["Reason"] == ("2023 actual 3,300 posts, plan path requires 2,900 posts, the 2025 target ≥ 4,000 posts; "
                             "progress is 136% of what was required.")
    summary = [m.value for m in app.markdown if m.value.startswith("**")]
    # file names are the user's words: escaped so that Markdown shows them as written
    assert summary[:2] == ["**住建局\\.xlsx**: 14 values from 1 sheet, 1 problem",
                           "**transport\\.xlsx**: 6 values from 1 sheet, 0 problems"]
    assert len(app.get("vega_lite_chart")) == 8  # one trajectory per assessed indicator (the status bars: once opened)
    assert [c.value for c in app.caption if "reporting year" in c.value][0].endswith("The reporting year is the one you chose.")


def test__progress__filters_narrow_the_comparison_and_data_survives_pages_and_language(long_sheet):
    app = progress_with((long_sheet, "transport.xlsx"), reporting_year="2023")
    assert len(status_rows(app)) == 3
    app.selectbox(key="widget:action").set_value(5).run()
    app.text_input(key="widget:q").set_value("充电").run()
    assert list(status_rows(app).index) == ["公共充电桩"]
    app.switch_page("pages/targets.py").run()
    app.radio(key="widget:lang").set_value("en").run()
    app.switch_page("pages/progress.py").run()
    assert list(status_rows(app).index) == ["Public charging posts built"]
    assert app.query_params["action"] == "5" and app.query_params["lang"] == "en"


def test__progress__remove_a_file(long_sheet, awkward_wide_sheet):
    app = progress_with((long_sheet, "transport.xlsx"), (awkward_wide_sheet, "住建局.xlsx"))
    remove = [b for b in app.button if (b.key or "").startswith("remove:")]
    assert len(remove) == 2
    remove[0].click().run()
    summary = [m.value for m in app.markdown if "xlsx**" in m.value]
    assert summary == ["**住建局\\.xlsx**:读取 14 个数值,1 个工作表,1 个问题"]


def ledger_engine():
    from ledger.db import database_url, make_engine, migrate
    engine = make_engine(database_url())  # the test's own SQLite ledger (conftest.own_ledger)
    migrate(engine)
    return engine


def test__ledger__saving_is_off_without_a_passcode_and_says_how_to_turn_it_on(long_sheet):
    app = progress_with((long_sheet, "transport.xlsx"), lang="en")
    assert any(i.value.startswith("Saving to the ledger is not turned on here; please ask the administrator")
               for i in app.info)
    assert any(c.value.startswith("For administrators: set [ledger] editor_passcode") for c in app.caption)


def test__ledger__a_wrong_passcode_unlocks_nothing(long_sheet, monkeypatch):
    monkeypatch.setenv("LEDGER_EDITOR_PASSCODE", "correct horse")
    app = progress_with((long_sheet, "transport.xlsx"), lang="en")
    app.text_input(key="ledger_unlock:name").input("Ma Li")
    app.text_input(key="ledger_unlock:passcode").input("guess")
    app.button[[b.label for b in app.button].index("Unlock")].click().run()
    assert [e.value for e in app.error] == ["The passcode is wrong."]
    assert "ledger_confirm" not in [b.key for b in app.button]


def test__ledger__an_editor_previews_and_saves_then_the_link_reopens_it(long_sheet, monkeypatch):
    from ledger import store
    monkeypatch.setenv("LEDGER_EDITOR_PASSCODE", "correct horse")
    app = progress_with((long_sheet, "transport.xlsx"), lang="en", reporting_year="2023")
    app.text_input(key="ledger_unlock:name").input("Ma Li")
    app.text_input(key="ledger_unlock:passcode").input("correct horse")
    app.button[[b.label for b in app.button].index("Unlock")].click().run()
    assert any(i.value.startswith("First choose the reporting unit under “Your unit”") for i in app.info)
    app.selectbox(key="widget:unit").set_value("transport").run()
    assert app.text_input(key="ledger_submitter").value == "Ma Li"
    assert any(m.value == "Saving for **Municipal Transport Bureau**: **6 values** (6 new, 0 changed, 0 same as the "
               "ledger) and **0 task reports**; 0 waiting for a decision and 0 left out are recorded with the "
               "submission as rows skipped." for m in app.markdown)
    app.button[[b.label for b in app.button].index("Confirm and save")].click().run()
    assert not app.exception
    assert app.success[0].value.startswith("Saved 6 values to the ledger. Link to this submission: /progress?report=")
    token = app.success[0].value.rsplit("report=", 1)[1]
    engine = ledger_engine()
    with store.Session(engine) as session:
        subs = store.submissions(session)
    assert subs[["reporting_unit", "reporting_year", "submitter", "file_name", "values"]].values.tolist() == [
        ["transport", 2023, "Ma Li", "transport.xlsx", 6]]
    # the upload is now in the ledger: the page still compares it, from the ledger
    assert any("Compared: 6 values from the ledger (1 submission) and 0 values" in c.value for c in app.caption)
    # a colleague opens the link in a new session, in the link's language
    other = AppTest.from_file(APP, default_timeout=60)
    other.query_params["report"] = token
    other.switch_page("pages/progress.py")
    other.run()
    assert not other.exception
    banner = other.info[0].value
    assert banner.startswith("Read-only report: the submission of Municipal Transport Bureau (reporting year 2023, by Ma Li, file transport\\.xlsx")
    assert other.title[0].value == "Progress"
    assert not other.get("file_uploader")
    assert status_rows(other).loc["Public charging posts built", "Status"] == "▲ On track"


@pytest.mark.parametrize("token, message", [
    ("not a token!", "链接中的报告编号格式不正确,请检查链接是否完整。"),
    ("A" * 22, "找不到该报告。链接可能有误,或报告保存在另一台服务器上。"),
])
def test__ledger__bad_report_links_get_a_message(token, message):
    app = open_app("pages/progress.py", report=token)
    assert [e.value for e in app.error] == [message]


def unlock(app: AppTest, name: str, passcode: str) -> AppTest:
    app.text_input(key="ledger_unlock:name").input(name)
    app.text_input(key="ledger_unlock:passcode").input(passcode)
    app.button(key="ledger_unlock:button").click().run()
    assert not app.exception, app.exception
    return app


def test__ledger__a_units_passcode_saves_only_for_that_unit(long_sheet, monkeypatch):
    monkeypatch.setenv("LEDGER_UNIT_PASSCODES", '{"transport": "transport pass", "housing": "housing pass"}')
    app = unlock(progress_with((long_sheet, "transport.xlsx"), lang="en"), "Ma Li", "transport pass")
    assert any(m.value.startswith("Saving for **Municipal Transport Bureau**") for m in app.markdown)
    assert any(c.value == "Ma Li may save for: Municipal Transport Bureau" for c in app.caption)
    assert not [e for e in app.expander if e.label == "Ledger backup and transfer"]  # backups: administrators only


def test__ledger__the_offices_passcode_reviews_but_cannot_save(long_sheet, monkeypatch):
    monkeypatch.setenv("LEDGER_REVIEWER_PASSCODE", "office pass")
    app = unlock(progress_with((long_sheet, "transport.xlsx"), lang="en"), "Zhang", "office pass")
    assert "ledger_confirm" not in [b.key for b in app.button]
    assert any(i.value == "The reviewer passcode cannot save reports; use your unit's passcode." for i in app.info)


def test__ledger__wrong_passcodes_lock_out_a_fresh_session_too(long_sheet, monkeypatch):
    monkeypatch.setenv("LEDGER_EDITOR_PASSCODE", "correct horse")
    for _ in range(5):
        app = unlock(progress_with((long_sheet, "transport.xlsx"), lang="en"), "x", "guess")  # a new session each time
    assert [e.value for e in app.error] == ["The passcode is wrong."]
    app = unlock(progress_with((long_sheet, "transport.xlsx"), lang="en"), "x", "correct horse")
    assert [e.value for e in app.error] == ["Too many wrong passcodes; try again in 15 minutes."]
    assert "ledger_confirm" not in [b.key for b in app.button]


def test__ledger__values_and_units_an_old_catalog_knew_do_not_break_the_page(long_sheet):
    """A ledger filled under an older catalog: its unknown indicator is left out, its unknown unit named as such."""
    import pandas as pd
    from ledger import links, store
    engine = ledger_engine()
    frame = pd.DataFrame([("retired_indicator", 2023, 5.0), ("forest_coverage", 2023, 15.9),
                          ("forest_coverage", 2024, 16.1)], columns=["indicator_id", "year", "value"])
    store.save_submission(engine, store.SubmissionInput("natres", 2024, "王工", "old.xlsx", ""), frame)
    saved = store.save_submission(engine, store.SubmissionInput("abolished_bureau", 2024, "王工", "old.xlsx", ""), frame)
    token = links.create_report(engine, kind="submission", lang="en", reporting_year=2024, submission_id=saved.id)
    app = open_app("pages/progress.py", lang="en")
    # the ledger's values are natres's (it leads forest cover); the abolished bureau's are no unit's to give
    assert any("Compared: 2 values from the ledger (1 submission)" in c.value for c in app.caption)
    app = open_app("pages/progress.py", report=token)
    assert app.info[0].value.startswith("Read-only report: the submission of \\(a unit no longer in the catalog\\)")
    assert list(status_rows(app).index) == ["Forest cover"]


def test__ledger__unlocking_needs_a_name(long_sheet, monkeypatch):
    monkeypatch.setenv("LEDGER_EDITOR_PASSCODE", "correct horse")
    app = unlock(progress_with((long_sheet, "transport.xlsx"), lang="en"), "  ", "correct horse")
    assert [e.value for e in app.error] == ["Enter your name: every save and review records who made it."]
    assert "ledger_confirm" not in [b.key for b in app.button]


def test__progress__every_row_read_is_checked_in_one_table_and_a_correction_is_saved(monkeypatch):
    from workbooks import make_xlsx
    from ledger import store
    from loaders.actuals import read_actuals
    from tracker.review import row_key
    rows = [["指标名称", "单位", 2023, 2024, "备注"], ["新能源公交车占比", "%", 95, 99.1, "含县区"],
            ["新增公共充电桩(累计)", "个", 3300, 3820, ""]]
    content = make_xlsx({"交通": rows})
    app = progress_with((content, "交通.xlsx"), lang="en", unit="transport")
    table = app.dataframe[0].value
    assert table[["Save", "Sheet · row · column", "As written", "Read as", "Year", "Value", "Matched by", "To check"]
                 ].values.tolist() == [
        [True, "交通 · 2 · C", "新能源公交车占比", "Share of electric buses in the bus fleet (%)", "2023", "95%",
         "close wording", "matched by close wording: check it"],
        [True, "交通 · 2 · D", "新能源公交车占比", "Share of electric buses in the bus fleet (%)", "2024", "99.1%",
         "close wording", "matched by close wording: check it"],
        [True, "交通 · 3 · C", "新增公共充电桩(累计)", "Public charging posts built (posts)", "2023", "3,300 posts",
         "close wording", "matched by close wording: check it"],
        [True, "交通 · 3 · D", "新增公共充电桩(累计)", "Public charging posts built (posts)", "2024", "3,820 posts",
         "close wording", "matched by close wording: check it"]]
    # the person confirms the bus share and says the second row is not the chargers' indicator: left out
    sha = read_actuals(content, "交通.xlsx").sha256
    app.session_state["_upload_decisions"] = {row_key("value", sha, "交通", 2, "C"): {"target": "electric_bus_share"},
                                              row_key("value", sha, "交通", 3, "C"): {"include": False},
                                              row_key("value", sha, "交通", 3, "D"): {"include": False}}
    monkeypatch.setenv("LEDGER_EDITOR_PASSCODE", "pass")
    app.run()
    unlock(app, "Ma Li", "pass")
    assert any(m.value.startswith("Saving for **Municipal Transport Bureau**: **2 values** (2 new") for m in app.markdown)
    app.button[[b.label for b in app.button].index("Confirm and save")].click().run()
    with store.Session(ledger_engine()) as session:
        saved = store.all_values(session)
        problems = store.submissions(session).iloc[0]["problems"]
    assert saved[["indicator_id", "year", "value", "matched_by", "written", "note"]].values.tolist() == [
        ["electric_bus_share", 2023, 95.0, "chosen", "新能源公交车占比", "含县区"],
        ["electric_bus_share", 2024, 99.1, "similar", "新能源公交车占比", "含县区"]]
    # what was read and left out is kept with the submission, in the words of the app
    assert [words(p, "en") for p in problems] == [
        "Read but not used: “新增公共充电桩(累计)” (matched by close wording: check it; left out by you).",
        "Read but not used: “新增公共充电桩(累计)” (matched by close wording: check it; left out by you)."]


def test__progress__the_no_data_count_opens_the_indicators_without_values():
    import pandas as pd
    from ledger import store
    store.save_submission(ledger_engine(), store.SubmissionInput("transport", 2026, "马丽", "t.xlsx", ""),
                          pd.DataFrame([("public_chargers", 2026, 3300.0)], columns=["indicator_id", "year", "value"]))
    app = open_app("pages/progress.py", lang="en", status="no_data", action="5")
    assert "**Indicators not reported (5)**" in [m.value for m in app.markdown]
    listed = next(m.value for m in app.markdown if m.value.startswith("- "))
    assert listed.split("\n") == [   # transport's indicators but the one with a value (public charging posts)
        "- New-energy vehicles as a share of new-car sales (%)", "- Share of electric buses in the bus fleet (%)",
        "- Share of municipal vehicles replaced by new-energy vehicles (%)",
        "- Fall in CO2 per unit of transport turnover of commercial vehicles from 2020 (%)",
        "- Share of green travel in the city (%)"]
    assert not app.exception
