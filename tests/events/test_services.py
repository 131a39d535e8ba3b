"""Groups and events: places, who each kind is for, who may act, and the audit of every change.
Every name here is made up."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from paramount.access.models import AuditEvent, Role
from paramount.events import services
from paramount.events.models import EventInvitation, EventKind, GroupEvent, Response
from paramount.events.services import EventError
from paramount.support.models import SupportCase
from paramount.support.services.cases import SupportError

pytestmark = pytest.mark.django_db


def _actions(subject_type):
    return list(
        AuditEvent.objects.filter(subject_type=subject_type)
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- places -----------------------------------------------------------------------------


def test_inviting_at_the_limit_is_refused_saying_how_many_places_are_left(support, events):
    event = events.make(capacity=2)
    first, second, third = (support.at("SUPPORTED") for _ in range(3))
    events.invite(event, first)
    events.invite(event, second)
    assert services.places_taken(event) == 2

    with pytest.raises(EventError, match=r"has 0 places left of 2, and you asked for 1"):
        events.invite(event, third)
    assert not EventInvitation.objects.filter(case=third).exists()


def test_a_family_bigger_than_the_places_left_gets_none_of_them(support, events):
    event = events.make(capacity=2)
    events.invite(event, support.at("SUPPORTED"))
    family = support.at("SUPPORTED")
    with pytest.raises(EventError, match=r"has 1 place left of 2, and you asked for 2"):
        events.invite(event, family, carer=True)
    # All or nothing: the child was not invited on their own.
    assert not EventInvitation.objects.filter(case=family).exists()


def test_a_declined_place_frees_one_for_another_family(support, events):
    event = events.make(capacity=1)
    first, second = support.at("SUPPORTED"), support.at("SUPPORTED")
    (invitation,) = events.invite(event, first)
    with pytest.raises(EventError, match="0 places left"):
        events.invite(event, second)

    services.invitation_respond(
        invitation=invitation, response=Response.DECLINED, acting_user=support.practitioner
    )
    assert services.places_taken(event) == 0
    (later,) = events.invite(event, second)
    assert later.response == Response.INVITED

    # The first family changes its mind, but the place has gone.
    with pytest.raises(EventError, match="is full .* cannot have a place back"):
        services.invitation_respond(
            invitation=invitation, response=Response.ACCEPTED, acting_user=support.manager
        )
    invitation.refresh_from_db()
    assert invitation.response == Response.DECLINED


def test_the_capacity_must_be_at_least_one_in_the_database_too(support, events):
    event = events.make()
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupEvent.objects.filter(pk=event.pk).update(capacity=0)


# --- who each kind of event is for ------------------------------------------------------


def test_a_parent_group_is_for_the_carer_only(support, events):
    event = events.make(EventKind.PARENT_GROUP)
    case = support.at("SUPPORTED")
    with pytest.raises(EventError, match="for parents and carers only"):
        events.invite(event, case, carer=True)
    (invitation,) = events.invite(event, case, children=[], carer=True)
    assert invitation.child is None


def test_a_peer_group_is_for_children_only(support, events):
    event = events.make(EventKind.PEER_GROUP)
    case = support.at("SUPPORTED")
    with pytest.raises(EventError, match="is for children: invite the children, not the parent"):
        events.invite(event, case, carer=True)
    (invitation,) = events.invite(event, case)
    assert invitation.child == case.children.get()


@pytest.mark.parametrize("kind", [EventKind.FAMILY_DAY, EventKind.RESIDENTIAL])
def test_family_days_and_residentials_take_children_and_carers(support, events, kind):
    event = events.make(kind)
    invitations = events.invite(event, support.at("SUPPORTED"), carer=True)
    assert [i.child is None for i in invitations] == [False, True]


def test_someone_already_invited_is_not_invited_twice(support, events):
    event = events.make()
    case = support.at("SUPPORTED")
    events.invite(event, case, carer=True)
    child = case.children.get()
    with pytest.raises(EventError, match=f"{child.first_name} already invited"):
        events.invite(event, case)
    # The database refuses a second carer invitation too, though the child is empty.
    with pytest.raises(IntegrityError), transaction.atomic():
        EventInvitation.objects.create(
            event=event, case=case, invited_by=support.manager, invited_at=timezone.now()
        )


def test_nobody_chosen_is_refused(support, events):
    with pytest.raises(EventError, match="Choose who to invite"):
        events.invite(events.make(), support.at("SUPPORTED"), children=[])


# --- who may act ------------------------------------------------------------------------


def test_only_a_manager_creates_or_cancels_an_event(support, events, make_user):
    with pytest.raises(SupportError, match="Only a manager"):
        services.event_create(
            details=services.EventDetails(
                kind=EventKind.ONLINE,
                title="Games night",
                starts_at=timezone.now() + timedelta(days=1),
                ends_at=timezone.now() + timedelta(days=1, hours=1),
                location="Online",
                capacity=8,
            ),
            acting_user=support.practitioner,
        )
    event = events.make()
    with pytest.raises(SupportError, match="Only a manager"):
        services.event_cancel(event=event, reason="Snow", acting_user=support.practitioner)
    other = make_user(Role.CHARITY_MANAGER, organisation="Another Charity")
    with pytest.raises(SupportError, match="Only a manager of Children Heard and Seen"):
        services.event_cancel(event=event, reason="Snow", acting_user=other)


def test_a_practitioner_of_another_case_cannot_invite_it(support, events, make_user):
    event = events.make()
    theirs = make_user(Role.CHARITY_PRACTITIONER, username="other_practitioner")
    case = support.at("SUPPORTED", practitioner=theirs)
    with pytest.raises(SupportError, match="practitioners allocated to"):
        events.invite(event, case, acting_user=support.practitioner)
    (invitation,) = events.invite(event, case, acting_user=theirs)
    with pytest.raises(SupportError, match="practitioners allocated to"):
        services.invitation_respond(
            invitation=invitation, response=Response.ACCEPTED, acting_user=support.practitioner
        )
    mentor = make_user(Role.VOLUNTEER_MENTOR)
    with pytest.raises(SupportError):
        events.invite(event, case, acting_user=mentor)


def test_a_closed_case_or_one_whose_consent_was_withdrawn_is_not_invited(support, events):
    event = events.make()
    with pytest.raises(SupportError, match="is closed: reopen it first"):
        events.invite(event, support.at("CLOSED"))
    case = support.at("SUPPORTED")
    case.referral.consent_withdrawn_at = timezone.now()
    case.referral.save(update_fields=["consent_withdrawn_at"])
    case = SupportCase.objects.get(pk=case.pk)
    with pytest.raises(SupportError, match="withdrew consent"):
        events.invite(event, case)
    assert not EventInvitation.objects.exists()


def test_an_event_of_another_organisation_takes_none_of_our_families(support, events, make_user):
    other = make_user(Role.CHARITY_MANAGER, organisation="Another Charity")
    starts_at = timezone.now() + timedelta(days=2)
    theirs = services.event_create(
        details=services.EventDetails(
            kind=EventKind.FAMILY_DAY,
            title="Their picnic",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            location="Elsewhere",
            capacity=5,
        ),
        acting_user=other,
    )
    assert theirs.organisation == "Another Charity"
    with pytest.raises(EventError, match="is not an event of Children Heard and Seen"):
        events.invite(theirs, support.at("SUPPORTED"))


# --- cancelled, past, started -----------------------------------------------------------


def test_a_cancelled_event_takes_no_invitations_and_keeps_the_ones_it_had(support, events):
    event = events.make()
    first = support.at("SUPPORTED")
    events.invite(event, first)
    with pytest.raises(EventError, match="Say why"):
        services.event_cancel(event=event, reason=" ", acting_user=support.manager)
    services.event_cancel(event=event, reason="The venue flooded.", acting_user=support.manager)
    event.refresh_from_db()
    assert event.cancelled_at is not None and event.cancelled_by == support.manager
    assert EventInvitation.objects.filter(event=event).count() == 1

    with pytest.raises(EventError, match="was cancelled on .* takes no invitations"):
        events.invite(event, support.at("SUPPORTED"))
    with pytest.raises(EventError, match="already cancelled"):
        services.event_cancel(event=event, reason="Again", acting_user=support.manager)
    with pytest.raises(EventError, match="was cancelled"):
        services.invitation_respond(
            invitation=EventInvitation.objects.get(event=event),
            response=Response.ACCEPTED,
            acting_user=support.manager,
        )


def test_an_event_that_has_started_takes_no_invitations_and_no_answers(support, events):
    event = events.make()
    case = support.at("SUPPORTED")
    (invitation,) = events.invite(event, case)
    events.start(event)
    with pytest.raises(EventError, match="takes no more invitations"):
        events.invite(event, support.at("SUPPORTED"))
    with pytest.raises(EventError, match="record whether they came instead"):
        services.invitation_respond(
            invitation=invitation, response=Response.DECLINED, acting_user=support.manager
        )


def test_attendance_is_recorded_only_once_the_event_has_started(support, events):
    event = events.make()
    (invitation,) = events.invite(event, support.at("SUPPORTED"))
    with pytest.raises(EventError, match="record who came once it has started"):
        services.attendance_record(
            invitation=invitation, attended=True, acting_user=support.practitioner
        )
    invitation.refresh_from_db()
    assert invitation.attended is None

    events.start(event, ended=True)
    services.attendance_record(
        invitation=invitation, attended=True, acting_user=support.practitioner
    )
    invitation.refresh_from_db()
    assert invitation.attended is True
    assert invitation.attendance_recorded_by == support.practitioner
    # A manager corrects it; the audit keeps what it replaced.
    services.attendance_record(invitation=invitation, attended=False, acting_user=support.manager)
    last = AuditEvent.objects.filter(action="events.attendance_recorded").order_by("id").last()
    assert last.before == {"attended": True} and last.after["attended"] is False


def test_an_event_cannot_end_before_it_starts_or_start_in_the_past(support):
    now = timezone.now()
    details = dict(kind=EventKind.ONLINE, title="Quiz", location="Online", capacity=4)
    with pytest.raises(EventError, match="would end .* before it starts"):
        services.event_create(
            details=services.EventDetails(
                starts_at=now + timedelta(days=1), ends_at=now + timedelta(hours=1), **details
            ),
            acting_user=support.manager,
        )
    with pytest.raises(EventError, match="is in the past"):
        services.event_create(
            details=services.EventDetails(
                starts_at=now - timedelta(days=1), ends_at=now + timedelta(hours=1), **details
            ),
            acting_user=support.manager,
        )
    assert not GroupEvent.objects.exists()


def test_the_database_refuses_an_event_that_ends_before_it_starts(support, events):
    event = events.make()
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupEvent.objects.filter(pk=event.pk).update(ends_at=event.starts_at)


# --- the audit trail --------------------------------------------------------------------


def test_every_change_is_audited_without_names(support, events):
    event = events.make(capacity=3)
    case = support.at("SUPPORTED")
    child = case.children.get()
    (child_invitation, carer_invitation) = events.invite(event, case, carer=True)
    services.invitation_respond(
        invitation=child_invitation, response=Response.ACCEPTED, acting_user=support.practitioner
    )
    services.invitation_respond(
        invitation=carer_invitation, response=Response.DECLINED, acting_user=support.practitioner
    )
    events.start(event, ended=True)
    services.attendance_record(
        invitation=child_invitation, attended=True, acting_user=support.practitioner
    )
    other = events.make()
    services.event_cancel(event=other, reason="Not enough interest.", acting_user=support.manager)

    assert _actions("events.groupevent") == [
        "events.event_created",
        "events.event_created",
        "events.event_cancelled",
    ]
    assert _actions("events.eventinvitation") == [
        "events.invitation_sent",
        "events.invitation_sent",
        "events.invitation_responded",
        "events.invitation_responded",
        "events.attendance_recorded",
    ]
    declined = AuditEvent.objects.get(
        action="events.invitation_responded", subject_id=str(carer_invitation.pk)
    )
    assert declined.before == {"response": "INVITED"}
    assert declined.after["response"] == "DECLINED"
    assert declined.actor == support.practitioner
    for row in AuditEvent.objects.filter(action__startswith="events."):
        text = f"{row.before} {row.after}"
        assert child.first_name not in text and child.last_name not in text


def test_a_refused_invitation_leaves_no_audit_row(support, events):
    event = events.make(capacity=1)
    events.invite(event, support.at("SUPPORTED"))
    before = AuditEvent.objects.filter(action="events.invitation_sent").count()
    with pytest.raises(EventError):
        events.invite(event, support.at("SUPPORTED"))
    assert AuditEvent.objects.filter(action="events.invitation_sent").count() == before
