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
