"""The assessment method on hand-computed cases: every status, both directions, the edge rules."""
import pandas as pd
import pytest

from conftest import words
from tracker.assess import Target, assess_frame, assess_indicator, classify, default_reporting_year, satisfies


def actuals(*pairs) -> pd.DataFrame:
    return pd.DataFrame(pairs, columns=["year", "value"])


def one(catalog, indicator_id, *pairs, reporting_year=2023) -> dict:
    frame = pd.DataFrame([(indicator_id, y, v) for y, v in pairs], columns=["indicator_id", "year", "value"])
    result = assess_frame(catalog, frame, reporting_year)
    assert len(result) == 1
    return result.iloc[0].to_dict()


# clean_energy_capacity: ≥ 500 by 2025 (higher is better). From (2020, 380) the path requires
# r(2023) = 380 + (500 - 380)·3/5 = 452, i.e. 72 of progress by 2023.
@pytest.mark.parametrize("latest, status, ratio", [
    (510, "achieved", None),
    (455, "on_track", 75 / 72),
    (440, "acceleration_needed", 60 / 72),
    (400, "limited_progress", 20 / 72),
    (370, "moving_away", -10 / 72),
])
def test__assess__higher_is_better(catalog, latest, status, ratio):
    result = one(catalog, "clean_energy_capacity", (2020, 380), (2023, latest))
    assert result["status"] == status
    assert (result["latest_year"], result["baseline_year"], result["target_year"]) == (2023, 2020, 2025)
    if ratio is None:
        assert pd.isna(result["progress_ratio"])
    else:
        assert result["required_value"] == pytest.approx(452)
        assert result["progress_ratio"] == pytest.approx(ratio)


# coal_power_supply_coal_rate: ≤ 300 g/kWh by 2025 (lower is better). From (2020, 320):
# r(2023) = 320 + (300 - 320)·3/5 = 308, i.e. a fall of 12 by 2023.
@pytest.mark.parametrize("latest, status, ratio", [
    (298, "achieved", None),
    (307, "on_track", 13 / 12),
    (310, "acceleration_needed", 10 / 12),
    (316, "limited_progress", 4 / 12),
    (325, "moving_away", -5 / 12),
])
def test__assess__lower_is_better(catalog, latest, status, ratio):
    result = one(catalog, "coal_power_supply_coal_rate", (2020, 320), (2023, latest))
    assert result["status"] == status
    if ratio is not None:
        assert result["required_value"] == pytest.approx(308)
        assert result["progress_ratio"] == pytest.approx(ratio)


def test__assess__reason_sentence_in_both_languages(catalog):
    result = one(catalog, "clean_energy_capacity", (2020, 380), (2023, 440))
    assert words(result["reason"]) == ("2023 年实际 440 万千瓦,按计划路径应达 452 万千瓦,2025 年目标 ≥ 500 万千瓦;"
                                       "实际进展为应有进展的 83%。")
    assert words(result["reason"], "en") == ("2023 actual 440 ×10⁴ kW, plan path requires 452 ×10⁴ kW, the 2025 target "
                                             "≥ 500 ×10⁴ kW; progress is 83% of what was required.")


def test__assess__cannot_assess_cases(catalog):
    single = one(catalog, "clean_energy_capacity", (2023, 440))
    assert single["status"] == "cannot_assess"
    assert words(single["reason"], "en").startswith("Only one actual (2023); at least two years are needed")
    # the baseline year (2020) is also the latest year reported
    same_year = one(catalog, "building_energy_intensity_reduction", (2019, -0.4), (2020, 0.0))
    assert (same_year["status"], same_year["baseline_year"], same_year["latest_year"]) == ("cannot_assess", 2020, 2020)
    # a target without a year gives no path
    undated = one(catalog, "data_center_monitoring_share", (2022, 70), (2023, 85))
    assert undated["status"] == "cannot_assess" and "has no year" in words(undated["reason"], "en")
    # ...but can still be achieved
    assert one(catalog, "data_center_monitoring_share", (2023, 100))["status"] == "achieved"


def test__assess__baseline_year_is_preferred_to_the_earliest_actual(catalog):
    # building energy use per m²: ≈ 3 % fall by 2025 from 2020; r(2023) = 0 + 3·3/5 = 1.8
    result = one(catalog, "building_energy_intensity_reduction", (2019, -0.5), (2020, 0.0), (2023, 1.5))
    assert (result["baseline_year"], result["baseline_value"]) == (2020, 0.0)
    assert result["required_value"] == pytest.approx(1.8)
    assert result["progress_ratio"] == pytest.approx(1.5 / 1.8)
    assert result["status"] == "acceleration_needed"


def test__assess__approximate_target_counts_within_five_percent(catalog):
    # household waste used as a resource: ≈ 65 % by 2025; 5 % of 65 is 3.25
    assert one(catalog, "msw_resource_utilization", (2021, 50), (2023, 62))["status"] == "achieved"
    assert one(catalog, "msw_resource_utilization", (2021, 50), (2023, 61.7))["status"] != "achieved"


def test__assess__next_target_on_a_path_through_the_milestones_and_past_the_last_one(catalog):
    # after 2025 the next target is 2030 (≥ 750 new-energy capacity); the path runs 2024 → (2025, 500) → (2030, 750)
    later = one(catalog, "new_energy_capacity", (2024, 480), (2026, 560), reporting_year=2026)
    assert (later["target_year"], later["target_value"]) == (2030, 750)
    assert later["path"] == [(2024, 480.0), (2025, 500.0), (2030, 750.0)]
    assert later["required_value"] == pytest.approx(500 + 250 / 5)
    # past 2030 only the verdicts stand
    past = one(catalog, "new_energy_capacity", (2028, 700), (2031, 740), reporting_year=2031)
    assert (past["status"], past["target_year"]) == ("past_targets", None)
    assert [(v["target_year"], v["verdict"], v["actual_year"]) for v in past["verdicts"]] == [
        (2025, "no_value_for_year", 2028), (2030, "no_value_for_year", 2031)]


def test__assess__met_at_baseline_then_fallen_back_is_moving_away(catalog):
    result = one(catalog, "wetland_protection_rate", (2021, 86), (2023, 84))
    assert result["status"] == "moving_away"
    assert words(result["reason"], "en").startswith("The target was met in 2021 (86%) but the 2023 actual is back at 84%")


def test__assess__trend_projection_and_data_lag(catalog):
    result = one(catalog, "clean_energy_capacity", (2020, 380), (2022, 410), (2023, 440), reporting_year=2025)
    # least squares through the three points: slope 135/7 ≈ 19.29, projected to 2025: 410 + 19.29·(2025 - 2021.667)
    assert result["trend_slope"] == pytest.approx(135 / 7)
    assert result["projected_value"] == pytest.approx(410 + 135 / 7 * (2025 - 6065 / 3))
    assert result["data_lag"]
    assert not one(catalog, "clean_energy_capacity", (2020, 380), (2023, 440), reporting_year=2023)["data_lag"]


def test__assess__firm_statement_wins_over_an_aspiration_for_the_same_year(catalog):
    # 2030 wetland protection: 力争 ≥ 90 (7.1) and ≥ 90 (7.2); the firm one is used
    result = one(catalog, "wetland_protection_rate", (2027, 84), (2028, 85))
    assert result["target_year"] == 2030 and pd.isna(result["aspiration"])


@pytest.mark.parametrize("comparator, direction, actual, expected", [
    (">=", "increase", 30, True), (">=", "increase", 29.9, False),
    ("<=", "decrease", 300, True), ("<=", "decrease", 300.1, False),
    ("=", "increase", 36, True), ("=", "increase", 34, False),
    ("=", "decrease", 14, True), ("=", "decrease", 16, False),
    ("~", "increase", 28.5, True), ("~", "increase", 28.4, False), ("~", "decrease", 31.5, True),
    ("~", "decrease", 31.6, False), ("~", "decrease", 10, True),
])
def test__satisfies__comparators_in_both_directions(comparator, direction, actual, expected):
    value = 30 if comparator in (">=", "~") else 300 if comparator == "<=" else 35 if direction == "increase" else 15
    assert satisfies(actual, Target(2025, value, comparator), direction) is expected


@pytest.mark.parametrize("ratio, status", [(0.95, "on_track"), (0.9499, "acceleration_needed"), (0.6, "acceleration_needed"),
                                           (0.5999, "limited_progress"), (0.0, "limited_progress"), (-0.01, "moving_away")])
def test__classify__thresholds(ratio, status):
    assert classify(ratio) == status


def test__assess_indicator__decrease_with_a_plain_target_and_no_catalog():
    indicator = {"indicator_id": "x", "direction": "decrease", "baseline_year": 2020, "unit": "%", "unit_en": "%"}
    result = assess_indicator(indicator, [Target(2025, 10.0, "=")], actuals((2020, 20.0), (2022, 15.0)), 2022)
    # r(2022) = 20 + (10 - 20)·2/5 = 16; ratio = (15 - 20)/(16 - 20) = 1.25
    assert (result["status"], result["required_value"], result["progress_ratio"]) == ("on_track", 16.0, 1.25)


def test__default_reporting_year__is_the_cycle_under_way():
    import datetime
    assert default_reporting_year(datetime.date(2026, 11, 25)) == 2026
    assert default_reporting_year(datetime.date(2027, 2, 10)) == 2026   # the 2026 cycle is still being closed


# co2_intensity_reduction: a cumulative fall from 2020, 14% by 2025; its 2020 value is 0 by definition, so
# the path starts there even when nobody reports 2020: r(2024) = 14·4/5 = 11.2.
def test__assess__a_fall_from_the_base_year_starts_at_zero_by_definition(catalog):
    result = one(catalog, "co2_intensity_reduction", (2021, 3), (2022, 5), (2024, 10), reporting_year=2024)
    assert (result["baseline_year"], result["baseline_value"]) == (2020, 0.0)
    assert result["required_value"] == pytest.approx(11.2)
    assert result["progress_ratio"] == pytest.approx(10 / 11.2)
    assert result["status"] == "acceleration_needed"
    assert words(result["reason"], "en") == ("2024 actual 10%, plan path requires 11.2%, the 2025 target 14%; "
                                             "progress is 89% of what was required.")


def test__assess__one_actual_of_a_fall_from_the_base_year_is_enough(catalog):
    result = one(catalog, "co2_intensity_reduction", (2023, 9))
    assert result["required_value"] == pytest.approx(8.4)  # 14·3/5
    assert result["status"] == "on_track"
    reported_base = one(catalog, "co2_intensity_reduction", (2020, 1), (2023, 9))
    assert reported_base["baseline_value"] == 1  # a reported base-year actual wins over the definition


# new_residential_energy_saving: a standard in steps — 75% from 2025, 83% by 2030 — not a straight path.
@pytest.mark.parametrize("pairs, status, reason", [
    (((2023, 65),), "on_track", "A standard in steps: 75% applies from 2025, nothing before; 2023 actual 65%."),
    (((2024, 75),), "achieved", "2024 actual 75% meets the 2025 target 75%."),
    (((2025, 70),), "moving_away", "2025 actual 70% is below the 75% in force since 2025."),
    (((2026, 75),), "on_track", "A standard in steps: 2026 actual 75% meets the 75% in force since 2025; 83% applies from 2030."),
    (((2026, 72),), "moving_away", "2026 actual 72% is below the 75% in force since 2025."),
])
def test__assess__a_standard_in_steps_is_not_judged_on_a_straight_path(catalog, pairs, status, reason):
    result = one(catalog, "new_residential_energy_saving", *pairs, reporting_year=pairs[-1][0])
    assert (result["status"], words(result["reason"], "en")) == (status, reason)
