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
from django.db.models import Q, QuerySet
from django.http import Http404

from paramount.access import audit
from paramount.access.models import Role
from paramount.access.selectors import access_denied, membership_for, viewer_role
from paramount.identification.models import Identification
from paramount.outreach.models import Referral
from paramount.privacy.selectors import withheld_identifications_q
from paramount.support.models import CaseState, MentorAssignment, SupportCase, SupportChild

SUPPORT_PURPOSE = "support of a referred family"


def _withheld_families() -> QuerySet:
    return Identification.objects.filter(withheld_identifications_q()).values(
        "family_member__family"
    )


def case_queryset(*, viewer: Any) -> QuerySet[SupportCase]:
    """Every case the viewer may work on."""
    membership = membership_for(viewer)
    role = viewer_role(viewer)
    if membership is None or role not in (Role.CHARITY_MANAGER, Role.CHARITY_PRACTITIONER):
        return SupportCase.objects.none()
    cases = SupportCase.objects.filter(organisation=membership.organisation)
    if role == Role.CHARITY_PRACTITIONER:
        scope = Q(practitioner=viewer)
        if membership.team:
            scope |= Q(team=membership.team)
        cases = cases.filter(scope)
    # A family with a restricted member is withheld here too (SECURITY 18).
    return cases.exclude(referral__family__in=_withheld_families())


def access_case(*, viewer: Any, case_id: int) -> SupportCase:
    """The case if the viewer may work on it; otherwise a 404, audited."""
    case = (
        case_queryset(viewer=viewer)
        .select_related("referral", "referral__family", "practitioner")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        access_denied(
            viewer=viewer,
            action="support.access_denied",
            subject_type=SupportCase._meta.label_lower,
            subject_id=str(case_id),
        )
        raise Http404("No case found")
    return case


def access_child(*, viewer: Any, case: SupportCase, child_id: int) -> SupportChild:
    """A child of a case the viewer already has; any other id is a 404, audited."""
    child = case.children.filter(pk=child_id).first()
    if child is None:
        access_denied(
            viewer=viewer,
            action="support.access_denied",
            subject_type=SupportChild._meta.label_lower,
            subject_id=str(child_id),
        )
        raise Http404("No child found")
    return child


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


def caseload(*, viewer: Any, include_closed: bool = False) -> list[SupportCase]:
    """The viewer's cases, open ones first by acceptance; audited as one read."""
    cases = case_queryset(viewer=viewer).select_related("practitioner", "referral")
    if not include_closed:
        cases = cases.exclude(state=CaseState.CLOSED)
    cases = list(cases.order_by("accepted_at", "pk"))
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
    membership = membership_for(viewer)
    if viewer_role(viewer) != Role.CHARITY_MANAGER or membership is None:
        return Referral.objects.none()
    return (
        Referral.objects.filter(organisation=membership.organisation, support_case__isnull=True)
        .exclude(family__in=_withheld_families())
        .order_by("referred_at", "pk")
    )


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
        .exclude(child__case__referral__family__in=_withheld_families())
        .select_related("child")
    )


def access_mentee(*, viewer: Any, assignment_id: int) -> MentorAssignment:
    """One of the mentor's own current assignments; anything else is a 404, audited."""
    assignment = mentee_assignments(viewer=viewer).filter(pk=assignment_id).first()
    if assignment is None:
        access_denied(
            viewer=viewer,
            action="support.access_denied",
            subject_type=MentorAssignment._meta.label_lower,
            subject_id=str(assignment_id),
        )
        raise Http404("No mentee found")
    return assignment


def case_detail(*, viewer: Any, case: SupportCase) -> dict[str, Any]:
    """Everything the case page shows, gathered for one viewer who may work on the case.

    One section per concern; each concern adds its own key below its marker.
    """
    from paramount.support.services import cases as case_services

    children = list(case.children.prefetch_related("assessments"))
    detail: dict[str, Any] = {
        "children": children,
        "latest_assessments": {
            child.pk: (list(child.assessments.all()) or [None])[-1] for child in children
        },
        "family_needs": case.family_needs.last(),
        "plan": case_services.current_plan(case),
        "closures": list(case.closures.select_related("closed_by", "reopened_by")),
        "may_manage": case_services.is_manager_of(viewer, case.organisation),
        "consent_withdrawn_at": case.referral.consent_withdrawn_at,
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
