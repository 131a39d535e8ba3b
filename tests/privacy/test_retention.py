"""Retention (SECURITY 17): a time-travel test. Every name here is made up."""

import itertools
from datetime import timedelta

import pytest
from conftest import IdentificationBuilder
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from paramount.access.models import AuditEvent, SignInFailure
from paramount.families.models import Family
from paramount.feeds.models import PersonRecord, QuarantinedRow
from paramount.identification.models import Identification
from paramount.privacy.models import IdentificationMonthlyCount, RetentionDecision
from paramount.privacy.registry import REGISTRY
from paramount.privacy.retention import RULES, retention_run

pytestmark = pytest.mark.django_db

# Past every period but that of the aggregate counts.
YEARS_LATER = 2200


def _recent(builder: IdentificationBuilder, today):
    """An identification, with its records, dated just before ``today``: within retention."""
    builder._numbers = itertools.count(900)  # apart from the other builder's numbers
    identification = builder.build(child_first_name="Wren", child_last_name="Withinperiod")
    recently = timezone.now() + timedelta(days=YEARS_LATER - 10)
    batch = builder.batch()
    batch.received_at = recently
    batch.save()
    run = builder.run()
    run.started_at = recently
    run.save()
    Identification.objects.filter(pk=identification.pk).update(created_at=recently)
    return identification


def _person_rows(identification):
    return PersonRecord.objects.filter(
        person_key__in=[identification.child_key, identification.reception_match.adult_person_key]
    )


def _records_named(first_name):
    """Local records by name (an anonymised identification no longer carries the key)."""
    return PersonRecord.objects.filter(first_name=first_name)


def test_records_past_retention_go_those_within_stay_open_cases_untouched_counts_kept(cases):
    closed = cases.at("DECLINED")
    open_case = cases.at("AWAITING_SCREENING")
    closed_child = Identification.objects.get(family_member__family=closed)
    open_child = Identification.objects.get(family_member__family=open_case)
    # Found but not yet made into a case: follows the identification period.
    uncased = cases.identifications.build(child_first_name="Lonan", child_last_name="Nocase")
    batch = closed.movement.batch
    QuarantinedRow.objects.create(batch=batch, row_number=3, reason="bad date", raw={"a": "x"})
    SignInFailure.objects.create(account_hash="0" * 64, at=timezone.now())
    today = timezone.localdate() + timedelta(days=YEARS_LATER)
    recent = _recent(IdentificationBuilder(), today)
    before_counts = Identification.objects.filter(area="Oxford").count()
    open_before = (open_case.household_key, open_child.child_first_name, open_child.child_key)

    # A dry run says what would happen and changes nothing.
    dry = {d.model: d.count for d in retention_run(today=today, apply=False)}
    assert dry["feeds.QuarantinedRow"] == 1
    assert dry["families.Family"] == 1
    assert QuarantinedRow.objects.count() == 1
    assert not RetentionDecision.objects.exists()

    applied = {d.model: d.count for d in retention_run(today=today, apply=True)}
    assert applied == dry

    # Past retention: deleted or anonymised.
    assert not QuarantinedRow.objects.exists()
    assert not SignInFailure.objects.exists()
    assert not _person_rows(closed_child).exists()
    closed.refresh_from_db()
    closed_child.refresh_from_db()
    assert closed.household_key.startswith("anonymised:")
    assert closed.state == "DECLINED"
    assert closed_child.child_first_name == "" and closed_child.child_postcode == ""
    assert closed_child.child_key.startswith("anonymised:")
    assert closed.movement.__class__.objects.get(pk=closed.movement_id).last_name == "anonymised"
    uncased.refresh_from_db()
    assert uncased.child_first_name == "" and not _records_named("Lonan").exists()
    # Within retention: kept as it was.
    recent.refresh_from_db()
    assert recent.child_first_name == "Wren"
    assert _person_rows(recent).count() == 4
    # Open case: untouched, whatever its age.
    open_case.refresh_from_db()
    open_child.refresh_from_db()
    assert (open_case.household_key, open_child.child_first_name, open_child.child_key) == (
        open_before
    )
    assert _person_rows(open_child).count() == 4
    # Counts kept: identifications still counted, and the aggregate table matches.
    assert Identification.objects.filter(area="Oxford").count() == before_counts
    total = IdentificationMonthlyCount.objects.filter(area="Oxford").aggregate(
        n=Sum("identifications")
    )["n"]
    assert total == before_counts
    # Each decision stored and audited.
    decisions = RetentionDecision.objects.all()
    assert {d.model for d in decisions} == {m for m, n in applied.items() if n}
    assert AuditEvent.objects.filter(action="privacy.retention_applied").count() == len(decisions)
    family_decision = decisions.get(model="families.Family")
    assert (family_decision.action, family_decision.count) == ("ANONYMISE", 1)

    # A second run changes nothing.
    again = retention_run(today=today, apply=True)
    assert all(d.count == 0 for d in again)
    assert RetentionDecision.objects.count() == len(decisions)
    assert IdentificationMonthlyCount.objects.aggregate(n=Sum("identifications"))["n"] == total


def test_nothing_is_due_on_the_day_records_arrive(cases):
    cases.at("DECLINED")
    decisions = retention_run(today=timezone.localdate(), apply=True)
    assert all(d.count == 0 for d in decisions)
    assert Family.objects.filter(household_key__startswith="anonymised:").count() == 0


def test_audit_events_are_never_deleted_by_retention(cases):
    cases.at("DECLINED")
    events = AuditEvent.objects.count()
    retention_run(today=timezone.localdate() + timedelta(days=40000), apply=True)
    assert AuditEvent.objects.filter(action="privacy.retention_applied").exists()
    assert AuditEvent.objects.count() > events
    assert RULES["access.AuditEvent"].due is None


def test_every_rule_names_a_registry_model():
    assert set(RULES) <= set(REGISTRY)


def test_the_command_prints_a_dry_run_and_applies(cases, capsys):
    cases.at("DECLINED")
    today = (timezone.localdate() + timedelta(days=YEARS_LATER)).isoformat()
    call_command("privacy", "retention", "--today", today)
    out = capsys.readouterr().out
    assert "families.Family [case_records]: 1 would be anonymised" in out
    assert "dry run" in out
    assert Family.objects.filter(household_key__startswith="anonymised:").count() == 0
    call_command("privacy", "retention", "--today", today, "--apply")
    assert "families.Family [case_records]: 1 anonymised" in capsys.readouterr().out
    assert Family.objects.filter(household_key__startswith="anonymised:").count() == 1
