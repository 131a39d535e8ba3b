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
