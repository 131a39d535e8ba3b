"""The partner organisation's case work in a real Chromium: the manager accepts a referral and
allocates it; the practitioner assesses the child and the family, agrees a plan, closes the case
with a final wellbeing score and reopens it. Each person signs in through the sign-in page. The
screenshots are the ones in docs/images. Every name is made up.
"""

from pathlib import Path

import pytest

from browser.test_family_flow import Session
from paramount.support.models import CaseState, SupportCase, TaskKind, WellbeingScore

pytestmark = pytest.mark.browser

DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
CHILD_FIRST, FAMILY_NAME = "Juniper", "Quillfeather"


@pytest.fixture
def sessions(browser, live_server):
    failed, errors, opened = [], [], []

    def open_session() -> Session:
        session = Session(browser, live_server.url, DOCS_IMAGES, failed, errors)
        opened.append(session)
        return session

    yield open_session
    for session in opened:
        session.context.close()
    assert failed == [], f"requests that failed: {failed}"
    assert errors == [], f"script errors: {errors}"


def test_a_referred_family_goes_from_intake_to_closure_and_back(
    transactional_db, live_server, password, support, sessions
):
    referral = support.referral(child_first_name=CHILD_FIRST, child_last_name=FAMILY_NAME)
    manager, practitioner = support.manager, support.practitioner
    waiting = support.at("WAITLISTED", child_first_name="Hazel", child_last_name=FAMILY_NAME)

    # The manager finds the referral on the intake page and allocates it to the practitioner.
    office = sessions()
    office.sign_in(manager.username, password, "/support/intake/")
    page = office.page
    assert page.get_by_role("heading", name="Intake").is_visible()
    row = page.get_by_role("row").filter(has_text=CHILD_FIRST)
    assert "Referral to the partner organisation" in row.inner_text()
    assert FAMILY_NAME not in row.inner_text()  # first names only on the list
    waiting_row = page.get_by_role("row").filter(has_text=waiting.reference)
    assert "No practitioner free in the area" in waiting_row.inner_text()
    office.shot("support-intake")
    row.get_by_role("link", name="Decide").click()
    page.wait_for_url(f"**/support/intake/{referral.pk}/accept/")
    # Waiting-list without a reason: refused, with the error summary.
    page.get_by_label("Put it on the waiting list").check()
    page.get_by_role("button", name="Save the decision").click()
    summary = page.locator(".govuk-error-summary")
    assert "the waiting list needs a reason" in summary.inner_text()
    page.get_by_label("Allocate the family now").check()
    page.get_by_label("Practitioner", exact=True).select_option(label=practitioner.get_full_name())
    page.get_by_role("button", name="Save the decision").click()
    case = SupportCase.objects.get(referral=referral)
    case_path = f"/support/cases/{case.pk}/"
    page.wait_for_url(f"**{case_path}")
    assert f"Referral accepted as {case.reference}" in office.success_banner()
    assert f"Worked by {practitioner.get_full_name()}" in office.main_text()

    # The practitioner opens the case and assesses the child.
    worker = sessions()
    worker.sign_in(practitioner.username, password, case_path)
    page = worker.page
    assert page.get_by_role("heading", name=f"{CHILD_FIRST} {FAMILY_NAME}").first.is_visible()
    page.get_by_role("link", name=f"Assess {CHILD_FIRST}").click()
    page.wait_for_url("**/assessment/")
    page.get_by_label("Age and stage").fill("Year 2 at primary school; reading well.")
    page.get_by_label("Has been told something else").check()
    page.get_by_label("What the child has been told (optional)").fill(
        "That dad is working away on a ship."
    )
    page.get_by_role("group", name="Visits").get_by_label("None").check()
    page.get_by_role("group", name="Calls").get_by_label("Occasionally").check()
    page.get_by_role("group", name="Letters").get_by_label("Regularly").check()
    page.get_by_label("Saw the arrest").check()
    page.get_by_label("Sleep", exact=True).check()
    page.get_by_label("Bullying").check()
    page.get_by_label("Strengths (optional)").fill("Loves drawing; a kind older cousin nearby.")
    page.get_by_label("Risks (optional)").fill("Children at school repeat what they read online.")
    page.get_by_role("button", name="Save the assessment").click()
    page.wait_for_url(f"**{case_path}")
    assert f"Assessment of {CHILD_FIRST} saved" in worker.success_banner()
    main = worker.main_text()
    assert "Saw the arrest" in main and "That dad is working away on a ship." in main

    # The family's needs; the case is then assessed.
    page.get_by_role("link", name="Assess the family's needs").click()
    page.wait_for_url("**/family-needs/")
    page.get_by_label("Harassment of the family").check()
    page.get_by_label("More about the family's needs (optional)").fill(
        "Neighbours have shouted at the door twice."
    )
    page.get_by_role("button", name="Save the family's needs").click()
    page.wait_for_url(f"**{case_path}")
    assert "Assessed" in worker.main_text()

    # The plan.
    page.get_by_role("link", name="Agree the plan").click()
    page.wait_for_url("**/plan/")
    page.get_by_label("Goal of weekly one-to-one sessions").fill(
        f"{CHILD_FIRST} can say what happened to dad in her own words."
    )
    page.get_by_label("Who weekly one-to-one sessions is for").select_option(label=CHILD_FIRST)
    page.get_by_label("Goal of parent and carer support group").fill(
        "Mum meets other parents in the same position."
    )
    worker.shot("support-plan")
    page.get_by_role("button", name="Agree the plan").click()
    page.wait_for_url(f"**{case_path}")
    assert "The plan is agreed" in worker.success_banner()
    main = worker.main_text()
    assert "Being supported" in main and "The whole family" in main

    # Closure with a final score, then reopening.
    page.get_by_role("link", name="Close the case").click()
    page.wait_for_url("**/close/")
    page.get_by_label("Support goals met").check()
    page.get_by_label("Note (optional)").fill("Sleeping through the night again.")
    page.get_by_label(f"{CHILD_FIRST}'s wellbeing score, 0 to 10 (optional)").fill("8")
    page.get_by_role("group", name=f"Who gave {CHILD_FIRST}'s score?").get_by_label(
        "The child"
    ).check()
    page.get_by_role("button", name="Close the case").click()
    page.wait_for_url(f"**{case_path}")
    assert f"{case.reference} closed" in worker.success_banner()
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert case.tasks.filter(kind=TaskKind.FOLLOW_UP, superseded_at__isnull=True).exists()
    assert WellbeingScore.objects.get(child__case=case).score == 8

    page.get_by_role("link", name="Reopen the case").click()
    page.wait_for_url("**/reopen/")
    page.get_by_label("Why is the case being reopened?").fill(
        "Dad's release date was brought forward; mum asked for help again."
    )
    page.get_by_role("button", name="Reopen the case").click()
    page.wait_for_url(f"**{case_path}")
    assert f"{case.reference} reopened" in worker.success_banner()
    main = worker.main_text()
    assert "Being supported" in main
    assert "Support goals met" in main and "mum asked for help again." in main
    worker.shot("support-case")
    for name in ("support-intake", "support-plan", "support-case"):
        assert (DOCS_IMAGES / f"{name}.png").stat().st_size > 10_000
