import pytest
from django.contrib.auth import authenticate, get_user_model

from paramount import config
from paramount.access.models import AuditEvent, Membership, Role
from paramount.access.services import DEMO_PASSWORD, DemoUser, demo_users_ensure

pytestmark = pytest.mark.django_db


def test_one_demo_user_per_role_and_a_second_analyst_in_every_area():
    users = demo_users_ensure()
    assert all(isinstance(user, DemoUser) for user in users)
    assert [u.username for u in users] == [
        "analyst",
        "analyst2",
        "outreach",
        "practitioner",
        "manager",
        "mentor",
        "admin",
    ]
    areas = tuple(area.name for area in config.current().areas)
    assert all(user.areas == areas for user in users)
    assert {m.role for m in Membership.objects.all()} == set(Role.values)
    assert (
        Membership.objects.get(user__username="practitioner").organisation
        == "Children Heard and Seen"
    )
    assert Membership.objects.get(user__username="practitioner").team == "Oxfordshire team"
    assert all(user.password == DEMO_PASSWORD for user in users)
    assert authenticate(username="analyst", password=DEMO_PASSWORD) is not None
    assert AuditEvent.objects.filter(action="user.created").count() == 7


def test_running_it_again_changes_nothing():
    first = demo_users_ensure()
    events = AuditEvent.objects.count()
    second = demo_users_ensure()
    assert first == second
    assert get_user_model().objects.count() == 7
    assert AuditEvent.objects.count() == events


def test_the_acting_user_is_recorded(make_user):
    admin = make_user(Role.ADMIN, username="setup_admin")
    demo_users_ensure(acting_user=admin)
    assert AuditEvent.objects.filter(action="user.created", actor=admin).count() == 7
