"""An analyst signs in, sees the worklist and opens an identification, in a real Chromium."""

import pytest
from conftest import browser_enter_code

from paramount.access.models import Role

pytestmark = pytest.mark.browser


def test_analyst_reviews_an_identification(
    transactional_db, live_server, make_user, password, identifications, browser, tmp_path
):
    make_user(Role.VRU_ANALYST, username="analyst", areas=["Oxford"])
    identification = identifications.build(
        area="Oxford", band="REVIEW", child_first_name="Ada", child_last_name="Quillfeather"
    )
    identifications.build(area="Oxford", child_first_name="Ben", child_last_name="Marchmont")

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    failed = []
    page.on(
        "response", lambda response: failed.append(response.url) if response.status >= 400 else None
    )
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{live_server.url}/identifications/")
    assert "/sign-in/" in page.url  # signed out: sent to sign in
    page.get_by_label("Username").fill("analyst")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    browser_enter_code(page, "analyst")

    page.wait_for_url(f"{live_server.url}/identifications/")
    assert page.get_by_role("heading", name="Worklist").is_visible()
    assert "2 children identified from 2 receptions" in page.inner_text("main")
    page.screenshot(path=str(tmp_path / "worklist.png"), full_page=True)

    page.get_by_role("link", name="Ada Quillfeather").click()
    page.wait_for_url(f"**/identifications/{identification.identification_id}/")
    assert page.get_by_role("heading", name="Ada Quillfeather").is_visible()
    assert "Why we think this is the local adult" in page.inner_text("main")
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(tmp_path / "identification.png"), full_page=True)
    assert (tmp_path / "identification.png").stat().st_size > 10_000

    # GOV.UK Frontend's stylesheet, fonts and script all loaded from our own static files.
    header_background = page.eval_on_selector(
        ".govuk-generic-header", "element => getComputedStyle(element).backgroundColor"
    )
    assert header_background == "rgb(11, 12, 12)"
    assert "GDS Transport" in page.eval_on_selector(
        "h1", "element => getComputedStyle(element).fontFamily"
    )
    assert page.evaluate("document.fonts.check('bold 16px \"GDS Transport\"')")
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    assert failed == [], f"requests that failed: {failed}"
    assert errors == [], f"script errors: {errors}"
