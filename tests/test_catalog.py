"""The catalog (data/*.csv) against the data contract and the plan text."""
import re
import shutil

import pandas as pd
import pytest

from loaders.catalog import (ASPIRATIONS, COMPARATORS, MEASUREMENT_UNITS, CatalogError, load_catalog,
                             parse_unit_list, split_ids, UnknownUnit)
from loaders.plan_text import load_plan
import plan_counts as plan

PLAN = load_plan()
CATALOG = load_catalog()
T = CATALOG.targets
# A 责任单位 list runs to 按照… or to the parenthesis that closes it; names themselves hold (市) and (行政学院).
RESPONSIBILITY_LIST = re.compile(r"责任单位:((?:[^()]|\([^()]*\))*?)(?:按照|\))")


def target(indicator_id, year):
    rows = T[(T["indicator_id"] == indicator_id) & (T["year"] == year)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test__plan_text__pages_and_table():
    assert PLAN.page_numbers == tuple(range(44))
    assert PLAN.page_at(PLAN.table_start) == 36
    assert PLAN.locate("主要农作物化肥、农药利用率达到43%以上") == (24, 25)
    assert "-25-" not in PLAN.text and "主要农作物化肥" in PLAN.text


def test__every_quote__is_in_the_plan_body_on_its_page():
    for row in T.itertuples():
        position = PLAN.body.find(row.quote)
        assert position >= 0, row.target_id
        assert PLAN.page_at(position) == row.page_start, row.target_id
        assert PLAN.page_at(position + len(row.quote) - 1) == row.page, row.target_id


def test__every_id_reference__resolves():
    unit_ids = set(CATALOG.units["unit_id"])
    task_nos = set(CATALOG.tasks["task_no"])
    action_ids = set(CATALOG.actions["action_id"])
    indicator_ids = set(CATALOG.indicators["indicator_id"])
    assert set(T["indicator_id"].dropna()) <= indicator_ids
    assert set(T["task_no"].dropna()) <= task_nos
    assert set(T["action_id"]) <= action_ids
    for frame in (CATALOG.tasks, CATALOG.indicators):
        for column in ("lead_units", "partner_units"):
            assert {u for cell in frame[column] for u in split_ids(cell)} <= unit_ids
    assert {n for cell in CATALOG.indicators["task_nos"] for n in split_ids(cell)} <= task_nos
    # every indicator has at least one target, and the targets of a task are in that task's action
    assert set(T["indicator_id"].dropna()) == indicator_ids
    task_action = dict(zip(CATALOG.tasks["task_no"], CATALOG.tasks["action_id"]))
    for row in T.dropna(subset=["task_no"]).itertuples():
        assert task_action[row.task_no] == row.action_id, row.target_id


def test__comparators_years_units__are_from_the_allowed_sets():
    quantitative = T[T["kind"] == "quantitative"]
    assert set(quantitative["comparator"]) <= set(COMPARATORS)
    assert set(T["year"].dropna()) == {2025, 2030}
    assert set(quantitative["unit"]) <= set(MEASUREMENT_UNITS)
    assert set(T["aspiration"].fillna("")) <= set(ASPIRATIONS)
    assert T.loc[T["kind"] == "qualitative", ["value", "comparator", "unit"]].isna().all().all()


@pytest.mark.parametrize("indicator_id, year, value, comparator, unit, aspiration, page", [
    ("new_energy_capacity", 2030, 750, ">=", "万千瓦", None, 3),
    ("co2_intensity_reduction", 2025, 14, "=", "%", None, 3),
    ("non_fossil_energy_share", 2025, 15, "~", "%", None, 3),
    ("clean_energy_capacity", 2030, 650, "~", "万千瓦", None, 5),
    ("coal_power_supply_coal_rate", 2025, 300, "<=", "克/千瓦时", None, 6),
    ("green_factories", 2025, 35, "=", "家", "争取", 10),
    ("clean_production_audit_coverage", 2025, 100, "=", "%", None, 10),
    ("old_residential_retrofit_area", 2025, 150, "=", "万平方米", None, 15),
    ("commercial_vehicle_co2_reduction", 2030, 9.5, "~", "%", None, 17),
    ("green_travel_share", 2030, 70, ">=", "%", "力争", 18),
    ("public_chargers", 2030, 6900, ">=", "台", None, 19),
    ("msw_resource_utilization", 2025, 65, "~", "%", None, 22),
    ("forest_stock", 2030, 195, "=", "万立方米", None, 24),
    ("pesticide_use_efficiency", 2025, 43, ">=", "%", None, 25),
    ("manure_facility_rate", 2030, 100, "=", "%", None, 25),
])
def test__selected_targets__have_the_plans_values(indicator_id, year, value, comparator, unit, aspiration, page):
    row = target(indicator_id, year)
    assert (row["value"], row["comparator"], row["unit"], row["page"]) == (value, comparator, unit, page)
    assert (None if pd.isna(row["aspiration"]) else row["aspiration"]) == aspiration


def test__relative_targets__keep_their_base_year():
    assert target("building_energy_intensity_reduction", 2025)["base_year"] == 2020
    assert target("commercial_vehicle_co2_reduction", 2025)["base_year"] == 2020
    # neither 累计下降14% (A00-10) nor 下降20% (A01-04) names a base year: both read from 2020, as their indicators
    assert target("coal_intensity_reduction", 2025)["base_year"] == 2020
    assert target("co2_intensity_reduction", 2025)["base_year"] == 2020
    baselines = CATALOG.indicators.set_index("indicator_id")["baseline_year"]
    assert baselines["co2_intensity_reduction"] == 2020  # 累计 → from 2020, as the brief says
    assert baselines["old_residential_retrofit_area"] == 2020


def test__counts__per_action_and_kind():
    counts = T.groupby(["action_id", "kind"]).size().unstack(fill_value=0)
    assert counts["quantitative"].to_dict() == {0: 7, 1: 7, 2: 1, 3: 4, 4: 12, 5: 9, 6: 6, 7: 17, 10: 1}
    assert counts["qualitative"].to_dict() == {0: 14, 1: 5, 2: 0, 3: 1, 4: 8, 5: 1, 6: 6, 7: 6, 10: 3}
    assert (len(T), len(CATALOG.indicators), len(CATALOG.units)) == (plan.TARGETS, plan.INDICATORS, plan.UNITS)
    assert T.groupby("year", dropna=False).size().to_dict() == {2025: 56, 2030: 42, pd.NA: 10}


def test__one_sentence_with_two_indicators__is_two_targets():
    rows = T[T["quote"] == "主要农作物化肥、农药利用率达到43%以上"]
    assert sorted(rows["indicator_id"]) == ["fertilizer_use_efficiency", "pesticide_use_efficiency"]


def test__task_table__rows_1_to_39_with_split_rows_kept_apart():
    tasks = CATALOG.tasks
    assert sorted(set(tasks["row_no"])) == list(range(1, 40))
    assert list(tasks.loc[tasks["row_no"].isin([8, 9, 12, 13]), "task_no"]) == \
        ["8a", "8b", "9a", "9b", "12a", "12b", "13a", "13b"]
    leads = dict(zip(tasks["task_no"], tasks["lead_units"]))
    assert (leads["8a"], leads["8b"], leads["13a"], leads["13b"]) == ("miit", "ecoenv", "utilities", "housing")
    assert leads["33"] == "districts|parks|citydepts"


def test__every_unit_in_the_plans_lists__resolves():
    lists = RESPONSIBILITY_LIST.findall(PLAN.body)
    assert len(lists) == 44
    for text in lists:
        assert parse_unit_list(text, CATALOG.units)
    # the plan writes 市发改委 and 发改委 for the same commission
    assert parse_unit_list("市发改委、发改委,工信局", CATALOG.units) == ["ndrc", "miit"]
    with pytest.raises(UnknownUnit):
        parse_unit_list("市烟草局", CATALOG.units)


def test__table_lead_and_partners__match_the_body_lists():
    # the body says once (1.1) that every measure also falls to the districts and parks
    for row in CATALOG.tasks.itertuples():
        body = set(parse_unit_list(row.body_units_zh, CATALOG.units))
        table = set(split_ids(row.lead_units)) | set(split_ids(row.partner_units))
        assert table - {"districts", "parks"} == body - {"districts", "parks"}, row.task_no


def test__task_main_work__is_the_tables_text():
    # A cell cut by a page break is interrupted by the other columns and the repeated header.
    split_by_page = {"6", "12a", "23", "28"}
    for row in CATALOG.tasks.itertuples():
        if row.task_no not in split_by_page:
            assert row.main_work_zh in PLAN.table, row.task_no


def test__indicator_units__come_from_its_tasks():
    tasks = CATALOG.tasks.set_index("task_no")
    for row in CATALOG.indicators.itertuples():
        task_nos = split_ids(row.task_nos)
        if row.indicator_id == "co2_intensity_reduction":  # no task row: the office follows it up (六(一))
            assert (task_nos, row.lead_units, row.partner_units) == ([], "office", pd.NA)
            continue
        leads = {u for n in task_nos for u in split_ids(tasks.at[n, "lead_units"])}
        partners = {u for n in task_nos for u in split_ids(tasks.at[n, "partner_units"])} - leads
        assert (set(split_ids(row.lead_units)), set(split_ids(row.partner_units))) == (leads, partners)
        assert task_nos, row.indicator_id


def test__main_goals__name_the_commission_through_task_rows_1_and_3():
    by_id = CATALOG.indicators.set_index("indicator_id")
    assert {i: (by_id.at[i, "task_nos"], by_id.at[i, "lead_units"]) for i in (
        "new_energy_capacity", "nonhydro_renewable_power_share", "non_fossil_energy_share")} == {
        "new_energy_capacity": ("1", "ndrc"), "nonhydro_renewable_power_share": ("3", "ndrc"),
        "non_fossil_energy_share": ("1", "ndrc")}
    assert "领导小组办公室" in by_id.at["co2_intensity_reduction", "notes_zh"]


def test__line_by_line_review__corrections_hold():
    by_id = CATALOG.indicators.set_index("indicator_id")
    electricity = by_id.loc["electricity_share"]
    assert pd.isna(electricity["aliases"]) and "读法并不确定" in electricity["notes_zh"]
    assert "not certain" in electricity["notes"]
    saving = T[T["indicator_id"] == "new_residential_energy_saving"].set_index("target_id")
    assert [(None if pd.isna(y) else int(y), v, q) for y, v, q in zip(saving["year"], saving["value"], saving["quote"])] == [
        (None, 75.0, "逐步实施执行居住建筑75%节能设计标准"), (2025, 75.0, "新建居住建筑全部达到75%节能要求"),
        (2030, 83.0, "新建居住建筑本体达到83%节能要求")]
    assert by_id.at["new_residential_energy_saving", "path"] == "step"
    assert T.set_index("target_id").loc[["A00-10", "A04-16"], "base_year"].tolist() == [2020, 2020]
    assert (by_id.at["coal_intensity_reduction", "baseline_year"], by_id.at["coal_intensity_reduction", "baseline_value"]) == (
        by_id.at["co2_intensity_reduction", "baseline_year"], by_id.at["co2_intensity_reduction", "baseline_value"])
    assert by_id.at["recyclable_resource_recovery", "name_en"] == "Recovery rate of major recyclable resources"
    assert not CATALOG.indicators["indicator_id"].str.contains("renewable_resource").any()  # 再生资源: recyclable
    assert not CATALOG.tasks["main_work_en"].str.contains("renewable resource").any()
    assert CATALOG.actions.set_index("action_id").at[7, "name_zh"] == "生态系统固碳增汇提升行动"


def test__contradictions__are_flagged_on_both_statements():
    flagged = T.dropna(subset=["flag"]).set_index("target_id")["flag"].to_dict()
    assert flagged == {
        # 2030 new-energy capacity ≥750 (main goals) against clean-energy capacity ≈650 (三(一)1)
        "A00-16": "contradiction", "A01-02": "contradiction",
        # the wetland protection rate, stated in 三(七)1 and again, differently, in 三(七)2
        "A07-03": "contradiction", "A07-05": "contradiction", "A07-09": "contradiction", "A07-13": "contradiction",
        # household waste used as a resource: 65% in 2030 as in 2025
        "A06-12": "unchanged"}
    for indicator_id in ("new_energy_capacity", "clean_energy_capacity"):
        assert target(indicator_id, 2030)["flag"] == "contradiction"
    wetland = T[T["indicator_id"] == "wetland_protection_rate"]
    assert len(wetland) == 4 and (wetland["flag"] == "contradiction").all()
    # the two statements of one contradiction share one note, which the pages show once
    assert T.loc[T["target_id"].isin(["A00-16", "A01-02"]), "notes"].nunique() == 1
    assert wetland["notes"].nunique() == 1
    assert T.dropna(subset=["flag"])[["notes_zh", "notes"]].notna().all().all()
    unchanged = T[T["indicator_id"] == "msw_resource_utilization"].set_index("target_id")
    assert unchanged.loc[["A06-09", "A06-12"], ["year", "value"]].values.tolist() == [[2025, 65], [2030, 65]]


@pytest.mark.parametrize("change, message", [
    (lambda text: text.replace(",“三廊三区”总体格局基本形成,,", ",“三廊三区”总体格局基本形成,restated,", 1),
     "targets.csv, row 44, column flag: 'restated' is not one of: , contradiction, unchanged"),
    (lambda text: text.replace(",“三廊三区”总体格局基本形成,,", ",“三廊三区”总体格局基本形成,contradiction,", 1),
     "targets.csv, row 44, column notes: a target flagged 'contradiction' needs a note that explains the flag"),
])
def test__load_catalog__checks_the_flag_column(tmp_path, change, message):
    for name in ("actions", "units", "tasks", "indicators", "targets", "commitments"):
        shutil.copy(f"data/{name}.csv", tmp_path / f"{name}.csv")
    path = tmp_path / "targets.csv"
    text = path.read_text(encoding="utf-8")
    assert change(text) != text
    path.write_text(change(text), encoding="utf-8")
    with pytest.raises(CatalogError) as error:
        load_catalog(tmp_path)
    assert str(error.value) == message


def test__load_catalog__names_file_row_and_column_of_a_bad_row(tmp_path):
    for name in ("actions", "units", "tasks", "indicators", "targets", "commitments"):
        shutil.copy(f"data/{name}.csv", tmp_path / f"{name}.csv")
    path = tmp_path / "targets.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",500,万千瓦,>=,", ",500,万千瓦,>,", 1), encoding="utf-8")
    with pytest.raises(CatalogError) as error:
        load_catalog(tmp_path)
    assert str(error.value) == "targets.csv, row 8, column comparator: '>' is not one of: <=, =, >=, ~"


def test__load_catalog__rejects_a_misquote(tmp_path):
    for name in ("actions", "units", "tasks", "indicators", "targets", "commitments"):
        shutil.copy(f"data/{name}.csv", tmp_path / f"{name}.csv")
    path = tmp_path / "targets.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("森林蓄积量达到195万立方米,", "森林蓄积量达到196万立方米,"),
                    encoding="utf-8")
    with pytest.raises(CatalogError, match=r"^targets\.csv, row \d+, column quote: is not an exact substring"):
        load_catalog(tmp_path)


def test__commitments__the_plans_key_projects_and_duties_with_page_quote_and_units():
    items = CATALOG.commitments.set_index("commitment_id")
    assert len(items) == plan.COMMITMENTS and items["kind"].value_counts().to_dict() == {"project": plan.PROJECTS, "duty": plan.DUTIES}
    named = {row.name_zh: (row.page, row.lead_units) for row in items.itertuples()}
    assert named["整县(市、区)屋顶分布式光伏开发试点"] == (4, "ndrc")
    assert named["生活垃圾焚烧发电项目"] == (21, "utilities")
    assert named["融入“宁夏林草碳汇资源感知平台”"] == (24, "natres")  # the quote ends on p.24
    assert named["“双碳”研究中心"] == (25, "scitech")
    assert named["碳普惠试点"] == (28, "ndrc")
    assert named["用能权有偿使用和交易实施方案"] == (33, "ndrc")
    assert named["绿色、低碳、森林、海绵、无废等城市建设"] == (13, "natres")
    assert named["煤电、建材、水泥等行业3年节能降碳改造计划"] == (8, "ndrc")
    assert named["上市公司和发债企业定期公布碳排放信息"] == (29, "sasac")
    assert named["县区、园区方案经领导小组办公室审核"] == (31, "office")
    assert named["每年年底前向领导小组报告贯彻落实情况"] == (35, "districts|citydepts")
    # only the project library (分年度更新项目库) and the year-end report (每年年底前) are yearly
    assert items.index[items["recurrence"] == "annual"].tolist() == ["D10", "D11"]
    # a project's units are its task row's: P24 (waste incineration) is row 21's
    row_21 = CATALOG.tasks.set_index("task_no").loc["21"]
    assert (items.at["P24", "lead_units"], items.at["P24", "partner_units"]) == (row_21["lead_units"], row_21["partner_units"])
    assert all(PLAN.locate(q, body_only=True)[1] == p for q, p in zip(items["quote"], items["page"]))


def test__second_reading__corrections_hold():
    items = CATALOG.commitments.set_index("commitment_id")
    # D08: 调度、评估 with no frequency in the plan
    assert pd.isna(items.at["D08", "recurrence"]) and "调度、评估" in items.at["D08", "quote"]
    # D06: the plan has the departments draw up their plans; nobody collects or reports them
    passage = PLAN.body[PLAN.body.find("市直各有关部门要制定"):PLAN.body.find("四、对外合作")]
    assert items.at["D06", "quote"] in passage and "汇总" not in passage and "报送" not in passage
    assert "由领导小组办公室汇总报送" not in items.at["D06", "notes_zh"]
    assert "未要求办公室审核或汇总市直部门的方案" in items.at["D06", "notes_zh"]
    assert "reports for" not in items.at["D06", "notes"]
    # D09: a sentence without a subject; the notes say so and name the units recorded
    assert items.at["D09", "lead_units"] == "citydepts|districts|parks"
    assert "推定" in items.at["D09", "notes_zh"] and "inferred" in items.at["D09", "notes"]
    for name in ("市直各有关部门", "各县(市)区人民政府", "各园区管委会"):
        assert name in items.at["D09", "notes_zh"]
    # P11 and P28: the whole phrase, across the page break
    assert items.loc[["P11", "P28"], ["quote", "page_start", "page"]].values.tolist() == [
        ["完善重点用能单位能耗在线监测系统", 7, 8], ["积极融入“宁夏林草碳汇资源感知平台”", 23, 24]]
    assert items.loc[["P11", "P28"], "notes"].isna().all()
    # P03: 以地热供暖为主和地热开发利用 in English too
    assert "geothermal development" in items.at["P03", "name_en"]
    assert "geothermal development and use" in items.at["P03", "detail_en"]
    # the non-hydro share is named in p.7's body text (measure 1.3), not in task row 3
    note = CATALOG.indicators.set_index("indicator_id").at["nonhydro_renewable_power_share", "notes_zh"]
    row_3 = CATALOG.tasks.set_index("task_no").at["3", "main_work_zh"]
    assert "着力增加非水可再生能源电力消纳比重" not in row_3
    assert PLAN.locate("着力增加非水可再生能源电力消纳比重", body_only=True) == (7, 7)
    assert "正文(第7页)" in note and "着力增加非水可再生能源电力消纳比重" in note


ROW_5 = "miit|housing|transport|ecoenv|districts|parks"


@pytest.mark.parametrize("commitment_id, kind, task_no, pages, lead, partners, quote", [
    ("P39", "project", "2", (6, 6), "ndrc", "miit|utilities|agri|commerce|districts|parks", "实施煤炭清洁高效利用工程"),
    ("P40", "project", "4", (8, 8), "ndrc", "miit|housing|finance|market|districts|parks", "推动企业建设能源管理中心"),
    ("P41", "project", "5", (8, 8), "ndrc", ROW_5, "实施城市节能降碳工程"),
    ("P42", "project", "5", (8, 8), "ndrc", ROW_5, "实施园区节能降碳工程"),
    ("P43", "project", "5", (8, 8), "ndrc", ROW_5, "积极打造碳达峰试点园区"),
    ("P44", "project", "5", (8, 8), "ndrc", ROW_5, "实施重点行业节能降碳工程"),
    ("P45", "project", "8a", (10, 10), "miit", "ndrc|scitech|ecoenv|districts|parks", "实施绿色制造工程"),
    ("P46", "project", "8b", (10, 10), "ecoenv", "miit|ndrc|scitech|districts|parks", "打造清洁生产示范"),
    ("P47", "project", "13a", (15, 15), "utilities", "housing|ndrc|districts|parks", "积极推进热电联产和清洁能源热源替代节能改造工程"),
    ("P48", "project", "13a", (15, 15), "utilities", "housing|ndrc|districts|parks", "实施天然气管网改扩建工程"),
    ("P49", "project", "19", (20, 20), "miit", "ndrc|housing|transport|ecoenv|districts|parks", "打造一批资源综合利用示范企业和骨干企业"),
    ("P50", "project", "22", (23, 23), "natres", "ecoenv|landscape|water|districts|parks",
     "统筹推进黄河堤防建设、河道整治、滩区治理,生态修复等重大工程"),
    ("P51", "project", "23", (23, 23), "natres", "landscape|ndrc|ecoenv|districts|parks", "实施生态绿化提升工程"),
    ("P52", "project", "25", (25, 25), "scitech", "miit|ndrc|market|districts|parks", "建设一批体制机制灵活、创新能力强的新型研发机构"),
    ("P53", "project", "34", (31, 31), "districts|parks", None, "创建一批低碳社区、低碳园区、低碳企业、低碳建筑、低碳乡村"),
    ("P54", "project", "34", (31, 31), "districts|parks", None, "争取纳入国家或自治区碳达峰试点名单"),
    ("D12", "duty", "29", (29, 29), "ndrc", "education|housing|transport|commerce|market|ecoenv|sasac|districts|parks",
     "积极推行绿色产品政府采购制度"),
    ("D13", "duty", "31", (29, 29), "organization", "publicity|talent|partyschool|ndrc|sasac|districts|parks",
     "各级党委组织部门、发展改革部门要共同分阶段、多层次对各级领导干部开展培训"),
    ("D14", "duty", "31", (29, 30), "partyschool", "organization", "各级党校(行政学院)要把碳达峰碳中和相关内容列入教学计划"),
    ("D15", "duty", None, (34, 34), "office", None, "成立碳达峰碳中和工作领导小组"),
    ("D16", "duty", None, (35, 35), "office", None,
     "将能源消费、二氧化碳排放等碳达峰相关指标纳入全市经济社会发展综合评价体系和效能考核指标体系,增加考核权重,加强指标约束,"
     "逐步建立系统完善的碳达峰综合评价考核制度"),
    ("D17", "duty", None, (35, 35), "office", None,
     "对工作突出的县(市)区、单位和个人按规定给予表彰奖励,对未完成目标任务的县(市)区、单位依法依规进行通报批评和约谈问责"),
])
def test__second_reading__added_projects_and_duties(commitment_id, kind, task_no, pages, lead, partners, quote):
    row = CATALOG.commitments.set_index("commitment_id").loc[commitment_id]
    none = lambda value: None if pd.isna(value) else value  # noqa: E731
    assert (row["kind"], none(row["task_no"]), (row["page_start"], row["page"])) == (kind, task_no, pages)
    assert (row["lead_units"], none(row["partner_units"]), row["quote"]) == (lead, partners, quote)
    assert PLAN.locate(quote, body_only=True) == pages
    assert pd.isna(row["year"]) and pd.isna(row["recurrence"])  # the plan sets none of them a year or a frequency
    if task_no is not None:
        task = CATALOG.tasks.set_index("task_no").loc[task_no]
        assert (row["action_id"], row["measure_no"]) == (task["action_id"], task["measure_no"])
    else:  # 六、组织实施, where no sentence has a subject: the notes say the office is inferred, and from what
        assert row["action_id"] == 13 and pd.isna(row["measure_no"])
        assert "推定" in row["notes_zh"] and "inferred" in row["notes"] and "领导小组办公室" in row["notes_zh"]


def test__commitments__units_are_their_task_rows_except_where_the_sentence_names_its_own():
    tasks = CATALOG.tasks.set_index("task_no")
    differ = {}
    for row in CATALOG.commitments.dropna(subset=["task_no"]).itertuples():
        task = tasks.loc[row.task_no]
        assert (row.action_id, row.measure_no) == (task["action_id"], task["measure_no"]), row.commitment_id
        if (row.lead_units, row.partner_units) != (task["lead_units"], task["partner_units"]):
            differ[row.commitment_id] = (row.lead_units, None if pd.isna(row.partner_units) else row.partner_units)
    # row 33 (districts, parks, departments) is three sentences, each with its own subject; in row 31 the Party
    # schools (各级党校(行政学院)要…) put the subject in their teaching plans, the row's lead supports
    assert differ == {"D14": ("partyschool", "organization"), "D05": ("districts|parks", None),
                      "D06": ("citydepts", None), "D07": ("office", "districts|parks")}


def test__commitments__are_in_plan_order_within_each_kind():
    """The ledger shows items in the file's order: within a kind, each row's quote stands at or after the one before."""
    for kind, rows in CATALOG.commitments.groupby("kind", sort=False):
        positions = [(row.commitment_id, PLAN.body.find(row.quote)) for row in rows.itertuples()]
        late = [(a, b) for (a, pa), (b, pb) in zip(positions, positions[1:]) if pb < pa]
        assert late == ([("P07", "P37")] if kind == "project" else []), kind  # P37 was added after P07, in its measure


def test__plan_counts__are_the_catalogs():
    """tests/plan_counts.py is the one place other tests take the plan's counts from."""
    from loaders.items import ledger_items
    from tracker.assess import targets_of_year
    kinds = T["kind"].value_counts()
    items = ledger_items(CATALOG)["kind"].value_counts()
    assert (kinds["quantitative"], kinds["qualitative"]) == (plan.QUANTITATIVE, plan.QUALITATIVE)
    assert (CATALOG.tasks["row_no"].nunique(), len(CATALOG.tasks)) == (plan.TASK_ROWS, plan.TASK_ITEMS)
    assert items.to_dict() == {"task": plan.TASK_ITEMS, "goal": plan.QUALITATIVE, "project": plan.PROJECTS,
                               "duty": plan.DUTIES} and items.sum() == plan.LEDGER_ITEMS
    assert targets_of_year(CATALOG, 2025) == plan.NUMERIC_TARGETS_2025
