"""Erasure (SECURITY 18): an erased person's local records are beyond use, in no list, page,
export or match, and the erasure record holds no personal data. Every name is made up."""

import hashlib

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from paramount.access.models import AuditEvent
from paramount.families.models import Family
from paramount.families.selectors import family_list
from paramount.families.services import families_sync
from paramount.feeds.models import PersonRecord, QuarantinedRow, Relationship
from paramount.feeds.services import feed_ingest
from paramount.identification.models import Identification, ReceptionMatch
from paramount.identification.selectors import access_identification, identification_list
from paramount.privacy import keys
from paramount.privacy.models import Erasure
from paramount.privacy.selectors import PersonData, person_key_hash
from paramount.privacy.services import PrivacyError, person_erase, person_restrict
from paramount.privacy.subject_access import subject_find

pytestmark = pytest.mark.django_db


def test_an_erased_childs_records_are_gone_and_their_identification_anonymised(
    identifications, analyst, tmp_path
):
    erased = identifications.build(child_first_name="Ottoline", child_last_name="Hushwell")
    other = identifications.build(child_first_name="Perpetua", child_last_name="Openshaw")
    key = erased.child_key
    Relationship.objects.create(
        batch=erased.movement.batch,
        first_batch=erased.movement.batch,
        row_number=99,
        content_hash="9" * 40,
        source="OXON_CSC",
        adult_record_id="R-SOMEONE",
        child_record_id=PersonRecord.objects.filter(person_key=key, source="OXON_CSC")
        .get()
        .record_id,
        relationship="MOTHER",
    )
    person_restrict(person_key=key, reason="first restricted", acting_user=analyst)

    erasure = person_erase(person_key=key, reason="Art. 17 request E-1", acting_user=analyst)

    assert not PersonRecord.objects.filter(person_key=key).exists()
    assert not Relationship.objects.filter(adult_record_id="R-SOMEONE").exists()
    erased.refresh_from_db()
    assert erased.child_key.startswith("anonymised:")
    assert (erased.child_first_name, erased.child_last_name, erased.child_postcode) == ("", "", "")
    assert list(identification_list(viewer=analyst).filter(child_first_name="Ottoline")) == []
    out = tmp_path / "identifications.csv"
    call_command("export", "identifications", "--out", str(out))
    assert "Ottoline" not in out.read_text(encoding="utf-8")
    # Nothing left to find for the key, bar the erasure itself.
    left = {label: rows for label, rows in PersonData(key).gather().items() if rows}
    assert set(left) <= {"privacy.Erasure", "privacy.ErasedRecord", "access.AuditEvent"}
    # The other child is untouched.
    other.refresh_from_db()
    assert other.child_first_name == "Perpetua"
    assert PersonRecord.objects.filter(person_key=other.child_key).count() == 2
    # The erasure record and its audit event hold no name and no key.
    assert erasure.person_key_hash == person_key_hash(key) != key
    assert erasure.rows["feeds.PersonRecord"] == 2
    assert erasure.rows["feeds.Relationship"] == 1
    event = AuditEvent.objects.get(action="privacy.person_erased")
    assert key not in str(event.after) and "Ottoline" not in str(event.after)


def test_an_erased_adults_matches_are_anonymised(identifications, analyst):
    child = identifications.build()
    adult_key = child.reception_match.adult_person_key
    person_erase(person_key=adult_key, reason="E-2", acting_user=analyst)
    match = ReceptionMatch.objects.get(pk=child.reception_match_id)
    assert match.adult_person_key.startswith("anonymised:") and match.evidence == {}
    assert not PersonRecord.objects.filter(person_key=adult_key).exists()
    # The identification (its counts) stays.
    assert Identification.objects.filter(pk=child.pk).exists()


def test_erasing_an_unknown_key_or_without_a_reason_changes_nothing(identifications, analyst):
    child = identifications.build()
    with pytest.raises(PrivacyError, match="No records"):
        person_erase(person_key="P-NOBODY", reason="E-3", acting_user=analyst)
    with pytest.raises(PrivacyError, match="reason"):
        person_erase(person_key=child.child_key, reason="", acting_user=analyst)
    assert not Erasure.objects.exists()
    assert PersonRecord.objects.filter(person_key=child.child_key).count() == 2


def test_the_command_erases(identifications, capsys):
    child = identifications.build()
    call_command("privacy", "erase", "--person-key", child.child_key, "--reason", "E-4")
    assert "feeds.PersonRecord 2" in capsys.readouterr().out
    assert Erasure.objects.count() == 1


# --- Erasure reaches the family, the pages and the export (issue 15, finding 10) -------------


def test_an_erased_child_leaves_their_family_and_a_family_left_with_none_is_closed(
    identifications, analyst, client
):
    first = identifications.build(child_first_name="Ottoline", child_last_name="Hushwell")
    second = identifications.build(
        child_first_name="Perpetua", child_last_name="Hushwell", movement=first.movement
    )
    families_sync()
    family = Family.objects.get(members__identification=first)
    assert family.members.count() == 2
    assert any("Ottoline" in flag.detail for flag in family.flags.all())

    person_erase(person_key=first.child_key, reason="E-5", acting_user=analyst)

    family.refresh_from_db()
    assert [m.identification_id for m in family.members.all()] == [second.pk]
    assert family.state == "AWAITING_SCREENING"
    assert not any("Ottoline" in flag.detail for flag in family.flags.all())
    client.force_login(analyst)
    page = client.get(reverse("families:family", args=[family.pk])).content.decode()
    assert "Perpetua" in page and "Ottoline" not in page
    # The next sync does not make a case of what is left of the erased child.
    assert families_sync() == 0

    person_erase(person_key=second.child_key, reason="E-6", acting_user=analyst)

    family.refresh_from_db()
    assert family.state == "CLOSED" and not family.members.exists()
    waiting = family_list(viewer=analyst, state="AWAITING_SCREENING")
    assert family.pk not in [row.family.pk for row in waiting]
    event = AuditEvent.objects.get(action="family.closed", subject_id=str(family.pk))
    assert event.after["because"] == "no_child_left"


def test_an_erased_adults_children_reception_and_family_are_withheld_everywhere(
    cases, analyst, client, tmp_path
):
    family = cases.at(
        "APPROVED_FOR_CONTACT",
        prisoner_first_name="Evander",
        prisoner_last_name="Brackenridge",
        child_first_name="Marigold",
        child_last_name="Brackenridge",
    )
    child = Identification.objects.get(family_member__family=family)
    adult_key = child.reception_match.adult_person_key

    person_erase(person_key=adult_key, reason="E-7", acting_user=analyst)

    child.refresh_from_db()
    family.refresh_from_db()
    assert child.child_key.startswith("anonymised:") and child.child_first_name == ""
    assert family.state == "CLOSED"
    assert family.movement.__class__.objects.get(pk=family.movement_id).last_name == "anonymised"
    assert not identification_list(viewer=analyst).filter(pk=child.pk).exists()
    with pytest.raises(Http404):
        access_identification(viewer=analyst, identification_id=child.identification_id)
    client.force_login(analyst)
    for url in (
        reverse("families:family", args=[family.pk]),
        reverse("families:list"),
        reverse("identification:worklist"),
    ):
        page = client.get(url).content.decode()
        assert "Brackenridge" not in page and "Marigold" not in page and "Evander" not in page
    out = tmp_path / "identifications.csv"
    call_command("export", "identifications", "--out", str(out))
    assert "Brackenridge" not in out.read_text(encoding="utf-8")


def test_the_erasure_hash_is_keyed_and_cannot_be_recomputed_from_the_database(
    identifications, analyst, monkeypatch
):
    child = identifications.build()
    key = child.child_key
    erasure = person_erase(person_key=key, reason="E-8", acting_user=analyst)

    plain = hashlib.sha256(f"paramount-erasure:{key}".encode()).hexdigest()
    assert erasure.person_key_hash != plain
    old = keys.erasure_keys()[0].decode("ascii")
    assert len(keys.erasure_hashes(f"person:{key}")) == 1
    # Under another key the same person key gives another hash: the key, kept outside the
    # database, is needed to test a key against the erasure.
    new = Fernet.generate_key().decode("ascii")
    monkeypatch.setenv(keys.ERASURE_ENVIRONMENT_VARIABLE, new)
    assert person_key_hash(key) != erasure.person_key_hash
    assert PersonData(key).gather()["privacy.Erasure"] == []
    # Rotated: a new current key, the old one kept after it; the erasure is still found.
    monkeypatch.setenv(keys.ERASURE_ENVIRONMENT_VARIABLE, f"{new},{old}")
    assert PersonData(key).gather()["privacy.Erasure"] == [erasure]
    assert erasure.records.count() == 2  # the child's two records


def test_erasing_removes_the_linkage_cache(identifications, analyst, settings, tmp_path):
    settings.PARAMOUNT_HOME = tmp_path
    cache = tmp_path / "linkage" / "population-1-abc.parquet"
    cache.parent.mkdir()
    cache.write_bytes(b"Ottoline Hushwell")
    child = identifications.build()
    person_erase(person_key=child.child_key, reason="E-9", acting_user=analyst)
    assert not cache.exists()


PEOPLE = (
    "source,record_id,first_name,middle_names,last_name,previous_last_names,date_of_birth,sex,"
    "address_line_1,address_line_2,town,postcode,phone,csc_status,allocated_worker,school_urn,"
    "updated_at"
)
RELATIONSHIPS = (
    "source,adult_record_id,child_record_id,relationship,parental_responsibility,lives_with_child"
)


def _people_file(path, updated_at):
    rows = [
        f"OXON_CSC,ZZ-C1,Ottoline,,Hushwell,,2016-04-05,F,3 Nowhere Close,,Oxford,OX4 6ZZ,,,,,{updated_at}",
        f"OXON_CSC,ZZ-C2,Perpetua,,Openshaw,,2015-02-03,F,4 Nowhere Close,,Oxford,OX4 6ZZ,,,,,{updated_at}",
        f"OXON_CSC,ZZ-A1,Evander,,Hushwell,,1983-03-14,M,3 Nowhere Close,,Oxford,OX4 6ZZ,,,,,{updated_at}",
    ]
    path.write_text("\n".join([PEOPLE, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_source_sending_an_erased_record_again_is_refused_counted_and_nothing_kept(
    analyst, tmp_path
):
    feed_ingest(feed="people", path=_people_file(tmp_path / "day1.csv", "2026-11-01"))
    PersonRecord.objects.filter(record_id="ZZ-C1").update(person_key="P-ERASE-ME")
    erasure = person_erase(person_key="P-ERASE-ME", reason="E-10", acting_user=analyst)

    # The next day's extract: every record again, changed.
    batch = feed_ingest(feed="people", path=_people_file(tmp_path / "day2.csv", "2026-11-02"))

    assert batch.rows == 3 and batch.quarantined == 1 and batch.updated == 2
    assert batch.rows == batch.new + batch.updated + batch.unchanged + batch.quarantined
    refused = QuarantinedRow.objects.get(batch=batch)
    erased_on = timezone.localtime(erasure.erased_at).date().isoformat()
    assert refused.row_number == 2
    assert refused.reason == (
        f"this record was erased on {erased_on} (erasure E-{erasure.pk}); not ingested"
    )
    assert refused.raw == {}
    assert not PersonRecord.objects.filter(record_id="ZZ-C1").exists()
    # A relationship naming the erased record is refused too; one that does not, kept.
    relationships = tmp_path / "relationships.csv"
    relationships.write_text(
        f"{RELATIONSHIPS}\nOXON_CSC,ZZ-A1,ZZ-C1,FATHER,Y,Y\nOXON_CSC,ZZ-A1,ZZ-C2,FATHER,Y,Y\n",
        encoding="utf-8",
    )
    batch = feed_ingest(feed="relationships", path=relationships)
    assert (batch.new, batch.quarantined) == (1, 1)
    assert not Relationship.objects.filter(child_record_id="ZZ-C1").exists()
    # Sent again with a required cell missing: refused as erased, no cell kept in quarantine.
    broken = _people_file(tmp_path / "day3.csv", "2026-11-03")
    broken.write_text(broken.read_text().replace("ZZ-C1,Ottoline,", "ZZ-C1,,"), encoding="utf-8")
    batch = feed_ingest(feed="people", path=broken)
    refused = QuarantinedRow.objects.get(batch=batch)
    assert refused.raw == {} and "was erased" in refused.reason


def test_an_erased_adults_reception_sent_again_is_refused(identifications, analyst, tmp_path):
    child = identifications.build()
    movement = child.movement
    person_erase(
        person_key=child.reception_match.adult_person_key, reason="E-11", acting_user=analyst
    )
    header = (
        "movement_id,movement_type,movement_date,prison_number,first_name,last_name,"
        "date_of_birth,establishment_code,legal_status"
    )
    path = tmp_path / "movements.csv"
    path.write_text(
        f"{header}\n{movement.movement_id},RECEPTION,2026-11-20,A0001BC,Bram,Quillfeather,"
        "1985-06-07,BNI,REMAND\n",
        encoding="utf-8",
    )
    batch = feed_ingest(feed="prison_movements", path=path)
    assert batch.quarantined == 1 and batch.updated == 0
    assert "was erased on" in QuarantinedRow.objects.get(batch=batch).reason
    movement.refresh_from_db()
    assert movement.last_name == "anonymised"


def test_a_new_erasure_key_keeps_the_old_ones_so_earlier_erasures_are_still_found(
    identifications, analyst, settings, tmp_path, monkeypatch
):
    settings.PARAMOUNT_HOME = tmp_path
    monkeypatch.delenv(keys.ERASURE_ENVIRONMENT_VARIABLE, raising=False)
    child = identifications.build()
    erasure = person_erase(person_key=child.child_key, reason="E-12", acting_user=analyst)
    assert oct(keys.erasure_key_file().stat().st_mode & 0o777) == "0o600"
    call_command("privacy", "new-erasure-key")
    assert len(keys.erasure_keys()) == 2
    assert person_key_hash(child.child_key) != erasure.person_key_hash
    assert PersonData(child.child_key).gather()["privacy.Erasure"] == [erasure]
    # A subject access request by the erased key is still answered after the rotation.
    assert subject_find(person_key=child.child_key).person_key == child.child_key
