"""Outreach: assigning an officer, contact attempts, consent, disclosures, the referral and
the family's own self-referral."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from paramount import config
from paramount.access import audit
from paramount.access.models import POLICE_ROLES, Role
from paramount.access.selectors import membership_for, viewer_role, works_in_area
from paramount.families.models import Family, FamilyState
from paramount.families.services import FamilyStateError, family_transition
from paramount.outreach.models import (
    Consent,
    ConsentMethod,
    ContactAttempt,
    ContactMethod,
    ContactOutcome,
    Disclosure,
    LawfulBasis,
    RecipientKind,
    Referral,
    ReferralRoute,
    SelfReferralAttempt,
    SelfReferralInvite,
)


class OutreachError(FamilyStateError):
    """An outreach step that cannot be taken; the message says why and what to do."""


class SelfReferralRateLimited(Exception):
    """Too many self-referral attempts from one place in the last hour."""


# Where each contact outcome leaves the family.
OUTCOME_STATE = {
    ContactOutcome.NO_CONTACT: FamilyState.CONTACT_ATTEMPTED,
    ContactOutcome.CONSENTED: FamilyState.CONSENTED,
    ContactOutcome.DECLINED: FamilyState.DECLINED,
    ContactOutcome.UNREACHABLE: FamilyState.UNREACHABLE,
    ContactOutcome.SELF_REFERRAL_DETAILS_LEFT: FamilyState.SELF_REFERRAL_DETAILS_LEFT,
}
ASSIGNABLE_STATES = frozenset(
    {
        FamilyState.APPROVED_FOR_CONTACT,
        FamilyState.CONTACT_ATTEMPTED,
        FamilyState.UNREACHABLE,
        FamilyState.SELF_REFERRAL_DETAILS_LEFT,
        FamilyState.CONSENTED,
    }
)
# Self-referral references: no 0/O, 1/I/L, so a reference read over the phone cannot be misheard.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 8


@dataclass(frozen=True)
class ConsentDetails:
    given_by_name: str
    relationship_to_child: str
    has_parental_responsibility: bool | None
    covers_referral: bool
    covers_school: bool
    covers_social_care: bool
    method: ConsentMethod
    given_at: datetime
    contact_phone: str = ""


def _require_assigned_officer(acting_user: Any, family: Family) -> None:
    if viewer_role(acting_user) != Role.OUTREACH_OFFICER or family.assigned_officer_id != getattr(
        acting_user, "pk", None
    ):
        raise OutreachError("Only the outreach officer assigned to this family can do that.")


def officer_assign(*, family: Family, officer: Any, acting_user: Any) -> Family:
    """An analyst assigns (or reassigns) the outreach officer who will contact the family."""
    if not works_in_area(acting_user, Role.VRU_ANALYST, family.area):
        raise OutreachError(
            "Only a VRU analyst working in the family's area can assign an officer."
        )
    if not works_in_area(officer, Role.OUTREACH_OFFICER, family.area):
        raise OutreachError(
            f"{officer.get_username()} is not an outreach officer working in {family.area}."
        )
    with transaction.atomic():
        locked = Family.objects.select_for_update().get(pk=family.pk)
        if locked.state not in ASSIGNABLE_STATES:
            raise OutreachError(
                f"{locked.reference} is {FamilyState(locked.state).label.lower()}: an officer is "
                "assigned only once contact is approved and until the referral is made."
            )
        before = {"assigned_officer": locked.assigned_officer_id}
        locked.assigned_officer = officer
        locked.version += 1
        locked.save(update_fields=["assigned_officer", "version"])
        audit.record(
            actor=acting_user,
            action="outreach.officer_assigned",
            subject=locked,
            purpose="outreach",
            before=before,
            after={"assigned_officer": officer.pk},
        )
    family.assigned_officer, family.version = officer, locked.version
    return locked


def outreach_officers_for(family: Family) -> list[Any]:
    """Outreach officers who work in the family's area, by name."""
    users = (
        get_user_model()
        .objects.filter(membership__role=Role.OUTREACH_OFFICER, is_active=True)
        .order_by("last_name", "first_name", "username")
    )
    return [u for u in users if family.area in (u.membership.areas or [])]


def _contact_approved_at(family: Family) -> datetime | None:
    """When contact was last approved: the approving decision, or its countersignature."""
    from paramount.screening.models import ScreeningDecision, ScreeningOutcome

    decision = (
        ScreeningDecision.objects.filter(family=family, outcome=ScreeningOutcome.APPROVE_CONTACT)
        .order_by("-decided_at", "-pk")
        .first()
    )
    if decision is None:
        return None
    return decision.countersigned_at or decision.decided_at


def _new_reference() -> str:
    while True:
        reference = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        if not SelfReferralInvite.objects.filter(reference=reference).exists():
            return reference


def normalise_reference(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def format_reference(reference: str) -> str:
    """``KX7P3MQ9`` as ``KX7P-3MQ9``: easier to read out and to copy."""
    return f"{reference[:4]}-{reference[4:]}" if len(reference) == REFERENCE_LENGTH else reference


def contact_attempt_log(
    *,
    family: Family,
    method: ContactMethod,
    outcome: ContactOutcome,
    attempted_at: datetime,
    acting_user: Any,
    note: str = "",
    consent: ConsentDetails | None = None,
    expected_version: int | None = None,
) -> ContactAttempt:
    """Record one attempt to contact the family and where it leaves them.

    ``CONSENTED`` needs the consent itself (who, what it covers, how); ``SELF_REFERRAL_DETAILS_LEFT``
    creates the family's self-referral reference.
    """
    _require_assigned_officer(acting_user, family)
    if attempted_at > timezone.now() + timedelta(minutes=5):
        raise OutreachError("The attempt's time is in the future: enter when it was made.")
    approved_at = _contact_approved_at(family)
    if approved_at is not None and attempted_at < approved_at - timedelta(minutes=5):
        raise OutreachError(
            f"The attempt is dated before contact was approved "
            f"({timezone.localtime(approved_at):%-d %B %Y at %H:%M}): check when it was made."
        )
    if outcome == ContactOutcome.CONSENTED and (consent is None or not consent.covers_referral):
        raise OutreachError(
            "Record the consent: who gave it and that it covers the referral to the partner."
        )
    with transaction.atomic():
        family_transition(
            family=family,
            to_state=OUTCOME_STATE[outcome],
            acting_user=acting_user,
            action="outreach.contact_attempted",
            purpose="outreach",
            expected_version=expected_version,
            details={"method": method, "outcome": outcome},
        )
        attempt = ContactAttempt.objects.create(
            family=family,
            method=method,
            outcome=outcome,
            attempted_at=attempted_at,
            note=(note or "").strip(),
            recorded_by=acting_user,
            recorded_at=timezone.now(),
        )
        audit.record(
            actor=acting_user,
            action="outreach.contact_attempt_recorded",
            subject=attempt,
            purpose="outreach",
            after={"method": method, "outcome": outcome, "attempted_at": attempted_at.isoformat()},
        )
        if outcome == ContactOutcome.CONSENTED:
            consent_record(family=family, details=consent, acting_user=acting_user)
        if outcome == ContactOutcome.SELF_REFERRAL_DETAILS_LEFT and not hasattr(
            family, "self_referral"
        ):
            invite = SelfReferralInvite.objects.create(
                family=family,
                reference=_new_reference(),
                created_at=timezone.now(),
                created_by=acting_user,
            )
            audit.record(
                actor=acting_user,
                action="outreach.self_referral_reference_created",
                subject=invite,
                purpose="outreach",
            )
    return attempt


def consent_record(*, family: Family, details: ConsentDetails, acting_user: Any | None) -> Consent:
    """Record a consent given for the family. Called inside the contact attempt that obtained it,
    or by the self-referral the family made."""
    name = (details.given_by_name or "").strip()
    relationship = (details.relationship_to_child or "").strip()
    if not name or not relationship:
        raise OutreachError("Say who gave consent and their relationship to the children.")
    if not (details.covers_referral or details.covers_school or details.covers_social_care):
        raise OutreachError(
            "Say what the consent covers: at least one of referral, school, social care."
        )
    with transaction.atomic():
        consent = Consent.objects.create(
            family=family,
            given_by_name=name,
            relationship_to_child=relationship,
            has_parental_responsibility=details.has_parental_responsibility,
            covers_referral=details.covers_referral,
            covers_school=details.covers_school,
            covers_social_care=details.covers_social_care,
            method=details.method,
            given_at=details.given_at,
            contact_phone=(details.contact_phone or "").strip(),
            recorded_by=acting_user,
            recorded_at=timezone.now(),
        )
        audit.record(
            actor=acting_user,
            action="consent.given",
            subject=consent,
            purpose="outreach",
            after={
                "covers": consent.covered(),
                "method": consent.method,
                "has_parental_responsibility": consent.has_parental_responsibility,
            },
        )
    return consent


def _may_withdraw(acting_user: Any, family: Family) -> bool:
    role = viewer_role(acting_user)
    if family.state == FamilyState.REFERRED:
        membership = membership_for(acting_user)
        return (
            role in (Role.CHARITY_MANAGER, Role.CHARITY_PRACTITIONER)
            and membership is not None
            and membership.organisation == family.referral.organisation
        )
    return role == Role.OUTREACH_OFFICER and family.assigned_officer_id == acting_user.pk


def consent_withdraw(*, consent: Consent, note: str, acting_user: Any) -> Consent:
    """The family withdraws a consent. From now on nothing it covered happens: no referral if
    none was made (the family is then DECLINED), the partner told to stop if one was, no more
    sharing with the school or social care on its strength."""
    family = consent.family
    if not _may_withdraw(acting_user, family):
        raise OutreachError(
            "Only the family's outreach officer (before the referral) or the partner organisation "
            "(after it) can record a withdrawal."
        )
    with transaction.atomic():
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.withdrawn_at is not None:
            raise OutreachError(
                f"This consent was already withdrawn on {timezone.localtime(locked.withdrawn_at):%-d %B %Y}."
            )
        now = timezone.now()
        locked.withdrawn_at = now
        locked.withdrawn_recorded_by = acting_user
        locked.withdrawal_note = (note or "").strip()
        locked.save(update_fields=["withdrawn_at", "withdrawn_recorded_by", "withdrawal_note"])
        audit.record(
            actor=acting_user,
            action="consent.withdrawn",
            subject=locked,
            purpose="consent",
            before={"withdrawn_at": None},
            after={"withdrawn_at": now.isoformat(), "covers": locked.covered()},
        )
        if locked.covers_referral:
            referral = (
                Referral.objects.select_for_update().filter(family=family, consent=locked).first()
            )
            if referral is not None:
                referral.consent_withdrawn_at = now
                referral.save(update_fields=["consent_withdrawn_at"])
                audit.record(
                    actor=acting_user,
                    action="referral.consent_withdrawn",
                    subject=referral,
                    purpose="consent",
                    after={"consent_withdrawn_at": now.isoformat()},
                )
            elif family.state == FamilyState.CONSENTED and not active_consent(family, "referral"):
                family_transition(
                    family=family,
                    to_state=FamilyState.DECLINED,
                    acting_user=acting_user,
                    action="family.consent_withdrawn",
                    purpose="consent",
                    details={"consent": locked.pk},
                )
    consent.withdrawn_at = locked.withdrawn_at
    return locked


_COVERS = {
    "referral": "covers_referral",
    RecipientKind.SCHOOL: "covers_school",
    RecipientKind.SOCIAL_CARE: "covers_social_care",
}


def active_consent(family: Family, covering: str) -> Consent | None:
    return (
        Consent.objects.filter(
            family=family, withdrawn_at__isnull=True, **{_COVERS[covering]: True}
        )
        .order_by("-given_at", "-pk")
        .first()
    )


def referral_details(family: Family, consent: Consent) -> dict:
    """The minimum the partner organisation needs: who the children are, who to contact, what
    the family agreed to, and the flags that bear on the safety of its own staff and the
    children. Not the offence, the match evidence or the screening rationale."""
    movement = family.movement
    flags = sorted(
        {f.code for f in family.flags.all() if f.code in ("PPRC", "DOMESTIC_ABUSE_OR_SEXUAL")}
    )
    return {
        "family": family.reference,
        "area": family.area,
        "children": [
            {
                "first_name": m.identification.child_first_name,
                "last_name": m.identification.child_last_name,
                "date_of_birth": m.identification.child_date_of_birth.isoformat()
                if m.identification.child_date_of_birth
                else "",
                "postcode": m.identification.child_postcode,
            }
            for m in family.members.select_related("identification")
        ],
        "contact": {
            "name": consent.given_by_name,
            "relationship_to_child": consent.relationship_to_child,
            "has_parental_responsibility": consent.has_parental_responsibility,
            "phone": consent.contact_phone,
        },
        "consent_covers": consent.covered(),
        "parent": {
            "relationship": sorted({m.identification.relationship for m in family.members.all()}),
            "establishment": movement.establishment_name or movement.establishment_code,
            "received_on": movement.movement_date.isoformat(),
            "legal_status": movement.legal_status or "",
            "expected_release_date": movement.release_date.isoformat()
            if movement.release_date
            else "",
        },
        "safety_flags": flags,
    }


def referral_make(
    *, family: Family, acting_user: Any, expected_version: int | None = None
) -> Referral:
    """Refer a consenting family to the partner organisation. From this moment police users
    lose access to the family (enforced by the selectors, not the menus)."""
    _require_assigned_officer(acting_user, family)
    with transaction.atomic():
        consent = active_consent(family, "referral")
        if consent is None:
            raise OutreachError(
                "There is no consent to a referral (or it was withdrawn): a family is referred only "
                "with its consent."
            )
        return _refer(
            family=family,
            consent=consent,
            route=ReferralRoute.OUTREACH,
            acting_user=acting_user,
            expected_version=expected_version,
        )


def _refer(*, family, consent, route, acting_user, expected_version=None) -> Referral:
    organisation = config.current().referral.partner_organisation
    family_transition(
        family=family,
        to_state=FamilyState.REFERRED,
        acting_user=acting_user,
        action="referral.made",
        purpose="referral",
        expected_version=expected_version,
        details={"organisation": organisation, "route": route},
    )
    referral = Referral.objects.create(
        family=family,
        consent=consent,
        organisation=organisation,
        route=route,
        details=referral_details(family, consent),
        referred_by=acting_user,
        referred_at=timezone.now(),
    )
    audit.record(
        actor=acting_user,
        action="referral.created",
        subject=referral,
        purpose="referral",
        after={"organisation": organisation, "route": route, "consent": consent.pk},
    )
    return referral


def disclosure_record(
    *,
    family: Family,
    recipient_kind: RecipientKind,
    recipient_organisation: str,
    what: str,
    why: str,
    lawful_basis: str,
    acting_user: Any,
    recipient_name: str = "",
) -> Disclosure:
    """Record a disclosure to another organisation. Refused without a lawful basis; on the basis
    of consent, only while a consent covering that recipient stands."""
    if viewer_role(acting_user) not in POLICE_ROLES and viewer_role(acting_user) not in (
        Role.CHARITY_MANAGER,
        Role.CHARITY_PRACTITIONER,
    ):
        raise OutreachError("Your role does not share information with other organisations.")
    if viewer_role(acting_user) in (Role.CHARITY_MANAGER, Role.CHARITY_PRACTITIONER):
        # The partner shares only about families referred to it.
        membership = membership_for(acting_user)
        if not Referral.objects.filter(
            family=family, organisation=getattr(membership, "organisation", None)
        ).exists():
            raise OutreachError(
                "Sharing refused: this family was not referred to your organisation."
            )
    what, why = (what or "").strip(), (why or "").strip()
    if lawful_basis not in LawfulBasis.values:
        raise OutreachError("Sharing refused: choose the lawful basis for this disclosure.")
    if not what or not why or not (recipient_organisation or "").strip():
        raise OutreachError("Say what was shared, with whom and why.")
    consent = None
    if lawful_basis == LawfulBasis.CONSENT:
        consent = active_consent(family, recipient_kind) if recipient_kind in _COVERS else None
        if consent is None:
            raise OutreachError(
                "Sharing refused: no consent stands that covers sharing with "
                f"{RecipientKind(recipient_kind).label.lower()}."
            )
    with transaction.atomic():
        disclosure = Disclosure.objects.create(
            family=family,
            recipient_kind=recipient_kind,
            recipient_organisation=recipient_organisation.strip(),
            recipient_name=(recipient_name or "").strip(),
            what=what,
            why=why,
            lawful_basis=lawful_basis,
            consent=consent,
            disclosed_by=acting_user,
            disclosed_at=timezone.now(),
        )
        audit.record(
            actor=acting_user,
            action="disclosure.recorded",
            subject=disclosure,
            purpose="information sharing",
            # The kind of recipient and the basis; the organisation (a child's school says
            # where the child is) stays in the disclosure, which retention can anonymise.
            after={"recipient_kind": recipient_kind, "lawful_basis": lawful_basis},
        )
    return disclosure


def client_hash(address: str) -> str:
    """A keyed hash of where a public request came from: enough to count attempts, useless for
    finding anyone."""
    return hmac.new(
        settings.SECRET_KEY.encode(), (address or "").encode(), hashlib.sha256
    ).hexdigest()


@dataclass(frozen=True)
class SelfReferralForm:
    reference: str
    contact_name: str
    contact_details: str
    relationship_to_child: str
    has_parental_responsibility: bool | None
    best_time: str = ""


def self_referral_submit(*, form: SelfReferralForm, client: str) -> None:
    """A family sends the public form. Returns nothing either way: an unknown reference gets the
    same answer as a known one, so the form cannot be used to find out which references exist.

    Raises :class:`SelfReferralRateLimited` when this client has tried too often this hour.
    """
    limit = config.current().referral.self_referral_attempts_per_hour
    now = timezone.now()
    with transaction.atomic():
        recent = SelfReferralAttempt.objects.filter(
            client_hash=client, at__gte=now - timedelta(hours=1)
        ).count()
        if recent >= limit:
            audit.record(actor=None, action="self_referral.rate_limited", purpose="self-referral")
            raise SelfReferralRateLimited
        SelfReferralAttempt.objects.create(client_hash=client, at=now)
        SelfReferralAttempt.objects.filter(at__lt=now - timedelta(days=1)).delete()
        invite = (
            SelfReferralInvite.objects.select_for_update()
            .select_related("family")
            .filter(reference=normalise_reference(form.reference), used_at__isnull=True)
            .first()
        )
        if invite is None or invite.family.state != FamilyState.SELF_REFERRAL_DETAILS_LEFT:
            audit.record(actor=None, action="self_referral.not_matched", purpose="self-referral")
            return
        family = invite.family
        invite.used_at = now
        invite.contact_name = form.contact_name.strip()[:255]
        invite.contact_details = form.contact_details.strip()[:255]
        invite.best_time = form.best_time.strip()[:255]
        invite.save(update_fields=["used_at", "contact_name", "contact_details", "best_time"])
        audit.record(
            actor=None, action="self_referral.received", subject=invite, purpose="self-referral"
        )
        consent = consent_record(
            family=family,
            details=ConsentDetails(
                given_by_name=invite.contact_name,
                relationship_to_child=form.relationship_to_child,
                has_parental_responsibility=form.has_parental_responsibility,
                covers_referral=True,
                covers_school=False,
                covers_social_care=False,
                method=ConsentMethod.SELF_REFERRAL,
                given_at=now,
                contact_phone=invite.contact_details,
            ),
            acting_user=None,
        )
        _refer(family=family, consent=consent, route=ReferralRoute.SELF_REFERRAL, acting_user=None)
