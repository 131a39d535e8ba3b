"""Erasure (SECURITY 18): an erased person's local records are beyond use, in no list, page,
export or match, and the erasure record holds no personal data. Every name is made up."""

import pytest
from django.core.management import call_command

from paramount.access.models import AuditEvent
from paramount.feeds.models import PersonRecord, Relationship
from paramount.identification.models import Identification, ReceptionMatch
from paramount.identification.selectors import identification_list
from paramount.privacy.models import Erasure
from paramount.privacy.selectors import PersonData, person_key_hash
from paramount.privacy.services import PrivacyError, person_erase, person_restrict

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
    assert set(left) <= {"privacy.Erasure", "access.AuditEvent"}
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
