"""Identified children become family cases; the flags the data raises, with their sources."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from paramount.access.models import AuditEvent
from paramount.families.deadlines import add_working_days
from paramount.families.models import Family, FamilyState
from paramount.families.selectors import family_detail, overdue_families
from paramount.families.services import families_sync
from paramount.feeds.models import PersonRecord
from paramount.identification.models import ReceptionMatch
from paramount.screening.models import ScreeningFlag

pytestmark = pytest.mark.django_db


def test_siblings_at_one_address_are_one_family_and_a_child_elsewhere_another(
    identifications, cases
):
    first = identifications.build(child_first_name="Ada", child_postcode="OX4 3TP")
    movement = first.movement
    identifications.build(movement=movement, child_first_name="Bea", child_postcode="ox43tp")
    identifications.build(movement=movement, child_first_name="Cal", child_postcode="OX2 6GG")
    assert families_sync() == 2
    together = Family.objects.get(household_key="OX43TP")
    assert sorted(m.identification.child_first_name for m in together.members.all()) == [
        "Ada",
        "Bea",
    ]
    apart = Family.objects.get(household_key="OX26GG")
    detail = family_detail(viewer=cases.analyst, family=together)
    assert detail.other_families == [apart]
    # Safe to run again: nothing more is made.
    assert families_sync() == 0
    assert Family.objects.count() == 2


def test_a_match_waiting_for_review_makes_no_family_until_confirmed(identifications):
    waiting = identifications.build(band="REVIEW")
    assert families_sync() == 0
    ReceptionMatch.objects.filter(pk=waiting.reception_match_id).update(
        review_state="CONFIRMED_BY_ANALYST"
    )
    assert families_sync() == 1


def test_a_family_whose_match_is_rejected_is_withdrawn(identifications):
    identification = identifications.build()
    families_sync()
    identification.status = "REJECTED"
    identification.save()
    families_sync()
    family = Family.objects.get()
    assert family.state == FamilyState.WITHDRAWN
    assert AuditEvent.objects.filter(action="family.withdrawn", subject_id=str(family.pk)).exists()


def test_flags_say_where_they_come_from(identifications):
    identification = identifications.build(pprc_flag="Y")
    movement = identification.movement
    movement.offence_category = "DOMESTIC_ABUSE"
    movement.postcode = "NFA"
    movement.save()
    child_record = PersonRecord.objects.get(source="OXON_CSC", person_key=identification.child_key)
    child_record.csc_status = "CP_PLAN"
    child_record.save()
    families_sync()
    flags = {f.code: f for f in ScreeningFlag.objects.all()}
    assert set(flags) == {
        "PPRC",
        "DOMESTIC_ABUSE_OR_SEXUAL",
        "CHILD_PROTECTION_PLAN",
        "NO_FIXED_ABODE",
        "REMAND",
    }
    assert flags["PPRC"].severity == "RED"
    assert flags["PPRC"].source == f"prison movement {movement.movement_id}"
    assert flags["CHILD_PROTECTION_PLAN"].source == child_record.reference
    assert "Jo Madeup" in flags["CHILD_PROTECTION_PLAN"].detail
    assert flags["REMAND"].severity == "AMBER"


def test_a_recall_or_a_second_reception_with_an_open_case_is_flagged(identifications):
    first = identifications.build()
    families_sync()
    again = identifications.build()
    again.movement.prison_number = first.movement.prison_number
    again.movement.movement_type = "RECALL"
    again.movement.save()
    families_sync()
    family = Family.objects.get(members__identification=again)
    sources = sorted(f.source for f in family.flags.filter(code="REPEAT_WITH_OPEN_CASE"))
    assert sources == sorted(
        [
            f"family {Family.objects.get(members__identification=first).reference}",
            f"prison movement {again.movement.movement_id}",
        ]
    )


def test_a_child_not_living_with_the_prisoner_is_flagged(identifications):
    identification = identifications.build()
    identification.lives_with_child = "N"
    identification.save()
    families_sync()
    assert ScreeningFlag.objects.filter(code="NOT_LIVING_WITH_CHILD").count() == 1


def test_overdue_screening_shows_on_the_analysts_list(cases):
    family = cases.family()
    identified = timezone.localdate() - timedelta(days=14)
    Family.objects.filter(pk=family.pk).update(identified_on=identified)
    overdue = overdue_families(viewer=cases.analyst)
    assert [(d.what, d.due, row.family.pk) for d, row in overdue] == [
        ("Screening", add_working_days(identified, 1), family.pk)
    ]
    # The officer has nothing overdue: the family is not theirs (nor approved yet).
    assert overdue_families(viewer=cases.officer) == []


def test_nothing_is_overdue_when_identified_today(cases):
    cases.family()
    assert overdue_families(viewer=cases.analyst) == []


def test_first_contact_deadline_counts_working_days(cases):
    from paramount.families.selectors import family_deadlines

    family = cases.at("APPROVED_FOR_CONTACT")
    Family.objects.filter(pk=family.pk).update(identified_on=date(2026, 12, 23))
    family.refresh_from_db()
    screening, first_contact, referral = family_deadlines(family)
    assert screening.due == date(2026, 12, 24)
    assert first_contact.due == date(2026, 12, 30)  # over Christmas and Boxing Day (observed)
    assert referral.due == date(2027, 1, 11)  # and New Year's Day
    assert first_contact.applies and first_contact.done_on is None
    assert screening.done_on == timezone.localdate()
