"""A supported family's case from intake to closure: the state machine, who may act, intake and
allocation, needs assessment, the support plan, closure and reopening."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from paramount import config
from paramount.access import audit
from paramount.access.models import Role
from paramount.access.selectors import membership_for, viewer_role
from paramount.outreach.models import Referral
from paramount.support.models import (
    CaseState,
    ChildAssessment,
    Closure,
    ClosureReason,
    ContactFrequency,
    Effect,
    FamilyNeed,
    FamilyNeedsAssessment,
    Intervention,
    Knowledge,
    MentorAssignment,
    OffenceFactor,
    PlanItem,
    SupportCase,
    SupportChild,
    SupportPlan,
    SupportTask,
    TaskKind,
)

S = CaseState
PURPOSE = "support of a referred family"
# Every legal move, as data. A move to the same state is a change within it (a reallocation, a
# reassessment, a plan review) that still goes through the lock, the version and the audit.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.WAITLISTED: frozenset({S.ALLOCATED, S.CLOSED}),
    S.ALLOCATED: frozenset({S.ALLOCATED, S.ASSESSED, S.CLOSED}),
    S.ASSESSED: frozenset({S.ASSESSED, S.SUPPORTED, S.CLOSED}),
    S.SUPPORTED: frozenset({S.SUPPORTED, S.CLOSED}),
    # Reopening returns the case to where its work had got to (a case closed from the waiting
    # list goes back to it: nobody has been allocated).
    S.CLOSED: frozenset({S.WAITLISTED, S.ALLOCATED, S.ASSESSED, S.SUPPORTED}),
}
OPEN_STATES = frozenset(S) - {S.CLOSED}
# Screening flags that call for safety planning before the parent comes home.
SAFETY_FLAGS = frozenset({"PPRC", "DOMESTIC_ABUSE_OR_SEXUAL"})


class SupportError(Exception):
    """Something the case does not allow; the message says what to do instead."""


class SupportConflict(SupportError):
    """The case changed since the page was loaded."""


def _state_label(state: str) -> str:
    return CaseState(state).label.lower()


def case_transition(
    *,
    case: SupportCase,
    to_state: CaseState,
    acting_user: Any,
    action: str,
    expected_version: int | None = None,
    changes: dict | None = None,
    details: dict | None = None,
) -> SupportCase:
    """Move ``case`` to ``to_state`` (applying ``changes`` to its fields) if that is legal,
    audited in the caller's transaction. Locks the row; with ``expected_version`` a change made
    on an out-of-date page is refused."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("case_transition must run inside the transaction of the change")
    locked = SupportCase.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        raise SupportConflict(
            f"{locked.reference} changed while you were looking at it (it is now "
            f"{_state_label(locked.state)}). Nothing was saved: look again and decide."
        )
    if to_state not in TRANSITIONS[locked.state]:
        possible = ", ".join(sorted(_state_label(s) for s in TRANSITIONS[locked.state]))
        raise SupportError(
            f"{locked.reference} is {_state_label(locked.state)}, so it cannot become "
            f"{_state_label(to_state)}. From here it can become: {possible}."
        )
    changes = changes or {}
    before = {"state": locked.state, "version": locked.version} | {
        name: _audit_change(name, getattr(locked, name)) for name in changes
    }
    for name, value in changes.items():
        setattr(locked, name, value)
    if locked.state != to_state:
        locked.state_changed_at = timezone.now()
    locked.state = to_state
    locked.version += 1
    locked.save()
    audit.record(
        actor=acting_user,
        action=action,
        subject=locked,
        purpose=PURPOSE,
        before=before,
        after={"state": locked.state, "version": locked.version}
        | {name: _audit_change(name, value) for name, value in changes.items()}
        | {name: _audit_change(name, value) for name, value in (details or {}).items()},
    )
    for name in ("state", "state_changed_at", "version", *changes):
        setattr(case, name, getattr(locked, name))
    return locked


# Free text a person writes may name anyone: the audit trail, which nothing may edit, keeps
# only whether it was given.
_FREE_TEXT = frozenset({"waitlist_reason"})


def _audit_value(value: Any) -> Any:
    # Users by id: the audit row names records, never copies people's details.
    if isinstance(value, date):
        return value.isoformat()
    return getattr(value, "pk", value)


def _audit_change(name: str, value: Any) -> Any:
    return bool(value) if name in _FREE_TEXT else _audit_value(value)


# --- who may act ------------------------------------------------------------------------


def is_manager_of(user: Any, organisation: str) -> bool:
    membership = membership_for(user)
    return (
        membership is not None
        and membership.role == Role.CHARITY_MANAGER
        and membership.organisation == organisation
    )


def may_work_on(user: Any, case: SupportCase) -> bool:
    """The organisation's managers, the allocated practitioner and the practitioners of the
    allocated team."""
    if is_manager_of(user, case.organisation):
        return True
    membership = membership_for(user)
    if membership is None or membership.role != Role.CHARITY_PRACTITIONER:
        return False
    if membership.organisation != case.organisation:
        return False
    return case.practitioner_id == user.pk or bool(case.team and case.team == membership.team)


def require_worker(user: Any, case: SupportCase) -> None:
    if not may_work_on(user, case):
        raise SupportError(
            f"Only {case.organisation}'s managers and the practitioners allocated to "
            f"{case.reference} can do that."
        )


def require_manager(user: Any, organisation: str) -> None:
    if not is_manager_of(user, organisation):
        raise SupportError(f"Only a manager of {organisation} can do that.")


def require_consent_standing(case: SupportCase) -> None:
    """After the family withdraws consent the only work left is to close the case."""
    withdrawn = case.referral.consent_withdrawn_at
    if withdrawn is not None:
        raise SupportError(
            f"The family withdrew consent on {timezone.localtime(withdrawn):%-d %B %Y}: nothing "
            "more can be recorded. Close the case with the reason 'Consent withdrawn'."
        )


def require_open(case: SupportCase) -> None:
    if case.state == CaseState.CLOSED:
        raise SupportError(f"{case.reference} is closed: reopen it first.")


def _not_in_future(day: date, what: str) -> None:
    if day > timezone.localdate():
        raise SupportError(f"The {what} date {day:%-d %B %Y} is in the future.")


# --- intake and allocation --------------------------------------------------------------


def _allocation_changes(organisation: str, practitioner: Any | None, team: str) -> dict:
    team = (team or "").strip()
    if practitioner is None and not team:
        raise SupportError("Choose a practitioner or a team to allocate the family to.")
    if practitioner is not None:
        membership = membership_for(practitioner)
        if (
            membership is None
            or membership.role != Role.CHARITY_PRACTITIONER
            or membership.organisation != organisation
            or not practitioner.is_active
        ):
            raise SupportError(f"{practitioner} is not a practitioner of {organisation}.")
    return {"practitioner": practitioner, "team": team, "waitlist_reason": ""}


def referral_accept(
    *,
    referral: Referral,
    acting_user: Any,
    practitioner: Any | None = None,
    team: str = "",
    waitlist_reason: str = "",
) -> SupportCase:
    """Accept a referral: allocate it to a practitioner or team, or put it on the waiting list
    with a reason. Makes the charity's own record of each child from the referral."""
    require_manager(acting_user, referral.organisation)
    waitlist_reason = (waitlist_reason or "").strip()
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if SupportCase.objects.filter(referral=referral).exists():
            raise SupportError("This referral has already been accepted.")
        if referral.consent_withdrawn_at is not None:
            raise SupportError(
                "The family withdrew consent before the referral was accepted: do not contact "
                "them. Nothing was saved."
            )
        if waitlist_reason:
            state, changes = CaseState.WAITLISTED, {"waitlist_reason": waitlist_reason}
            if practitioner is not None or team:
                raise SupportError("Either allocate the family or put it on the waiting list.")
        else:
            state = CaseState.ALLOCATED
            changes = _allocation_changes(referral.organisation, practitioner, team)
        now = timezone.now()
        case = SupportCase.objects.create(
            referral=referral,
            organisation=referral.organisation,
            state=state,
            state_changed_at=now,
            needs_safety_planning=bool(
                SAFETY_FLAGS & set(referral.details.get("safety_flags", []))
            ),
            accepted_by=acting_user,
            accepted_at=now,
            **changes,
        )
        members = list(referral.family.members.select_related("identification"))
        for index, child in enumerate(referral.details.get("children", [])):
            SupportChild.objects.create(
                case=case,
                first_name=child.get("first_name", ""),
                last_name=child.get("last_name", ""),
                date_of_birth=date.fromisoformat(child["date_of_birth"])
                if child.get("date_of_birth")
                else None,
                family_member=members[index] if index < len(members) else None,
            )
        audit.record(
            actor=acting_user,
            action="support.referral_accepted",
            subject=case,
            purpose=PURPOSE,
            after={"referral": referral.pk, "state": state}
            | {name: _audit_change(name, value) for name, value in changes.items()},
        )
    # The first release planning from what the referral already says (later movements follow).
    from paramount.support.services import release

    release.case_release_plan(case=case)
    return case


def case_allocate(
    *,
    case: SupportCase,
    acting_user: Any,
    practitioner: Any | None = None,
    team: str = "",
    expected_version: int | None = None,
) -> SupportCase:
    """Allocate a waitlisted case, or move an open case to another practitioner or team."""
    require_may_allocate(case, acting_user)
    changes = _allocation_changes(case.organisation, practitioner, team)
    to_state = CaseState.ALLOCATED if case.state == CaseState.WAITLISTED else case.state
    with transaction.atomic():
        return case_transition(
            case=case,
            to_state=to_state,
            acting_user=acting_user,
            action="support.case_allocated",
            expected_version=expected_version,
            changes=changes,
        )


# --- assessment and plan ----------------------------------------------------------------


@dataclass(frozen=True)
class ChildAssessmentDetails:
    assessed_on: date
    age_and_stage: str
    knowledge: Knowledge
    visits: ContactFrequency
    calls: ContactFrequency
    letters: ContactFrequency
    what_child_was_told: str = ""
    relationship_with_parent: str = ""
    offence_factors: tuple[OffenceFactor, ...] = ()
    effects: tuple[Effect, ...] = ()
    effects_detail: str = ""
    strengths: str = ""
    risks: str = ""


def _work_check(case: SupportCase, acting_user: Any, *, allow_waitlisted: bool = False) -> None:
    require_worker(acting_user, case)
    require_open(case)
    if case.state == CaseState.WAITLISTED and not allow_waitlisted:
        raise SupportError(f"{case.reference} is on the waiting list: allocate it first.")
    require_consent_standing(case)


def require_may_assess(case: SupportCase, acting_user: Any) -> None:
    """Assessing a child or the family's needs: an allocated, open case with consent standing."""
    _work_check(case, acting_user)


def require_may_plan(case: SupportCase, acting_user: Any) -> None:
    _work_check(case, acting_user)
    if case.state == CaseState.ALLOCATED:
        raise SupportError(
            f"Assess every child and the family's needs before agreeing a plan for "
            f"{case.reference}."
        )


def require_may_close(case: SupportCase, acting_user: Any) -> None:
    # Closing is the one thing still allowed after consent is withdrawn.
    require_worker(acting_user, case)
    require_open(case)


def require_may_reopen(case: SupportCase, acting_user: Any) -> None:
    require_worker(acting_user, case)
    if case.state != CaseState.CLOSED:
        raise SupportError(f"{case.reference} is not closed.")
    require_consent_standing(case)


def require_may_allocate(case: SupportCase, acting_user: Any) -> None:
    require_manager(acting_user, case.organisation)
    require_open(case)
    require_consent_standing(case)


def refusal(check: Any, case: SupportCase, acting_user: Any) -> str | None:
    """Why ``check`` (one of the ``require_may_*`` functions) would refuse, or None: so a page
    can say so before the person fills in a form the service would refuse."""
    try:
        check(case, acting_user)
    except SupportError as error:
        return str(error)
    return None


def child_assessment_record(
    *, case: SupportCase, child: SupportChild, details: ChildAssessmentDetails, acting_user: Any
) -> ChildAssessment:
    """Record a needs assessment of one child; when every child and the family's needs are
    assessed, the case becomes assessed."""
    if child.case_id != case.pk:
        raise SupportError("That child is not part of this case.")
    require_may_assess(case, acting_user)
    _not_in_future(details.assessed_on, "assessment")
    with transaction.atomic():
        assessment = ChildAssessment.objects.create(
            child=child,
            assessed_on=details.assessed_on,
            age_and_stage=details.age_and_stage.strip(),
            knowledge=details.knowledge,
            what_child_was_told=details.what_child_was_told.strip(),
            visits=details.visits,
            calls=details.calls,
            letters=details.letters,
            relationship_with_parent=details.relationship_with_parent.strip(),
            offence_factors=sorted(str(f) for f in details.offence_factors),
            effects=sorted(str(e) for e in details.effects),
            effects_detail=details.effects_detail.strip(),
            strengths=details.strengths.strip(),
            risks=details.risks.strip(),
            assessed_by=acting_user,
            recorded_at=timezone.now(),
        )
        # The free text is encrypted and never copied into the audit trail.
        audit.record(
            actor=acting_user,
            action="support.child_assessed",
            subject=assessment,
            purpose=PURPOSE,
            after={
                "case": case.pk,
                "child": child.pk,
                "assessed_on": details.assessed_on.isoformat(),
            },
        )
        _assessed_if_complete(case, acting_user)
    return assessment


def family_needs_record(
    *,
    case: SupportCase,
    assessed_on: date,
    needs: list[FamilyNeed],
    detail: str,
    acting_user: Any,
) -> FamilyNeedsAssessment:
    require_may_assess(case, acting_user)
    _not_in_future(assessed_on, "assessment")
    with transaction.atomic():
        record = FamilyNeedsAssessment.objects.create(
            case=case,
            assessed_on=assessed_on,
            needs=sorted(str(n) for n in needs),
            detail=(detail or "").strip(),
            assessed_by=acting_user,
            recorded_at=timezone.now(),
        )
        audit.record(
            actor=acting_user,
            action="support.family_needs_assessed",
            subject=record,
            purpose=PURPOSE,
            after={"case": case.pk, "needs": record.needs},
        )
        _assessed_if_complete(case, acting_user)
    return record


def assessment_complete(case: SupportCase) -> bool:
    children = case.children.all()
    return (
        children.exists()
        and not children.filter(assessments__isnull=True).exists()
        and case.family_needs.exists()
    )


def _assessed_if_complete(case: SupportCase, acting_user: Any) -> None:
    if case.state == CaseState.ALLOCATED and assessment_complete(case):
        case_transition(
            case=case,
            to_state=CaseState.ASSESSED,
            acting_user=acting_user,
            action="support.case_assessed",
        )


@dataclass(frozen=True)
class PlanItemDetails:
    intervention: Intervention
    goal: str
    child: SupportChild | None = None


def default_review_on(agreed_on: date) -> date:
    return agreed_on + timedelta(days=config.current().support.plan_review_days)


def default_follow_up_on(closed_on: date) -> date:
    return closed_on + timedelta(days=config.current().support.follow_up_days)


def plan_agree(
    *,
    case: SupportCase,
    agreed_on: date,
    review_on: date,
    items: list[PlanItemDetails],
    acting_user: Any,
    expected_version: int | None = None,
) -> SupportPlan:
    """Agree the support plan (or, on a supported case, its review: the old plan is kept as
    superseded). The case becomes supported."""
    require_may_plan(case, acting_user)
    _not_in_future(agreed_on, "agreement")
    if review_on <= agreed_on:
        raise SupportError("The review date must be after the date the plan was agreed.")
    items = [i for i in items if i.goal.strip()]
    if not items:
        raise SupportError("Choose at least one intervention and give its goal.")
    for item in items:
        if item.child is not None and item.child.case_id != case.pk:
            raise SupportError("A plan item names a child who is not part of this case.")
    with transaction.atomic():
        now = timezone.now()
        reviewed = case.plans.filter(superseded_at__isnull=True).update(superseded_at=now)
        plan = SupportPlan.objects.create(
            case=case,
            agreed_on=agreed_on,
            review_on=review_on,
            agreed_by=acting_user,
            recorded_at=now,
        )
        PlanItem.objects.bulk_create(
            PlanItem(plan=plan, intervention=i.intervention, child=i.child, goal=i.goal.strip())
            for i in items
        )
        case_transition(
            case=case,
            to_state=CaseState.SUPPORTED,
            acting_user=acting_user,
            action="support.plan_reviewed" if reviewed else "support.plan_agreed",
            expected_version=expected_version,
            details={
                "plan": plan.pk,
                "review_on": review_on,
                "interventions": sorted({str(i.intervention) for i in items}),
            },
        )
    return plan


def current_plan(case: SupportCase) -> SupportPlan | None:
    return case.plans.filter(superseded_at__isnull=True).prefetch_related("items").last()


# --- closure ----------------------------------------------------------------------------


def case_close(
    *,
    case: SupportCase,
    closed_on: date,
    reason: ClosureReason,
    note: str,
    acting_user: Any,
    follow_up_on: date | None = None,
    final_scores: list | None = None,
    expected_version: int | None = None,
) -> Closure:
    """Close the case with its reason and final measures (wellbeing scores at closure, each a
    :class:`~paramount.support.services.wellbeing.ScoreDetails`), and set a follow-up
    reminder (by default ``[support] follow_up_days`` later)."""
    from paramount.support.services import wellbeing

    require_may_close(case, acting_user)
    if final_scores and case.referral.consent_withdrawn_at is not None:
        # Nothing more is recorded about the children once consent is withdrawn.
        raise SupportError(
            "The family withdrew consent, so no final wellbeing scores can be recorded. Nothing "
            "was saved: close the case without them."
        )
    _not_in_future(closed_on, "closure")
    if closed_on < timezone.localtime(case.accepted_at).date():
        raise SupportError("A case cannot close before it was accepted.")
    if reason == ClosureReason.OTHER and not (note or "").strip():
        raise SupportError("Say why the case is closing: 'Another reason' needs a note.")
    if follow_up_on is None:
        follow_up_on = default_follow_up_on(closed_on)
    if follow_up_on <= closed_on:
        raise SupportError("The follow-up date must be after the closure date.")
    with transaction.atomic():
        closure = Closure.objects.create(
            case=case,
            closed_on=closed_on,
            reason=reason,
            note=(note or "").strip(),
            follow_up_on=follow_up_on,
            closed_by=acting_user,
            recorded_at=timezone.now(),
        )
        for score in final_scores or []:
            wellbeing.score_save(case=case, details=score, acting_user=acting_user)
        # Work due on a closed case is over; the follow-up is the one thing left.
        case.tasks.filter(done_at__isnull=True, superseded_at__isnull=True).update(
            superseded_at=timezone.now()
        )
        # So is mentoring: a reopened case matches a mentor again rather than reviving an old
        # match (and the mentor's access with it).
        ended = list(
            MentorAssignment.objects.filter(child__case=case, ended_on__isnull=True).values_list(
                "pk", flat=True
            )
        )
        MentorAssignment.objects.filter(pk__in=ended).update(
            ended_on=max(closed_on, timezone.localdate())
        )
        # Closed, reopened and closed again on the same day: the day's follow-up task is
        # renewed rather than duplicated (one task per kind and date).
        SupportTask.objects.update_or_create(
            case=case,
            kind=TaskKind.FOLLOW_UP,
            about_date=closed_on,
            defaults={
                "due_on": follow_up_on,
                "created_at": timezone.now(),
                "superseded_at": None,
                "done_at": None,
                "done_by": None,
                "done_note": "",
            },
        )
        case_transition(
            case=case,
            to_state=CaseState.CLOSED,
            acting_user=acting_user,
            action="support.case_closed",
            expected_version=expected_version,
            details={
                "closure": closure.pk,
                "reason": reason,
                "follow_up_on": follow_up_on,
                "mentoring_ended": ended,
            },
        )
    return closure


def case_close_inactive(*, case: SupportCase, idle_days: int, acting_user: Any = None) -> Closure:
    """Close a case nobody has worked on for ``idle_days`` (the retention job's backstop for
    cases left open): recorded as a closure for no contact, by Paramount, with no follow-up.
    Open tasks and mentoring end as at any closure. The case can be reopened as usual."""
    with transaction.atomic():
        now = timezone.now()
        closure = Closure.objects.create(
            case=case,
            closed_on=timezone.localdate(),
            reason=ClosureReason.NO_CONTACT,
            note="",
            follow_up_on=None,
            closed_by=None,
            recorded_at=now,
        )
        case.tasks.filter(done_at__isnull=True, superseded_at__isnull=True).update(
            superseded_at=now
        )
        ended = list(
            MentorAssignment.objects.filter(child__case=case, ended_on__isnull=True).values_list(
                "pk", flat=True
            )
        )
        MentorAssignment.objects.filter(pk__in=ended).update(ended_on=timezone.localdate())
        case_transition(
            case=case,
            to_state=CaseState.CLOSED,
            acting_user=acting_user,
            action="support.case_closed_inactive",
            details={"closure": closure.pk, "idle_days": idle_days, "mentoring_ended": ended},
        )
    return closure


def case_reopen(
    *, case: SupportCase, reason: str, acting_user: Any, expected_version: int | None = None
) -> SupportCase:
    """Reopen a closed case where its work had got to. The closure is kept, marked reopened."""
    require_may_reopen(case, acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise SupportError("Say why the case is being reopened.")
    changes = {}
    if case.practitioner_id is None and not case.team:
        # Closed from the waiting list: nobody was ever allocated (and only a manager sees such
        # a case), so it goes back on the waiting list for a manager to allocate.
        to_state = CaseState.WAITLISTED
        if not case.waitlist_reason:
            changes = {"waitlist_reason": f"Reopened: {reason}"}
    elif case.plans.exists():
        to_state = CaseState.SUPPORTED
    elif assessment_complete(case):
        to_state = CaseState.ASSESSED
    else:
        to_state = CaseState.ALLOCATED
    with transaction.atomic():
        now = timezone.now()
        closure = case.closures.filter(reopened_at__isnull=True).last()
        if closure is not None:
            closure.reopened_at, closure.reopened_by, closure.reopen_reason = (
                now,
                acting_user,
                reason,
            )
            closure.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
        case.tasks.filter(kind=TaskKind.FOLLOW_UP, done_at__isnull=True).update(superseded_at=now)
        reopened = case_transition(
            case=case,
            to_state=to_state,
            acting_user=acting_user,
            action="support.case_reopened",
            expected_version=expected_version,
            changes=changes,
            details={"closure": closure.pk if closure else None},
        )
    # Release planning picks up where the parent's movements now stand, not at the next run.
    from paramount.support.services import release

    release.case_release_plan(case=reopened, acting_user=acting_user)
    return reopened


def task_done(*, task: SupportTask, note: str, acting_user: Any) -> SupportTask:
    """Mark a task done, with what was done."""
    require_worker(acting_user, task.case)
    if task.done_at is not None:
        raise SupportError("That task is already done.")
    with transaction.atomic():
        task.done_at, task.done_by, task.done_note = timezone.now(), acting_user, note.strip()
        task.save(update_fields=["done_at", "done_by", "done_note"])
        audit.record(
            actor=acting_user,
            action="support.task_done",
            subject=task,
            purpose=PURPOSE,
            after={"case": task.case_id, "kind": task.kind},
        )
    return task


def viewer_is_charity_staff(user: Any) -> bool:
    return viewer_role(user) in (Role.CHARITY_MANAGER, Role.CHARITY_PRACTITIONER)
