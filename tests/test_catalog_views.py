"""What the pages make of the catalog: the units each target shows, the plan's flagged targets."""
import pytest

from loaders.catalog import load_catalog
from tracker import views
from tracker.i18n import t

CATALOG = load_catalog()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test__targets_table_and_export__show_every_targets_lead_units_by_the_rule_of_target_roles(lang):
    table = views.targets_table(CATALOG, CATALOG.targets, lang)
    export = views.targets_export(CATALOG, CATALOG.targets, lang).set_axis(table.index)
    lead, partners = t("lead_units", lang), t("partner_units", lang)
    roles = views.target_roles(CATALOG)
    for target_id in CATALOG.targets["target_id"]:
        mine = roles[roles["target_id"] == target_id]
        leads, supports = (list(mine.loc[mine["role"] == role, "unit_id"]) for role in ("lead", "partner"))
        assert leads, target_id
        assert table.at[target_id, lead] == views.unit_short_names(CATALOG, leads, lang), target_id
        assert table.at[target_id, partners] == views.unit_short_names(CATALOG, supports, lang), target_id
        assert export.at[target_id, lead] == views.unit_names(CATALOG, leads, lang), target_id
        assert export.at[target_id, partners] == views.unit_names(CATALOG, supports, lang), target_id


def test__main_goals__show_their_indicators_units_or_the_office():
    table = views.targets_table(CATALOG, CATALOG.targets, "zh")
    export = views.targets_export(CATALOG, CATALOG.targets, "en").set_axis(table.index)
    # 2025 new-energy capacity: its indicator's units (task row 1); CO2 intensity: the office; a goal in words: the office
    assert table.loc[["A00-07", "A00-10", "A00-01"], "牵头单位"].tolist() == [
        "市发改委", "市碳达峰碳中和工作领导小组办公室", "市碳达峰碳中和工作领导小组办公室"]
    assert export.at["A00-07", "Lead units"] == "Municipal Development and Reform Commission"
    assert export.at["A00-07", "Partner units"].startswith("Municipal Bureau of Industry and Information Technology; ")
    assert export.at["A00-10", "Partner units"] == "" and export.at["A00-01", "Partner units"] == ""
    main_goals = CATALOG.targets.loc[CATALOG.targets["action_id"] == 0, "target_id"]
    assert (table.loc[main_goals, "牵头单位"] != "").all()
    assert (export.loc[main_goals, "Lead units"] != "").all()


def test__contradictions__are_the_flagged_targets_the_note_wording_used_to_find():
    # before the flag column, views.contradictions matched "contradicts itself|states the .* twice" in the notes,
    # /overview "contradicts" and /method "same as the 2025"; the flag marks exactly the rows they found
    assert list(views.contradictions(CATALOG)["target_id"]) == [
        "A00-16", "A01-02", "A07-03", "A07-05", "A07-09", "A07-13"]
    assert views.contradictions(CATALOG)["notes"].nunique() == 2  # one per contradiction, each on both statements


def test__chart_notes__are_the_unplaced_targets_and_the_contradictions_under_their_charts():
    notes = views.chart_notes(CATALOG, "en")
    assert notes["wetland_protection_rate"] == [
        ":material/warning: The plan states the wetland protection rate twice: measure 7.1 says 2025 达到85%以上 (85% or "
        "more) and 2030 力争达到90%以上 (strive for 90% or more); measure 7.2 says 2025 提高到85% (85%) and 2030 "
        "达到90%以上 (90% or more, without 力争)."]
    assert len(notes["new_energy_capacity"]) == 1 and notes["new_energy_capacity"] == notes["clean_energy_capacity"]
    assert all(isinstance(key, str) for key in notes)   # the plan's qualitative goals have no chart to sit under
    assert views.chart_notes(CATALOG, "zh")["wetland_protection_rate"][0].startswith(":material/warning: 方案两处写到湿地保护率")


def _app(page: str, lang: str):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest
    app = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)
    app.query_params["lang"] = lang
    app.switch_page(page)
    app.run()
    assert not app.exception, app.exception
    return app


def test__overview__warns_under_the_one_headline_goal_the_plan_contradicts():
    app = _app("pages/overview.py", "en")
    warnings = [c.value for c in app.caption if c.value == ":material/warning: Where the plan contradicts itself"]
    assert len(warnings) == 1   # under 2030 new-energy capacity (A00-16), the only flagged main goal with a number
    boxes = [m.value for m in app.markdown if m.value.startswith(":material/warning: ")]
    notes = CATALOG.targets.set_index("target_id")["notes"]
    assert boxes == [f":material/warning: {notes['A00-16']}", f":material/warning: {notes['A07-03']}"]


@pytest.mark.parametrize("lang, unchanged", [
    ("en", "The 2030 figure (65% or more) is the same as the 2025 figure (about 65%)"),
    ("zh", "2030年目标(65%以上)与2025年目标(65%左右)数值相同"),
])
def test__method__lists_the_contradictions_and_the_unchanged_target(lang, unchanged):
    app = _app("pages/method.py", lang)
    text = "\n".join(m.value for m in app.markdown)
    notes = CATALOG.targets.set_index("target_id")["notes" if lang == "en" else "notes_zh"]
    for target_id in ("A00-16", "A07-03"):
        assert text.count(notes[target_id]) == 1, target_id
    assert unchanged in text and text.count(notes["A06-12"]) == 1
