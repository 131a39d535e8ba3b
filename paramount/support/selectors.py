"""Reads of the partner organisation's cases, narrowed to what the viewer may see.

- Charity managers: every case of their organisation, and the referrals waiting for a decision.
- Charity practitioners: the cases allocated to them or to their team.
- Volunteer mentors: no case at all; only their mentees' first names and their own sessions
  (:func:`mentee_assignments`).
- Police users and administrators: nothing here.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from paramount.access import audit
from paramount.access.models import Role
from paramount.access.selectors import get_or_refuse, membership_for, viewer_role
from paramount.families.selectors import withheld_families
from paramount.outreach.models import Referral
from paramount.outreach.selectors import referrals_received
from paramount.support.models import (
    CaseState,
    ContactFrequency,
    Effect,
    FamilyNeed,
    Intervention,
    Knowledge,
    MentorAssignment,
    OffenceFactor,
    SupportCase,
    SupportChild,
    SupportPlan,
)

SUPPORT_PURPOSE = "support of a referred family"
# The audit action of every refused read of the partner's records.
REFUSED = "support.access_denied"


def case_queryset(*, viewer: Any) -> QuerySet[SupportCase]:
    """Every case the viewer may work on."""
    membership = membership_for(viewer)
    role = viewer_role(viewer)
    if membership is None or role not in (Role.CHARITY_MANAGER, Role.CHARITY_PRACTITIONER):
        return SupportCase.objects.none()
    # The cases behind the referrals the viewer may read: one rule for both (the organisation
    # and its areas; a practitioner's own or team's cases; no restricted family).
    return SupportCase.objects.filter(
        organisation=membership.organisation,
        referral__in=referrals_received(viewer=viewer).values("pk"),
    )


def access_case(*, viewer: Any, case_id: int) -> SupportCase:
    """The case if the viewer may work on it; otherwise a 404, audited."""
    return get_or_refuse(
        case_queryset(viewer=viewer).select_related("referral", "referral__family", "practitioner"),
        viewer=viewer,
        pk=case_id,
        action=REFUSED,
        message="No case found",
    )


def access_child(*, viewer: Any, case: SupportCase, child_id: int) -> SupportChild:
    """A child of a case the viewer already has; any other id is a 404, audited."""
    return get_or_refuse(
        case.children.all(), viewer=viewer, pk=child_id, action=REFUSED, message="No child found"
    )


def case_view_audit(*, viewer: Any, case: SupportCase, page: str) -> None:
    """Record that the viewer read the case (SECURITY 11)."""
    with transaction.atomic():
        audit.record(
            actor=viewer,
            action="support.case_viewed",
            subject=case,
            purpose=SUPPORT_PURPOSE,
            after={"page": page},
        )


def referral_view_audit(*, viewer: Any, referral: Referral, page: str) -> None:
    """Record that the viewer read a referral not yet accepted (SECURITY 11)."""
    with transaction.atomic():
        audit.record(
            actor=viewer,
            action="support.referral_viewed",
            subject=referral,
            purpose=SUPPORT_PURPOSE,
            after={"page": page},
        )


def caseload(*, viewer: Any, include_closed: bool = False) -> list[SupportCase]:
    """The viewer's cases by acceptance (closed ones too if asked), each with its children, the
    current plan's ``review_on`` and ``open_tasks`` (how many tasks wait to be done); audited as
    one read."""
    current_plans = SupportPlan.objects.filter(
        case=OuterRef("pk"), superseded_at__isnull=True
    ).order_by("-agreed_on", "-pk")
    cases = (
        case_queryset(viewer=viewer)
        .select_related("practitioner", "referral")
        .prefetch_related("children")
        .annotate(
            review_on=Subquery(current_plans.values("review_on")[:1]),
            open_tasks=Count(
                "tasks",
                filter=Q(tasks__done_at__isnull=True, tasks__superseded_at__isnull=True),
                distinct=True,
            ),
        )
    )
    if not include_closed:
        cases = cases.exclude(state=CaseState.CLOSED)
    cases = list(cases.order_by("accepted_at", "pk"))
    today = timezone.localdate()
    for case in cases:
        case.review_overdue = (
            case.state != CaseState.CLOSED and case.review_on is not None and case.review_on < today
        )
    with transaction.atomic():
        audit.record(
            actor=viewer,
            action="support.caseload_viewed",
            purpose=SUPPORT_PURPOSE,
            after={"cases": [c.pk for c in cases]},
        )
    return cases


def referrals_awaiting_decision(*, viewer: Any) -> QuerySet[Referral]:
    """For a charity manager: referrals to their organisation not yet accepted or waitlisted."""
    if viewer_role(viewer) != Role.CHARITY_MANAGER:
        return Referral.objects.none()
    return (
        referrals_received(viewer=viewer)
        .filter(support_case__isnull=True)
        .order_by("referred_at", "pk")
    )


def access_referral_awaiting_decision(*, viewer: Any, referral_id: int) -> Referral:
    """A referral the manager may still accept or waitlist; anything else is a 404, audited."""
    return get_or_refuse(
        referrals_awaiting_decision(viewer=viewer),
        viewer=viewer,
        pk=referral_id,
        action=REFUSED,
        message="No referral awaiting a decision",
    )


def waiting_list(*, viewer: Any) -> list[SupportCase]:
    """The organisation's waitlisted cases, longest waiting first, each with ``waited_days``."""
    cases = list(
        case_queryset(viewer=viewer)
        .filter(state=CaseState.WAITLISTED)
        .prefetch_related("children")
        .order_by("state_changed_at", "pk")
    )
    today = timezone.localdate()
    for case in cases:
        case.waited_days = (today - timezone.localtime(case.state_changed_at).date()).days
    return cases


def intake(*, viewer: Any) -> dict[str, Any]:
    """What a manager's intake page shows: referrals awaiting a decision and the waiting list;
    audited as one read."""
    referrals = list(referrals_awaiting_decision(viewer=viewer))
    waiting = waiting_list(viewer=viewer)
    with transaction.atomic():
        audit.record(
            actor=viewer,
            action="support.intake_viewed",
            purpose=SUPPORT_PURPOSE,
            after={"referrals": [r.pk for r in referrals], "cases": [c.pk for c in waiting]},
        )
    return {"referrals": referrals, "waiting": waiting}


def practitioners_of(organisation: str) -> QuerySet:
    """The practitioners a manager may allocate a case to."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            membership__organisation=organisation,
            membership__role=Role.CHARITY_PRACTITIONER,
        )
        .order_by("first_name", "last_name", "username")
    )


def teams_of(organisation: str) -> list[str]:
    """The practitioners' teams in the organisation, as named on their memberships."""
    teams = (
        practitioners_of(organisation)
        .exclude(membership__team="")
        .values_list("membership__team", flat=True)
        .distinct()
    )
    return sorted(set(teams))


def mentors_of(organisation: str) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            membership__organisation=organisation,
            membership__role=Role.VOLUNTEER_MENTOR,
        )
        .order_by("first_name", "last_name", "username")
    )


def mentee_assignments(*, viewer: Any) -> QuerySet[MentorAssignment]:
    """A volunteer mentor's current mentees (the assignments, whose child gives a first name)."""
    if viewer_role(viewer) != Role.VOLUNTEER_MENTOR:
        return MentorAssignment.objects.none()
    return (
        MentorAssignment.objects.filter(mentor=viewer, ended_on__isnull=True)
        .exclude(child__case__state=CaseState.CLOSED)
        .exclude(child__case__referral__family__in=withheld_families())
        .select_related("child")
    )


def access_mentee(*, viewer: Any, assignment_id: int) -> MentorAssignment:
    """One of the mentor's own current assignments; anything else is a 404, audited."""
    return get_or_refuse(
        mentee_assignments(viewer=viewer),
        viewer=viewer,
        pk=assignment_id,
        action=REFUSED,
        message="No mentee found",
    )


def _age(born: Any, today: Any) -> int | None:
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _label(choices: Any, code: str) -> str:
    try:
        return choices(code).label
    except ValueError:
        return code


def _assessment_summary(assessment: Any) -> dict[str, Any] | None:
    if assessment is None:
        return None
    return {
        "knowledge": _label(Knowledge, assessment.knowledge),
        "visits": _label(ContactFrequency, assessment.visits),
        "calls": _label(ContactFrequency, assessment.calls),
        "letters": _label(ContactFrequency, assessment.letters),
        "offence_factors": [_label(OffenceFactor, c) for c in assessment.offence_factors],
        "effects": [_label(Effect, c) for c in assessment.effects],
    }


def case_detail(*, viewer: Any, case: SupportCase) -> dict[str, Any]:
    """Everything the case page shows, gathered for one viewer who may work on the case.

    One section per concern; each concern adds its own key below its marker.
    """
    from paramount.support.services import cases as case_services

    today = timezone.localdate()
    children = list(case.children.prefetch_related("assessments"))
    latest_assessments = {
        child.pk: (list(child.assessments.all()) or [None])[-1] for child in children
    }
    family_needs = case.family_needs.last()
    plan = case_services.current_plan(case)
    names = {str(child.pk): child.first_name for child in children}
    detail: dict[str, Any] = {
        "children": children,
        "latest_assessments": latest_assessments,
        # The same, ready for the page: one row per child with age and labelled answers.
        "child_rows": [
            {
                "child": child,
                "age": _age(child.date_of_birth, today),
                "assessment": latest_assessments[child.pk],
                "summary": _assessment_summary(latest_assessments[child.pk]),
            }
            for child in children
        ],
        "family_needs": family_needs,
        "family_need_labels": [_label(FamilyNeed, code) for code in family_needs.needs]
        if family_needs
        else [],
        "plan": plan,
        "plan_items": [
            {
                "intervention": _label(Intervention, item.intervention),
                "for": names.get(str(item.child_id), "The whole family"),
                "goal": item.goal,
            }
            for item in (plan.items.all() if plan else [])
        ],
        "plan_review_overdue": bool(
            plan and case.state != CaseState.CLOSED and plan.review_on < today
        ),
        "closures": list(case.closures.select_related("closed_by", "reopened_by")),
        "may_manage": case_services.is_manager_of(viewer, case.organisation),
        "consent_withdrawn_at": case.referral.consent_withdrawn_at,
        # What the viewer may do now (None) or why not (the message), per action.
        "refusals": {
            name: case_services.refusal(check, case, viewer)
            for name, check in (
                ("assess", case_services.require_may_assess),
                ("plan", case_services.require_may_plan),
                ("close", case_services.require_may_close),
                ("reopen", case_services.require_may_reopen),
                ("allocate", case_services.require_may_allocate),
            )
        },
    }
    # --- panel: sessions, mentoring and wellbeing ---------------------------------------
    from paramount.support.services import sessions as session_services
    from paramount.support.services import wellbeing as wellbeing_services

    detail["sessions"] = session_services.case_sessions(case)
    detail["mentors"] = session_services.current_mentors(case)
    detail["wellbeing"] = wellbeing_services.latest_scores(case)
    detail["session_rows"] = [
        {
            "child": child,
            "mentors": detail["mentors"].get(child.pk, []),
            "latest_score": detail["wellbeing"].get(child.pk),
        }
        for child in children
    ]
    # Why sessions, mentoring and scores cannot be recorded now (None when they can).
    detail["session_refusal"] = session_services.work_refusal(case, viewer)
    # --- panel: release planning and school liaison -------------------------------------
    from paramount.support.services import release, school

    detail["release"] = release.release_panel(case=case)
    detail["school"] = school.school_panel(case=case)
    # --- panel: groups and events --------------------------------------------------------
    from paramount.events import selectors as events_selectors
    from paramount.events import services as events_services

    detail["event_invitations"] = events_selectors.case_invitations(viewer=viewer, case=case)
    detail["may_invite_to_events"] = events_services.may_invite(case)
    # --- panel: telling the child --------------------------------------------------------
    # A guidance sheet for each child (the page itself checks access and audits the read).
    from django.urls import reverse

    detail["telling_the_child"] = [
        (child, reverse("guidance:sheet", kwargs={"case_id": case.pk, "child_id": child.pk}))
        for child in children
    ]
    return detail
