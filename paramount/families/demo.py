"""Demo only: walk some of the demo region's families through every stage of the flow, through
the same services the pages use, so a newcomer sees families at each step. Every person here is
generated."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from paramount.access.demo import require_demo_allowed
from paramount.families.models import Family, FamilyState
from paramount.outreach import services as outreach
from paramount.outreach.models import (
    ConsentMethod,
    ContactMethod,
    ContactOutcome,
    LawfulBasis,
    SelfReferralInvite,
)
from paramount.screening import services as screening
from paramount.screening.models import CountersignOutcome, ScreeningDecision, ScreeningOutcome

CARER_FIRST_NAMES = ("Sam", "Jo", "Alex", "Chris", "Robin", "Charlie", "Jamie", "Frankie")

# (what the family should end up as, whether it should have a red flag)
STAGES = (
    ("AWAITING_SECOND_ANALYST", True),
    ("APPROVED_AFTER_FOUR_EYES", True),
    ("NOT_APPROPRIATE", True),
    ("COORDINATE_WITH_CSC", None),
    ("APPROVED_FOR_CONTACT", False),
    ("CONTACT_ATTEMPTED", False),
    ("DECLINED", False),
    ("UNREACHABLE", False),
    ("SELF_REFERRAL_DETAILS_LEFT", False),
    ("CONSENTED", False),
    ("REFERRED", False),
    ("REFERRED", False),
    # More referrals, so the partner organisation's side of the demo has families at each of
    # its stages too (paramount/support/demo.py).
    ("REFERRED", False),
    ("REFERRED", False),
    ("REFERRED", False),
    ("REFERRED", False),
    ("REFERRED", False),
    ("REFERRED", False),
    ("SELF_REFERRED", False),
    ("REFERRED_THEN_WITHDRAWN", False),
)


def _user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def demo_families_stage() -> dict[str, int]:
    """Stage the demo's families once; a second run finds the work done and changes nothing.
    Refused where demo helpers are not allowed."""
    require_demo_allowed(helper="demo_families_stage")
    if ScreeningDecision.objects.exists():
        return {}
    analyst, second, officer, manager = (
        _user("analyst"),
        _user("analyst2"),
        _user("outreach"),
        _user("manager"),
    )
    waiting = list(
        Family.objects.filter(state=FamilyState.AWAITING_SCREENING)
        .prefetch_related("flags", "members__identification")
        .order_by("-identified_on", "pk")
    )
    red = [f for f in waiting if screening.red_flags(f)]
    plain = [f for f in waiting if not screening.red_flags(f)]
    staged: dict[str, int] = {}
    for number, (stage, needs_red) in enumerate(STAGES):
        pool = red if needs_red else plain if needs_red is False else (plain or red)
        if not pool:
            continue
        # The families furthest along the flow are the ones received longest ago.
        family = pool.pop() if "REFERRED" in stage else pool.pop(0)
        _stage(family, stage, number, analyst, second, officer, manager)
        staged[stage] = staged.get(stage, 0) + 1
    return staged


def _approve(family, analyst, second, rationale):
    screening.screening_decide(
        family=family,
        outcome=ScreeningOutcome.APPROVE_CONTACT,
        rationale=rationale,
        acting_user=analyst,
    )
    if family.state == FamilyState.AWAITING_SECOND_ANALYST and second is not None:
        screening.screening_countersign(
            family=family,
            outcome=CountersignOutcome.AGREED,
            note="Agreed: contact by phone first, with the carer only.",
            acting_user=second,
        )


def _consent(family, number, when, *, school=False):
    child = family.members.first().identification
    return outreach.ConsentDetails(
        given_by_name=f"{CARER_FIRST_NAMES[number % len(CARER_FIRST_NAMES)]} {child.child_last_name}",
        relationship_to_child="Mother" if number % 2 else "Grandparent",
        has_parental_responsibility=bool(number % 2),
        covers_referral=True,
        covers_school=school,
        covers_social_care=False,
        method=ConsentMethod.VERBAL,
        given_at=when,
        contact_phone=f"07700 900{number:03d}",  # Ofcom's range reserved for drama: never real
    )


def _attempt(family, officer, outcome, when, **extra):
    outreach.contact_attempt_log(
        family=family,
        method=ContactMethod.PHONE
        if outcome != ContactOutcome.SELF_REFERRAL_DETAILS_LEFT
        else ContactMethod.VISIT,
        outcome=outcome,
        attempted_at=when,
        acting_user=officer,
        **extra,
    )


def _stage(family, stage, number, analyst, second, officer, manager):  # noqa: C901
    # Each step after the one before: attempts and consent are dated when they are recorded.
    when = timezone.now()
    if stage == "AWAITING_SECOND_ANALYST":
        _approve(family, analyst, None, "Flags noted; a careful approach to the carer looks safe.")
        return
    if stage == "NOT_APPROPRIATE":
        screening.screening_decide(
            family=family,
            outcome=ScreeningOutcome.NOT_APPROPRIATE,
            reason_code="RISK_TO_CHILD",
            rationale="An approach now could alert the received person's associates to the family.",
            acting_user=analyst,
        )
        return
    if stage == "COORDINATE_WITH_CSC":
        screening.screening_decide(
            family=family,
            outcome=ScreeningOutcome.COORDINATE_WITH_CSC,
            rationale="Children's social care should lead: they know the family.",
            csc_disclosure=screening.CscDisclosure(
                recipient_name="Duty team manager",
                what="That the children's parent was received into custody, and the prison.",
                why="So that the allocated worker can plan how the children are told and supported.",
                lawful_basis=LawfulBasis.SAFEGUARDING,
            ),
            acting_user=analyst,
        )
        return
    _approve(family, analyst, second, "No concerns in the data; contact the carer by phone.")
    outreach.officer_assign(family=family, officer=officer, acting_user=analyst)
    if stage in ("APPROVED_AFTER_FOUR_EYES", "APPROVED_FOR_CONTACT"):
        return
    if stage == "CONTACT_ATTEMPTED":
        _attempt(
            family, officer, ContactOutcome.NO_CONTACT, when, note="No answer; voicemail left."
        )
        return
    if stage == "DECLINED":
        _attempt(
            family, officer, ContactOutcome.DECLINED, when, note="The family has support already."
        )
        return
    if stage == "UNREACHABLE":
        _attempt(family, officer, ContactOutcome.NO_CONTACT, when)
        _attempt(
            family,
            officer,
            ContactOutcome.UNREACHABLE,
            timezone.now(),
            note="Number not in use; letter sent.",
        )
        return
    if stage in ("SELF_REFERRAL_DETAILS_LEFT", "SELF_REFERRED"):
        _attempt(
            family, officer, ContactOutcome.SELF_REFERRAL_DETAILS_LEFT, when, note="Card left."
        )
        if stage == "SELF_REFERRED":
            invite = SelfReferralInvite.objects.get(family=family)
            child = family.members.first().identification
            outreach.self_referral_submit(
                form=outreach.SelfReferralForm(
                    reference=invite.reference,
                    contact_name=f"Jordan {child.child_last_name}",
                    contact_details="07700 900999",
                    relationship_to_child="Aunt",
                    has_parental_responsibility=False,
                    best_time="After school",
                ),
                client=outreach.client_hash(f"demo-{family.pk}"),
            )
        return
    _attempt(
        family,
        officer,
        ContactOutcome.CONSENTED,
        when,
        note="Carer keen for the children to have support.",
        consent=_consent(family, number, when, school=stage == "REFERRED"),
    )
    if stage == "CONSENTED":
        return
    outreach.referral_make(family=family, acting_user=officer)
    if stage == "REFERRED_THEN_WITHDRAWN":
        family.refresh_from_db()
        outreach.consent_withdraw(
            consent=family.referral.consent,
            note="The carer called: the family has moved away and wants no contact for now.",
            acting_user=manager,
        )
