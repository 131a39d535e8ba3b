"""A practitioner finds the guidance from the case page, changes the answers and downloads the
PDF, in a real Chromium."""

from pathlib import Path

import pytest
from conftest import browser_enter_code

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def browser(monkeypatch):
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield browser
        browser.close()


def test_a_practitioner_prints_the_guidance_for_a_child(
    transactional_db, live_server, browser, support, password, tmp_path
):
    case = support.at("ALLOCATED")
    child = case.children.get()
    failed, errors = [], []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    path = f"/support/cases/{case.pk}/"
    page.goto(f"{live_server.url}{path}")
    page.get_by_label("Username").fill(support.practitioner.get_username())
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    browser_enter_code(page, support.practitioner.get_username())
    page.wait_for_url(f"{live_server.url}{path}")

    page.get_by_role("link", name=f"Guidance on telling {child.first_name}").click()
    page.get_by_role("heading", name=f"Talking with {child.first_name} about prison").wait_for()
    assert page.get_by_label("5 to 10").is_checked()
    assert page.get_by_label("On remand (waiting for a trial or sentence)").is_checked()
    assert "When the parent is on remand" in page.inner_text("main")

    page.get_by_label("Sentenced").check()
    page.get_by_label("Over 4 years").check()
    page.get_by_label("Against a family member (including domestic abuse)").check()
    page.get_by_role("button", name="Show the guidance").click()
    page.get_by_role(
        "heading", name="When the offence was against someone in the family"
    ).wait_for()
    main = page.inner_text("main")
    assert "Talking about time: a long sentence" in main
    assert "When the parent is on remand" not in main
    page.screenshot(path=str(tmp_path / "sheet.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    saved = tmp_path / "sheet.pdf"
    download.value.save_as(saved)
    assert (
        download.value.suggested_filename
        == f"talking-with-{child.first_name.lower()}-about-prison.pdf"
    )
    assert saved.read_bytes().startswith(b"%PDF-")
    assert not failed and not errors, (failed, errors)
    context.close()
