"""Retention (SECURITY 17): a time-travel test. Every name here is made up."""

import itertools
import os
from datetime import datetime, timedelta

import pytest
from conftest import IdentificationBuilder
from django.apps import apps
from django.core.management import call_command
from django.db.models import CharField, DateField, JSONField, Sum, TextField
from django.utils import timezone

from paramount.access.models import AuditEvent, SignInFailure
from paramount.config import current as current_config
from paramount.families.models import Family
from paramount.feeds.models import PersonRecord, QuarantinedRow
from paramount.identification.models import Identification
from paramount.privacy.models import IdentificationMonthlyCount, RetentionAction, RetentionDecision
from paramount.privacy.registry import FILE_STORES, REGISTRY, personal_models
from paramount.privacy.retention import BACKSTOPS, RULES, retention_run

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
    # Worked on just before ``today``: not left open, so the backstop leaves it alone.
    Family.objects.filter(pk=open_case.pk).update(
        state_changed_at=timezone.now() + timedelta(days=YEARS_LATER - 10)
    )
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
    # Open case still worked on: untouched, however long ago it was identified.
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


# --- Every model, every copy ----------------------------------------------------------------


def test_every_model_holding_personal_data_has_a_rule_of_its_own_that_acts_or_says_why():
    for label in personal_models():
        assert label in RULES, f"{label} holds personal data and has no retention rule"
        rule = RULES[label]
        if rule.action == RetentionAction.KEEP:
            assert rule.due is None and len(rule.reason) > 30, label
        else:
            assert rule.due is not None and rule.act is not None, label
    configured = set(current_config().retention.categories)
    for store in FILE_STORES:
        assert store.retention in configured, store.name
    for rule in BACKSTOPS.values():
        assert rule.category in configured


# Distinctive made-up names, so that no staff name or fixed text can match them.
CHILD = ("Zephyrine", "Quobbleworth")
CARER = ("Hepzibah Quobbleworth", "07700 900777")
PRISONER = "Blunderbore"
SCHOOL = ("Nowhere Primary", "Orla Pinchbeck")
LEFT_OPEN_FAMILY = ("Thaddeus", "Wolfbarrow")
LEFT_OPEN_SUPPORT = ("Isolde", "Grumblethorpe")
WORKER = "Jo Madeup"  # the children's social worker on the builder's records


def _text_values(row):
    for field in row._meta.concrete_fields:
        if isinstance(field, CharField | TextField | JSONField):
            value = getattr(row, field.attname)
            if value not in (None, "", [], {}):
                yield field.name, str(value)


def _held_anywhere(needles, dates):
    """Every (model, field) of every Paramount table, audit trail included, holding one of the
    needles (case-insensitive) or one of the dates."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("paramount."):
            continue
        for model in config.get_models():
            for row in model.objects.all():
                for name, text in _text_values(row):
                    lowered = text.lower()
                    found += [
                        f"{model._meta.label}.{name}: {needle}"
                        for needle in needles
                        if needle.lower() in lowered
                    ]
                    found += [
                        f"{model._meta.label}.{name}: {d}" for d in dates if d.isoformat() in text
                    ]
                for field in row._meta.concrete_fields:
                    if isinstance(field, DateField) and getattr(row, field.attname) in dates:
                        found.append(f"{model._meta.label}.{field.name}: a date of birth")
    return found


def test_after_retention_no_row_anywhere_identifies_anyone_whose_period_has_run_out(cases, support):
    from paramount.outreach.models import ContactAttempt, Disclosure
    from paramount.screening.models import ScreeningDecision
    from paramount.support.models import SessionKind
    from paramount.support.services import cases as support_cases
    from paramount.support.services import school, sessions

    case = support.at(
        "SUPPORTED",
        child_first_name=CHILD[0],
        child_last_name=CHILD[1],
        child_postcode="OX4 7QZ",
        prisoner_last_name=PRISONER,
        consent={"given_by_name": CARER[0], "contact_phone": CARER[1], "covers_school": True},
    )
    family = case.referral.family
    child = case.children.get()
    born = child.date_of_birth
    practitioner = support.practitioner
    sessions.session_log(
        case=case,
        child=child,
        kind=SessionKind.ONE_TO_ONE,
        held_on=timezone.localdate(),
        duration_minutes=60,
        attended=True,
        notes=f"{CHILD[0]} drew a picture of her dad.",
        acting_user=practitioner,
    )
    school.school_notification_make(
        case=case,
        child=child,
        school_name=SCHOOL[0],
        safeguarding_lead=SCHOOL[1],
        acting_user=practitioner,
    )
    support_cases.case_close(
        case=case,
        closed_on=timezone.localdate(),
        reason="GOALS_MET",
        note=f"{CHILD[0]} is settled; {CARER[0]} will call if needed.",
        acting_user=practitioner,
    )
    # Free text written on the police side, naming the family.
    ContactAttempt.objects.filter(family=family).update(note=f"Spoke to {CARER[0]}.")
    ScreeningDecision.objects.filter(family=family).update(rationale=f"{CHILD[0]} is safe.")
    Disclosure.objects.create(
        family=family,
        recipient_kind="SOCIAL_CARE",
        recipient_organisation="Oxford children's social care",
        recipient_name=WORKER,
        what=f"That {CHILD[0]} {CHILD[1]}'s father is in prison.",
        why="To coordinate support.",
        lawful_basis="SAFEGUARDING",
        disclosed_by=cases.analyst,
        disclosed_at=timezone.now(),
    )
    # Cases nobody closed: a family left waiting, and a partner's case left allocated.
    cases.at(
        "AWAITING_SCREENING",
        child_first_name=LEFT_OPEN_FAMILY[0],
        child_last_name=LEFT_OPEN_FAMILY[1],
        prisoner_last_name=PRISONER,
    )
    support.at(
        "ALLOCATED",
        child_first_name=LEFT_OPEN_SUPPORT[0],
        child_last_name=LEFT_OPEN_SUPPORT[1],
        prisoner_last_name=PRISONER,
    )
    needles = [*CHILD, *CARER, PRISONER, *SCHOOL, *LEFT_OPEN_FAMILY, *LEFT_OPEN_SUPPORT, WORKER]
    needles.append("OX4 7QZ")
    dates = {born}
    assert _held_anywhere(needles, dates)  # the test can see them before

    retention_run(today=timezone.localdate() + timedelta(days=YEARS_LATER), apply=True)

    assert _held_anywhere(needles, dates) == [], _held_anywhere(needles, dates)
    # The counts stay: every case and child is still there, closed and anonymised.
    assert Family.objects.count() == 3
    assert set(Family.objects.values_list("state", flat=True)) == {"REFERRED", "CLOSED"}
    assert Identification.objects.count() == 3


def _days_ahead(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_cases_left_open_are_closed_through_their_own_state_change_then_follow_the_rule(
    cases, support, capsys
):
    from paramount.support.models import Closure

    idle = cases.at("UNREACHABLE")
    worked = cases.at("AWAITING_SCREENING")
    later = timezone.now() + timedelta(days=390)
    Family.objects.filter(pk=worked.pk).update(state_changed_at=later)
    allocated = support.at("ALLOCATED")

    # A year and a month on: the family nobody touched is closed; the partner's case, whose
    # backstop is two years, is not yet.
    call_command("privacy", "retention", "--today", _days_ahead(400), "--apply")
    idle.refresh_from_db()
    worked.refresh_from_db()
    allocated.refresh_from_db()
    assert "families.Family [open_case_backstop]: 1 closed" in capsys.readouterr().out
    assert idle.state == "CLOSED" and worked.state == "AWAITING_SCREENING"
    event = AuditEvent.objects.get(action="family.closed", subject_id=str(idle.pk))
    assert event.before["state"] == "UNREACHABLE"
    assert event.after == {
        "state": "CLOSED",
        "version": idle.version,
        "because": "no_activity",
        "idle_days": 365,
    }
    # Closed today, so kept for its own period from today: not anonymised yet.
    assert not idle.household_key.startswith("anonymised:")
    assert allocated.state == "ALLOCATED"

    retention_run(today=timezone.localdate() + timedelta(days=740), apply=True)
    allocated.refresh_from_db()
    assert allocated.state == "CLOSED"
    closure = Closure.objects.get(case=allocated)
    assert (closure.closed_by, closure.reason) == (None, "NO_CONTACT")
    assert AuditEvent.objects.filter(
        action="support.case_closed_inactive", subject_id=str(allocated.pk)
    ).exists()
    decisions = RetentionDecision.objects.filter(action="CLOSE")
    assert {(d.model, d.category) for d in decisions} == {
        ("families.Family", "open_case_backstop"),
        ("support.SupportCase", "open_support_backstop"),
    }


def test_files_past_their_period_and_the_cache_of_removed_people_are_deleted(
    cases, settings, tmp_path
):
    settings.PARAMOUNT_HOME = tmp_path
    cases.at("DECLINED")
    today = timezone.localdate() + timedelta(days=YEARS_LATER)
    demo = tmp_path / "demo"
    (demo / "truth").mkdir(parents=True)
    old_files = [demo / "people.csv", demo / "truth" / "people_truth.csv"]
    for path in old_files:
        path.write_text("Zephyrine,Quobbleworth\n")
    recent = demo / "prison_movements.csv"
    recent.write_text("received yesterday\n")
    yesterday = datetime.combine(today - timedelta(days=1), datetime.min.time()).timestamp()
    os.utime(recent, (yesterday, yesterday))
    # Written today, but a copy of people the run removes.
    cache = tmp_path / "linkage" / "population-1-abc.parquet"
    cache.parent.mkdir()
    cache.write_bytes(b"Zephyrine")

    dry = {d.model: d.count for d in retention_run(today=today, apply=False)}
    assert dry["files:Demo region"] == 2
    assert dry["files:Linkage population cache"] == 1
    assert all(path.exists() for path in (*old_files, cache))

    retention_run(today=today, apply=True)
    assert not any(path.exists() for path in (*old_files, cache))
    assert recent.exists() and not (demo / "truth").exists()
    decision = RetentionDecision.objects.get(model="files:Demo region")
    assert (decision.action, decision.count) == ("DELETE", 2)
