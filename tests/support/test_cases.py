"""The case's spine: intake, allocation, assessment, plan, closure and reopening."""

import pytest

from paramount.access.models import AuditEvent
from paramount.support.models import CaseState, SupportTask, TaskKind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", ["WAITLISTED", "ALLOCATED", "ASSESSED", "SUPPORTED", "CLOSED"])
def test_a_case_reaches_each_state_through_the_services(support, state):
    case = support.at(state)
    assert case.state == state
    assert case.children.count() == 1
    assert AuditEvent.objects.filter(subject_type="support.supportcase").exists()


def test_closure_leaves_a_follow_up_and_reopening_keeps_the_history(support):
    from paramount.support.services import cases

    case = support.at("CLOSED")
    follow_up = SupportTask.objects.get(case=case, kind=TaskKind.FOLLOW_UP)
    assert follow_up.done_at is None
    cases.case_reopen(
        case=case, reason="The family asked for help again.", acting_user=support.manager
    )
    case.refresh_from_db()
    assert case.state == CaseState.SUPPORTED
    closure = case.closures.get()
    assert closure.reopened_at is not None
    follow_up.refresh_from_db()
    assert follow_up.superseded_at is not None


def test_a_case_closed_from_the_waiting_list_reopens_onto_it(support):
    from django.utils import timezone

    from paramount.support.models import ClosureReason
    from paramount.support.services import cases

    case = support.at("WAITLISTED")
    cases.case_close(
        case=case,
        closed_on=timezone.localdate(),
        reason=ClosureReason.FAMILY_ENDED,
        note="",
        acting_user=support.manager,
    )
    cases.case_reopen(case=case, reason="The family rang back.", acting_user=support.manager)
    case.refresh_from_db()
    # Nobody was allocated: back on the waiting list with its reason, not given to the manager.
    assert case.state == CaseState.WAITLISTED
    assert case.practitioner is None
    assert case.waitlist_reason == "No practitioner free in the area until next month."


def test_closing_again_on_the_day_of_reopening_renews_the_follow_up(support):
    from django.utils import timezone

    from paramount.support.models import ClosureReason
    from paramount.support.services import cases

    case = support.at("CLOSED")
    cases.case_reopen(case=case, reason="Asked again.", acting_user=support.practitioner)
    cases.case_close(
        case=case,
        closed_on=timezone.localdate(),
        reason=ClosureReason.GOALS_MET,
        note="",
        acting_user=support.practitioner,
    )
    assert case.closures.count() == 2
    follow_up = SupportTask.objects.get(case=case, kind=TaskKind.FOLLOW_UP)
    assert follow_up.superseded_at is None


def test_the_refusal_says_why_before_the_form_is_filled(support):
    from paramount.support.services import cases

    case = support.at("ALLOCATED")
    assert cases.refusal(cases.require_may_assess, case, support.practitioner) is None
    assert "before agreeing a plan" in cases.refusal(
        cases.require_may_plan, case, support.practitioner
    )
    assert "is not closed" in cases.refusal(cases.require_may_reopen, case, support.practitioner)
    assert "Only a manager" in cases.refusal(cases.require_may_allocate, case, support.practitioner)
