"""The audit trail can never be edited or anonymised, so it holds ids, codes and counts, never
what identifies a person: no names, no record ids of the sources, no free text a person wrote.
Every name here is made up."""

import pytest

from paramount.access.models import AuditEvent
from paramount.feeds.models import PersonRecord
from paramount.identification.models import Identification

pytestmark = pytest.mark.django_db


def _audited() -> str:
    return " ".join(f"{e.before} {e.after}" for e in AuditEvent.objects.all())


def test_computing_a_familys_flags_audits_the_kinds_of_flag_not_the_records(cases):
    family = cases.at("AWAITING_SCREENING", child_first_name="Zephyrine")
    child = Identification.objects.get(family_member__family=family)
    event = AuditEvent.objects.get(action="screening.flags_computed", subject_id=str(family.pk))
    assert "CHILD_IN_NEED" in event.after["flags"]
    audited = _audited()
    for record in PersonRecord.objects.filter(person_key=child.child_key):
        assert record.record_id not in audited
    assert "Zephyrine" not in audited and "Madeup" not in audited


def test_a_waiting_list_reason_is_not_copied_into_the_audit_trail(support):
    case = support.at("WAITLISTED")
    assert case.waitlist_reason
    event = AuditEvent.objects.get(action="support.referral_accepted", subject_id=str(case.pk))
    assert event.after["waitlist_reason"] is True
    assert case.waitlist_reason not in _audited()
