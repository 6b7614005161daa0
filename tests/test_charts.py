"""Chart builders, tested as Vega-Lite specs (chart.to_dict())."""
import re

import pandas as pd

from loaders.catalog import load_catalog
from tracker.charts import counts_chart, trajectory_chart
from tracker.views import counts_by_action

CATALOG = load_catalog()


def layers(chart) -> list[tuple[dict, list[dict]]]:
    """(layer spec, its data rows) for each layer of a layered chart."""
    spec = chart.to_dict()
    # Altair lifts the data of a one-layer chart to the top level
    return [(layer, spec["datasets"][layer.get("data", spec.get("data"))["name"]]) for layer in spec["layer"]]


def layer_of(chart, series: str) -> tuple[dict, list[dict]]:
    found = [(layer, rows) for layer, rows in layers(chart) if rows and rows[0].get("series") == series
             and layer["mark"]["type"] != "text"]
    assert found, series
    return found[0]


def test__trajectory_chart__targets_marked_by_comparator_and_straight_path():
    chart = trajectory_chart(CATALOG, "clean_energy_capacity", "zh")
    spec, rows = layer_of(chart, "目标")
    assert [(r["year"], r["value"], r["comparator"]) for r in rows] == [(2025, 500.0, "≥"), (2030, 650.0, "≈")]
    assert spec["mark"]["type"] == "point"
    shape = spec["encoding"]["shape"]["scale"]
    # the legend spells out the shapes drawn here, and only those
    assert dict(zip(shape["domain"], shape["range"])) == {"≥ 以上": "triangle-up", "≈ 左右": "diamond"}
    assert spec["encoding"]["shape"]["legend"]["orient"] == "bottom"
    tooltip = {t["field"]: t["title"] for t in spec["encoding"]["tooltip"]}
    assert tooltip == {"year": "年份", "label": "目标", "statement": "方案表述", "quote": "方案原文", "page": "页码"}
    labels = [layer for layer, rows in layers(chart) if layer["mark"]["type"] == "text"]
    assert labels[0]["encoding"]["text"]["field"] == "label"
    assert rows[1]["quote"] == "清洁能源装机规模达到650万千瓦左右" and rows[1]["page"] == 5
    path_spec, path = layer_of(chart, "规划路径")
    assert path_spec["mark"]["type"] == "line"
    assert [(p["year"], p["value"]) for p in path] == [(2025, 500.0), (2030, 650.0)]
    assert chart.to_dict()["title"]["text"] == "清洁能源装机规模 (万千瓦)"


def test__trajectory_chart__relative_target_starts_from_its_2020_baseline():
    chart = trajectory_chart(CATALOG, "building_energy_intensity_reduction", "en")
    _, path = layer_of(chart, "Plan path")
    assert [(p["year"], p["value"]) for p in path] == [(2020, 0.0), (2025, 3.0), (2030, 5.0)]
    _, baseline = layer_of(chart, "Baseline")
    assert baseline == [{"year": 2020, "value": 0.0, "series": "Baseline", "marker": "Baseline"}]
    _, points = layer_of(chart, "Target")
    assert [p["label"] for p in points] == ["≈ 3%", "≈ 5%"]


def test__trajectory_chart__one_target_has_no_path_and_years_axis_2020_to_2030():
    chart = trajectory_chart(CATALOG, "urban_gas_rate", "en")
    marks = [(rows[0]["series"], layer["mark"]["type"]) for layer, rows in layers(chart)]
    assert marks == [("Target", "point"), ("Target", "text")]
    x = chart.to_dict()["layer"][0]["encoding"]["x"]
    assert x["scale"]["domain"] == [2020, 2030] and x["axis"]["values"] == [2020, 2022, 2024, 2026, 2028, 2030]


def test__trajectory_chart__wetland_rate_keeps_both_statements_as_points():
    chart = trajectory_chart(CATALOG, "wetland_protection_rate", "en")
    _, points = layer_of(chart, "Target")
    assert [(p["year"], p["comparator"], p["page"]) for p in points] == [
        (2025, "≥", 23), (2030, "≥", 23), (2025, "=", 24), (2030, "≥", 24)]
    _, path = layer_of(chart, "Plan path")
    assert [(p["year"], p["value"]) for p in path] == [(2025, 85.0), (2030, 90.0)]


def test__trajectory_chart__actuals_and_assessment_layers():
    actuals = pd.DataFrame({"year": [2020, 2022, 2023], "value": [380.0, 410.0, 440.0]})
    assessment = {"baseline_year": 2020, "baseline_value": 380.0, "target_year": 2025, "target_value": 500.0,
                  "first_year": 2020, "latest_year": 2023, "trend_slope": 20.0, "trend_intercept": -40020.0,
                  "path": [(2020, 380.0), (2025, 500.0), (2030, 650.0)]}
    chart = trajectory_chart(CATALOG, "clean_energy_capacity", "en", actuals=actuals, assessment=assessment)
    _, actual = layer_of(chart, "Actual")
    assert [(a["year"], a["value"]) for a in actual] == [(2020, 380.0), (2022, 410.0), (2023, 440.0)]
    _, path = layer_of(chart, "Plan path")   # the path the status was judged on: the actual baseline, the milestones
    assert [(r["year"], r["value"]) for r in path] == [(2020, 380.0), (2025, 500.0), (2030, 650.0)]
    _, trend = layer_of(chart, "Trend")
    assert [(r["year"], r["value"]) for r in trend] == [(2020, 380.0), (2025, 480.0)]
    encoding = chart.to_dict()["layer"][0]["encoding"]
    colour, dash = encoding["color"]["scale"], encoding["strokeDash"]["scale"]
    assert colour["domain"] == dash["domain"] == ["Plan path", "Actual", "Trend"]
    assert len(set(colour["range"])) == 3  # each line its own colour…
    assert dash["range"] == [[1, 0], [1, 0], [7, 4]]  # …and the trend its own dash
    # one legend names the lines, drawn as strokes; the dash has none (the browser would draw it twice)
    assert encoding["color"]["legend"]["symbolType"] == "stroke" and encoding["strokeDash"]["legend"] is None


def test__trajectory_chart__a_shares_trend_stops_at_100_percent():
    actuals = pd.DataFrame({"year": [2021, 2022, 2023], "value": [92.0, 96.0, 99.0]})
    assessment = {"status": "on_track", "baseline_year": 2021, "baseline_value": 92.0, "target_year": 2025,
                  "target_value": 100.0, "first_year": 2021, "latest_year": 2023, "trend_slope": 3.5,
                  "trend_intercept": 92.0 - 3.5 * 2021}
    chart = trajectory_chart(CATALOG, "electric_bus_share", "en", actuals=actuals, assessment=assessment)
    _, trend = layer_of(chart, "Trend")
    assert [(round(r["year"], 2), round(r["value"], 2)) for r in trend] == [(2021, 92.0), (2023.29, 100.0), (2025, 100.0)]


def test__trajectory_chart__one_target_chart_is_tall_enough_to_read():
    spec = trajectory_chart(CATALOG, "urban_gas_rate", "en").to_dict()
    assert spec["height"] >= 200 and spec["autosize"] == {"type": "fit-x", "contains": "padding"}  # legends add to it
    assert spec["layer"][0]["encoding"]["y"]["scale"]["domain"] == [85.5, 100.0]  # a share stops at 100 %


def test__counts_chart__bars_per_action_and_year():
    spec = counts_chart(counts_by_action(CATALOG), CATALOG, "en").to_dict()
    rows = pd.DataFrame(next(iter(spec["datasets"].values())))
    totals = rows.groupby("action_id")["count"].sum().to_dict()
    assert totals == {0: 21, 1: 12, 2: 1, 3: 5, 4: 20, 5: 10, 6: 12, 7: 23, 10: 4}
    transport = rows[rows["action_id"] == 5].set_index("year")["count"].to_dict()
    assert transport == {"2025": 6, "2030": 4}


def test__trajectory_chart__no_path_from_one_actual_when_the_status_could_not_be_judged():
    actuals = pd.DataFrame({"year": [2023], "value": [12.0]})
    assessment = {"status": "cannot_assess", "baseline_year": 2023, "baseline_value": 12.0, "target_year": 2025,
                  "target_value": 35.0, "first_year": 2023, "latest_year": 2023, "trend_slope": None}
    chart = trajectory_chart(CATALOG, "green_factories", "en", actuals=actuals, assessment=assessment)
    series = {rows[0]["series"] for _, rows in layers(chart) if rows}
    assert series == {"Target", "Actual"}


def test__trajectory_chart__long_titles_wrap_instead_of_being_cut():
    title = trajectory_chart(CATALOG, "coal_power_supply_coal_rate", "en").to_dict()["title"]["text"]
    assert title == ["Average standard-coal consumption of coal-fired", "power supply (g/kWh)"]
    falling_label = [layer for layer, _ in layers(trajectory_chart(CATALOG, "coal_power_supply_coal_rate", "en"))
                     if layer["mark"]["type"] == "text"][0]
    assert falling_label["mark"]["dy"] == 14  # below the target: the path of a falling indicator comes from above


def axis_numbers(indicator_id: str) -> list[str]:
    """The value axis's tick labels as Vega draws them (rendered to SVG)."""
    import vl_convert

    svg = vl_convert.vegalite_to_svg(trajectory_chart(CATALOG, indicator_id, "en").to_dict())
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return [label for label in labels if re.fullmatch(r"[\d.,e+-]+", label) and not re.fullmatch(r"20\d\d", label)]


def test__trajectory_chart__value_axis_reads_as_plain_numbers():
    # one target: an axis around it, not a lone "300.000000"
    assert axis_numbers("coal_power_supply_coal_rate") == ["270", "280", "290", "300", "310", "320", "330"]
    assert axis_numbers("public_chargers") == ["4,000", "4,500", "5,000", "5,500", "6,000", "6,500", "7,000"]  # not 7e+3


def test__task_status_chart__one_bar_per_action_statuses_named_with_their_symbols():
    from tracker.charts import task_status_chart
    from tracker.task_status import counts_by_action
    board = pd.DataFrame({"action_id": [4, 4, 4, 5], "status": ["completed", "overdue", "completed", "not_reported"]})
    spec = task_status_chart(counts_by_action(board).drop(index="total"), CATALOG, "en").to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    assert [(r["action"], r["label"], r["count"]) for r in rows] == [
        ("4. Low-carbon urban and rural construction", "✔ Completed", 2),
        ("4. Low-carbon urban and rural construction", "✖ Overdue", 1),
        ("5. Green and low-carbon transport", "? Not reported", 1)]
    colour = spec["encoding"]["color"]
    assert colour["scale"]["domain"][:3] == ["✔ Completed", "▲ On schedule", "▼ Behind schedule"]
    assert colour["scale"]["range"][0] == "#2b8a3e" and len(colour["scale"]["domain"]) == 9
    assert spec["encoding"]["x"]["title"] == "Items"


def test__indicator_status_chart__no_data_is_a_status_of_its_own():
    from tracker.charts import indicator_status_chart
    indicators = pd.DataFrame({"action_id": [1, 1, 7], "status": ["achieved", "no_data", "moving_away"]})
    spec = indicator_status_chart(indicators, CATALOG, "zh").to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    assert sorted((r["action_id"], r["label"], r["count"]) for r in rows) == [
        (1, "– 无数据", 1), (1, "✔ 已达成", 1), (7, "✖ 偏离目标", 1)]
    assert spec["encoding"]["y"]["sort"] == ["1. 能源绿色低碳转型行动", "7. 生态系统固碳增汇提升行动"]
    assert spec["encoding"]["color"]["scale"]["domain"][-1] == "– 无数据"
