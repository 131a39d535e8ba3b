"""A family case from identification to referral in a real Chromium: screening with a red flag
and the second analyst's countersignature, assigning an officer, contact and consent, the
referral (after which the police see only the date), the partner's view of the referral, and the
public self-referral page. Each person signs in through the sign-in page. Every name is made up.
"""

from pathlib import Path

import pytest
from conftest import browser_enter_code
from django.utils import timezone

from paramount.access.models import Role
from paramount.families.models import FamilyState

pytestmark = pytest.mark.browser

# Names no page shown to the police after the referral may contain.
CHILD_FIRST, FAMILY_NAME = "Marigold", "Pennywhistle"


class Session:
    """One person's browser: its own cookies, every failed request and script error kept."""

    def __init__(self, browser, base_url: str, shots: Path, failed: list, errors: list):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.base_url = base_url
        self.shots = shots
        self.page.on(
            "response",
            lambda response: (
                failed.append(f"{response.status} {response.url}")
                if response.status >= 400
                else None
            ),
        )
        self.page.on("pageerror", lambda error: errors.append(str(error)))

    def sign_in(self, username: str, password: str, path: str) -> None:
        page = self.page
        page.goto(f"{self.base_url}{path}")
        assert "/sign-in/" in page.url  # signed out: sent to sign in
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()
        browser_enter_code(page, username)
        page.wait_for_url(f"{self.base_url}{path}")

    def shot(self, name: str) -> None:
        self.page.evaluate("document.fonts.ready")
        self.page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)

    def main_text(self) -> str:
        return self.page.inner_text("main")

    def success_banner(self) -> str:
        banner = self.page.locator(".govuk-notification-banner--success")
        assert banner.is_visible()
        return banner.inner_text()


@pytest.fixture
def sessions(browser, live_server, tmp_path):
    failed, errors, opened = [], [], []

    def open_session() -> Session:
        session = Session(browser, live_server.url, tmp_path, failed, errors)
        opened.append(session)
        return session

    yield open_session
    for session in opened:
        session.context.close()
    assert failed == [], f"requests that failed: {failed}"
    assert errors == [], f"script errors: {errors}"


def _long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def test_a_red_flagged_family_goes_from_screening_to_referral(
    transactional_db, live_server, make_user, password, cases, sessions
):
    family = cases.family(
        pprc_flag="Y",
        child_first_name=CHILD_FIRST,
        child_last_name=FAMILY_NAME,
        prisoner_first_name="Tobias",
        prisoner_last_name=FAMILY_NAME,
    )
    reference = family.reference
    family_path = f"/families/{family.pk}/"
    analyst, second, officer = cases.analyst, cases.second_analyst, cases.officer
    manager = make_user(Role.CHARITY_MANAGER, username="charity_manager")

    # The analyst opens the family: its red flag says a second analyst will be needed.
    first = sessions()
    first.sign_in(analyst.username, password, family_path)
    page = first.page
    assert page.get_by_role("heading", name=f"{CHILD_FIRST} {FAMILY_NAME}").is_visible()
    assert "approving contact needs a second analyst" in first.main_text()
    first.shot("01-family-to-screen")

    page.get_by_role("link", name="Screen this family").click()
    page.wait_for_url(f"**/screening/{family.pk}/decision/")
    assert page.get_by_role(
        "heading", name="Is it appropriate to contact this family?"
    ).is_visible()
    first.shot("02-screening-form")
    page.get_by_label("Approve contact").check()
    page.get_by_label("Rationale").fill(
        "The public protection flag concerns an adult outside the household; the mother asked "
        "for help at the school gate."
    )
    page.get_by_role("button", name="Save the decision").click()
    page.wait_for_url(f"**{family_path}")
    assert f"Screening decision saved for {reference}" in first.success_banner()
    assert "Waiting for a second analyst" in first.main_text()
    # The analyst who approved is not offered the countersignature.
    assert page.get_by_role("link", name="Countersign the approval").count() == 0
    assert "The analyst who approved contact cannot countersign it" in first.main_text()
    first.shot("03-waiting-for-second-analyst")

    # A second analyst countersigns.
    other = sessions()
    other.sign_in(second.username, password, family_path)
    other.page.get_by_role("link", name="Countersign the approval").click()
    other.page.wait_for_url(f"**/screening/{family.pk}/countersign/")
    assert "The public protection flag concerns an adult" in other.main_text()
    other.shot("04-countersign-form")
    other.page.get_by_label("Agreed: contact approved").check()
    other.page.get_by_role("button", name="Save your decision").click()
    other.page.wait_for_url(f"**{family_path}")
    assert f"Countersignature saved for {reference}" in other.success_banner()
    assert "Approved for contact" in other.main_text()
    other.shot("05-countersigned")

    # The first analyst assigns the outreach officer.
    page.reload()
    page.get_by_role("link", name="Assign an outreach officer").click()
    page.wait_for_url(f"**/outreach/families/{family.pk}/assign/")
    page.get_by_label("Outreach officer").select_option(label=officer.get_full_name())
    first.shot("06-assign")
    page.get_by_role("button", name="Assign the officer").click()
    page.wait_for_url(f"**{family_path}")
    assert f"Officer assigned to {reference}" in first.success_banner()
    assert officer.get_full_name() in first.main_text()

    # The officer finds the family on their list and records a call in which consent was given.
    outreach = sessions()
    outreach.sign_in(officer.username, password, "/families/")
    page = outreach.page
    assert f"{CHILD_FIRST} {FAMILY_NAME}" in outreach.main_text()
    outreach.shot("07-officer-families")
    page.get_by_role("link", name=reference).click()
    page.wait_for_url(f"**{family_path}")
    page.get_by_role("link", name="Record a contact attempt").click()
    page.wait_for_url(f"**/outreach/families/{family.pk}/contact/")
    called_at = timezone.localtime()  # after contact was approved, which was moments ago
    page.get_by_label("Telephone").check()
    page.get_by_label("When did you try?").fill(called_at.strftime("%Y-%m-%d %H:%M"))
    page.get_by_label("Consented to a referral").check()
    page.get_by_label("Who gave consent").fill("Rosalind Pennywhistle")
    page.get_by_label("Their relationship to the children").fill("Mother")
    page.get_by_role("group", name="Do they hold parental responsibility?").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("Referral to the partner organisation").check()
    page.get_by_label("Verbally").check()
    page.get_by_label("Phone number for the partner to call").fill("07700 900456")
    outreach.shot("08-contact-form")
    page.get_by_role("button", name="Save the attempt").click()
    page.wait_for_url(f"**{family_path}")
    assert f"Contact attempt saved for {reference}" in outreach.success_banner()
    main = outreach.main_text()
    assert "Consented to referral" in main
    assert "Rosalind Pennywhistle (Mother), holds parental responsibility" in main
    outreach.shot("09-consented")

    # The officer checks what the partner will receive and makes the referral.
    page.get_by_role("link", name="Make the referral").click()
    page.wait_for_url(f"**/outreach/families/{family.pk}/referral/")
    assert f"{CHILD_FIRST} {FAMILY_NAME}" in outreach.main_text()
    outreach.shot("10-check-referral")
    page.get_by_role("button", name="Refer to the partner organisation").click()
    page.wait_for_url(f"{live_server.url}/families/")
    assert f"{reference} referred" in outreach.success_banner()
    today = _long_date(timezone.localdate())
    row = page.get_by_role("row").filter(has_text=reference)
    assert row.count() == 1
    row_text = " ".join(row.inner_text().split())
    assert f"Referred on {today}" in row_text
    assert CHILD_FIRST not in row_text and FAMILY_NAME not in row_text
    assert row.get_by_role("link").count() == 0
    outreach.shot("11-officer-list-after-referral")

    # Opening the family now shows only that it was referred, and when.
    page.goto(f"{live_server.url}{family_path}")
    assert f"Referred on {today}" in outreach.main_text()
    html = page.content()
    assert CHILD_FIRST not in html and FAMILY_NAME not in html
    assert "Rosalind" not in html and "07700 900456" not in html
    outreach.shot("12-referred-notice")
    family.refresh_from_db()
    assert family.state == FamilyState.REFERRED

    # The charity manager sees the referral and its details.
    charity = sessions()
    charity.sign_in(manager.username, password, "/outreach/referrals/")
    assert reference in charity.main_text()
    assert f"{CHILD_FIRST} {FAMILY_NAME}" in charity.main_text()
    charity.shot("13-referrals")
    charity.page.get_by_role("link", name=reference).click()
    charity.page.wait_for_url(f"**/outreach/referrals/{family.referral.pk}/")
    main = charity.main_text()
    assert f"{CHILD_FIRST} {FAMILY_NAME}" in main
    assert "Rosalind Pennywhistle" in main and "07700 900456" in main
    assert "Safety" in main
    charity.shot("14-referral-detail")


def _send_self_referral(session: Session, reference: str, name: str) -> str:
    page = session.page
    page.goto(f"{session.base_url}/self-referral/")
    assert page.get_by_role("heading", name="Ask for support for your family").is_visible()
    page.get_by_label("Your reference").fill(reference)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("How you are related to the children").fill("Grandmother")
    page.get_by_label("Yes").check()
    page.get_by_label("A phone number or email address we can use").fill("07700 900789")
    page.get_by_label("When is best to contact you? (optional)").fill("Weekday mornings")
    page.get_by_role("button", name="Send").click()
    page.wait_for_url(f"{session.base_url}/self-referral/sent/")
    return page.inner_text("main")


def test_self_referral_answers_a_made_up_reference_as_it_answers_a_real_one(
    transactional_db, live_server, cases, sessions
):
    from paramount.outreach.models import SelfReferralInvite
    from paramount.outreach.services import format_reference

    family = cases.at(
        "SELF_REFERRAL_DETAILS_LEFT", child_first_name="Juniper", child_last_name="Ashdown"
    )
    real = format_reference(SelfReferralInvite.objects.get(family=family).reference)
    made_up = "QQQQ-7777" if real != "QQQQ-7777" else "WWWW-2222"

    public = sessions()
    public.page.goto(f"{live_server.url}/self-referral/")
    public.shot("01-self-referral")
    # The form refuses an empty submission with an error summary that takes the focus.
    public.page.get_by_role("button", name="Send").click()
    summary = public.page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Enter the reference you were given" in summary.inner_text()
    public.shot("02-self-referral-errors")

    answer_to_made_up = _send_self_referral(public, made_up, "Imogen Ashdown")
    public.shot("03-sent-made-up")
    family.refresh_from_db()
    assert family.state == FamilyState.SELF_REFERRAL_DETAILS_LEFT

    answer_to_real = _send_self_referral(public, real, "Imogen Ashdown")
    public.shot("04-sent-real")
    assert answer_to_real == answer_to_made_up
    assert "Thank you" in answer_to_real
    family.refresh_from_db()
    assert family.state == FamilyState.REFERRED
