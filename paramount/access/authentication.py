"""Signing in safely: lockout after repeated failures, the second factor (TOTP, with recovery
codes), and the session's idle and absolute limits (SECURITY 5, 6, 8)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from paramount.access import audit
from paramount.access.models import SignInFailure

TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODES = 10


def _username_hash(username: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, (username or "").strip().lower().encode(), hashlib.sha256).hexdigest()


def sign_in_locked(username: str) -> bool:
    """Whether this username (known or not) has failed too often in the lockout window."""
    since = timezone.now() - timedelta(minutes=settings.PARAMOUNT_LOCKOUT_MINUTES)
    failures = SignInFailure.objects.filter(username_hash=_username_hash(username), at__gte=since)
    return failures.count() >= settings.PARAMOUNT_LOCKOUT_FAILURES


def sign_in_failure_record(username: str, *, what: str) -> None:
    with transaction.atomic():
        SignInFailure.objects.create(username_hash=_username_hash(username), at=timezone.now())
        audit.record(actor=None, action=f"auth.{what}_failed", purpose="sign in")
        if sign_in_locked(username):
            audit.record(actor=None, action="auth.locked_out", purpose="sign in")


def sign_in_failures_clear(username: str) -> None:
    SignInFailure.objects.filter(username_hash=_username_hash(username)).delete()


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
