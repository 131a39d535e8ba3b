"""Reads of groups and events, narrowed to the viewer.

- Charity managers and practitioners see their organisation's events; nobody else sees any.
- On an event, a manager sees every invitation of the organisation's cases; a practitioner sees
  who is invited only for the cases they work on (the others are counted, never named).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from paramount.access import audit
from paramount.access.models import CHARITY_ROLES
from paramount.access.selectors import get_or_refuse, membership_for, viewer_role
from paramount.events.models import EventInvitation, GroupEvent, Response
from paramount.support.models import SupportCase
from paramount.support.selectors import case_queryset

PURPOSE = "groups and events for a supported family"


def event_queryset(*, viewer: Any) -> QuerySet[GroupEvent]:
    """The events of the viewer's organisation, each with ``places_taken``."""
    membership = membership_for(viewer)
    if membership is None or viewer_role(viewer) not in CHARITY_ROLES:
        return GroupEvent.objects.none()
    return GroupEvent.objects.filter(organisation=membership.organisation).annotate(
        places_taken=Count("invitations", filter=~Q(invitations__response=Response.DECLINED))
    )


@dataclass(frozen=True)
class EventLists:
    upcoming: list[GroupEvent]
    past: list[GroupEvent]


def event_list(*, viewer: Any) -> EventLists:
    """Events still to end, soonest first, and those that have ended, latest first."""
    now = timezone.now()
    events = event_queryset(viewer=viewer)
    return EventLists(
        upcoming=list(events.filter(ends_at__gt=now).order_by("starts_at", "pk")),
        past=list(events.filter(ends_at__lte=now).order_by("-starts_at", "-pk")),
    )


def access_event(*, viewer: Any, event_id: int) -> GroupEvent:
    """The event if it is of the viewer's organisation; otherwise a 404, audited."""
    return get_or_refuse(
        event_queryset(viewer=viewer),
        viewer=viewer,
        pk=event_id,
        action="events.access_denied",
        message="No event found",
    )


def access_invitation(*, viewer: Any, invitation_id: int) -> EventInvitation:
    """An invitation of a case the viewer works on, to an event of their organisation;
    otherwise a 404, audited."""
    return get_or_refuse(
        EventInvitation.objects.filter(
            event__in=event_queryset(viewer=viewer), case__in=case_queryset(viewer=viewer)
        ).select_related("event", "case", "case__referral", "child"),
        viewer=viewer,
        pk=invitation_id,
        action="events.access_denied",
        message="No invitation found",
    )


@dataclass
class EventDetail:
    event: GroupEvent
    invitations: list[EventInvitation]
    # Invitations of cases the viewer does not work on: counted, not named.
    others: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def places_left(self) -> int:
        return max(self.event.capacity - self.event.places_taken, 0)


def event_detail(*, viewer: Any, event: GroupEvent) -> EventDetail:
    """The event with the invitations the viewer may see; the read is audited (SECURITY 11)."""
    everyone = event.invitations.all()
    visible = list(
        everyone.filter(case__in=case_queryset(viewer=viewer))
        .select_related("case", "child")
        .order_by("case_id", "child_id", "pk")
    )
    counts = {response: everyone.filter(response=response).count() for response in Response.values}
    counts["attended"] = everyone.filter(attended=True).count()
    with transaction.atomic():
        audit.record(
            actor=viewer,
            action="events.event_viewed",
            subject=event,
            purpose=PURPOSE,
            after={"invitations": [i.pk for i in visible]},
        )
    return EventDetail(
        event=event, invitations=visible, others=everyone.count() - len(visible), counts=counts
    )


def case_invitations(*, viewer: Any, case: SupportCase) -> list[EventInvitation]:
    """The family's invitations, for the case page (whose read the case page audits)."""
    if not case_queryset(viewer=viewer).filter(pk=case.pk).exists():
        return []
    return list(
        case.event_invitations.select_related("event", "child").order_by("-event__starts_at", "pk")
    )


def events_open_to_invitations(*, viewer: Any) -> QuerySet[GroupEvent]:
    """The organisation's events still to start and not cancelled."""
    return (
        event_queryset(viewer=viewer)
        .filter(cancelled_at__isnull=True, starts_at__gt=timezone.now())
        .order_by("starts_at", "pk")
    )
