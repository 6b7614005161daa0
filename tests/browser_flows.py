"""What the real-browser tests (test_browser.py, test_deploy.py) do the same way: launch chromium, wait for a
page, and the save flow of /progress."""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--no-first-run"]
SAVED = re.compile(r"^Saved 6 values (and .+ )?to the ledger\. Link to this submission:")


def settled(page, timeout=30):
    """Wait until Streamlit has finished running the script."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout * 1000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]') && "
        "document.querySelectorAll('[data-testid=\"stMain\"] [data-testid=\"stElementContainer\"]').length > 0",
        timeout=timeout * 1000)
    page.wait_for_timeout(400)


def choose(page, selectbox, option: str) -> None:
    """Pick `option` in a Streamlit selectbox until the box shows it: a rerun that redraws the page just as the
    list opens closes it again, so one click is not always enough."""
    chosen = selectbox.locator(f'input[value*="{option}"]')
    for _ in range(4):
        selectbox.locator("input").click()
        try:
            page.get_by_role("option", name=option).click(timeout=5000)
            chosen.wait_for(timeout=10_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    expect(chosen).to_be_attached()


def save_transport_sheet(page, base: str, sheet: Path, *, name: str = "Ma Li", note: str | None = None,
                         query: str = "", first_time: bool = True):
    """Upload the six-value transport sheet on /progress for the transport bureau, check it, unlock with the test
    passcode and save it (`first_time`: into a ledger without these values); returns the "Saved …" message,
    which holds the submission's link."""
    page.goto(f"{base}/progress?lang=en&reporting_year=2023&unit=transport{query}")
    settled(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(sheet))
    expect(page.get_by_text("Save to the ledger")).to_be_visible()
    expect(page.get_by_text("Check what was read (every row, before saving)")).to_be_visible()
    page.get_by_label("Your name").fill(name)
    page.get_by_role("textbox", name="Editor passcode").fill("test-passcode")
    page.get_by_role("button", name="Unlock").click()
    expect(page.get_by_text(re.compile(r"^Saving for Municipal Transport Bureau: 6 values"))).to_be_visible()
    if note is not None:
        page.get_by_label("Note (optional)").fill(note)
    if first_time:
        expect(page.get_by_text(re.compile(r"^Saving for Municipal Transport Bureau: 6 values \(6 new, 0 changed"))
               ).to_be_visible()
    page.get_by_role("button", name="Confirm and save").click()
    saved = page.get_by_text(SAVED)
    expect(saved).to_be_visible()
    return saved
