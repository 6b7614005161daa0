"""The main flows once in a real browser: Playwright driving Debian's chromium against `streamlit run app.py`."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from workbooks import make_xlsx
from tests.browser_flows import choose, save_transport_sheet, settled
from tests.servers import app_server, free_port

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A fresh app server with an editor passcode and its own SQLite ledger."""
    folder = tmp_path_factory.mktemp("server")
    env = {**os.environ, "LEDGER_DATA_DIR": str(folder), "LEDGER_EDITOR_PASSCODE": "test-passcode"}
    env.pop("LEDGER_DATABASE_URL", None)
    with app_server(folder, env) as url:
        yield url


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
    context.set_default_timeout(30_000)
    expect.set_options(timeout=30_000)
    yield context.new_page()
    context.close()


def test__share_link__opens_the_filtered_english_view_with_a_chart(page, server):
    # The first request to a fresh server goes straight to /targets (the old pages/ mode would show file names)
    page.goto(f"{server}/targets?lang=en&action=5&year=2030&indicator=public_chargers")
    settled(page)
    assert page.locator("h1").first.inner_text() == "Targets"
    links = page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
    # each link is its icon's ligature name, then its title
    assert [text.split("\n")[-1] for text in links] == ["Overview", "Targets", "Key tasks", "Units", "Progress",
                                                        "Method & data"]
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for()
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("4 targets")
    chart = page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg').first
    chart.wait_for(timeout=20_000)
    assert chart.bounding_box()["height"] > 150
    assert "lang=en" in page.url and "action=5" in page.url and "indicator=public_chargers" in page.url


def test__language_switch_and_filter__update_the_address(page, server):
    page.goto(f"{server}/targets")
    settled(page)
    expect(page.locator("h1").first).to_have_text("目标")
    page.get_by_text("English", exact=True).click()
    expect(page.locator("h1").first).to_have_text("Targets")
    expect(page).to_have_url(re.compile(r"/targets\?lang=en$"))
    page.get_by_role("link", name="Units").click()
    expect(page.locator("h1").first).to_have_text("Units")
    expect(page).to_have_url(re.compile(r"/units\?lang=en$"))


def test__progress__upload_a_sheet_and_see_statuses(page, server, long_sheet, tmp_path):
    sheet = tmp_path / "transport.xlsx"
    sheet.write_bytes(long_sheet)
    page.goto(f"{server}/progress?lang=en&reporting_year=2023")
    settled(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(sheet))
    page.get_by_text("transport.xlsx: 6 values from 1 sheet, 0 problems").wait_for(timeout=30_000)
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("▲ On track")       # waits while the page is still being drawn
    expect(main).to_contain_text("? Cannot assess")
    page.locator('[data-testid="stVegaLiteChart"]').nth(1).wait_for(timeout=20_000)
    # a chart's files are in its menu: the PNG is a picture
    page.get_by_role("button", name="Download chart").first.click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PNG").click()
    assert download.value.suggested_filename.endswith(".png")
    assert Path(download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page.keyboard.press("Escape")
    # the counts by action are drawn when their section is opened
    counts = page.locator('[data-testid="stExpander"]').filter(has_text="Statuses counted by action")
    expect(counts.locator('[data-testid="stDataFrame"]')).to_have_count(0)
    counts.locator("summary").click()
    expect(counts.locator('[data-testid="stDataFrame"]')).to_have_count(1)
    expect(counts.locator('[data-testid="stVegaLiteChart"]')).to_have_count(1)
    # the data stays when the user leaves the page and comes back
    page.get_by_role("link", name="Overview").click()
    expect(page.locator("h1").first).to_have_text("Overview")
    page.get_by_role("link", name="Progress").click()
    expect(page.get_by_text("transport.xlsx: 6 values from 1 sheet, 0 problems")).to_be_visible()


def test__progress__a_pdf_named_xlsx_gets_a_clear_message(page, server, tmp_path):
    fake = tmp_path / "report.xlsx"
    fake.write_bytes(b"%PDF-1.7 not a spreadsheet")
    page.goto(f"{server}/progress?lang=en")
    settled(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(fake))
    message = page.get_by_text("report.xlsx: This is a PDF file, not a spreadsheet. Please upload an .xlsx file.")
    message.wait_for(timeout=30_000)
    assert not page.locator('[data-testid="stException"]').count()


def test__progress__the_uploader_speaks_chinese_in_the_chinese_view(page, server):
    """Streamlit writes the uploader's button and limits in English; ui/markup.py replaces them with CSS on
    Streamlit's test ids. This fails when Streamlit renames them (then the English text would show again)."""
    page.goto(f"{server}/progress")
    settled(page)
    page.locator('[data-testid="stFileUploaderDropzoneInstructions"]').wait_for()
    shown = page.evaluate("""() => {
        const seen = (selector) => {
            const element = document.querySelector(selector);
            if (!element) return null;
            return [getComputedStyle(element).fontSize, getComputedStyle(element, "::after").content];
        };
        return {
            button: seen('[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p'),
            limits: seen('[data-testid="stFileUploaderDropzoneInstructions"] span'),
        };
    }""")
    assert shown == {"button": ["0px", '"选择文件"'],
                     "limits": ["0px", '"每个文件不超过 10 MB · XLSX、XLSM、XLSB、XLS、ODS、CSV"']}
    page.get_by_text("English").click()
    settled(page)
    button = page.locator('[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p')
    assert button.evaluate("(element) => getComputedStyle(element, '::after').content") == "none"


def test__units__a_printed_duty_list_has_no_sidebar_or_controls(page, server):
    """ui/markup.py hides Streamlit's sidebar, header and controls in print; this fails when Streamlit renames
    a test id it hides (the sidebar and buttons would be printed again)."""
    page.goto(f"{server}/units?unit=housing")
    settled(page)
    page.locator('[data-testid="stMain"] [data-testid="stButton"]').first.wait_for()   # the duty list's buttons
    hidden_in_print = """() => ["stSidebar", "stHeader", "stButton", "stSelectbox"].map((id) => {
        const element = document.querySelector(`[data-testid="${id}"]`);
        return [id, element === null ? "absent" : getComputedStyle(element).display];
    })"""
    on_screen = dict(page.evaluate(hidden_in_print))
    assert "none" not in on_screen.values() and "absent" not in on_screen.values(), on_screen
    page.emulate_media(media="print")
    assert dict(page.evaluate(hidden_in_print)) == {"stSidebar": "none", "stHeader": "none", "stButton": "none",
                                                   "stSelectbox": "none"}
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("市住建局")


def test__ledger__save_a_submission_and_reopen_it_from_its_link(browser, page, server, long_sheet, tmp_path):
    sheet = tmp_path / "transport.xlsx"
    sheet.write_bytes(long_sheet)
    saved = save_transport_sheet(page, server, sheet)
    assert saved.inner_text().startswith("Saved 6 values to the ledger. Link to this submission:")
    link = saved.inner_text().split("Link to this submission:", 1)[1].strip()
    assert re.fullmatch(re.escape(server) + r"/progress\?report=[A-Za-z0-9_-]{22}", link)
    assert saved.get_by_role("link").get_attribute("href") == link  # the message's link can be clicked

    colleague = browser.new_context(viewport={"width": 1400, "height": 1100})
    other = colleague.new_page()
    other.goto(link)
    expect(other.get_by_text("Read-only report: the submission of Municipal Transport Bureau")).to_be_visible()
    expect(other.locator("h1").first).to_have_text("Progress")
    expect(other.get_by_text("▲ On track").first).to_be_visible()
    assert other.locator('[data-testid="stFileUploader"]').count() == 0
    colleague.close()


def test__tasks__a_departments_own_ledger_and_numbers_are_checked_row_by_row_then_saved(page, server,
                                                                                        housing_task_ledger, tmp_path):
    """市住建局's own 台账 and its own numbers sheet (序号, 完成情况 over 2025年 | 2026年, a share of another unit's
    written as fractions): every row is in the table before saving; what is not housing's waits and is not saved."""
    ledger_sheet, numbers_sheet = tmp_path / "住建局台账.xlsx", tmp_path / "住建局指标.xlsx"
    ledger_sheet.write_bytes(housing_task_ledger)
    numbers_sheet.write_bytes(make_xlsx({"指标": [
        ["序号", "指标名称", "单位", "完成情况", None, "备注"], [None, None, None, "2025年", "2026年", None],
        [1, "装配式建筑占同期新开工建筑面积的比重", "%", 28.5, 31.0, "初步统计"],
        [2, "城市绿色出行比例", "%", 0.64, 0.665, None]]}))
    page.goto(f"{server}/progress?lang=en&unit=housing")
    settled(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files([str(ledger_sheet),
                                                                                       str(numbers_sheet)])
    expect(page.get_by_text("住建局台账.xlsx: 0 values and 3 task reports from 1 sheet, 0 problems")).to_be_visible()
    expect(page.get_by_text("Check what was read (every row, before saving)")).to_be_visible()
    expect(page.get_by_text("2 values and 3 task reports will be used; 2 waiting for your decision")).to_be_visible()
    table = page.locator('[data-testid="stDataFrame"]').first
    expect(table).to_contain_text("a share written as a fraction? ×100?")   # why, first, in each row it waits
    page.get_by_label("Your name").fill("Wang")
    page.get_by_role("textbox", name="Editor passcode").fill("test-passcode")
    page.get_by_role("button", name="Unlock").click()
    # the reporting year is the cycle's (2026) unless chosen: the /tasks board of 2026 shows the reports below
    expect(page.get_by_text(re.compile(r"^Saving for Municipal Bureau of Housing and Urban-Rural Development: "
                                       r"2 values \(2 new, 0 changed, 0 same as the ledger\) and 3 task reports; "
                                       r"2 waiting"))).to_be_visible()
    page.get_by_role("button", name="Confirm and save").click()
    expect(page.get_by_text("Saved 2 values and 3 task reports to the ledger.")).to_be_visible()

    page.goto(f"{server}/tasks?lang=en&unit=housing&reporting_year=2026&status=behind")
    settled(page)
    expect(page.locator("h1").first).to_have_text("Key tasks")
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text(re.compile(r"(?<!\d)1 item · "))   # the one item reported behind schedule
    expect(main).to_contain_text("Manage building energy use")   # in the table's accessible cells
    page.goto(f"{server}/tasks?lang=en&reporting_year=2026&item=13b")
    settled(page)
    expect(page.get_by_text("能耗监测平台建设中。")).to_be_visible()
    expect(page.get_by_text("▼ Behind schedule").first).to_be_visible()


HOSTILE = "![x](http://evil.example/a.png) :red[**pay here**] www.evil.example"
HOSTILE_NOTE = HOSTILE + " <img src=http://evil.example/b.png> [link](http://evil.example)"


def external_requests(page) -> list[str]:
    seen = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def assert_inert(page, server: str, requested: list[str]) -> None:
    """Nothing a user typed became a link, an image or a colour, and the browser fetched nothing from elsewhere."""
    main = page.locator('[data-testid="stMain"]')
    hrefs = main.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert not [h for h in hrefs if not h.startswith(server)], hrefs  # only the app's own links (headings, pages)
    assert not main.locator("img").evaluate_all("images => images.map(i => i.src).filter(s => s.includes('evil'))")
    coloured = main.locator("span[class*='color'], [style*='color: red'], strong").evaluate_all(
        "nodes => nodes.map(n => n.textContent).filter(t => t.includes('pay here'))")
    assert coloured == [], coloured
    assert [u for u in requested if not u.startswith(server) and not u.startswith("data:")] == []


def test__user_text__stays_inert_on_every_page_that_shows_it(browser, page, server, long_sheet, tmp_path):
    sheet = tmp_path / "www.evil.example :red[x] ![i](http:evil.example c.png).xlsx"
    sheet.write_bytes(long_sheet)
    requested = external_requests(page)
    saved = save_transport_sheet(page, server, sheet, name=HOSTILE, note=HOSTILE_NOTE, query="&q=www.evil.example",
                                 first_time=False)
    link = saved.inner_text().split("Link to this submission:", 1)[1].strip()
    assert_inert(page, server, requested)
    history = page.locator('[data-testid="stExpander"]').filter(has_text="Ledger history: who reported what")
    expect(history.locator('[data-testid="stDataFrame"]')).to_have_count(0)   # read once opened
    page.get_by_text("Ledger history: who reported what, and when").first.click()
    settled(page)
    expect(history.locator('[data-testid="stDataFrame"]')).to_have_count(1)
    assert_inert(page, server, requested)

    colleague = browser.new_context(viewport={"width": 1400, "height": 1100})
    other = colleague.new_page()
    seen = external_requests(other)
    other.goto(link)
    expect(other.get_by_text("Read-only report: the submission of Municipal Transport Bureau")).to_be_visible()
    banner = other.get_by_text("Read-only report").inner_text()
    assert "![x](http://evil.example/a.png) :red[**pay here**] www.evil.example" in banner.replace("\u2060", "")
    assert_inert(other, server, seen)
    other.goto(f"{server}/targets?lang=en&unit={HOSTILE}&q=www.evil.example")
    settled(other)
    expect(other.get_by_text("is not recognised and was ignored")).to_be_visible()
    assert_inert(other, server, seen)
    colleague.close()


def test__sign_on__a_signed_in_address_reports_for_its_own_unit(browser, tmp_path):
    """Single sign-on end to end against a provider of our own on loopback: the login button, the provider's
    redirect, the code exchanged for a signed id_token, and the address mapped to its unit in the secrets."""
    from tests.fake_oidc import FakeProvider

    user = {"email": "Zhang@Example.gov.cn", "name": "张三"}
    with FakeProvider("carbon-peak", "client-secret", user) as provider:
        port = free_port()
        secrets_file = tmp_path / "secrets.toml"
        secrets_file.write_text(f"""
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "a-cookie-secret-for-tests-only"
client_id = "carbon-peak"
client_secret = "client-secret"
server_metadata_url = "{provider.metadata_url}"

[ledger.editor_emails]
"zhang@example.gov.cn" = ["housing"]
""", encoding="utf-8")
        env = {**os.environ, "LEDGER_DATA_DIR": str(tmp_path)}
        for name in ("LEDGER_DATABASE_URL", "LEDGER_EDITOR_PASSCODE"):
            env.pop(name, None)
        with app_server(tmp_path, env, f"--secrets.files={secrets_file}", port=port) as url:
            context = browser.new_context(viewport={"width": 1400, "height": 1100})
            context.set_default_timeout(30_000)
            page = context.new_page()
            page.goto(f"{url}/tasks?lang=en&item=12a")
            settled(page)
            page.get_by_text("Reporting and review").click()
            assert not page.get_by_role("textbox", name="Editor passcode").count()  # sign-on only
            page.get_by_role("button", name="Log in to save").click()
            for _ in range(150):  # to the provider and, signed in, back to the app's start page
                if provider.logins and page.url.rstrip("/") == url:
                    break
                page.wait_for_timeout(200)
            assert provider.logins == 1 and page.url.rstrip("/") == url, page.url
            page.goto(f"{url}/tasks?lang=en&item=12a")
            settled(page)
            page.get_by_text("Reporting and review").click()
            expect(page.get_by_text("张三 may save for: Municipal Bureau of Housing and Urban-Rural Development")) \
                .to_be_visible()
            form = page.locator('[data-testid="stForm"]')
            status = form.locator('[data-testid="stSelectbox"]').filter(has_text="Status")
            expect(status).to_be_visible()
            choose(page, status, "Completed")
            form.get_by_label("Progress").fill("绿色建筑创建行动已完成。")
            form.get_by_role("button").filter(has_text="Save").click()
            # the save's own message, then the report in the item's timeline (the form's text alone is no proof)
            expect(page.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text("Saved to the ledger")
            expect(page.locator('[data-testid="stMain"]').get_by_text("绿色建筑创建行动已完成。").first).to_be_visible()
            context.close()
    from ledger import store
    from ledger.db import make_engine
    from sqlalchemy.orm import Session
    with Session(make_engine(f"sqlite:///{tmp_path / 'ledger.sqlite'}")) as session:
        saved = store.all_task_entries(session)
        submissions = store.submissions(session)
    assert saved[["item_id", "status", "progress", "reporting_unit"]].values.tolist() == [
        ["12a", "completed", "绿色建筑创建行动已完成。", "housing"]]
    assert submissions["submitter"].tolist() == ["张三"]
