"""Reads for the partner organisation: the referrals it has received, and nothing more."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from paramount.access import audit
from paramount.access.models import Role
from paramount.access.selectors import access_denied, membership_for, viewer_role
from paramount.outreach.models import Referral

PARTNER_ROLES = (Role.CHARITY_MANAGER, Role.CHARITY_PRACTITIONER)


def referrals_received(*, viewer: Any) -> QuerySet[Referral]:
    membership = membership_for(viewer)
    if viewer_role(viewer) not in PARTNER_ROLES or membership is None:
        return Referral.objects.none()
    return Referral.objects.filter(organisation=membership.organisation).select_related(
        "family", "consent"
    )


def referral_list(*, viewer: Any) -> list[Referral]:
    referrals = list(referrals_received(viewer=viewer).order_by("-referred_at", "-pk"))
    with transaction.atomic():
        audit.record(
            actor=viewer,
            action="referral.list_viewed",
            purpose="referral intake",
            after={"referrals": [r.pk for r in referrals]},
        )
    return referrals


def access_referral(*, viewer: Any, referral_id: int) -> Referral:
    referral = referrals_received(viewer=viewer).filter(pk=referral_id).first()
    if referral is None:
        access_denied(
            viewer=viewer,
            action="referral.access_denied",
            subject_type=Referral._meta.label_lower,
            subject_id=str(referral_id),
        )
        raise Http404("No referral found")
    with transaction.atomic():
        audit.record(
            actor=viewer, action="referral.viewed", subject=referral, purpose="referral intake"
        )
    return referral
