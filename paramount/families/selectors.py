"""Reads of family cases, narrowed to what the viewer may see.

- VRU analysts: the families of the areas they work in.
- Outreach officers: only the families assigned to them.
- Police users lose every family at referral. A referred family still "exists" for the police
  users who worked on it, but as one fact only: referred, and when. Nothing else, on any route.
- The partner organisation never sees a family case, in any state: what it needs is on the
  referral (:mod:`paramount.outreach.selectors`).
- Administrators never see case content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from paramount import config
from paramount.access import audit
from paramount.access.models import POLICE_ROLES, AuditEvent, Role
from paramount.access.selectors import (
    access_denied,
    viewer_areas,
    viewer_role,
    works_in_area,
)
from paramount.families import deadlines
from paramount.families.models import Family, FamilyState
from paramount.identification.models import Identification
from paramount.privacy.selectors import withheld_identifications_q

FAMILY_PURPOSE = "family case work"


def _police_scope(viewer: Any) -> Q | None:
    role = viewer_role(viewer)
    if role == Role.VRU_ANALYST:
        return Q(area__in=viewer_areas(viewer))
    if role == Role.OUTREACH_OFFICER:
        return Q(assigned_officer=viewer)
    return None


def withheld_families() -> QuerySet:
    """The ids of families with a restricted member, to ``exclude(...__in=...)`` from any read
    of families, referrals or cases (SECURITY 18). A withheld child in no family yet adds no
    NULL: ``NOT IN`` a list holding NULL would exclude every row."""
    return Identification.objects.filter(
        withheld_identifications_q(), family_member__isnull=False
    ).values("family_member__family")


def family_queryset(*, viewer: Any) -> QuerySet[Family]:
    """Every family the viewer may see in full: referred families are not among them for police."""
    return _family_queryset(viewer=viewer).exclude(pk__in=withheld_families())


def _family_queryset(*, viewer: Any) -> QuerySet[Family]:
    # A family case is police work, in every state: the partner reads what was referred to it
    # on the referral (outreach.selectors), never the case behind it.
    scope = _police_scope(viewer)
    if scope is None:
        return Family.objects.none()
    return Family.objects.filter(scope).exclude(state=FamilyState.REFERRED)


def referred_families(*, viewer: Any) -> QuerySet[Family]:
    """For police users: the families they would have seen, now referred (date only)."""
    scope = _police_scope(viewer)
    if scope is None:
        return Family.objects.none()
    return Family.objects.filter(scope, state=FamilyState.REFERRED)


class FamilyReferred(Exception):
    """Raised for a police user opening a referred family: all they may know is the date."""

    def __init__(self, reference: str, referred_on: date):
        self.reference = reference
        self.referred_on = referred_on


def access_family(*, viewer: Any, family_id: int, allow_referred_notice: bool = False) -> Family:
    """The family if the viewer may see it. Otherwise a 404 (audited), except that a police user
    who may see the family's notice gets :class:`FamilyReferred` when ``allow_referred_notice``."""
    family = (
        family_queryset(viewer=viewer)
        .select_related("movement", "assigned_officer")
        .filter(pk=family_id)
        .first()
    )
    if family is not None:
        return family
    if allow_referred_notice:
        referred = (
            referred_families(viewer=viewer).select_related("referral").filter(pk=family_id).first()
        )
        if referred is not None:
            raise FamilyReferred(
                referred.reference, timezone.localtime(referred.referral.referred_at).date()
            )
    access_denied(
        viewer=viewer,
        action="family.access_denied",
        subject_type=Family._meta.label_lower,
        subject_id=str(family_id),
    )
    raise Http404("No family found")


@dataclass(frozen=True)
class Deadline:
    what: str
    due: date
    done_on: date | None
    applies: bool

    @property
    def overdue(self) -> bool:
        return self.applies and self.done_on is None and timezone.localdate() > self.due

    @property
    def late(self) -> bool:
        return self.done_on is not None and self.done_on > self.due

    @property
    def working_days_left(self) -> int:
        return deadlines.working_days_between(timezone.localdate(), self.due)


SCREENED_STATES = frozenset(FamilyState) - {
    FamilyState.AWAITING_SCREENING,
    FamilyState.AWAITING_SECOND_ANALYST,
}
CONTACT_STATES = frozenset(
    {
        FamilyState.APPROVED_FOR_CONTACT,
        FamilyState.CONTACT_ATTEMPTED,
        FamilyState.UNREACHABLE,
        FamilyState.SELF_REFERRAL_DETAILS_LEFT,
        FamilyState.CONSENTED,
        FamilyState.DECLINED,
        FamilyState.REFERRED,
    }
)
DECIDED_STATES = frozenset(
    {
        FamilyState.DECLINED,
        FamilyState.REFERRED,
        FamilyState.NOT_APPROPRIATE,
        FamilyState.WITHDRAWN,
        FamilyState.CLOSED,
    }
)
# Closed without a decision (match rejected, no activity, no child left): no target applies.
UNDECIDED_CLOSED_STATES = frozenset({FamilyState.WITHDRAWN, FamilyState.CLOSED})


def _local_date(value: datetime | None) -> date | None:
    return timezone.localtime(value).date() if value else None


def family_deadlines(family: Family) -> list[Deadline]:
    """The three targets of the police part of the flow, each due a number of working days
    after identification (configuration), with when it was done."""
    settings = config.current().deadlines
    start = family.identified_on
    screened = family.screening_decisions.order_by("decided_at").first()
    first_attempt = family.contact_attempts.order_by("attempted_at").first()
    decided_on = _local_date(family.state_changed_at) if family.state in DECIDED_STATES else None
    return [
        Deadline(
            "Screening",
            deadlines.add_working_days(start, settings.screening_working_days),
            _local_date(screened.decided_at)
            if screened and family.state in SCREENED_STATES
            else None,
            family.state not in UNDECIDED_CLOSED_STATES,
        ),
        Deadline(
            "First contact attempt",
            deadlines.add_working_days(start, settings.first_contact_working_days),
            _local_date(first_attempt.attempted_at) if first_attempt else None,
            family.state in CONTACT_STATES,
        ),
        Deadline(
            "Referral decision",
            deadlines.add_working_days(start, settings.referral_decision_working_days),
            decided_on,
            family.state not in (FamilyState.NOT_APPROPRIATE, *UNDECIDED_CLOSED_STATES),
        ),
    ]


@dataclass(frozen=True)
class FamilyRow:
    family: Family
    children: list  # identifications; empty for a referred family seen by police
    referred_on: date | None
    next_deadline: Deadline | None


def _next_deadline(family: Family) -> Deadline | None:
    open_ones = [d for d in family_deadlines(family) if d.applies and d.done_on is None]
    return open_ones[0] if open_ones else None


def family_list(*, viewer: Any, state: str | None = None) -> list[FamilyRow]:
    """The viewer's families, oldest identification first; police see referred ones as a date."""
    families = family_queryset(viewer=viewer).select_related("movement", "assigned_officer")
    if state:
        families = families.filter(state=state)
    families = families.prefetch_related(
        "members__identification", "screening_decisions", "contact_attempts"
    ).order_by("identified_on", "pk")
    rows = [
        FamilyRow(
            family=f,
            children=[m.identification for m in f.members.all()],
            referred_on=None,
            next_deadline=_next_deadline(f),
        )
        for f in families
    ]
    if viewer_role(viewer) in POLICE_ROLES and state in (None, "", FamilyState.REFERRED):
        for f in referred_families(viewer=viewer).select_related("referral").order_by("-pk")[:200]:
            rows.append(
                FamilyRow(
                    family=f,
                    children=[],
                    referred_on=_local_date(f.referral.referred_at),
                    next_deadline=None,
                )
            )
    with transaction.atomic():
        audit.record(
            actor=viewer,
            action="family.list_viewed",
            purpose=FAMILY_PURPOSE,
            after={"families": [r.family.pk for r in rows if r.children], "state": state or ""},
        )
    return rows


def overdue_families(*, viewer: Any) -> list[tuple[Deadline, FamilyRow]]:
    """Families with a target passed and not met, most overdue first: analysts see their areas'
    families (screening and unassigned ones especially), officers their own."""
    found = []
    for row in family_list(viewer=viewer):
        if row.children and row.next_deadline is not None and row.next_deadline.overdue:
            found.append((row.next_deadline, row))
    return sorted(found, key=lambda pair: (pair[0].due, pair[1].family.pk))


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    title: str
    by: str
    description: str
    # Some events are known only to the day (a prison movement): the page shows no time for them.
    date_only: bool = False


def _who(user: Any) -> str:
    if user is None:
        return "Paramount"
    return user.get_full_name() or user.get_username()


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _identified_event(family: Family) -> TimelineEvent:
    children = family.members.count()
    description = f"{children} {'child' if children == 1 else 'children'} in {family.area}."
    if timezone.localtime(family.created_at).date() == family.identified_on:
        return TimelineEvent(family.created_at, "Family identified", "Paramount", description)
    # Dated to the day it counts from (the demo's families date from their reception day).
    return TimelineEvent(
        _start_of(family.identified_on),
        "Family identified",
        "Paramount",
        description,
        date_only=True,
    )


def family_timeline(family: Family) -> list[TimelineEvent]:
    """Every event of the family's case, oldest first (the MoJ timeline reads newest first)."""
    movement = family.movement
    events = [
        TimelineEvent(
            _start_of(movement.movement_date),
            "Received into prison",
            "HMPPS",
            f"{movement.movement_type.title()} at "
            f"{movement.establishment_name or movement.establishment_code}.",
            date_only=True,
        ),
        _identified_event(family),
    ]
    for event in AuditEvent.objects.filter(
        subject_type=Family._meta.label_lower,
        subject_id=str(family.pk),
        action="outreach.officer_assigned",
    ).select_related("actor"):
        officer = (
            get_user_model().objects.filter(pk=(event.after or {}).get("assigned_officer")).first()
        )
        events.append(
            TimelineEvent(
                event.at,
                "Outreach officer assigned",
                _who(event.actor),
                f"{_who(officer)} will contact the family."
                if officer
                else "An officer was assigned.",
            )
        )
    for decision in family.screening_decisions.select_related("decided_by", "countersigned_by"):
        text = decision.get_outcome_display()
        if decision.reason_code:
            text += f": {decision.get_reason_code_display()}"
        if decision.needs_countersignature:
            text += ". Red flags stood, so a second analyst must countersign."
        events.append(
            TimelineEvent(
                decision.decided_at, "Screening decision", _who(decision.decided_by), text
            )
        )
        if decision.countersigned_at:
            events.append(
                TimelineEvent(
                    decision.countersigned_at,
                    "Countersigned"
                    if decision.countersign_outcome == "AGREED"
                    else "Countersignature refused",
                    _who(decision.countersigned_by),
                    decision.countersign_note or decision.get_countersign_outcome_display(),
                )
            )
    for attempt in family.contact_attempts.select_related("recorded_by"):
        events.append(
            TimelineEvent(
                attempt.attempted_at,
                f"Contact attempt: {attempt.get_method_display().lower()}",
                _who(attempt.recorded_by),
                attempt.get_outcome_display(),
            )
        )
    for consent in family.consents.select_related("recorded_by", "withdrawn_recorded_by"):
        events.append(
            TimelineEvent(
                consent.given_at,
                "Consent given",
                _who(consent.recorded_by),
                f"By {consent.given_by_name} ({consent.relationship_to_child}), "
                f"{consent.get_method_display().lower()}, for {', '.join(consent.covered())}.",
            )
        )
        if consent.withdrawn_at:
            events.append(
                TimelineEvent(
                    consent.withdrawn_at,
                    "Consent withdrawn",
                    _who(consent.withdrawn_recorded_by),
                    f"No longer covers {', '.join(consent.covered())}.",
                )
            )
    for disclosure in family.disclosures.select_related("disclosed_by"):
        events.append(
            TimelineEvent(
                disclosure.disclosed_at,
                f"Information shared with {disclosure.recipient_organisation}",
                _who(disclosure.disclosed_by),
                f"{disclosure.what} Why: {disclosure.why} Basis: {disclosure.get_lawful_basis_display()}.",
            )
        )
    invite = getattr(family, "self_referral", None) if hasattr(family, "self_referral") else None
    if invite is not None and invite.used_at:
        events.append(
            TimelineEvent(
                invite.used_at,
                "Family self-referred",
                invite.contact_name or "The family",
                "Using the reference left with them.",
            )
        )
    referral = getattr(family, "referral", None) if hasattr(family, "referral") else None
    if referral is not None:
        events.append(
            TimelineEvent(
                referral.referred_at,
                f"Referred to {referral.organisation}",
                _who(referral.referred_by),
                f"{referral.get_route_display()}. Police access to the family ended.",
            )
        )
    return sorted(events, key=lambda e: e.at)


def family_view_audit(*, viewer: Any, family: Family, page: str) -> None:
    with transaction.atomic():
        audit.record(
            actor=viewer, action=f"family.{page}_viewed", subject=family, purpose=FAMILY_PURPOSE
        )


@dataclass(frozen=True)
class FamilyActions:
    """What the viewer may do next: the page offers only these, the services check again."""

    screen: bool
    countersign: bool
    assign: bool
    contact: bool
    refer: bool
    share: bool
    withdraw_consent: bool
    open_identifications: bool


def family_actions(*, viewer: Any, family: Family) -> FamilyActions:
    role = viewer_role(viewer)
    analyst = works_in_area(viewer, Role.VRU_ANALYST, family.area)
    officer = role == Role.OUTREACH_OFFICER and family.assigned_officer_id == viewer.pk
    waiting_second = family.state == FamilyState.AWAITING_SECOND_ANALYST
    pending = (
        family.screening_decisions.filter(
            needs_countersignature=True, countersigned_by__isnull=True
        )
        .values_list("decided_by_id", flat=True)
        .first()
    )
    from paramount.outreach.services import ASSIGNABLE_STATES, active_consent

    return FamilyActions(
        screen=analyst
        and family.state in (FamilyState.AWAITING_SCREENING, FamilyState.COORDINATE_WITH_CSC),
        countersign=analyst and waiting_second and pending is not None and pending != viewer.pk,
        assign=analyst and family.state in ASSIGNABLE_STATES,
        contact=officer
        and family.state
        in (
            FamilyState.APPROVED_FOR_CONTACT,
            FamilyState.CONTACT_ATTEMPTED,
            FamilyState.UNREACHABLE,
        ),
        refer=officer
        and family.state == FamilyState.CONSENTED
        and active_consent(family, "referral") is not None,
        share=(analyst or officer) and family.state not in UNDECIDED_CLOSED_STATES,
        withdraw_consent=officer,
        open_identifications=analyst,
    )


@dataclass(frozen=True)
class FamilyDetail:
    family: Family
    children: list
    flags: list
    red_flag_count: int
    decisions: list
    attempts: list
    consents: list
    disclosures: list
    deadlines: list[Deadline]
    self_referral_reference: str
    other_families: list[Family]
    actions: FamilyActions


def family_detail(*, viewer: Any, family: Family) -> FamilyDetail:
    """Everything on the family's page, audited as a view of personal data."""
    from paramount.outreach.services import format_reference

    invite = getattr(family, "self_referral", None) if hasattr(family, "self_referral") else None
    flags = list(family.flags.all())
    detail = FamilyDetail(
        family=family,
        children=[m.identification for m in family.members.select_related("identification")],
        flags=flags,
        red_flag_count=sum(1 for f in flags if f.severity == "RED"),
        decisions=list(
            family.screening_decisions.select_related("decided_by", "countersigned_by").order_by(
                "decided_at", "pk"
            )
        ),
        attempts=list(family.contact_attempts.select_related("recorded_by")),
        consents=list(family.consents.all()),
        disclosures=list(family.disclosures.select_related("disclosed_by")),
        deadlines=family_deadlines(family),
        # The family's reference is theirs and their officer's: nobody else needs it.
        self_referral_reference=format_reference(invite.reference)
        if invite and family.assigned_officer_id == getattr(viewer, "pk", None)
        else "",
        # Children of the same reception who live elsewhere: noted, never merged.
        other_families=list(
            family_queryset(viewer=viewer)
            .filter(movement_id=family.movement_id)
            .exclude(pk=family.pk)
        ),
        actions=family_actions(viewer=viewer, family=family),
    )
    family_view_audit(viewer=viewer, family=family, page="detail")
    return detail
