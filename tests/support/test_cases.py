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


def test_closing_a_case_ends_its_mentoring_and_reopening_does_not_revive_it(support, make_user):
    from django.utils import timezone

    from paramount.access.models import Role
    from paramount.support.models import MentorAssignment
    from paramount.support.services import cases, sessions

    case = support.at("SUPPORTED")
    mentor = make_user(Role.VOLUNTEER_MENTOR, username="closing_mentor")
    sessions.mentor_assign(
        case=case,
        child=case.children.get(),
        mentor=mentor,
        started_on=timezone.localdate(),
        acting_user=support.manager,
    )
    cases.case_close(
        case=case,
        closed_on=timezone.localdate(),
        reason="GOALS_MET",
        note="",
        acting_user=support.manager,
    )
    assert MentorAssignment.objects.get().ended_on == timezone.localdate()
    closed = AuditEvent.objects.filter(action="support.case_closed").latest("id")
    assert closed.after["mentoring_ended"] == [MentorAssignment.objects.get().pk]
    cases.case_reopen(case=case, reason="Asked for help again.", acting_user=support.manager)
    assert MentorAssignment.objects.get().ended_on is not None


def test_reopening_a_case_plans_for_the_release_date_straight_away(support):
    from datetime import timedelta

    from django.utils import timezone

    from paramount.support.services import cases

    case = support.at("CLOSED")
    movement = case.referral.family.movement
    movement.release_date = timezone.localdate() + timedelta(days=200)
    movement.save(update_fields=["release_date"])
    assert not case.tasks.filter(kind=TaskKind.PRE_RELEASE_PLANNING).exists()
    cases.case_reopen(case=case, reason="The family asked again.", acting_user=support.manager)
    task = case.tasks.get(kind=TaskKind.PRE_RELEASE_PLANNING)
    assert task.about_date == movement.release_date
    assert task.superseded_at is None
