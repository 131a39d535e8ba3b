"""Who the viewer is and what their role lets them do.

Each role's permissions are data (:data:`ROLE_PERMISSIONS`), so a newcomer can read in one
place who may do what. Selectors in the other apps ask :func:`has_permission` and then narrow
what they return to the viewer's areas; a view never decides access by itself.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from paramount.access import audit
from paramount.access.models import Membership, Role
from paramount.access.usernames import username_canonical


class Permission(StrEnum):
    VIEW_IDENTIFICATIONS = "view_identifications"
    VIEW_FEEDS = "view_feeds"
    # Quarantined rows are kept exactly as received, so they are personal data: only roles that
    # work with the people in them see the values. Others see the row number and the reason.
    VIEW_QUARANTINED_VALUES = "view_quarantined_values"
    # Deciding whether a prisoner is the local adult of an uncertain match.
    REVIEW_MATCHES = "review_matches"
    # The linkage model's parameters: no personal data, but only analysts work with them.
    VIEW_LINKAGE_MODEL = "view_linkage_model"
    # Family cases from screening to referral (the selectors narrow them further: analysts to
    # their areas, officers to their assigned families, nobody in the police past referral).
    VIEW_FAMILIES = "view_families"
    # Referrals received by the viewer's organisation.
    VIEW_REFERRALS = "view_referrals"
    # The partner organisation's case work (narrowed further: managers see their
    # organisation's cases, practitioners those allocated to them or their team).
    VIEW_SUPPORT_CASES = "view_support_cases"
    # Accepting referrals, allocating and waitlisting; running groups and events; editing the
    # telling-the-child guidance.
    MANAGE_SUPPORT = "manage_support"
    # A volunteer mentor's own mentees (first names) and sessions.
    MENTOR = "mentor"


ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.VRU_ANALYST: frozenset(
        {
            Permission.VIEW_IDENTIFICATIONS,
            Permission.VIEW_FEEDS,
            Permission.VIEW_QUARANTINED_VALUES,
            Permission.REVIEW_MATCHES,
            Permission.VIEW_LINKAGE_MODEL,
            Permission.VIEW_FAMILIES,
        }
    ),
    Role.OUTREACH_OFFICER: frozenset({Permission.VIEW_FAMILIES}),
    Role.CHARITY_PRACTITIONER: frozenset(
        {Permission.VIEW_REFERRALS, Permission.VIEW_SUPPORT_CASES}
    ),
    Role.CHARITY_MANAGER: frozenset(
        {Permission.VIEW_REFERRALS, Permission.VIEW_SUPPORT_CASES, Permission.MANAGE_SUPPORT}
    ),
    Role.VOLUNTEER_MENTOR: frozenset({Permission.MENTOR}),
    # Administrators run the service: feed provenance yes, case content never.
    Role.ADMIN: frozenset({Permission.VIEW_FEEDS}),
}


def membership_for(viewer: Any) -> Membership | None:
    """The viewer's membership, or None for anonymous users and users with no role yet."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return None
    try:
        return viewer.membership
    except Membership.DoesNotExist:
        return None


def user_by_username(username: str | None) -> Any | None:
    """The account a username names, however it was typed (any case, full-width or other
    compatibility forms), or None. Usernames are stored canonical, so this is one exact match."""
    canonical = username_canonical(username)
    if not canonical:
        return None
    return get_user_model().objects.filter(username=canonical).first()


def viewer_role(viewer: Any) -> str | None:
    membership = membership_for(viewer)
    return membership.role if membership else None


def viewer_areas(viewer: Any) -> list[str]:
    """The participating areas the viewer works in (empty when they have no membership)."""
    membership = membership_for(viewer)
    return list(membership.areas or []) if membership else []


def works_in_area(viewer: Any, role: str, area: str) -> bool:
    """Whether the viewer has ``role`` and works in ``area``: who may act on a case there."""
    return viewer_role(viewer) == role and area in viewer_areas(viewer)


def has_permission(viewer: Any, permission: Permission) -> bool:
    role = viewer_role(viewer)
    return role is not None and permission in ROLE_PERMISSIONS.get(role, frozenset())


def access_denied(
    *, viewer: Any, action: str, subject_type: str = "", subject_id: str = ""
) -> None:
    """Record a refused access in the audit trail (SECURITY 11).

    Runs in its own transaction so the record survives the 403/404 that follows.
    """
    with transaction.atomic():
        audit.record(
            actor=viewer if getattr(viewer, "is_authenticated", False) else None,
            action=action,
            subject_type=subject_type,
            subject_id=str(subject_id)[:255],
            purpose="access refused",
        )


def get_or_refuse(queryset: QuerySet, *, viewer: Any, pk: Any, action: str, message: str):
    """The record ``pk`` of ``queryset`` (already narrowed to what the viewer may see), or a 404
    after auditing the refusal: a record the viewer may not see does not exist for them."""
    record = queryset.filter(pk=pk).first()
    if record is None:
        access_denied(
            viewer=viewer,
            action=action,
            subject_type=queryset.model._meta.label_lower,
            subject_id=str(pk),
        )
        raise Http404(message)
    return record


def require_permission(*, viewer: Any, permission: Permission) -> None:
    """Raise PermissionDenied (after auditing it) unless the viewer's role has ``permission``."""
    if not has_permission(viewer, permission):
        access_denied(
            viewer=viewer, action="access.denied", subject_type="permission", subject_id=permission
        )
        raise PermissionDenied


def require_role(*, viewer: Any, roles: Any, subject: str) -> None:
    """Raise PermissionDenied (after auditing it) unless the viewer has one of ``roles``: for an
    action on a record the viewer may see but whose role may not change it."""
    if viewer_role(viewer) not in set(roles):
        access_denied(
            viewer=viewer, action="access.denied", subject_type="action", subject_id=subject
        )
        raise PermissionDenied
