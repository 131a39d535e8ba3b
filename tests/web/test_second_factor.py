"""SECURITY 5-8: a second factor for everyone, lockout without enumeration, session limits."""

from datetime import timedelta

import pytest
from conftest import PASSWORD, totp_code
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from paramount.access.authentication import recovery_codes_issue
from paramount.access.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from paramount.access.models import AuditEvent, Role

pytestmark = pytest.mark.django_db

PAGES = ["home", "identification:worklist", "families:list", "feeds:batches", "linkage:model"]


def _password_step(client, username, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password, **extra})


def test_an_unverified_session_reaches_only_the_sign_in_pages(unverified_client, analyst):
    _password_step(unverified_client, "analyst")
    for name in PAGES:
        response = unverified_client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("otp_verify")), name
    assert unverified_client.get(reverse("otp_verify")).status_code == 200
    assert unverified_client.get(reverse("self_referral")).status_code == 200


def test_the_code_opens_the_session(unverified_client, analyst):
    _password_step(unverified_client, "analyst", next=reverse("families:list"))
    response = unverified_client.post(
        reverse("otp_verify") + f"?next={reverse('families:list')}",
        {"code": "000000", "next": reverse("families:list")},
    )
    assert "That code is not right" in response.content.decode()
    response = unverified_client.post(
        reverse("otp_verify"), {"code": totp_code(analyst), "next": reverse("families:list")}
    )
    assert response["Location"] == reverse("families:list")
    assert unverified_client.get(reverse("families:list")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.second_factor_passed", actor=analyst).exists()


def test_next_cannot_send_anyone_elsewhere(unverified_client, analyst):
    _password_step(unverified_client, "analyst")
    response = unverified_client.post(
        reverse("otp_verify"), {"code": totp_code(analyst), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


def test_a_recovery_code_works_once(unverified_client, analyst):
    codes = recovery_codes_issue(user=analyst, acting_user=analyst)
    assert len(codes) == 10 and len(set(codes)) == 10
    _password_step(unverified_client, "analyst")
    response = unverified_client.post(reverse("otp_verify"), {"code": codes[0]})
    assert response["Location"] == reverse("home")
    unverified_client.post(reverse("logout"))
    _password_step(unverified_client, "analyst")
    response = unverified_client.post(reverse("otp_verify"), {"code": codes[0]})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()


def test_a_new_user_sets_up_an_app_and_gets_recovery_codes(unverified_client, make_user):
    from django_otp.oath import totp

    user = make_user(Role.VRU_ANALYST, username="newcomer")
    TOTPDevice.objects.filter(user=user).delete()
    response = _password_step(unverified_client, "newcomer")
    assert response["Location"] == reverse("otp_setup")
    page = unverified_client.get(reverse("otp_setup")).content.decode()
    assert "<svg" in page and "Set up your authenticator app" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    code = f"{totp(device.bin_key):06d}"
    response = unverified_client.post(reverse("otp_setup"), {"code": code})
    html = response.content.decode()
    assert "Your recovery codes" in html
    assert TOTPDevice.objects.get(user=user).confirmed
    assert unverified_client.get(reverse("identification:worklist")).status_code == 200


def test_five_failures_lock_the_username_whether_it_exists_or_not(client, analyst):
    for _ in range(5):
        _password_step(client, "analyst", password="wrong-password-123")
        _password_step(client, "nobody-here", password="wrong-password-123")
    locked_real = _password_step(client, "analyst").content.decode()  # the right password
    locked_unknown = _password_step(client, "nobody-here").content.decode()
    assert "too many attempts to sign in with this username" in locked_real
    assert "too many attempts to sign in with this username" in locked_unknown
    assert AuditEvent.objects.filter(action="auth.locked_out").count() == 2
    # Another username is not affected.
    get_user_model().objects.create_user(username="colleague", password=PASSWORD)
    assert _password_step(client, "colleague").status_code == 302


def test_the_lock_lifts_after_the_lockout_window(client, analyst, settings):
    from paramount.access.models import SignInFailure

    for _ in range(5):
        _password_step(client, "analyst", password="wrong-password-123")
    SignInFailure.objects.update(
        at=timezone.now() - timedelta(minutes=settings.PARAMOUNT_LOCKOUT_MINUTES + 1)
    )
    assert _password_step(client, "analyst").status_code == 302


def test_wrong_codes_count_towards_the_lockout(unverified_client, analyst):
    _password_step(unverified_client, "analyst")
    for _ in range(5):
        response = unverified_client.post(reverse("otp_verify"), {"code": "123456"})
    assert response["Location"] == reverse("login")  # signed out
    assert "too many attempts" in _password_step(unverified_client, "analyst").content.decode()


def _age_session(client, **seconds_ago):
    session = client.session
    now = timezone.now().timestamp()
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_an_idle_session_ends(signed_in, analyst, settings):
    client = signed_in(analyst)
    assert client.get(reverse("families:list")).status_code == 200
    _age_session(client, **{LAST_SEEN_AT: settings.PARAMOUNT_SESSION_IDLE_MINUTES * 60 + 5})
    response = client.get(reverse("families:list"))
    assert response["Location"] == reverse("login") + "?ended=idle"
    assert "had not used Paramount for a while" in client.get(response["Location"]).content.decode()
    assert client.get(reverse("families:list")).status_code == 302
    assert AuditEvent.objects.filter(action="auth.session_expired", actor=analyst).exists()


def test_a_session_ends_at_its_absolute_limit_however_busy(signed_in, analyst, settings):
    client = signed_in(analyst)
    client.get(reverse("families:list"))
    _age_session(
        client,
        **{SIGNED_IN_AT: settings.PARAMOUNT_SESSION_ABSOLUTE_HOURS * 3600 + 5, LAST_SEEN_AT: 1},
    )
    response = client.get(reverse("families:list"))
    assert response["Location"] == reverse("login") + "?ended=limit"


def test_signing_in_gives_a_new_session_id_and_signing_out_kills_it(unverified_client, analyst):
    unverified_client.get(reverse("login"))
    unverified_client.cookies["sessionid"] = "attacker-chosen-session-id"
    _password_step(unverified_client, "analyst")
    new_id = unverified_client.cookies["sessionid"].value
    assert new_id and new_id != "attacker-chosen-session-id"
    unverified_client.post(reverse("otp_verify"), {"code": totp_code(analyst)})
    old_cookie = unverified_client.cookies["sessionid"].value
    unverified_client.post(reverse("logout"))
    unverified_client.cookies["sessionid"] = old_cookie  # replay the old cookie
    assert unverified_client.get(reverse("families:list")).status_code == 302


def test_disabling_an_account_ends_its_sessions(signed_in, analyst):
    client = signed_in(analyst)
    assert client.get(reverse("families:list")).status_code == 200
    analyst.is_active = False
    analyst.save()
    response = client.get(reverse("families:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("short-pass1", False),
        ("password1234", False),
        ("Qwertyuiop12", False),
        ("a-long-unusual-phrase-73", True),
    ],
)
def test_password_policy(password, accepted):
    """SECURITY 7: at least 12 characters, not a common password."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    if accepted:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def test_a_half_signed_in_session_is_offered_no_navigation(unverified_client, analyst):
    _password_step(unverified_client, "analyst")
    html = unverified_client.get(reverse("otp_verify")).content.decode()
    assert "Primary navigation" not in html
    assert reverse("identification:worklist") not in html
