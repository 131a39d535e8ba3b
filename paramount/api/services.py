"""Issuing, revoking and checking API tokens. Every change and every refused token is audited."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from paramount.access import audit
from paramount.access.selectors import membership_for, user_by_username
from paramount.api.models import ApiToken

PREFIX = "pmt"
# How long a token lives when no --days is given, and the longest it may: a partner renews it
# rather than holding a credential that never ends.
DEFAULT_DAYS = 90
MAX_DAYS = 365


class ApiTokenError(ValueError):
    """A token cannot be issued or revoked; the message says why and what to do."""


def token_hash(token: str) -> str:
    """A keyed hash of the whole token: a stolen database does not give working tokens."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, b"paramount-api-token:" + token.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the whole token, to show once


def api_token_create(
    *, username: str, name: str, days: int = DEFAULT_DAYS, acting_user: Any | None = None
) -> IssuedToken:
    """Issue a token for ``username``'s account. The returned ``secret`` is never stored."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ApiTokenError("Give the token a name of 1 to 100 characters; no token was made.")
    if not 1 <= days <= MAX_DAYS:
        raise ApiTokenError(
            f"A token lives 1 to {MAX_DAYS} days (asked for {days}); no token was made."
        )
    user = user_by_username(username)
    if user is None or not user.is_active:
        raise ApiTokenError(f"There is no active user {username!r}; no token was made.")
    if membership_for(user) is None:
        raise ApiTokenError(
            f"User {username!r} has no role yet, so a token could reach nothing; give them a "
            "role first. No token was made."
        )
    lookup_id = secrets.token_hex(6)
    secret = f"{PREFIX}_{lookup_id}_{secrets.token_urlsafe(32)}"
    now = timezone.now()
    try:
        with transaction.atomic():
            token = ApiToken.objects.create(
                name=name,
                user=user,
                lookup_id=lookup_id,
                token_hash=token_hash(secret),
                created_at=now,
                expires_at=now + timedelta(days=days),
            )
            audit.record(
                actor=acting_user,
                action="api.token_created",
                subject=token,
                purpose="API access",
                after={
                    "name": name,
                    "user": user.get_username(),
                    "expires_at": str(token.expires_at),
                },
            )
    except IntegrityError:
        raise ApiTokenError(
            f"A live token is already called {name!r}: revoke it first "
            f"(paramount api token revoke {name}) or choose another name. No token was made."
        ) from None
    return IssuedToken(token=token, secret=secret)


def api_token_revoke(*, name: str, acting_user: Any | None = None) -> ApiToken:
    """Revoke the live token called ``name``: from now on it is refused (401)."""
    with transaction.atomic():
        token = (
            ApiToken.objects.select_for_update().filter(name=name, revoked_at__isnull=True).first()
        )
        if token is None:
            raise ApiTokenError(
                f"There is no live token called {name!r}; nothing was revoked. "
                "See the tokens with: paramount api token list"
            )
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor=acting_user,
            action="api.token_revoked",
            subject=token,
            purpose="API access",
            after={"name": token.name, "revoked_at": str(token.revoked_at)},
        )
    return token


def _refuse(*, reason: str, token: ApiToken | None, owner: Any | None) -> None:
    """Audit a refused token, in its own transaction so the record survives the 401."""
    with transaction.atomic():
        audit.record(
            actor=owner,
            action="api.token_refused",
            subject_type=ApiToken._meta.label_lower,
            subject_id=str(token.pk) if token is not None else "",
            purpose="access refused",
            after={"reason": reason},
        )


def api_token_use(*, presented: str) -> ApiToken | None:
    """The live token matching ``presented``, its use recorded; None (audited) otherwise.

    Refused: an unknown or wrong token, a revoked or expired one, one whose owner is inactive or
    has no role. The presented value is never logged or stored.
    """
    presented = (presented or "").strip()
    parts = presented.split("_", 2)
    lookup_id = parts[1] if len(parts) == 3 and parts[0] == PREFIX else ""
    token = (
        ApiToken.objects.select_related("user").filter(lookup_id=lookup_id).first()
        if lookup_id
        else None
    )
    # Hash even when nothing was found, so the time taken says nothing about which ids exist.
    expected = token.token_hash if token is not None else token_hash(secrets.token_hex(16))
    if token is None or not hmac.compare_digest(expected, token_hash(presented)):
        _refuse(reason="unknown token", token=None, owner=None)
        return None
    now = timezone.now()
    user = token.user
    reason = ""
    if token.revoked_at is not None:
        reason = "revoked"
    elif token.expires_at <= now:
        reason = "expired"
    elif not user.is_active:
        reason = "owner inactive"
    elif membership_for(user) is None:
        reason = "owner has no role"
    if reason:
        _refuse(reason=reason, token=token, owner=user)
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
