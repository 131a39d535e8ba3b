"""Invitations and their events are in the family's subject access export. Made-up people."""

import pytest

from paramount.events.models import EventKind
from paramount.identification.models import Identification
from paramount.privacy.services import subject_access_export

pytestmark = pytest.mark.django_db


def test_the_childs_export_has_the_familys_invitations_and_their_events(support, events):
    family_day = events.make(EventKind.FAMILY_DAY, title="Farm family day")
    parent_group = events.make(EventKind.PARENT_GROUP, title="Carers' coffee morning")
    elsewhere = events.make(EventKind.PEER_GROUP, title="Another family's group")
    case = support.at("SUPPORTED")
    invited = events.invite(family_day, case, carer=True)
    invited += events.invite(parent_group, case, children=[], carer=True)
    events.invite(elsewhere, support.at("SUPPORTED"))

    child_key = Identification.objects.get(family_member__family=case.referral.family).child_key
    sections = subject_access_export(
        person_key=child_key, acting_user=support.cases.analyst
    ).document["sections"]

    rows = sections["events.EventInvitation"]["rows"]
    assert sorted(row["id"] for row in rows) == sorted(i.pk for i in invited)
    assert {row["fields"]["response"] for row in rows} == {"INVITED"}
    events_rows = sections["events.GroupEvent"]["rows"]
    assert sorted(row["fields"]["title"] for row in events_rows) == [
        "Carers' coffee morning",
        "Farm family day",
    ]
