"""Screening decisions, red flags and four eyes."""

import pytest

from paramount.access.models import AuditEvent, Role
from paramount.families.models import FamilyState
from paramount.families.services import FamilyStateError
from paramount.outreach.models import Disclosure, LawfulBasis
from paramount.screening.models import ScreeningDecision, ScreeningOutcome
from paramount.screening.services import (
    CscDisclosure,
    ScreeningError,
    screening_countersign,
    screening_decide,
)

pytestmark = pytest.mark.django_db


def _approve(family, user, rationale="Safe to approach the carer."):
    return screening_decide(
        family=family,
        outcome=ScreeningOutcome.APPROVE_CONTACT,
        rationale=rationale,
        acting_user=user,
    )


def test_approval_without_red_flags_approves_contact(cases):
    family = cases.family()
    decision = _approve(family, cases.analyst)
    family.refresh_from_db()
    assert family.state == FamilyState.APPROVED_FOR_CONTACT
    assert not decision.needs_countersignature
    assert AuditEvent.objects.filter(action="screening.decided", subject_id=str(family.pk)).exists()


def test_approval_despite_a_red_flag_waits_for_a_second_analyst(cases):
    family = cases.family(pprc_flag="Y")
    decision = _approve(family, cases.analyst)
    family.refresh_from_db()
    assert family.state == FamilyState.AWAITING_SECOND_ANALYST
    assert decision.needs_countersignature and decision.red_flags == ["PPRC"]

    with pytest.raises(ScreeningError, match="a different analyst must countersign"):
        screening_countersign(family=family, outcome="AGREED", note="", acting_user=cases.analyst)
    family.refresh_from_db()
    assert family.state == FamilyState.AWAITING_SECOND_ANALYST

    screening_countersign(
        family=family, outcome="AGREED", note="", acting_user=cases.second_analyst
    )
    family.refresh_from_db()
    assert family.state == FamilyState.APPROVED_FOR_CONTACT
    decision.refresh_from_db()
    assert decision.countersigned_by == cases.second_analyst


def test_a_refused_countersignature_needs_a_reason_and_goes_back_to_screening(cases):
    family = cases.family(pprc_flag="Y")
    _approve(family, cases.analyst)
    with pytest.raises(ScreeningError, match="Say why you refuse"):
        screening_countersign(
            family=family, outcome="REFUSED", note=" ", acting_user=cases.second_analyst
        )
    screening_countersign(
        family=family,
        outcome="REFUSED",
        note="Ask the offender manager first.",
        acting_user=cases.second_analyst,
    )
    family.refresh_from_db()
    assert family.state == FamilyState.AWAITING_SCREENING


def test_countersigning_what_is_not_waiting_is_refused(cases):
    family = cases.family()
    with pytest.raises(ScreeningError, match="not waiting for a second analyst"):
        screening_countersign(
            family=family, outcome="AGREED", note="", acting_user=cases.second_analyst
        )


def test_not_appropriate_needs_a_reason_code_and_closes_the_case(cases):
    family = cases.family()
    with pytest.raises(ScreeningError, match="Choose the reason"):
        screening_decide(
            family=family,
            outcome=ScreeningOutcome.NOT_APPROPRIATE,
            rationale="Risky.",
            acting_user=cases.analyst,
        )
    screening_decide(
        family=family,
        outcome=ScreeningOutcome.NOT_APPROPRIATE,
        reason_code="RISK_TO_CHILD",
        rationale="Contact could alert the prisoner's associates.",
        acting_user=cases.analyst,
    )
    family.refresh_from_db()
    assert family.state == FamilyState.NOT_APPROPRIATE
    with pytest.raises(FamilyStateError, match="cannot become approved for contact"):
        _approve(family, cases.analyst)


def test_a_decision_needs_a_rationale(cases):
    with pytest.raises(ScreeningError, match="rationale"):
        _approve(cases.family(), cases.analyst, rationale="   ")
    assert not ScreeningDecision.objects.exists()


def test_coordinating_with_social_care_records_the_disclosure(cases):
    family = cases.family()
    with pytest.raises(ScreeningError, match="lawful basis"):
        screening_decide(
            family=family,
            outcome=ScreeningOutcome.COORDINATE_WITH_CSC,
            rationale="The child is open to CSC.",
            acting_user=cases.analyst,
        )
    screening_decide(
        family=family,
        outcome=ScreeningOutcome.COORDINATE_WITH_CSC,
        rationale="The child is open to CSC.",
        csc_disclosure=CscDisclosure(
            recipient_name="Duty manager",
            what="That the father was received into custody.",
            why="So the allocated worker can plan support.",
            lawful_basis=LawfulBasis.SAFEGUARDING,
        ),
        acting_user=cases.analyst,
    )
    family.refresh_from_db()
    assert family.state == FamilyState.COORDINATE_WITH_CSC
    disclosure = Disclosure.objects.get(family=family)
    assert disclosure.recipient_kind == "SOCIAL_CARE"
    assert disclosure.lawful_basis == LawfulBasis.SAFEGUARDING
    assert AuditEvent.objects.filter(action="disclosure.recorded").exists()
    # After coordinating, the analyst decides again.
    _approve(family, cases.analyst)
    family.refresh_from_db()
    assert family.state == FamilyState.APPROVED_FOR_CONTACT


def test_only_an_analyst_of_the_area_screens(cases, make_user):
    family = cases.family()
    for user in (
        make_user(Role.VRU_ANALYST, areas=["Birmingham"]),
        cases.officer,
        make_user(Role.CHARITY_MANAGER),
    ):
        with pytest.raises(ScreeningError, match="Only a VRU analyst"):
            _approve(family, user)
    assert not AuditEvent.objects.filter(action="screening.decided").exists()


def test_a_failed_decision_leaves_no_audit_row(cases):
    """SECURITY 12: the audit row lives and dies with the change."""
    family = cases.family()
    _approve(family, cases.analyst)
    events = AuditEvent.objects.count()
    with pytest.raises(FamilyStateError):
        _approve(family, cases.analyst)
    assert AuditEvent.objects.count() == events
    assert ScreeningDecision.objects.count() == 1
