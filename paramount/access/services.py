"""Changes to who may use Paramount: users and their memberships."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from paramount import config
from paramount.access import audit
from paramount.access.authentication import TOTP_DEVICE_NAME
from paramount.access.demo import require_demo_allowed
from paramount.access.models import Membership, Role
from paramount.access.usernames import username_canonical, username_problem


class UserCreateError(ValueError):
    """An account could not be made; the message says why, that nothing was made, and what to
    do instead."""


def user_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    password: str,
    acting_user: Any | None,
    purpose: str = "staff account set-up",
) -> Any:
    """Make a user account under the canonical form of ``username`` (SECURITY 6).

    Refused when the canonical form uses characters outside the plain set (which rules out
    look-alikes such as Cyrillic letters) or names an account already there, however that one
    was spelled when it was made. The password must pass the password rules (SECURITY 7).
    """
    canonical = username_canonical(username)
    problem = username_problem(canonical)
    if problem is not None:
        raise UserCreateError(f"{problem} No account was made; choose another username.")
    User = get_user_model()
    user = User(username=canonical, first_name=first_name.strip(), last_name=last_name.strip())
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise UserCreateError(
            f"{' '.join(error.messages)} No account was made; choose another password."
        ) from None
    user.set_password(password)
    taken = UserCreateError(
        f"The username {canonical!r} is taken: an account with the same letters exists (capitals "
        "and look-alike characters count as the same). No account was made; choose another "
        "username."
    )
    with transaction.atomic():
        if User.objects.filter(username=canonical).exists():
            raise taken
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            # Made by someone else between the check and the save.
            raise taken from None
        audit.record(
            actor=acting_user,
            action="user.created",
            subject=user,
            purpose=purpose,
            after={"username": user.username},
        )
    return user


# DEMO ONLY. Every demo user signs in with this password so that anyone trying the synthetic
# demo can sign in as each role. It is public (it is in the source code): never create demo
# users on a deployment that holds real data.
DEMO_PASSWORD = "synthetic-demo-only-4729"  # noqa: S105


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role_label: str
    areas: tuple[str, ...]


@dataclass(frozen=True)
class _DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: Role
    organisation: str
    team: str = ""


# Made-up people, one per role.
_DEMO_ACCOUNTS = (
    _DemoAccount("analyst", "Alex", "Analyst", Role.VRU_ANALYST, "Thames Valley Police VRU"),
    # A second analyst: approving contact despite a red flag needs another pair of eyes.
    _DemoAccount("analyst2", "Sam", "Second", Role.VRU_ANALYST, "Thames Valley Police VRU"),
    _DemoAccount("outreach", "Olu", "Outreach", Role.OUTREACH_OFFICER, "Thames Valley Police VRU"),
    _DemoAccount(
        "practitioner",
        "Priya",
        "Practitioner",
        Role.CHARITY_PRACTITIONER,
        "Children Heard and Seen",
        team="Oxfordshire team",
    ),
    _DemoAccount("manager", "Morgan", "Manager", Role.CHARITY_MANAGER, "Children Heard and Seen"),
    _DemoAccount("mentor", "Mo", "Mentor", Role.VOLUNTEER_MENTOR, "Children Heard and Seen"),
    _DemoAccount("admin", "Ade", "Admin", Role.ADMIN, "Paramount administration"),
)


DEMO_USERNAMES = frozenset(account.username for account in _DEMO_ACCOUNTS)


def demo_users_ensure(*, acting_user: Any | None = None) -> list[DemoUser]:
    """Make sure there is one demo user per role, each working in every configured area.

    Safe to run again: existing users are left as they are (their password included), and only
    what is missing is created, each creation audited in the same transaction. Refused
    (:class:`~paramount.access.demo.DemoRefused`) where demo helpers are not allowed.
    """
    require_demo_allowed(helper="demo_users_ensure")
    area_names = tuple(area.name for area in config.current().areas)
    User = get_user_model()
    validate_password(DEMO_PASSWORD)
    demo_users = []
    with transaction.atomic():
        for account in _DEMO_ACCOUNTS:
            user = User.objects.select_for_update().filter(username=account.username).first()
            if user is None:
                user = user_create(
                    username=account.username,
                    first_name=account.first_name,
                    last_name=account.last_name,
                    password=DEMO_PASSWORD,
                    acting_user=acting_user,
                    purpose="synthetic demo set-up",
                )
            if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                # Demo users have their authenticator set up already: `paramount demo_code
                # USERNAME` shows the current code (SECURITY 5 holds for them too).
                TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
                audit.record(
                    actor=acting_user,
                    action="auth.second_factor_set_up",
                    subject=user,
                    purpose="synthetic demo set-up",
                )
            membership = Membership.objects.filter(user=user).first()
            if membership is None:
                membership = Membership.objects.create(
                    user=user,
                    role=account.role,
                    organisation=account.organisation,
                    areas=list(area_names),
                    team=account.team,
                )
                audit.record(
                    actor=acting_user,
                    action="membership.created",
                    subject=membership,
                    purpose="synthetic demo set-up",
                    after={
                        "role": membership.role,
                        "organisation": membership.organisation,
                        "areas": membership.areas,
                    },
                )
            demo_users.append(
                DemoUser(
                    username=user.username,
                    password=DEMO_PASSWORD,
                    role_label=membership.get_role_display(),
                    areas=tuple(membership.areas),
                )
            )
    return demo_users
