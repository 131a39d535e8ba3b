"""The pages of groups and events: who sees what, forms that call the services, audited reads.
Every name here is made up."""

import pytest
from django.urls import reverse

from paramount.access.models import AuditEvent, Role
from paramount.events.models import EventInvitation, EventKind, GroupEvent, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentor(make_user):
    return make_user(Role.VOLUNTEER_MENTOR, username="mentor")


@pytest.fixture
def outsiders(make_user, mentor):
    """Everyone who must see no event: a mentor, police, an administrator."""
    return {
        "mentor": mentor,
        "analyst": make_user(Role.VRU_ANALYST, username="vru"),
        "officer": make_user(Role.OUTREACH_OFFICER, username="officer"),
        "admin": make_user(Role.ADMIN, username="admin"),
    }


@pytest.fixture
def shared_event(support, events, make_user):
    """A family day with one family of the support practitioner's and one of another's."""
    event = events.make(EventKind.FAMILY_DAY, capacity=6, title="Farm family day")
    ours = support.at("SUPPORTED", child_first_name="Wren")
    other_practitioner = make_user(Role.CHARITY_PRACTITIONER, username="other_practitioner")
    theirs = support.at("SUPPORTED", practitioner=other_practitioner, child_first_name="Juniper")
    events.invite(event, ours, carer=True)
    events.invite(event, theirs)
    return {"event": event, "ours": ours, "theirs": theirs, "other": other_practitioner}


def test_the_list_shows_upcoming_and_past_events_with_places(support, events, signed_in):
    upcoming = events.make(capacity=12, title="Summer residential")
    events.invite(upcoming, support.at("SUPPORTED"), carer=True)
    past = events.start(events.make(title="Autumn family day"), ended=True)
    page = signed_in(support.manager).get(reverse("events:list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Summer residential" in html and "2 of 12" in html
    assert "Autumn family day" in html
    assert html.index("Summer residential") < html.index("Past events") < html.index(past.title)
    assert "Create an event" in html

    practitioner_page = signed_in(support.practitioner).get(reverse("events:list"))
    assert practitioner_page.status_code == 200
    assert "Create an event" not in practitioner_page.content.decode()


def test_a_manager_creates_an_event_on_the_page(support, signed_in):
    client = signed_in(support.manager)
    assert client.get(reverse("events:new")).status_code == 200
    response = client.post(
        reverse("events:new"),
        {
            "kind": EventKind.PEER_GROUP,
            "title": "Tuesday peer group",
            "description": "Games and talking",
            "starts_at": "2099-01-16 16:00",
            "ends_at": "2099-01-16 17:30",
            "location": "Cowley youth centre",
            "capacity": "8",
        },
    )
    event = GroupEvent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("events:event", args=[event.pk])
    assert event.organisation == "Children Heard and Seen" and event.capacity == 8


def test_the_new_event_form_says_what_is_wrong(support, signed_in):
    response = signed_in(support.manager).post(
        reverse("events:new"),
        {
            "kind": EventKind.ONLINE,
            "title": "Quiz",
            "starts_at": "2099-01-16 18:00",
            "ends_at": "2099-01-16 17:00",
            "location": "Online",
            "capacity": "0",
        },
    )
    assert response.status_code == 200
    assert "An event needs at least one place" in response.content.decode()
    assert not GroupEvent.objects.exists()


def test_mentors_police_and_administrators_see_no_event(support, events, signed_in, outsiders):
    event = events.make()
    for user in outsiders.values():
        client = signed_in(user)
        assert client.get(reverse("events:list")).status_code == 403, user
        assert client.get(reverse("events:new")).status_code == 403, user
        assert client.get(reverse("events:event", args=[event.pk])).status_code == 404, user
        assert client.get(reverse("events:cancel", args=[event.pk])).status_code == 404, user
    assert AuditEvent.objects.filter(
        action="events.access_denied", subject_id=str(event.pk)
    ).count() == 2 * len(outsiders)


def test_a_practitioner_may_not_create_or_cancel(support, events, signed_in):
    event = events.make()
    client = signed_in(support.practitioner)
    assert client.get(reverse("events:new")).status_code == 403
    assert (
        client.post(reverse("events:cancel", args=[event.pk]), {"reason": "x"}).status_code == 403
    )
    event.refresh_from_db()
    assert event.cancelled_at is None


def test_another_organisations_manager_gets_a_404(events, signed_in, make_user):
    event = events.make()
    other = make_user(Role.CHARITY_MANAGER, organisation="Another Charity")
    assert signed_in(other).get(reverse("events:event", args=[event.pk])).status_code == 404


def test_a_practitioner_sees_only_their_own_families_on_an_event(support, signed_in, shared_event):
    event = shared_event["event"]
    page = signed_in(support.practitioner).get(reverse("events:event", args=[event.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert shared_event["ours"].reference in html and "Wren" in html
    assert "Parent or carer" in html
    assert shared_event["theirs"].reference not in html and "Juniper" not in html
    assert "1 more invitation of families other practitioners work with" in html
    assert "3 of 6" in html
    viewed = AuditEvent.objects.get(action="events.event_viewed", actor=support.practitioner)
    ours = EventInvitation.objects.filter(case=shared_event["ours"]).values_list("pk", flat=True)
    assert sorted(viewed.after["invitations"]) == sorted(ours)

    manager_html = signed_in(support.manager).get(reverse("events:event", args=[event.pk]))
    manager_html = manager_html.content.decode()
    assert "Wren" in manager_html and "Juniper" in manager_html
    assert "more invitation" not in manager_html


def test_a_practitioner_invites_their_family_from_the_case(support, events, signed_in):
    event = events.make(EventKind.FAMILY_DAY, title="Beach family day")
    case = support.at("SUPPORTED", child_first_name="Wren")
    child = case.children.get()
    client = signed_in(support.practitioner)
    form = client.get(reverse("events:invite", args=[case.pk]))
    assert form.status_code == 200
    assert "Beach family day" in form.content.decode() and "Wren" in form.content.decode()
    assert AuditEvent.objects.filter(
        action="support.case_viewed", subject_id=str(case.pk), after__page="event_invite"
    ).exists()

    response = client.post(
        reverse("events:invite", args=[case.pk]),
        {"event": str(event.pk), "invitees": [str(child.pk), "carer"]},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("support:case", args=[case.pk])
    assert EventInvitation.objects.filter(event=event, case=case).count() == 2

    case_page = client.get(reverse("support:case", args=[case.pk])).content.decode()
    assert "Groups and events" in case_page and "Beach family day" in case_page
    assert reverse("events:invite", args=[case.pk]) in case_page


def test_the_invite_page_shows_the_services_refusal(support, events, signed_in):
    event = events.make(EventKind.PARENT_GROUP, title="Carers' coffee morning")
    case = support.at("SUPPORTED")
    response = signed_in(support.practitioner).post(
        reverse("events:invite", args=[case.pk]),
        {"event": str(event.pk), "invitees": [str(case.children.get().pk)]},
    )
    assert response.status_code == 200
    assert "for parents and carers only" in response.content.decode()
    assert not EventInvitation.objects.exists()


def test_nobody_else_may_invite_a_family(support, events, signed_in, outsiders, shared_event):
    event = shared_event["event"]
    theirs = shared_event["theirs"]
    for user in [support.practitioner, *outsiders.values()]:
        client = signed_in(user)
        url = reverse("events:invite", args=[theirs.pk])
        assert client.get(url).status_code == 404, user
        assert client.post(url, {"event": str(event.pk), "invitees": ["carer"]}).status_code == 404
    assert not EventInvitation.objects.filter(case=theirs, child=None).exists()


def test_answers_and_attendance_are_recorded_from_the_event_page(support, signed_in, events):
    event = events.make()
    case = support.at("SUPPORTED")
    (invitation,) = events.invite(event, case)
    client = signed_in(support.practitioner)
    page = client.get(reverse("events:event", args=[event.pk])).content.decode()
    assert reverse("events:respond", args=[invitation.pk]) in page
    assert reverse("events:attendance", args=[invitation.pk]) not in page

    response = client.post(
        reverse("events:respond", args=[invitation.pk]), {"response": "DECLINED"}
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.response == Response.DECLINED

    # Too early to say who came: the page says so and nothing changes.
    early = client.post(
        reverse("events:attendance", args=[invitation.pk]), {"attended": "Y"}, follow=True
    )
    assert "record who came once it has started" in early.content.decode()
    invitation.refresh_from_db()
    assert invitation.attended is None

    events.start(event)
    page = client.get(reverse("events:event", args=[event.pk])).content.decode()
    assert reverse("events:attendance", args=[invitation.pk]) in page
    client.post(reverse("events:attendance", args=[invitation.pk]), {"attended": "N"})
    invitation.refresh_from_db()
    assert invitation.attended is False


def test_answers_for_another_practitioners_family_are_a_404(support, signed_in, shared_event):
    theirs = EventInvitation.objects.get(case=shared_event["theirs"])
    client = signed_in(support.practitioner)
    url = reverse("events:respond", args=[theirs.pk])
    assert client.post(url, {"response": "ACCEPTED"}).status_code == 404
    assert (
        client.post(reverse("events:attendance", args=[theirs.pk]), {"attended": "Y"}).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.response == Response.INVITED
    assert (
        AuditEvent.objects.filter(
            action="events.access_denied", subject_type="events.eventinvitation"
        ).count()
        == 2
    )
    assert signed_in(shared_event["other"]).post(url, {"response": "ACCEPTED"}).status_code == 302


def test_a_manager_cancels_an_event(support, signed_in, shared_event):
    event = shared_event["event"]
    client = signed_in(support.manager)
    form = client.get(reverse("events:cancel", args=[event.pk]))
    assert form.status_code == 200 and "3 places are taken" in form.content.decode()
    empty = client.post(reverse("events:cancel", args=[event.pk]), {"reason": ""})
    assert empty.status_code == 200 and "Say why the event is cancelled" in empty.content.decode()
    done = client.post(
        reverse("events:cancel", args=[event.pk]), {"reason": "The farm is closed."}, follow=True
    )
    html = done.content.decode()
    assert "is cancelled" in html and "The farm is closed." in html
    event.refresh_from_db()
    assert event.cancelled_at is not None
