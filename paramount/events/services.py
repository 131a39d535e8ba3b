"""Writes of groups and events: making and cancelling an event, inviting a family, recording
their answer and whether they came. Each service checks who may act, runs in one transaction and
audits in it. Invitations are counted against the event's places under a lock on the event's
row, so two practitioners inviting at the same moment cannot overfill it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from paramount.access import audit
from paramount.access.selectors import membership_for
from paramount.events.models import EventInvitation, EventKind, GroupEvent, Response
from paramount.support.models import CaseState, SupportCase, SupportChild
from paramount.support.services.cases import (
    SupportError,
    require_consent_standing,
    require_manager,
    require_open,
    require_worker,
)

PURPOSE = "groups and events for a supported family"


class EventError(SupportError):
    """Something the event does not allow; the message says what to do instead."""


@dataclass(frozen=True)
class Audience:
    """Who an event of a kind is for."""

    children: bool
    carers: bool

    def describe(self) -> str:
        if self.children and self.carers:
            return "children and their parents or carers"
        return "children" if self.children else "parents and carers only"


# Who each kind of event is for, as data.
AUDIENCES: dict[str, Audience] = {
    EventKind.PEER_GROUP: Audience(children=True, carers=False),
    EventKind.PARENT_GROUP: Audience(children=False, carers=True),
    EventKind.ONLINE: Audience(children=True, carers=True),
    EventKind.FAMILY_DAY: Audience(children=True, carers=True),
    EventKind.RESIDENTIAL: Audience(children=True, carers=True),
}


def _at(value: datetime) -> str:
    return f"{timezone.localtime(value):%-d %B %Y at %H:%M}"


def places_taken(event: GroupEvent) -> int:
    """Invitations not declined: each holds a place until it is."""
    return event.invitations.exclude(response=Response.DECLINED).count()


def has_started(event: GroupEvent, now: datetime | None = None) -> bool:
    return event.starts_at <= (now or timezone.now())


# --- events -----------------------------------------------------------------------------


@dataclass(frozen=True)
class EventDetails:
    kind: EventKind
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str
    capacity: int
    description: str = ""


def event_create(*, details: EventDetails, acting_user: Any) -> GroupEvent:
    """Put an event on for the manager's organisation."""
    membership = membership_for(acting_user)
    organisation = membership.organisation if membership else ""
    require_manager(acting_user, organisation or "the partner organisation")
    title = details.title.strip()
    location = details.location.strip()
    if not title:
        raise EventError("Give the event a title. Nothing was saved.")
    if not location:
        raise EventError("Say where the event is, or how to join it online. Nothing was saved.")
    if details.ends_at <= details.starts_at:
        raise EventError(
            f"The event would end ({_at(details.ends_at)}) before it starts "
            f"({_at(details.starts_at)}). Nothing was saved: check the times."
        )
    if details.starts_at <= timezone.now():
        raise EventError(
            f"The start, {_at(details.starts_at)}, is in the past. Nothing was saved: events are "
            "put on before they happen."
        )
    if details.capacity < 1:
        raise EventError("An event needs at least one place. Nothing was saved.")
    with transaction.atomic():
        event = GroupEvent.objects.create(
            organisation=organisation,
            kind=details.kind,
            title=title,
            description=details.description.strip(),
            starts_at=details.starts_at,
            ends_at=details.ends_at,
            location=location,
            capacity=details.capacity,
            created_by=acting_user,
            created_at=timezone.now(),
        )
        audit.record(
            actor=acting_user,
            action="events.event_created",
            subject=event,
            purpose=PURPOSE,
            after={
                "kind": event.kind,
                "starts_at": event.starts_at.isoformat(),
                "ends_at": event.ends_at.isoformat(),
                "capacity": event.capacity,
            },
        )
    return event


def event_cancel(*, event: GroupEvent, reason: str, acting_user: Any) -> GroupEvent:
    """Cancel an event that has not ended. Its invitations are kept, so families can be told."""
    require_manager(acting_user, event.organisation)
    reason = (reason or "").strip()
    if not reason:
        raise EventError("Say why the event is cancelled. Nothing was changed.")
    with transaction.atomic():
        locked = GroupEvent.objects.select_for_update().get(pk=event.pk)
        if locked.is_cancelled:
            raise EventError(f"{locked.title} was already cancelled on {_at(locked.cancelled_at)}.")
        if locked.ends_at <= timezone.now():
            raise EventError(f"{locked.title} has already happened, so it cannot be cancelled.")
        locked.cancelled_at, locked.cancelled_by, locked.cancel_reason = (
            timezone.now(),
            acting_user,
            reason,
        )
        locked.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
        audit.record(
            actor=acting_user,
            action="events.event_cancelled",
            subject=locked,
            purpose=PURPOSE,
            before={"cancelled_at": None},
            after={
                "cancelled_at": locked.cancelled_at.isoformat(),
                "invitations_held": places_taken(locked),
            },
        )
    for name in ("cancelled_at", "cancelled_by", "cancel_reason"):
        setattr(event, name, getattr(locked, name))
    return locked


# --- invitations ------------------------------------------------------------------------


def _require_takes_invitations(event: GroupEvent) -> None:
    if event.is_cancelled:
        raise EventError(
            f"{event.title} was cancelled on {_at(event.cancelled_at)}, so it takes no "
            "invitations. Nothing was sent: choose another event."
        )
    if has_started(event):
        raise EventError(
            f"{event.title} started on {_at(event.starts_at)}, so it takes no more invitations. "
            "Nothing was sent: choose an event still to come."
        )


def _require_family_work(case: SupportCase, acting_user: Any) -> None:
    require_worker(acting_user, case)
    require_open(case)
    require_consent_standing(case)


def _invitee_words(child: SupportChild | None) -> str:
    return child.first_name if child is not None else "the parent or carer"


def invitation_send(
    *,
    event: GroupEvent,
    case: SupportCase,
    children: list[SupportChild],
    include_carer: bool,
    acting_user: Any,
) -> list[EventInvitation]:
    """Invite children of the family and, or, their parent or carer to an event: all of them or,
    if any cannot be invited, none."""
    _require_family_work(case, acting_user)
    if event.organisation != case.organisation:
        raise EventError(f"{event.title} is not an event of {case.organisation}. Nothing was sent.")
    for child in children:
        if child.case_id != case.pk:
            raise EventError(f"That child is not part of {case.reference}. Nothing was sent.")
    if not children and not include_carer:
        raise EventError("Choose who to invite: a child, the parent or carer, or both.")
    audience = AUDIENCES[event.kind]
    label = EventKind(event.kind).label
    if children and not audience.children:
        raise EventError(
            f"A {label.lower()} is for parents and carers only: invite the parent or carer, not "
            "the children. Nothing was sent."
        )
    if include_carer and not audience.carers:
        raise EventError(
            f"A {label.lower()} is for children: invite the children, not the parent or carer. "
            "Nothing was sent."
        )
    invitees: list[SupportChild | None] = list(children) + ([None] if include_carer else [])
    with transaction.atomic():
        locked = GroupEvent.objects.select_for_update().get(pk=event.pk)
        _require_takes_invitations(locked)
        existing = EventInvitation.objects.filter(event=locked, case=case)
        already = [_invitee_words(i) for i in invitees if existing.filter(child=i).exists()]
        if already:
            raise EventError(
                f"{', '.join(already).capitalize()} already invited to {locked.title} "
                f"({'is' if len(already) == 1 else 'are'} on its list). Nothing was sent: "
                "record their answer on the event's page instead."
            )
        left = locked.capacity - places_taken(locked)
        if len(invitees) > left:
            raise EventError(
                f"{locked.title} has {left} place{'s' if left != 1 else ''} left of "
                f"{locked.capacity}, and you asked for {len(invitees)}. Nothing was sent: invite "
                "fewer people, or ask families who cannot come to decline so their places free up."
            )
        now = timezone.now()
        invitations = [
            EventInvitation.objects.create(
                event=locked, case=case, child=child, invited_by=acting_user, invited_at=now
            )
            for child in invitees
        ]
        for invitation in invitations:
            audit.record(
                actor=acting_user,
                action="events.invitation_sent",
                subject=invitation,
                purpose=PURPOSE,
                after={
                    "event": locked.pk,
                    "case": case.pk,
                    "child": invitation.child_id,
                    "places_taken": locked.capacity - left + len(invitations),
                },
            )
    return invitations


def invitation_respond(
    *, invitation: EventInvitation, response: Response, acting_user: Any
) -> EventInvitation:
    """Record the family's answer. Declining frees the place; accepting after declining needs
    a place to be free again."""
    if response not in (Response.ACCEPTED, Response.DECLINED):
        raise EventError("Record whether they are coming or not coming.")
    _require_family_work(invitation.case, acting_user)
    with transaction.atomic():
        event = GroupEvent.objects.select_for_update().get(pk=invitation.event_id)
        locked = EventInvitation.objects.select_for_update().get(pk=invitation.pk)
        if event.is_cancelled:
            raise EventError(
                f"{event.title} was cancelled on {_at(event.cancelled_at)}: there is nothing to "
                "answer. Nothing was recorded."
            )
        if has_started(event):
            raise EventError(
                f"{event.title} has started: record whether they came instead of their answer."
            )
        before = {"response": locked.response}
        if response == Response.ACCEPTED and not locked.takes_a_place:
            left = event.capacity - places_taken(event)
            if left < 1:
                raise EventError(
                    f"{event.title} is full ({event.capacity} places taken), so "
                    f"{_invitee_words(locked.child)} cannot have a place back. Their answer is "
                    "still 'not coming': ask another family whether they can still come."
                )
        locked.response = response
        locked.responded_at = timezone.now()
        locked.response_recorded_by = acting_user
        locked.save(update_fields=["response", "responded_at", "response_recorded_by"])
        audit.record(
            actor=acting_user,
            action="events.invitation_responded",
            subject=locked,
            purpose=PURPOSE,
            before=before,
            after={"response": locked.response, "event": event.pk, "case": locked.case_id},
        )
    return locked


def attendance_record(
    *, invitation: EventInvitation, attended: bool, acting_user: Any
) -> EventInvitation:
    """Record whether the invitee came, once the event has started (a correction is audited
    with what it replaced)."""
    case = invitation.case
    # The organisation's managers as well as the family's practitioners (may_work_on).
    require_worker(acting_user, case)
    require_open(case)
    require_consent_standing(case)
    with transaction.atomic():
        locked = (
            EventInvitation.objects.select_for_update()
            .select_related("event")
            .get(pk=invitation.pk)
        )
        event = locked.event
        if event.is_cancelled:
            raise EventError(f"{event.title} was cancelled: nobody attended it.")
        if not has_started(event):
            raise EventError(
                f"{event.title} starts on {_at(event.starts_at)}: record who came once it has "
                "started. Nothing was recorded."
            )
        before = {"attended": locked.attended}
        locked.attended = attended
        locked.attendance_recorded_by = acting_user
        locked.attendance_recorded_at = timezone.now()
        locked.save(update_fields=["attended", "attendance_recorded_by", "attendance_recorded_at"])
        audit.record(
            actor=acting_user,
            action="events.attendance_recorded",
            subject=locked,
            purpose=PURPOSE,
            before=before,
            after={"attended": attended, "event": event.pk, "case": locked.case_id},
        )
    return locked


def may_invite(case: SupportCase) -> bool:
    """Whether the family can be invited at all (the page offers the link only then)."""
    return case.state != CaseState.CLOSED and case.referral.consent_withdrawn_at is None
