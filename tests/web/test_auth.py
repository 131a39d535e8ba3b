"""Signing in and out, the home page per role, and that nothing is reachable signed out."""

import pytest
from conftest import totp_code
from django.urls import reverse

from paramount.access.models import AuditEvent, Role

pytestmark = pytest.mark.django_db


def test_sign_in_page_is_public_and_styled(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sign in to Paramount" in html
    assert "vendor/govuk/govuk-frontend.min.css" in html
    assert 'autocomplete="current-password"' in html


def test_signing_in_asks_for_the_code_then_goes_home_and_is_audited(client, analyst, password):
    response = client.post(reverse("login"), {"username": "analyst", "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("otp_verify")
    response = client.post(reverse("otp_verify"), {"code": totp_code(analyst)})
    assert response["Location"] == reverse("home")
    event = AuditEvent.objects.get(action="auth.signed_in")
    assert event.actor == analyst
    assert event.role == Role.VRU_ANALYST


def test_a_failed_sign_in_says_so_and_is_audited_without_the_username(client, analyst):
    response = client.post(
        reverse("login"), {"username": "analyst", "password": "wrong-password-123"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "govuk-error-summary" in html
    event = AuditEvent.objects.get(action="auth.sign_in_failed")
    assert event.actor is None
    assert "analyst" not in str(event.after or "")


def test_sign_out_needs_post_and_ends_the_session(signed_in, analyst):
    client = signed_in(analyst)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert AuditEvent.objects.filter(action="auth.signed_out", actor=analyst).exists()
    assert client.get(reverse("identification:worklist")).status_code == 302


def test_the_header_shows_who_is_signed_in_with_a_sign_out_form(signed_in, analyst):
    html = signed_in(analyst).get(reverse("identification:worklist")).content.decode()
    assert "Test Analyst" in html
    assert "VRU analyst, Thames Valley Police VRU" in html
    assert f'action="{reverse("logout")}"' in html
    assert 'method="post"' in html


@pytest.mark.parametrize(
    ("role", "destination"),
    [
        (Role.VRU_ANALYST, "identification:worklist"),
        (Role.OUTREACH_OFFICER, "families:list"),
        (Role.CHARITY_PRACTITIONER, "support:caseload"),
        (Role.CHARITY_MANAGER, "support:intake"),
        (Role.VOLUNTEER_MENTOR, "support:mentees"),
        (Role.ADMIN, "feeds:batches"),
    ],
)
def test_home_sends_each_role_to_its_work(signed_in, make_user, role, destination):
    response = signed_in(make_user(role)).get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse(destination)


@pytest.mark.parametrize(
    "role",
    [
        Role.OUTREACH_OFFICER,
        Role.CHARITY_PRACTITIONER,
        Role.CHARITY_MANAGER,
        Role.VOLUNTEER_MENTOR,
    ],
)
def test_navigation_offers_each_role_only_its_pages(signed_in, make_user, role):
    client = signed_in(make_user(role))
    response = client.get(reverse("home"), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    # No navigation links to pages the role would be refused.
    assert reverse("identification:worklist") not in html
    assert reverse("feeds:batches") not in html
    links = {
        "families:list": role == Role.OUTREACH_OFFICER,
        "outreach:referral_list": role in (Role.CHARITY_PRACTITIONER, Role.CHARITY_MANAGER),
        "support:caseload": role in (Role.CHARITY_PRACTITIONER, Role.CHARITY_MANAGER),
        "support:intake": role == Role.CHARITY_MANAGER,
        "guidance:sections": role == Role.CHARITY_MANAGER,
        "support:mentees": role == Role.VOLUNTEER_MENTOR,
    }
    for name, shown in links.items():
        assert (f'href="{reverse(name)}"' in html) == shown, f"{role}: link to {name}"
        if shown:
            assert client.get(reverse(name)).status_code == 200, name


def test_home_for_a_user_with_no_role(signed_in, make_user):
    response = signed_in(make_user(None)).get(reverse("home"))
    assert response.status_code == 200
    assert "does not have a role yet" in response.content.decode()


def test_navigation_follows_the_role(signed_in, analyst, admin_user, client):
    html = signed_in(analyst).get(reverse("feeds:batches")).content.decode()
    assert 'href="/identifications/"' in html and 'href="/feeds/"' in html
    client.logout()
    html = signed_in(admin_user).get(reverse("feeds:batches")).content.decode()
    assert 'href="/identifications/"' not in html and 'href="/feeds/"' in html


def test_authenticated_pages_are_not_stored_by_browsers(signed_in, analyst, identifications):
    identification = identifications.build()
    client = signed_in(analyst)
    for url in (
        reverse("identification:worklist"),
        reverse("identification:identification", args=[identification.identification_id]),
        reverse("feeds:batches"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store", url


def test_sign_in_messages_do_not_say_which_part_was_wrong(client, analyst):
    unknown = client.post(reverse("login"), {"username": "nobody", "password": "whatever-123456"})
    wrong = client.post(reverse("login"), {"username": "analyst", "password": "whatever-123456"})
    message = "The username or password is not right"
    assert message in unknown.content.decode() and message in wrong.content.decode()
    empty = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert "Enter your username" in empty and "Enter your password" in empty


def test_a_failed_sign_in_audit_row_names_the_account_tried(client, analyst):
    client.post(reverse("login"), {"username": "ＡＮＡＬＹＳＴ", "password": "wrong-password-123"})
    event = AuditEvent.objects.get(action="auth.sign_in_failed")
    assert (event.subject_type, event.subject_id) == ("auth.user", str(analyst.pk))
    assert event.after["account_found"] is True


def test_a_failed_sign_in_with_an_unknown_username_keeps_no_text(client, analyst):
    client.post(reverse("login"), {"username": "correct-horse-42", "password": "whatever-123456"})
    event = AuditEvent.objects.get(action="auth.sign_in_failed")
    assert event.subject_id == ""
    assert event.after["account_found"] is False
    assert "correct-horse" not in str(event.after) + event.subject_type + event.purpose
