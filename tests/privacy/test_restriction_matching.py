"""Restriction (SECURITY 18): a restricted adult is not matched by a new identification run,
and is matched again once the restriction is lifted, at the reception held back too. A small generated region gives the model
something to learn from; one family is added by hand. Every name here is made up."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from django.core.management import call_command

from paramount.feeds.models import PersonRecord
from paramount.identification.models import Identification, ReceptionMatch
from paramount.privacy.services import person_restrict, person_restriction_lift
from paramount.synth.generator import generate

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

PEOPLE = [
    {"source": "OXON_CSC", "record_id": "ZZ-A1", "first_name": "Evander", "last_name": "Brackenridge",
     "date_of_birth": "1983-03-14", "sex": "M", "address_line_1": "3 Nowhere Close", "postcode": "OX4 6ZZ"},
    {"source": "OXON_CSC", "record_id": "ZZ-C1", "first_name": "Marigold", "last_name": "Brackenridge",
     "date_of_birth": "2017-07-07", "sex": "F", "address_line_1": "3 Nowhere Close", "postcode": "OX4 6ZZ"},
]  # fmt: skip
RELATIONSHIPS = [
    {"source": "OXON_CSC", "adult_record_id": "ZZ-A1", "child_record_id": "ZZ-C1",
     "relationship": "FATHER", "parental_responsibility": "Y", "lives_with_child": "Y"},
]  # fmt: skip


def reception(movement_id: str, day: str) -> dict:
    return {
        "movement_id": movement_id, "movement_type": "RECEPTION", "movement_date": day,
        "prison_number": "A9999ZZ", "first_name": "EVANDER", "last_name": "BRACKENRIDGE",
        "date_of_birth": "1983-03-14", "sex": "M", "establishment_code": "BZI",
        "legal_status": "REMAND", "address_line_1": "3 Nowhere Close", "postcode": "OX4 6ZZ",
        "declared_children": "Y",
    }  # fmt: skip


def write(path, columns_from, rows, append=True):
    with open(columns_from, newline="", encoding="utf-8") as handle:
        columns = next(csv.reader(handle))
    mode = "a" if append else "w"
    with open(path, mode, newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        if not append:
            writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in columns})


def test_a_restricted_adult_is_not_matched_and_is_matched_again_once_lifted(tmp_path):
    generate(tmp_path, households=800, seed=5, as_of=date(2026, 11, 23))
    write(tmp_path / "people.csv", tmp_path / "people.csv", PEOPLE)
    write(tmp_path / "relationships.csv", tmp_path / "relationships.csv", RELATIONSHIPS)
    for feed, name in (
        ("people", "people.csv"),
        ("relationships", "relationships.csv"),
        ("prison-movements", "prison_movements.csv"),
    ):
        call_command("ingest", feed, str(tmp_path / name), json=True)
    call_command("identify", quiet=True)
    adult_key = PersonRecord.objects.get(record_id="ZZ-A1").person_key
    assert adult_key

    person_restrict(person_key=adult_key, reason="Art. 18 request R-9", acting_user=None)
    first = tmp_path / "reception_1.csv"
    write(first, tmp_path / "prison_movements.csv", [reception("ZZ900001", "2026-11-24")], False)
    call_command("ingest", "prison-movements", str(first), json=True)
    call_command("identify", quiet=True)

    assert not ReceptionMatch.objects.filter(movement__movement_id="ZZ900001").exists()
    assert not Identification.objects.filter(movement__movement_id="ZZ900001").exists()
    assert not Identification.objects.filter(child_first_name="Marigold").exists()

    person_restriction_lift(person_key=adult_key, reason="resolved", acting_user=None)
    # The reception that came while the adult was restricted is identified by the next run.
    call_command("identify", quiet=True)
    assert ReceptionMatch.objects.filter(movement__movement_id="ZZ900001").exists()
    held = Identification.objects.filter(movement__movement_id="ZZ900001")
    assert [i.child_first_name for i in held] == ["Marigold"]

    second = tmp_path / "reception_2.csv"
    write(second, tmp_path / "prison_movements.csv", [reception("ZZ900002", "2026-11-25")], False)
    call_command("ingest", "prison-movements", str(second), json=True)
    call_command("identify", quiet=True)

    match = ReceptionMatch.objects.get(movement__movement_id="ZZ900002")
    assert match.adult_person_key == PersonRecord.objects.get(record_id="ZZ-A1").person_key
    found = Identification.objects.filter(movement__movement_id="ZZ900002")
    assert [i.child_first_name for i in found] == ["Marigold"]
