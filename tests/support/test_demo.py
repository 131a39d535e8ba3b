"""The demo's partner-side staging: every stage reached through the services, history dated in
the past, and a second run changing nothing."""

import pytest
from django.utils import timezone

from paramount.access.services import demo_users_ensure
from paramount.events.models import EventInvitation
from paramount.support.demo import demo_support_stage
from paramount.support.models import (
    MentorAssignment,
    SchoolNotification,
    SupportCase,
    SupportSession,
    WellbeingScore,
)

pytestmark = pytest.mark.django_db


def test_the_demo_stages_each_partner_stage_once(cases):
    demo_users_ensure()
    for _ in range(8):
        cases.at("REFERRED", consent={"covers_school": True})
    staged = demo_support_stage()
    assert staged == {
        "SUPPORTED": 1,
        "CLOSED": 1,
        "SUPPORTED_TEAM": 1,
        "ASSESSED": 1,
        "ALLOCATED": 1,
        "WAITLISTED": 1,
    }
    assert sorted(SupportCase.objects.values_list("state", flat=True)) == sorted(
        ["SUPPORTED", "CLOSED", "SUPPORTED", "ASSESSED", "ALLOCATED", "WAITLISTED"]
    )
    assert WellbeingScore.objects.exists()
    assert MentorAssignment.objects.filter(mentor__username="mentor").count() == 1
    assert SchoolNotification.objects.count() == 1
    assert EventInvitation.objects.exists()
    today = timezone.localdate()
    assert not SupportSession.objects.filter(held_on__gt=today).exists()
    assert not WellbeingScore.objects.filter(scored_on__gt=today).exists()
    # Two referrals stay in the intake, waiting for a decision.
    assert SupportCase.objects.count() == 6
    assert demo_support_stage() == {}
