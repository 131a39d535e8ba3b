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


# The lockout counts the ACCOUNT a username resolves to, not the text typed: Django's sign-in form
# folds full-width and other compatibility characters (NFKC) before checking the password, so a
# throttle on the raw text let every spelling of a locked username guess afresh.
SPELLINGS_OF_MENTOR = ["ｍentor", "𝐦entor", "MENTOR", " Mentor "]
LOCKED_TEXT = "too many attempts to sign in with this username"


@pytest.fixture
def mentor(make_user):
    return make_user(Role.VOLUNTEER_MENTOR, username="mentor")


def test_every_spelling_of_a_locked_username_is_locked(client, mentor):
    for _ in range(5):
        _password_step(client, "mentor", password="wrong-password-123")
    for spelling in ["mentor", *SPELLINGS_OF_MENTOR]:
        response = _password_step(client, spelling)  # the right password
        assert response.status_code == 200, spelling
        assert LOCKED_TEXT in response.content.decode(), spelling
    assert AuditEvent.objects.filter(action="auth.locked_out").count() == 1


def test_every_spelling_counts_towards_one_lockout(client, mentor):
    for spelling in ["mentor", *SPELLINGS_OF_MENTOR]:
        _password_step(client, spelling, password="wrong-password-123")
    assert LOCKED_TEXT in _password_step(client, "mentor").content.decode()


def test_another_case_of_a_username_signs_in_to_the_account(unverified_client, mentor):
    response = _password_step(unverified_client, "MENTOR")
    assert response.status_code == 302 and response["Location"] == reverse("otp_verify")
    assert int(unverified_client.session["_auth_user_id"]) == mentor.pk


def test_a_look_alike_letter_does_not_reach_the_account(unverified_client, mentor):
    # A Cyrillic "е" (U+0435), which Unicode does not fold into a Latin "e".
    response = _password_step(unverified_client, "m\u0435ntor")
    assert response.status_code == 200
    assert "The username or password is not right" in response.content.decode()


def test_wrong_codes_count_on_the_account_the_password_step_counted(unverified_client, mentor):
    for _ in range(3):
        _password_step(unverified_client, "ＭＥＮＴＯＲ", password="wrong-password-123")
    assert _password_step(unverified_client, "mentor").status_code == 302
    for _ in range(2):
        response = unverified_client.post(reverse("otp_verify"), {"code": "123456"})
    assert response["Location"] == reverse("login")  # the fifth failure signed them out
    assert LOCKED_TEXT in _password_step(unverified_client, "mentor").content.decode()


def _from(client, username, password=PASSWORD, **request):
    """The password step, with request headers (REMOTE_ADDR, X-Forwarded-For) of its own."""
    return client.post(reverse("login"), {"username": username, "password": password}, **request)


def test_too_many_failures_from_one_client_lock_it_across_usernames(client, analyst, settings):
    settings.PARAMOUNT_LOCKOUT_CLIENT_FAILURES = 6
    for number in range(6):  # each username fails once, far below its own limit
        _password_step(client, f"guess-{number}", password="wrong-password-123")
    locked = _password_step(client, "analyst")  # the right password, from the same client
    assert locked.status_code == 200 and LOCKED_TEXT in locked.content.decode()
    assert AuditEvent.objects.filter(action="auth.client_locked_out").count() == 1
    elsewhere = _from(client, "analyst", REMOTE_ADDR="198.51.100.7")
    assert elsewhere.status_code == 302


def test_behind_a_proxy_the_client_is_the_address_the_proxy_saw(client, analyst, settings):
    settings.PARAMOUNT_LOCKOUT_CLIENT_FAILURES = 6
    settings.PARAMOUNT_TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for number in range(6):  # the attacker makes up a different left-hand part each time
        _from(
            client,
            f"guess-{number}",
            password="wrong-password-123",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.9",
            **proxy,
        )
    locked = _from(client, "analyst", HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    assert LOCKED_TEXT in locked.content.decode()
    colleague = _from(client, "analyst", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert colleague.status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "192.0.2.1", "10.0.0.2"),  # no proxy trusted: the header is whatever the client sent
        (1, "192.0.2.1, 203.0.113.9", "203.0.113.9"),
        (2, "192.0.2.1, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (2, "10.0.0.1", "10.0.0.2"),  # fewer hops than proxies: not through them all
        (1, "", "10.0.0.2"),
    ],
)
def test_the_client_address(rf, settings, proxies, forwarded_for, expected):
    from paramount.access.authentication import client_address

    settings.PARAMOUNT_TRUSTED_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_address(request) == expected
