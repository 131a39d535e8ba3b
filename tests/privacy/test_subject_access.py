"""SECURITY 19: the subject access export is complete for a person, and its due date is right.
Every name and number here is made up."""

import json
from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

from paramount.access.models import AuditEvent
from paramount.feeds.models import (
    IngestWarning,
    PersonRecord,
    QuarantinedRow,
    RecordHistory,
    Relationship,
)
from paramount.identification.models import Identification
from paramount.outreach.models import Disclosure
from paramount.privacy import registry
from paramount.privacy.models import SubjectAccessRequest
from paramount.privacy.registry import PERSONAL, ModelEntry, personal_models
from paramount.privacy.services import subject_access_due_on, subject_access_export

RATIONALE = "Nothing in the data against contact."


@pytest.fixture
def referred(cases):
    """A referred family, with the child's relationship, history, a warning and a quarantined row."""
    family = cases.at("REFERRED")
    identification = Identification.objects.get(family_member__family=family)
    child_key = identification.child_key
    adult_key = identification.reception_match.adult_person_key
    child = PersonRecord.objects.filter(person_key=child_key).order_by("pk").first()
    adult = PersonRecord.objects.filter(person_key=adult_key, source=child.source).get()
    relationship = Relationship.objects.create(
        batch=child.batch,
        first_batch=child.batch,
        row_number=90,
        content_hash="r" * 40,
        source=child.source,
        adult_record_id=adult.record_id,
        child_record_id=child.record_id,
        relationship="FATHER",
        parental_responsibility="Y",
        lives_with_child="N",
    )
    RecordHistory.objects.create(
        feed="people",
        record_key=f"{child.source}|{child.record_id}",
        content={"first_name": "Adah", "postcode": "OX4 9ZZ"},
        content_batch=child.batch,
        replaced_by_batch=child.batch,
        replaced_at=timezone.now(),
    )
    IngestWarning.objects.create(
        batch=child.batch, row_number=child.row_number, column="phone", message="not a number"
    )
    QuarantinedRow.objects.create(
        batch=child.batch,
        row_number=999,
        reason="date_of_birth is not a real date",
        raw={"source": child.source, "record_id": child.record_id, "date_of_birth": "2019-02-30"},
    )
    Disclosure.objects.create(
        family=family,
        recipient_kind="SCHOOL",
        recipient_organisation="Imaginary Primary School",
        what="That the child's father is in custody",
        why="So the school can support the child",
        lawful_basis="PUBLIC_TASK",
        disclosed_by=cases.officer,
        disclosed_at=timezone.now(),
    )
    return {
        "family": family,
        "identification": identification,
        "child_key": child_key,
        "adult_key": adult_key,
        "relationship": relationship,
        "analyst": cases.analyst,
    }


def _ids(document, label):
    return [row["id"] for row in document["sections"][label]["rows"]]


@pytest.mark.django_db
def test_every_model_the_registry_marks_personal_has_a_section_in_the_export(referred):
    document = subject_access_export(
        person_key=referred["child_key"], acting_user=referred["analyst"]
    ).document
    assert set(document["sections"]) == set(personal_models())
    assert "feeds.PersonRecord" in document["sections"]
    assert "linkage.LinkageModel" not in document["sections"]


@pytest.mark.django_db
def test_a_new_personal_data_model_without_a_gatherer_stops_the_export(referred, monkeypatch):
    monkeypatch.setitem(
        registry.REGISTRY,
        "outreach.SessionNote",
        ModelEntry(
            purpose="Session notes",
            data_subjects=("children",),
            lawful_basis="public task",
            recipients=(),
            retention="case_records",
            fields={"id": registry.NONE, "text": PERSONAL},
        ),
    )
    with pytest.raises(ImproperlyConfigured, match="no gatherer .* for outreach.SessionNote"):
        subject_access_export(person_key=referred["child_key"], acting_user=referred["analyst"])
    assert not SubjectAccessRequest.objects.exists()
    assert not AuditEvent.objects.filter(action="privacy.subject_access_exported").exists()


@pytest.mark.django_db
def test_the_childs_export_has_their_records_history_relationships_and_the_family_case(referred):
    document = subject_access_export(
        person_key=referred["child_key"], acting_user=referred["analyst"]
    ).document
    family = referred["family"]
    sections = document["sections"]

    people = sections["feeds.PersonRecord"]["rows"]
    assert len(people) == 2 and {p["person_key"] for p in people} == {referred["child_key"]}
    assert _ids(document, "feeds.Relationship") == [referred["relationship"].pk]
    assert sections["feeds.RecordHistory"]["rows"][0]["content"]["first_name"] == "Adah"
    assert len(sections["feeds.IngestWarning"]["rows"]) == 1
    assert len(sections["feeds.QuarantinedRow"]["rows"]) == 1
    assert _ids(document, "identification.Identification") == [referred["identification"].pk]
    assert _ids(document, "families.Family") == [family.pk]
    assert len(sections["families.FamilyMember"]["rows"]) == 1
    for label in (
        "screening.ScreeningFlag",
        "outreach.ContactAttempt",
        "outreach.Consent",
        "outreach.Referral",
        "outreach.Disclosure",
    ):
        assert sections[label]["rows"], label
    decisions = sections["screening.ScreeningDecision"]["rows"]
    assert decisions[0]["rationale"] == RATIONALE  # decrypted for the person, not ciphertext
    assert sections["outreach.Consent"]["rows"][0]["given_by_name"] == "Casey Quillfeather"
    assert sections["outreach.SelfReferralAttempt"]["exempt"]
    assert sections["access.AuditEvent"]["rows"]  # who read and changed the case
    assert sections["feeds.PersonRecord"]["classification"] == "special_category"
    assert sections["feeds.PersonRecord"]["retention"] == "source_records"
    # Someone else's data stays out: the prisoner's own movement belongs to the adult's export.
    assert sections["feeds.PrisonMovement"]["rows"] == []


@pytest.mark.django_db
def test_the_matched_adults_export_has_their_prison_movement_match_and_the_identifications(
    referred,
):
    document = subject_access_export(
        person_key=referred["adult_key"], acting_user=referred["analyst"]
    ).document
    sections = document["sections"]
    movement_id = referred["identification"].movement_id
    assert _ids(document, "feeds.PrisonMovement") == [movement_id]
    assert sections["feeds.PrisonMovement"]["rows"][0]["prison_number"]
    assert _ids(document, "identification.ReceptionMatch") == [
        referred["identification"].reception_match_id
    ]
    assert _ids(document, "identification.Identification") == [referred["identification"].pk]
    assert _ids(document, "families.Family") == [referred["family"].pk]
    assert len(sections["feeds.PersonRecord"]["rows"]) == 2
    assert _ids(document, "feeds.Relationship") == [referred["relationship"].pk]


@pytest.mark.django_db
def test_the_export_is_recorded_and_audited_in_its_transaction_without_personal_data(referred):
    export = subject_access_export(
        person_key=referred["child_key"],
        acting_user=referred["analyst"],
        received_on=date(2026, 1, 31),
    )
    request = SubjectAccessRequest.objects.get()
    assert request == export.request
    assert request.due_on == date(2026, 3, 2) and request.exported_by == referred["analyst"]
    event = AuditEvent.objects.get(action="privacy.subject_access_exported")
    assert event.actor == referred["analyst"] and event.subject_id == str(request.pk)
    assert event.subject_type == "privacy.subjectaccessrequest"
    recorded = json.dumps([event.before, event.after])
    for value in (referred["child_key"], "Ada", "Quillfeather", "Casey", "OX4", RATIONALE):
        assert value not in recorded
    assert event.after["rows"]["feeds.PersonRecord"] == 2


@pytest.mark.django_db
def test_the_command_writes_the_export_as_json(referred, tmp_path, capsys):
    out = tmp_path / "sar" / "export.json"
    call_command(
        "privacy",
        "sar",
        "--person-key",
        referred["child_key"],
        "--out",
        str(out),
        "--received",
        "2026-11-25",
        "--by",
        referred["analyst"].username,
    )
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["person_key"] == referred["child_key"]
    assert document["due_on"] == "2026-12-29"
    assert set(document["sections"]) == set(personal_models())
    assert "due Tuesday 29 December 2026" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_person_key_nobody_has_gives_empty_sections_but_is_still_recorded(analyst):
    document = subject_access_export(person_key="P-NOBODY", acting_user=analyst).document
    assert all(
        section["rows"] == []
        for label, section in document["sections"].items()
        if label != "privacy.SubjectAccessRequest"
    )
    assert len(document["sections"]["privacy.SubjectAccessRequest"]["rows"]) == 1
    with pytest.raises(ValueError, match="person's key"):
        subject_access_export(person_key=" ", acting_user=analyst)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # An ordinary month, due on a working day.
        (date(2026, 6, 10), date(2026, 7, 10)),
        # Received on a Sunday: the clock still starts that day.
        (date(2026, 3, 15), date(2026, 4, 15)),
        # 31 January has no 31 February: the last day of February, here a Wednesday.
        (date(2029, 1, 31), date(2029, 2, 28)),
        # ... or 29 February in a leap year.
        (date(2028, 1, 31), date(2028, 2, 29)),
        # ... and when 28 February 2026 is a Saturday, the next working day.
        (date(2026, 1, 31), date(2026, 3, 2)),
        # 31 August: 30 September.
        (date(2026, 8, 31), date(2026, 9, 30)),
        # Falls on a weekend: Saturday 30 May 2026 moves to Monday 1 June.
        (date(2026, 4, 30), date(2026, 6, 1)),
        # Christmas Day, then the weekend, then the substitute Boxing Day bank holiday.
        (date(2026, 11, 25), date(2026, 12, 29)),
        # Good Friday 2027, the Easter weekend and Easter Monday.
        (date(2027, 2, 26), date(2027, 3, 30)),
        # Into the next year, onto New Year's Day (a Friday): the Monday after.
        (date(2026, 12, 1), date(2027, 1, 4)),
    ],
)
def test_subject_access_is_due_one_calendar_month_on_then_the_next_working_day(received, due):
    assert subject_access_due_on(received) == due
