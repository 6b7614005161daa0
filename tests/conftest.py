"""Shared test set-up: the catalog, and progress sheets built in code the way staff make them."""
from __future__ import annotations

import pytest

from loaders.catalog import load_catalog
from workbooks import make_xlsx


def pytest_addoption(parser):
    parser.addoption("--browser", action="store_true", help="run the real-browser tests (Debian chromium)")
    parser.addoption("--postgres", action="store", default="", metavar="URL",
                     help="also run the ledger tests against this PostgreSQL URL")


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--browser"):
        skip = pytest.mark.skip(reason="real-browser test: run with --browser")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def own_ledger(tmp_path, monkeypatch):
    """Each test gets an empty SQLite ledger of its own and no editor passcode unless it sets one."""
    monkeypatch.setenv("LEDGER_DATA_DIR", str(tmp_path / "ledger"))
    monkeypatch.delenv("LEDGER_DATABASE_URL", raising=False)
    monkeypatch.delenv("LEDGER_EDITOR_PASSCODE", raising=False)


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium under Playwright, for the real-browser tests (test_browser.py, test_deploy.py)."""
    from playwright.sync_api import sync_playwright

    from tests.browser_flows import CHROMIUM_ARGS
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


def reset_postgres(url: str) -> None:
    """An empty database for the next test: every table of the ledger dropped, the schema's version too."""
    from sqlalchemy import text

    from ledger.db import make_engine
    engine = make_engine(url)
    with engine.begin() as connection:
        for table in ("audit_event", "review", "task_entry", "report", "submitted_value", "submission",
                      "alembic_version"):
            connection.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request, tmp_path):
    """The ledger every ledger-touching test uses, migrated and empty: on SQLite, and on the PostgreSQL server
    given with --postgres (test.sh starts one); without it the PostgreSQL run is skipped."""
    from ledger.db import make_engine, migrate
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    else:
        url = request.config.getoption("--postgres")
        if not url:
            pytest.skip("PostgreSQL test: run with --postgres URL (test.sh does)")
        reset_postgres(url)
    engine = make_engine(url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def awkward_wide_sheet() -> bytes:
    """A department's own sheet: title and notes around the table, 2023年 headers, numbers as text."""
    rows = [
        ["银川市住建局碳达峰目标进展情况表"],
        ["填报单位:市住建局", None, "日期:2024年12月"],
        [],
        ["序号", "指标名称", "单位", "2020", "2021年", "2022年", "2023年", "备注"],
        [1, "装配式建筑占同期新开工建筑面积的比重", "%", "18%", "２０.５", "约24", 0.262, ""],
        [2, "老旧小区节能改造面积（万平方米）", "", 0, "35", "1,00", "—", ""],
        [3, "Share of green travel in the city", "%", None, "-", "/", "61.5", ""],
        [4, "单位面积建筑能耗比2020年降低率", "%", 0, "0.8", "1.5%", "2.1", "按可比口径"],
        [5, "新建建筑执行绿色建筑标准比例", "", "无", 88, 95, "100", ""],
        [],
        ["注:2023年数据为初步统计。"],
    ]
    return make_xlsx({"住建局进展": rows}, percent_cells={"住建局进展": ["G5"]})


@pytest.fixture(scope="session")
def long_sheet() -> bytes:
    rows = [
        ["Progress report, transport bureau"],
        ["Indicator", "Year", "Value", "Unit"],
        ["public_chargers", 2021, 1800, "posts"],
        ["public_chargers", "2022", "2,650", "台"],
        ["public_chargers", "2023年", "3,300", ""],
        ["Share of electric buses in the bus fleet", 2022, "92%", "%"],
        ["新能源电动公交车占比 (%)", 2023, 97.5, ""],
        ["new-energy vehicles as a share of new-car sales", 2023, "15.8", "%"],
    ]
    return make_xlsx({"Long": rows})


@pytest.fixture(scope="session")
def problem_sheet() -> bytes:
    """Every kind of cell that cannot be used, beside usable ones."""
    rows = [
        ["指标", "单位", 2021, 2022, 2023, 1999],
        ["森林覆盖率", "%", 15.1, "十五", 15.9, 3],          # 2022 unreadable; 1999 out of range
        ["森林蓄积量", "万亩", 170, 175, 180, None],          # unit contradicts 万立方米
        ["碳汇交易量", "万吨", 1, 2, 3, None],                # unknown indicator
        ["湿地面积", "万亩", 78, 79, -5, None],               # negative
        ["湿地保护率", "%", 82, 250, 84, None],              # 250 is no percentage
        ["森林覆盖率", "%", 15.1, None, 16.2, None],          # 2023 contradicts row 2
        ["公共充电桩", "台", "30%", 2000, True, None],        # % for a count; a true/false cell
    ]
    return make_xlsx({"问题": rows})


@pytest.fixture(scope="session")
def housing_task_ledger() -> bytes:
    """市住建局's own 台账: a title, its own numbering, a status column."""
    rows = [["市住建局2026年度碳达峰重点任务推进情况台账"],
            ["序号", "重点任务", "完成状态", "工作推进情况", "存在困难和问题", "下一步工作打算"],
            ["12.1", "持续开展绿色建筑创建行动", "正常推进", "新建绿色建筑312万平方米。", "星级比例偏低", "提高星级比例"],
            ["12（2）", "推广绿色建材", "已完成", "绿色建材认证企业8家。", "", ""],
            ["13②", "加强建筑用能管理", "滞后", "能耗监测平台建设中。", "资金未到位", "争取专项资金"]]
    return make_xlsx({"台账": rows})


_CATALOG = []


def words(what, lang: str = "zh") -> str:
    """A message, an error that carries one, or a problem row, in words, as the app shows it."""
    from loaders.message import Message, Refused
    from tracker.wording import problem_text, say
    if not _CATALOG:
        _CATALOG.append(load_catalog())
    if isinstance(what, Refused):
        what = what.message
    if isinstance(what, Message):
        return say(what, lang, _CATALOG[0])
    return problem_text(what, lang, _CATALOG[0])


def problem_words(result, lang: str = "zh") -> list[str]:
    """Every problem of a reading (an ActualsResult, or a problems frame), in words."""
    problems = result.problems if hasattr(result, "problems") else result
    return [words(p, lang) for p in problems.to_dict("records")]
