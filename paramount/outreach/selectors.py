"""Reads for the partner organisation: the referrals it has received, and nothing more.

Who in the partner reads which referral (the same on the pages and in the API):

- Charity managers: every referral made to their organisation for the areas they work in, from
  the day it arrives (they decide on it) to the case's closure.
- Charity practitioners: the referral behind each case allocated to them or to their team, and
  no other: a referral waiting for the manager's decision, or on the waiting list, is not yet
  theirs.
- Volunteer mentors, police users and administrators: none. The police's part ends at the
  referral; the family's police case is never the partner's (:mod:`paramount.families.selectors`).

A referral of a family with a restricted member is withheld from everyone (SECURITY 18).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404

from paramount.access import audit
from paramount.access.models import Role
from paramount.access.selectors import (
    access_denied,
    get_or_refuse,
    membership_for,
    viewer_areas,
    viewer_role,
)
from paramount.families.selectors import family_queryset, withheld_families
from paramount.outreach.models import Consent, Referral

PARTNER_ROLES = (Role.CHARITY_MANAGER, Role.CHARITY_PRACTITIONER)


def referrals_received(*, viewer: Any) -> QuerySet[Referral]:
    """Every referral the viewer may read (see the module's docstring)."""
    membership = membership_for(viewer)
    role = viewer_role(viewer)
    if role not in PARTNER_ROLES or membership is None:
        return Referral.objects.none()
    referrals = Referral.objects.filter(
        organisation=membership.organisation, family__area__in=viewer_areas(viewer)
    )
    if role == Role.CHARITY_PRACTITIONER:
        # Through the case the referral became: support.selectors.case_queryset is built on this.
        scope = Q(support_case__practitioner=viewer)
        if membership.team:
            scope |= Q(support_case__team=membership.team)
        referrals = referrals.filter(scope)
    return referrals.exclude(family__in=withheld_families()).select_related("family", "consent")


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


def access_consent(*, viewer: Any, consent_id: int) -> Consent:
    """A consent the viewer may record the withdrawal of: before the referral, one of a family
    whose police case they may see; after it, the one behind a referral they may read (never
    through the case). Any other id is a 404, audited."""
    if viewer_role(viewer) in PARTNER_ROLES:
        consents = Consent.objects.filter(referrals__in=referrals_received(viewer=viewer))
    else:
        consents = Consent.objects.filter(family__in=family_queryset(viewer=viewer))
    return get_or_refuse(
        consents.select_related("family"),
        viewer=viewer,
        pk=consent_id,
        action="consent.access_denied",
        message="No consent found",
    )


def consent_view_audit(*, viewer: Any, consent: Consent) -> None:
    """Record that the viewer opened the form to withdraw ``consent`` (SECURITY 11)."""
    with transaction.atomic():
        audit.record(
            actor=viewer,
            action="consent.viewed",
            subject=consent,
            purpose="consent withdrawal",
            after={"page": "withdraw_consent_form", "family": consent.family_id},
        )
