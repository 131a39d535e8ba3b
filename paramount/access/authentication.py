"""Signing in safely: lockout after repeated failures, the second factor (TOTP, with recovery
codes), and the session's idle and absolute limits (SECURITY 5, 6, 8)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from paramount.access import audit
from paramount.access.models import SignInFailure
from paramount.access.selectors import user_by_username
from paramount.access.usernames import username_canonical

TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODES = 10
USER_SUBJECT = "auth.user"


@dataclass(frozen=True)
class SignInAttempt:
    """What one attempt to sign in is counted against, both as keyed hashes: the account the
    username resolves to (or, for no account, the canonical username, so unknown usernames are
    locked exactly like real ones), and the client it came from."""

    user: Any | None
    account_hash: str
    client_hash: str


def _keyed_hash(purpose: str, value: str) -> str:
    return salted_hmac(f"paramount.sign-in.{purpose}", value, algorithm="sha256").hexdigest()


def client_address(request: HttpRequest) -> str:
    """The address a request came from. REMOTE_ADDR unless ``PARAMOUNT_TRUSTED_PROXIES`` proxies
    stand in front: then the address the outermost of them saw, read from the right of their
    header (``PARAMOUNT_CLIENT_ADDRESS_HEADER``), because entries further left are whatever the
    client chose to send."""
    proxies = settings.PARAMOUNT_TRUSTED_PROXIES
    if proxies:
        header = "HTTP_" + settings.PARAMOUNT_CLIENT_ADDRESS_HEADER.upper().replace("-", "_")
        hops = [hop.strip() for hop in request.META.get(header, "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def sign_in_attempt(
    *, request: HttpRequest, username: str | None = None, user: Any | None = None
) -> SignInAttempt:
    """The attempt of ``request`` to sign in as ``username`` (the password step), or as ``user``
    (the second-factor step, where the account is already known)."""
    if user is None:
        user = user_by_username(username)
    if user is not None:
        account_hash = _keyed_hash("account", f"user:{user.pk}")
    else:
        account_hash = _keyed_hash("account", f"username:{username_canonical(username)}")
    return SignInAttempt(
        user=user,
        account_hash=account_hash,
        client_hash=_keyed_hash("client", client_address(request)),
    )


def _recent_failures():
    since = timezone.now() - timedelta(minutes=settings.PARAMOUNT_LOCKOUT_MINUTES)
    return SignInFailure.objects.filter(at__gte=since)


def _account_locked(attempt: SignInAttempt) -> bool:
    failures = _recent_failures().filter(account_hash=attempt.account_hash).count()
    return failures >= settings.PARAMOUNT_LOCKOUT_FAILURES


def _client_locked(attempt: SignInAttempt) -> bool:
    failures = _recent_failures().filter(client_hash=attempt.client_hash).count()
    return failures >= settings.PARAMOUNT_LOCKOUT_CLIENT_FAILURES


def sign_in_locked(attempt: SignInAttempt) -> bool:
    """Whether the account (known or not) or the client has failed too often in the lockout
    window. Both give the same answer to the person, so neither reveals who has an account."""
    return _account_locked(attempt) or _client_locked(attempt)


def sign_in_failure_record(attempt: SignInAttempt, *, what: str) -> None:
    """Count a failed password or code, and audit it against the account tried. The text typed
    is never kept: people sometimes type a password into the username box."""
    with transaction.atomic():
        SignInFailure.objects.create(
            account_hash=attempt.account_hash, client_hash=attempt.client_hash, at=timezone.now()
        )
        account = {"subject": attempt.user} if attempt.user is not None else {}
        audit.record(
            actor=None,
            action=f"auth.{what}_failed",
            subject_type=USER_SUBJECT,
            purpose="sign in",
            after={"account_found": attempt.user is not None, "client": attempt.client_hash},
            **account,
        )
        if _account_locked(attempt):
            audit.record(
                actor=None,
                action="auth.locked_out",
                subject_type=USER_SUBJECT,
                purpose="sign in",
                after={"account_found": attempt.user is not None},
                **account,
            )
        if _client_locked(attempt):
            audit.record(
                actor=None,
                action="auth.client_locked_out",
                purpose="sign in",
                after={"client": attempt.client_hash},
            )


def sign_in_failures_clear(attempt: SignInAttempt) -> None:
    """After a whole sign-in: the account's failures go, the client's other failures stay."""
    SignInFailure.objects.filter(account_hash=attempt.account_hash).delete()


def totp_device_for(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def totp_device_start(user: Any) -> TOTPDevice:
    """The user's authenticator device waiting to be confirmed (made once, reused until then)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def recovery_codes_issue(*, user: Any, acting_user: Any) -> list[str]:
    """Ten new single-use recovery codes, replacing any earlier ones. Shown once."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [f"{secrets.token_hex(2)}-{secrets.token_hex(2)}" for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
        audit.record(
            actor=acting_user, action="auth.recovery_codes_issued", subject=user, purpose="sign in"
        )
    return codes


def totp_device_confirm(*, device: TOTPDevice, code: str, acting_user: Any) -> bool:
    """Confirm a new authenticator device with a code from it."""
    if not device.verify_token(_digits(code)):
        return False
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit.record(
            actor=acting_user,
            action="auth.second_factor_set_up",
            subject=device.user,
            purpose="sign in",
        )
    return True


def _digits(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isdigit())


def second_factor_verify(user: Any, code: str):
    """The device that accepts ``code``: the authenticator app's current code, or an unused
    recovery code (which is then used up). None if neither does."""
    totp = totp_device_for(user)
    if totp is not None and len(_digits(code)) == 6 and totp.verify_token(_digits(code)):
        return totp
    recovery = StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()
    if recovery is not None and recovery.verify_token((code or "").strip().lower()):
        return recovery
    return None


class CanonicalUsernameBackend(ModelBackend):
    """Django's password check on the canonical form of the username typed, so every spelling
    of a username reaches the one account it names, and nothing else does."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        field = get_user_model().USERNAME_FIELD
        typed = username if username is not None else kwargs.pop(field, None)
        kwargs.pop(field, None)
        if typed is None or password is None:
            return None
        return super().authenticate(
            request, username=username_canonical(typed), password=password, **kwargs
        )
