"""The partner organisation's case work in a real Chromium: the manager accepts a referral and
allocates it; the practitioner assesses the child and the family, agrees a plan, closes the case
with a final wellbeing score and reopens it. Then, on a supported case: a one-to-one session, a
wellbeing score and its chart; school liaison, refused until the family's consent to tell the
school is recorded; and a volunteer mentor who sees the child's first name and their own
sessions only, and no case. Each person signs in through the sign-in page. The screenshots are
the ones in docs/images. Every name is made up.
"""

from pathlib import Path

import pytest
from django.utils import timezone

from browser.test_family_flow import Session
from paramount.access.models import Role
from paramount.outreach.models import Disclosure, LawfulBasis, RecipientKind
from paramount.support.models import (
    CaseState,
    SchoolNotification,
    SupportCase,
    TaskKind,
    WellbeingScore,
)

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


def test_sessions_wellbeing_school_liaison_and_a_mentor_who_sees_only_a_first_name(
    transactional_db, live_server, password, support, make_user, sessions
):
    case = support.at("SUPPORTED", child_first_name="Rowan", child_last_name=FAMILY_NAME)
    child = case.children.get()
    practitioner = support.practitioner
    mentor = make_user(Role.VOLUNTEER_MENTOR, username="mentor_ash")
    case_path = f"/support/cases/{case.pk}/"
    today = timezone.localdate().strftime("%d/%m/%Y")
    practitioner_notes = "Rowan talked about the letters from dad and drew the prison visits room."

    # The practitioner logs a one-to-one session; it is listed on the case page.
    worker = sessions()
    worker.sign_in(practitioner.username, password, case_path)
    page = worker.page
    page.get_by_role("link", name="Log a session").click()
    page.wait_for_url(f"**/support/cases/{case.pk}/sessions/new/")
    page.get_by_role("group", name="Who was the session with?").get_by_label(
        f"Rowan {FAMILY_NAME}"
    ).check()
    page.get_by_label("One-to-one session").check()
    page.get_by_label("Date of the session").fill(today)
    page.get_by_label("How long it lasted, in minutes").fill("45")
    page.get_by_role("group", name="Did they attend?").get_by_label("Yes").check()
    page.get_by_label("Notes (optional)").fill(practitioner_notes)
    page.get_by_role("button", name="Save the session").click()
    page.wait_for_url(f"**{case_path}")
    assert "Session of" in worker.success_banner()
    row = page.get_by_role("row").filter(has_text=practitioner_notes)
    assert row.count() == 1
    row_text = row.inner_text()
    assert "One-to-one session" in row_text and "45" in row_text
    assert practitioner.get_full_name() in row_text

    # A wellbeing score, then the child's chart and table.
    page.get_by_role("link", name="Record a score for Rowan").click()
    page.wait_for_url(f"**/children/{child.pk}/wellbeing/new/")
    page.get_by_label("At a review").check()
    page.get_by_role("group", name="Who gave the score?").get_by_label("The child").check()
    page.get_by_role(
        "group", name="Wellbeing score, 0 (very badly) to 10 (very well)"
    ).get_by_label("6", exact=True).check()
    page.get_by_role("button", name="Save the score").click()
    page.wait_for_url(f"**/support/cases/{case.pk}/children/{child.pk}/wellbeing/")
    assert "Rowan's score of 6 saved" in worker.success_banner()
    chart = page.locator("main svg.app-chart")
    assert chart.count() == 1 and chart.is_visible()
    assert "wellbeing" in (chart.get_attribute("aria-label") or "").lower()
    score_row = page.get_by_role("row").filter(has_text="At a review")
    assert score_row.count() == 1
    assert "The child" in score_row.inner_text()
    assert score_row.get_by_role("cell").nth(3).inner_text().startswith("6")
    assert WellbeingScore.objects.get(child=child).score == 6

    # School liaison without consent covering the school: a warning and no form at all.
    notification_path = f"/support/cases/{case.pk}/children/{child.pk}/school-notification/"
    page.goto(f"{live_server.url}{notification_path}")
    assert "has not given consent that covers telling the school" in worker.main_text()
    assert page.get_by_label("School", exact=True).count() == 0
    assert page.locator("input[name=school_name]").count() == 0
    assert page.get_by_role("button", name="Preview the notification").count() == 0
    assert not SchoolNotification.objects.exists()
    assert not Disclosure.objects.filter(recipient_kind=RecipientKind.SCHOOL).exists()

    # The practitioner records the family's consent to the school being told.
    page.get_by_role("link", name="Record consent to tell the school").click()
    page.wait_for_url(f"**/support/cases/{case.pk}/school-consent/")
    page.get_by_label("Who gave consent").fill(f"Briony {FAMILY_NAME}")
    page.get_by_label("Their relationship to the children").fill("Mother")
    page.get_by_role("group", name="Do they hold parental responsibility?").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("Verbally").check()
    given_on = timezone.localdate()
    page.get_by_label("Day").fill(str(given_on.day))
    page.get_by_label("Month").fill(str(given_on.month))
    page.get_by_label("Year").fill(str(given_on.year))
    page.get_by_label("They agreed that we may tell the children's school").check()
    page.get_by_role("button", name="Record the consent").click()
    page.wait_for_url(f"**{case_path}")
    assert "Consent to tell the school recorded" in worker.success_banner()

    # Back to the notification: the form, the preview, then the notification is made.
    page.get_by_role("link", name="Tell Rowan's school").click()
    page.wait_for_url(f"**{notification_path}")
    assert f"Briony {FAMILY_NAME} (Mother) agreed on" in worker.main_text()
    page.get_by_label("School", exact=True).fill("Imaginary Road Primary School")
    page.get_by_label("Designated safeguarding lead").fill("Ms Tamsin Larkspur")
    page.get_by_role("button", name="Preview the notification").click()
    page.wait_for_load_state()
    preview = page.locator(".govuk-inset-text")
    assert preview.is_visible()
    assert "Imaginary Road Primary School" in worker.main_text()
    assert not SchoolNotification.objects.exists()  # a preview stores nothing
    page.get_by_role("button", name="Make the notification").click()
    notification = SchoolNotification.objects.get()
    page.wait_for_url(f"**/support/school-notifications/{notification.pk}/")
    assert "Notification to Imaginary Road Primary School made and recorded" in (
        worker.success_banner()
    )
    assert "Ms Tamsin Larkspur, Imaginary Road Primary School" in worker.main_text()
    assert notification.child == child and notification.safeguarding_lead == "Ms Tamsin Larkspur"
    disclosure = Disclosure.objects.get(recipient_kind=RecipientKind.SCHOOL)
    assert disclosure.lawful_basis == LawfulBasis.CONSENT
    assert disclosure.consent is not None and disclosure.consent.covers_school
    page.get_by_role("link", name="Print the notification").click()
    page.wait_for_url(f"**/support/school-notifications/{notification.pk}/print/")
    assert page.get_by_role(
        "heading", name="Confidential: for the designated safeguarding lead"
    ).is_visible()
    assert "Rowan" in page.inner_text("main")

    # The practitioner matches a volunteer mentor with the child.
    page.goto(f"{live_server.url}{case_path}")
    page.get_by_role("link", name="Match a mentor with Rowan").click()
    page.wait_for_url(f"**/support/cases/{case.pk}/children/{child.pk}/mentor/")
    page.get_by_label("Volunteer mentor").select_option(label=mentor.get_full_name())
    page.get_by_role("button", name="Match the mentor").click()
    page.wait_for_url(f"**{case_path}")
    assert f"{mentor.get_full_name()} now mentors Rowan" in worker.success_banner()

    # The mentor sees the child's first name only, and only their own sessions.
    mentoring = sessions()
    mentoring.sign_in(mentor.username, password, "/support/mentees/")
    page = mentoring.page
    page.goto(f"{live_server.url}/")  # a mentor's home is the list of their mentees
    page.wait_for_url(f"{live_server.url}/support/mentees/")
    assert page.get_by_role("heading", name="Your mentees").is_visible()
    assert page.get_by_role("link", name="Rowan", exact=True).is_visible()
    assert FAMILY_NAME not in page.content()
    page.get_by_role("link", name="Rowan", exact=True).click()
    page.wait_for_url("**/support/mentees/*/")
    assert page.get_by_role("heading", name="Rowan", exact=True).is_visible()
    assert FAMILY_NAME not in page.content()
    assert "You have not logged a session with Rowan yet." in mentoring.main_text()
    mentor_notes = "We built a den in the park; Rowan asked about visiting dad."
    page.get_by_label("Date of the session").fill(today)
    page.get_by_label("How long it lasted, in minutes").fill("60")
    page.get_by_role("group", name="Did they come?").get_by_label("Yes").check()
    page.get_by_label("Notes (optional)").fill(mentor_notes)
    page.get_by_role("button", name="Save the session").click()
    page.wait_for_load_state()
    assert "Session of" in mentoring.success_banner()
    rows = page.locator("main tbody tr")
    assert rows.count() == 1
    assert mentor_notes in rows.inner_text() and "60" in rows.inner_text()
    content = page.content()
    assert practitioner_notes not in content and FAMILY_NAME not in content
    mentoring.shot("support-mentor")
    assert (DOCS_IMAGES / "support-mentor.png").stat().st_size > 10_000

    # The case page does not exist for the mentor (asked outside the page, so the expected
    # 404 is not counted as a failed request).
    response = mentoring.context.request.get(f"{live_server.url}{case_path}")
    assert response.status == 404
    assert FAMILY_NAME not in response.text() and practitioner_notes not in response.text()
