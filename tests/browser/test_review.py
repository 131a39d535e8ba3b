"""An analyst reviews an uncertain match in a real Chromium: the queue, the evidence with its
waterfall chart, a decision, and the success banner. Every name is made up."""

import pytest
from conftest import browser_enter_code

from paramount.access.models import Role
from paramount.identification.models import ReviewDecision
from paramount.linkage.models import LinkageModel

pytestmark = pytest.mark.browser


def test_analyst_rejects_a_match_and_sees_the_banner(
    transactional_db, live_server, make_user, password, identifications, browser, tmp_path
):
    make_user(Role.VRU_ANALYST, username="analyst", areas=["Oxford"])
    identification = identifications.build(
        area="Oxford", band="REVIEW", child_first_name="Ada", child_last_name="Quillfeather"
    )
    LinkageModel.objects.update(settings={"probability_two_random_records_match": 2.9e-5})

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    failed = []
    page.on(
        "response", lambda response: failed.append(response.url) if response.status >= 400 else None
    )
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{live_server.url}/identifications/review/")
    page.get_by_label("Username").fill("analyst")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    browser_enter_code(page, "analyst")
    page.wait_for_url(f"{live_server.url}/identifications/review/")
    assert page.get_by_role("heading", name="Matches to review").is_visible()
    assert "1 match waiting for review" in page.inner_text("main")
    navigation = page.get_by_role("navigation", name="Primary navigation")
    assert navigation.get_by_role("link", name="Review 1 waiting").is_visible()

    page.get_by_role("link", name="Ada Quillfeather").click()
    page.wait_for_url(f"**/identifications/{identification.identification_id}/")
    chart = page.get_by_role("img", name="Waterfall chart of match weights")
    assert chart.is_visible()
    assert chart.bounding_box()["width"] > 600
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(tmp_path / "review.png"), full_page=True)

    # Saving "different person" without a reason is refused with an error summary.
    page.get_by_label("Different person").check()
    page.get_by_role("button", name="Save decision").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Give the reason" in summary.inner_text()
    assert page.evaluate("document.activeElement.closest('.govuk-error-summary') !== null")

    page.get_by_label("Reason").fill("The local adult was born ten years later")
    page.get_by_role("button", name="Save decision").click()
    page.wait_for_url(f"{live_server.url}/identifications/review/")
    banner = page.locator(".govuk-notification-banner--success")
    assert banner.is_visible()
    assert "Decision saved" in banner.inner_text()
    assert "No matches are waiting for review" in page.inner_text("main")
    page.screenshot(path=str(tmp_path / "decided.png"), full_page=True)

    decision = ReviewDecision.objects.get()
    assert decision.reason == "The local adult was born ten years later"
    assert failed == [], f"requests that failed: {failed}"
    assert errors == [], f"script errors: {errors}"
