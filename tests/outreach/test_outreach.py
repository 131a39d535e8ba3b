"""Contact attempts, consent, referral, disclosures and self-referral."""

from datetime import timedelta

import pytest
from django.utils import timezone

from paramount.access.models import AuditEvent, Role
from paramount.families.models import FamilyState
from paramount.families.services import FamilyStateError
from paramount.outreach import services
from paramount.outreach.models import (
    ContactMethod,
    ContactOutcome,
    LawfulBasis,
    RecipientKind,
    Referral,
    SelfReferralInvite,
)

pytestmark = pytest.mark.django_db


def _attempt(cases, family, outcome, **extra):
    return services.contact_attempt_log(
        family=family,
        method=ContactMethod.PHONE,
        outcome=outcome,
        attempted_at=timezone.now(),
        acting_user=extra.pop("user", cases.officer),
        **extra,
    )


@pytest.mark.parametrize(
    ("outcome", "state"),
    [
        (ContactOutcome.NO_CONTACT, FamilyState.CONTACT_ATTEMPTED),
        (ContactOutcome.DECLINED, FamilyState.DECLINED),
        (ContactOutcome.UNREACHABLE, FamilyState.UNREACHABLE),
        (ContactOutcome.SELF_REFERRAL_DETAILS_LEFT, FamilyState.SELF_REFERRAL_DETAILS_LEFT),
    ],
)
def test_each_contact_outcome_moves_the_family(cases, outcome, state):
    family = cases.at("APPROVED_FOR_CONTACT")
    _attempt(cases, family, outcome)
    family.refresh_from_db()
    assert family.state == state
    assert AuditEvent.objects.filter(action="outreach.contact_attempt_recorded").exists()


def test_an_unreachable_family_can_be_tried_again_but_a_declined_one_cannot(cases):
    family = cases.at("UNREACHABLE")
    _attempt(cases, family, ContactOutcome.NO_CONTACT)
    family.refresh_from_db()
    assert family.state == FamilyState.CONTACT_ATTEMPTED
    declined = cases.at("DECLINED")
    with pytest.raises(FamilyStateError, match="is declined support, so it cannot become"):
        _attempt(cases, declined, ContactOutcome.NO_CONTACT)


def test_only_the_assigned_officer_records_attempts(cases, make_user):
    family = cases.at("APPROVED_FOR_CONTACT")
    other_officer = make_user(Role.OUTREACH_OFFICER)
    for user in (other_officer, cases.analyst):
        with pytest.raises(services.OutreachError, match="assigned to this family"):
            _attempt(cases, family, ContactOutcome.NO_CONTACT, user=user)


def test_an_attempt_cannot_be_in_the_future(cases):
    family = cases.at("APPROVED_FOR_CONTACT")
    with pytest.raises(services.OutreachError, match="in the future"):
        services.contact_attempt_log(
            family=family,
            method=ContactMethod.VISIT,
            outcome=ContactOutcome.NO_CONTACT,
            attempted_at=timezone.now() + timedelta(days=1),
            acting_user=cases.officer,
        )


def test_contact_before_approval_is_refused(cases):
    family = cases.family()
    family.assigned_officer = cases.officer
    family.save()
    with pytest.raises(FamilyStateError, match="waiting for screening"):
        _attempt(cases, family, ContactOutcome.NO_CONTACT)


def test_consented_needs_the_consent_and_records_it(cases):
    family = cases.at("APPROVED_FOR_CONTACT")
    with pytest.raises(services.OutreachError, match="Record the consent"):
        _attempt(cases, family, ContactOutcome.CONSENTED)
    with pytest.raises(services.OutreachError, match="covers the referral"):
        _attempt(
            cases,
            family,
            ContactOutcome.CONSENTED,
            consent=cases.consent(covers_referral=False, covers_school=True),
        )
    _attempt(cases, family, ContactOutcome.CONSENTED, consent=cases.consent(covers_school=True))
    family.refresh_from_db()
    assert family.state == FamilyState.CONSENTED
    consent = family.consents.get()
    assert consent.given_by_name == "Casey Quillfeather"
    assert consent.has_parental_responsibility
    assert consent.covered() == ["referral to the partner organisation", "sharing with the school"]
    assert consent.recorded_by == cases.officer


def test_no_referral_without_consent(cases):
    """SECURITY 16."""
    family = cases.at("CONTACT_ATTEMPTED")
    with pytest.raises(services.OutreachError, match="only with its consent"):
        services.referral_make(family=family, acting_user=cases.officer)
    assert not Referral.objects.exists()


def test_the_referral_carries_the_minimum(cases):
    family = cases.at("CONSENTED")
    movement = family.movement
    movement.offence_description = "Made-up offence text"
    movement.save()
    referral = services.referral_make(family=family, acting_user=cases.officer)
    family.refresh_from_db()
    assert family.state == FamilyState.REFERRED
    assert referral.organisation == "Children Heard and Seen"
    details = referral.details
    assert [c["first_name"] for c in details["children"]] == ["Ada"]
    assert details["contact"]["name"] == "Casey Quillfeather"
    text = str(details)
    for never in ("Made-up offence text", "match_probability", movement.first_name, "rationale"):
        assert never not in text


def test_consent_withdrawn_before_the_referral_stops_it(cases):
    family = cases.at("CONSENTED")
    consent = family.consents.get()
    services.consent_withdraw(
        consent=consent, note="Changed their mind.", acting_user=cases.officer
    )
    family.refresh_from_db()
    assert family.state == FamilyState.DECLINED
    with pytest.raises(services.OutreachError, match="only with its consent"):
        services.referral_make(family=family, acting_user=cases.officer)
    with pytest.raises(services.OutreachError, match="already withdrawn"):
        services.consent_withdraw(consent=consent, note="Again.", acting_user=cases.officer)


def test_consent_withdrawn_after_the_referral_tells_the_partner_to_stop(cases, make_user):
    family = cases.at("REFERRED")
    consent = family.consents.get()
    # Police work has ended: the officer can no longer record it, the partner can.
    with pytest.raises(services.OutreachError, match="partner organisation"):
        services.consent_withdraw(consent=consent, note="", acting_user=cases.officer)
    other_charity = make_user(Role.CHARITY_MANAGER, organisation="Another Charity")
    with pytest.raises(services.OutreachError):
        services.consent_withdraw(consent=consent, note="", acting_user=other_charity)
    manager = make_user(Role.CHARITY_MANAGER)
    services.consent_withdraw(consent=consent, note="Moved away.", acting_user=manager)
    referral = Referral.objects.get(family=family)
    assert referral.consent_withdrawn_at is not None
    family.refresh_from_db()
    assert family.state == FamilyState.REFERRED
    assert AuditEvent.objects.filter(action="referral.consent_withdrawn").exists()


def test_sharing_needs_a_lawful_basis(cases):
    """SECURITY 15."""
    family = cases.at("CONSENTED")
    arguments = {
        "family": family,
        "recipient_kind": RecipientKind.SCHOOL,
        "recipient_organisation": "Imaginary Primary School",
        "what": "That the children's father is in prison.",
        "why": "So the school can support Ada.",
        "acting_user": cases.officer,
    }
    with pytest.raises(services.OutreachError, match="Sharing refused: choose the lawful basis"):
        services.disclosure_record(lawful_basis="", **arguments)
    # This family's consent covers the referral only, not the school.
    with pytest.raises(services.OutreachError, match="no consent stands that covers sharing"):
        services.disclosure_record(lawful_basis=LawfulBasis.CONSENT, **arguments)
    assert not family.disclosures.exists()


def test_sharing_on_consent_needs_the_consent_to_stand(cases):
    family = cases.at("APPROVED_FOR_CONTACT")
    _attempt(cases, family, ContactOutcome.CONSENTED, consent=cases.consent(covers_school=True))
    arguments = {
        "family": family,
        "recipient_kind": RecipientKind.SCHOOL,
        "recipient_organisation": "Imaginary Primary School",
        "what": "That the children's father is in prison.",
        "why": "So the school can support Ada.",
        "lawful_basis": LawfulBasis.CONSENT,
        "acting_user": cases.officer,
    }
    disclosure = services.disclosure_record(**arguments)
    assert disclosure.consent == family.consents.get()
    services.consent_withdraw(consent=family.consents.get(), note="", acting_user=cases.officer)
    with pytest.raises(services.OutreachError, match="no consent stands"):
        services.disclosure_record(**arguments)


def test_assigning_needs_an_officer_of_the_area_and_an_approved_family(cases, make_user):
    family = cases.family()
    with pytest.raises(services.OutreachError, match="once contact is approved"):
        services.officer_assign(family=family, officer=cases.officer, acting_user=cases.analyst)
    approved = cases.at("APPROVED_FOR_CONTACT")
    brummie = make_user(Role.OUTREACH_OFFICER, areas=["Birmingham"])
    with pytest.raises(services.OutreachError, match="not an outreach officer working in Oxford"):
        services.officer_assign(family=approved, officer=brummie, acting_user=cases.analyst)
    with pytest.raises(services.OutreachError, match="Only a VRU analyst"):
        services.officer_assign(family=approved, officer=cases.officer, acting_user=cases.officer)


def _self_referral(reference, client="client-1"):
    return services.self_referral_submit(
        form=services.SelfReferralForm(
            reference=reference,
            contact_name="Jordan Quillfeather",
            contact_details="07700 900456",
            relationship_to_child="Aunt",
            has_parental_responsibility=False,
        ),
        client=services.client_hash(client),
    )


def test_self_referral_with_the_reference_refers_the_family(cases):
    family = cases.at("SELF_REFERRAL_DETAILS_LEFT")
    invite = SelfReferralInvite.objects.get(family=family)
    assert len(invite.reference) == 8
    assert set(invite.reference) <= set(services.REFERENCE_ALPHABET)
    # People type references in any case, with spaces or the dash they were shown.
    _self_referral(" " + services.format_reference(invite.reference).lower() + " ")
    family.refresh_from_db()
    assert family.state == FamilyState.REFERRED
    referral = Referral.objects.get(family=family)
    assert referral.route == "SELF_REFERRAL"
    assert referral.consent.method == "SELF_REFERRAL"
    assert referral.details["contact"]["name"] == "Jordan Quillfeather"
    # A second use changes nothing.
    _self_referral(invite.reference)
    assert Referral.objects.count() == 1


def test_an_unknown_reference_gets_the_same_answer(cases):
    family = cases.at("SELF_REFERRAL_DETAILS_LEFT")
    assert _self_referral("ZZZZ-ZZZZ") is None
    family.refresh_from_db()
    assert family.state == FamilyState.SELF_REFERRAL_DETAILS_LEFT


def test_self_referral_is_rate_limited_per_client(cases):
    for _ in range(5):
        _self_referral("ZZZZ-ZZZZ", client="prober")
    with pytest.raises(services.SelfReferralRateLimited):
        _self_referral("ZZZZ-ZZZZ", client="prober")
    # Someone else is not held back.
    _self_referral("ZZZZ-ZZZZ", client="family")


def test_an_attempt_cannot_be_dated_before_contact_was_approved(cases):
    family = cases.at("APPROVED_FOR_CONTACT")
    with pytest.raises(services.OutreachError, match="dated before contact was approved"):
        services.contact_attempt_log(
            family=family,
            method=ContactMethod.PHONE,
            outcome=ContactOutcome.NO_CONTACT,
            attempted_at=timezone.now() - timedelta(days=2),
            acting_user=cases.officer,
        )
