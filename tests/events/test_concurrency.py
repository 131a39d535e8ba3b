"""Two practitioners inviting to the last place at the same moment: one gets it, the other is
told how many places are left. Every name here is made up."""

import threading

import pytest
from django.db import connection, connections

from paramount.access.models import Role
from paramount.events import services
from paramount.events.models import EventInvitation, GroupEvent
from paramount.events.services import EventError
from paramount.support.models import SupportCase


@pytest.mark.django_db(transaction=True)
def test_two_practitioners_cannot_overfill_an_event(support, events, make_user):
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections need PostgreSQL")
    event = events.make(capacity=1)
    colleague = make_user(Role.CHARITY_PRACTITIONER, username="colleague")
    ours = support.at("SUPPORTED")
    theirs = support.at("SUPPORTED", practitioner=colleague)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def invite(name, user, case_id):
        try:
            case = SupportCase.objects.select_related("referral").get(pk=case_id)
            fresh = GroupEvent.objects.get(pk=event.pk)
            barrier.wait()
            services.invitation_send(
                event=fresh,
                case=case,
                children=list(case.children.all()),
                include_carer=False,
                acting_user=user,
            )
            outcomes[name] = "invited"
        except EventError as error:
            outcomes[name] = str(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=invite, args=("ours", support.practitioner, ours.pk)),
        threading.Thread(target=invite, args=("theirs", colleague, theirs.pk)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results = list(outcomes.values())
    assert len(results) == 2 and results.count("invited") == 1
    (refusal,) = [result for result in results if result != "invited"]
    assert "has 0 places left of 1" in refusal
    assert EventInvitation.objects.filter(event=event).count() == 1
