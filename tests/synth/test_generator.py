"""The synthetic data generator: contract shape, determinism, truth consistency, hard cases.

Plain pytest, no database and no Django set-up: the generator is plain Python.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest

from paramount.synth.generator import eighteenth_birthday, generate

AS_OF = date(2025, 3, 1)
HOUSEHOLDS = 1500

# The contract's columns, written out here rather than imported so the test checks the
# generator against the contract, not against itself.
MOVEMENT_COLUMNS = [
    "movement_id",
    "movement_type",
    "movement_date",
    "prison_number",
    "pnc_id",
    "first_name",
    "middle_names",
    "last_name",
    "aliases",
    "date_of_birth",
    "sex",
    "establishment_code",
    "establishment_name",
    "legal_status",
    "offence_category",
    "offence_description",
    "pprc_flag",
    "sentence_length_days",
    "release_date",
    "parole_eligibility_date",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "declared_children",
]
PEOPLE_COLUMNS = [
    "source",
    "record_id",
    "first_name",
    "middle_names",
    "last_name",
    "previous_last_names",
    "date_of_birth",
    "sex",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "phone",
    "csc_status",
    "allocated_worker",
    "school_urn",
    "updated_at",
]
RELATIONSHIP_COLUMNS = [
    "source",
    "adult_record_id",
    "child_record_id",
    "relationship",
    "parental_responsibility",
    "lives_with_child",
]

POSTCODE = re.compile(r"^([A-Z][A-HJ-Y]?[0-9][A-Z0-9]?[0-9][A-Z]{2}|GIR0AA)$")
PRISON_NUMBER = re.compile(r"^[A-Z][0-9]{4}[A-Z]{2}$")
PNC_LONG = re.compile(r"^([0-9]{4})/([0-9]{7})([A-Z])$")
PNC_SHORT = re.compile(r"^([0-9]{2})/([0-9]{1,7})([A-Z])$")
PNC_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
RELATIONSHIPS = {
    "MOTHER",
    "FATHER",
    "STEP_PARENT",
    "GRANDPARENT",
    "OTHER_RELATIVE",
    "FOSTER_CARER",
    "CARER",
    "OTHER",
}
FLAGS = {"Y", "N", ""}
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def area_of(postcode: str) -> str | None:
    """Default area configuration of the contract, by postcode district."""
    compact = postcode.upper().replace(" ", "")
    district = compact[:-3]
    letters = district.rstrip("0123456789")
    if letters == "OX":
        return "Oxford" if district in {"OX1", "OX2", "OX3", "OX4"} else "Oxfordshire"
    if letters in {"HP", "SL", "MK"}:
        return "Buckinghamshire"
    if letters == "RG":
        return "West Berkshire"
    if letters == "B":
        return "Birmingham"
    return None


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    out = tmp_path_factory.mktemp("region")
    summary = generate(out, HOUSEHOLDS, 7, AS_OF)
    data = {name: read(out / f"{name}.csv") for name in ("prison_movements", "people")}
    data["relationships"] = read(out / "relationships.csv")
    for name in ("people_truth", "movements_truth", "identifications_truth", "persons_truth"):
        data[name] = read(out / "truth" / f"{name}.csv")
    return out, summary, data


def test_same_seed_gives_identical_bytes_and_another_seed_does_not(tmp_path):
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate(first, 300, 11, AS_OF)
    generate(second, 300, 11, AS_OF)
    generate(other, 300, 12, AS_OF)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert len(files) == 8
    for relative in files:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative
    assert (first / "people.csv").read_bytes() != (other / "people.csv").read_bytes()
    assert (first / "prison_movements.csv").read_bytes() != (
        other / "prison_movements.csv"
    ).read_bytes()


def test_as_of_moves_every_date(tmp_path):
    generate(tmp_path / "a", 300, 5, AS_OF)
    generate(tmp_path / "b", 300, 5, AS_OF + timedelta(days=10))
    _, first = read(tmp_path / "a" / "prison_movements.csv")
    _, later = read(tmp_path / "b" / "prison_movements.csv")
    assert max(r["movement_date"] for r in first) == AS_OF.isoformat()
    assert max(r["movement_date"] for r in later) == (AS_OF + timedelta(days=10)).isoformat()


def test_files_have_exactly_the_contract_columns_and_plain_line_endings(region):
    out, _, data = region
    assert data["prison_movements"][0] == MOVEMENT_COLUMNS
    assert data["people"][0] == PEOPLE_COLUMNS
    assert data["relationships"][0] == RELATIONSHIP_COLUMNS
    assert data["people_truth"][0] == ["source", "record_id", "person_id"]
    assert data["movements_truth"][0] == ["movement_id", "person_id", "is_local"]
    assert data["identifications_truth"][0] == ["movement_id", "child_person_id", "area"]
    for name in ("people.csv", "relationships.csv", "prison_movements.csv"):
        raw = (out / name).read_bytes()
        assert b"\r\n" not in raw
        assert not raw.startswith(b"\xef\xbb\xbf")
        raw.decode("utf-8")
    assert (out / "truth" / "README.md").read_text(encoding="utf-8").startswith("# Truth files")


def test_every_date_is_real_and_no_birth_is_after_as_of(region):
    _, _, data = region
    for row in data["people"][1]:
        if row["date_of_birth"]:
            assert date.fromisoformat(row["date_of_birth"]) <= AS_OF
        if row["updated_at"]:
            assert date.fromisoformat(row["updated_at"]) <= AS_OF
    start = AS_OF - timedelta(days=59)
    for row in data["prison_movements"][1]:
        assert date.fromisoformat(row["date_of_birth"]) <= AS_OF
        moved = date.fromisoformat(row["movement_date"])
        assert moved <= AS_OF
        if row["movement_type"] in ("RECEPTION", "RECALL"):
            assert start <= moved
        for column in ("release_date", "parole_eligibility_date"):
            if row[column]:
                assert date.fromisoformat(row[column]) > moved


def test_postcodes_prison_numbers_and_pnc_ids_are_well_formed(region):
    _, _, data = region
    postcodes = [r["postcode"] for r in data["people"][1]]
    postcodes += [r["postcode"] for r in data["prison_movements"][1]]
    for postcode in postcodes:
        if postcode and postcode != "NFA":
            assert POSTCODE.match(postcode.upper().replace(" ", "")), postcode
    pnc_forms = Counter()
    for row in data["prison_movements"][1]:
        assert PRISON_NUMBER.match(row["prison_number"])
        assert re.fullmatch(r"[A-Z]{3}", row["establishment_code"])
        pnc = row["pnc_id"]
        if not pnc:
            continue
        match = PNC_LONG.match(pnc) or PNC_SHORT.match(pnc)
        assert match, pnc
        year, serial, letter = match.groups()
        assert PNC_LETTERS[(int(year[-2:]) * 10_000_000 + int(serial)) % 23] == letter, pnc
        pnc_forms["long" if len(year) == 4 else "short"] += 1
    assert pnc_forms["long"] and pnc_forms["short"]


def test_values_are_in_the_contract_sets(region):
    _, _, data = region
    for row in data["relationships"][1]:
        assert row["relationship"] in RELATIONSHIPS
        assert row["parental_responsibility"] in FLAGS
        assert row["lives_with_child"] in FLAGS
        assert row["adult_record_id"] != row["child_record_id"]
    statuses = {"", "NONE", "EARLY_HELP", "CIN", "CP_PLAN", "CLA", "CARE_LEAVER"}
    for row in data["people"][1]:
        assert row["csc_status"] in statuses
        assert row["sex"] in {"M", "F", "U", ""}
        assert row["first_name"] and row["last_name"] and row["source"] and row["record_id"]
        assert not row["school_urn"] or re.fullmatch(r"[0-9]{6}", row["school_urn"])
        for value in row.values():
            assert len(value) <= 255 and not CONTROL.search(value) and value == value.strip()
    for row in data["prison_movements"][1]:
        assert row["movement_type"] in {"RECEPTION", "TRANSFER", "RELEASE", "RECALL"}
        if row["movement_type"] in ("RECEPTION", "RECALL"):
            assert row["legal_status"] in {
                "REMAND",
                "CONVICTED_UNSENTENCED",
                "SENTENCED",
                "RECALL",
                "IMMIGRATION_DETAINEE",
                "CIVIL",
            }
        assert row["sex"] in {"M", "F", "U", ""}
        assert row["pprc_flag"] in FLAGS and row["declared_children"] in FLAGS
        assert not row["sentence_length_days"] or int(row["sentence_length_days"]) > 0
        for alias in filter(None, row["aliases"].split("|")):
            assert len(alias.split(" ")) >= 2


def test_keys_are_unique_and_relationships_stay_within_one_source(region):
    _, _, data = region
    people_keys = [(r["source"], r["record_id"]) for r in data["people"][1]]
    assert len(people_keys) == len(set(people_keys))
    relationship_keys = [
        (r["source"], r["adult_record_id"], r["child_record_id"]) for r in data["relationships"][1]
    ]
    assert len(relationship_keys) == len(set(relationship_keys))
    movement_ids = [r["movement_id"] for r in data["prison_movements"][1]]
    assert len(movement_ids) == len(set(movement_ids))
    known = set(people_keys)
    dangling = [
        k for k in relationship_keys if (k[0], k[1]) not in known or (k[0], k[2]) not in known
    ]
    # A few relationships arrive before their people rows, as in real feeds.
    assert 0 < len(dangling) < 0.05 * len(relationship_keys)


def test_truth_files_cover_every_row(region):
    _, summary, data = region
    people = data["people"][1]
    truth = data["people_truth"][1]
    assert len(people) == len(truth) == summary.people_rows
    for row, true in zip(people, truth, strict=True):
        assert (row["source"], row["record_id"]) == (true["source"], true["record_id"])
    persons = {r["person_id"] for r in data["persons_truth"][1]}
    assert {r["person_id"] for r in truth} <= persons
    movements = data["prison_movements"][1]
    movement_truth = {r["movement_id"]: r for r in data["movements_truth"][1]}
    assert set(movement_truth) == {r["movement_id"] for r in movements}
    with_records = {r["person_id"] for r in truth}
    for row in movement_truth.values():
        assert row["is_local"] == ("Y" if row["person_id"] in with_records else "N")
    # A person keeps the prison number across movements.
    numbers = defaultdict(set)
    for row in movements:
        numbers[movement_truth[row["movement_id"]]["person_id"]].add(row["prison_number"])
    assert all(len(n) == 1 for n in numbers.values())


def test_identifications_truth_follows_the_who_counts_rule(region):
    """Recompute the identifications from the files and the truth, independently."""
    _, summary, data = region
    owner = {(r["source"], r["record_id"]): r["person_id"] for r in data["people_truth"][1]}
    persons = {r["person_id"]: r for r in data["persons_truth"][1]}
    counts = defaultdict(set)
    for row in data["relationships"][1]:
        adult = owner.get((row["source"], row["adult_record_id"]))
        child = owner.get((row["source"], row["child_record_id"]))
        if adult is None or child is None:
            continue
        if (
            row["relationship"] in ("MOTHER", "FATHER", "STEP_PARENT")
            or row["parental_responsibility"] == "Y"
            or row["lives_with_child"] == "Y"
        ):
            counts[adult].add(child)
    movement_truth = {r["movement_id"]: r["person_id"] for r in data["movements_truth"][1]}
    expected = set()
    for movement in data["prison_movements"][1]:
        if movement["movement_type"] not in ("RECEPTION", "RECALL"):
            continue
        on = date.fromisoformat(movement["movement_date"])
        for child in counts.get(movement_truth[movement["movement_id"]], ()):
            person = persons[child]
            if eighteenth_birthday(date.fromisoformat(person["date_of_birth"])) <= on:
                continue
            area = area_of(person["postcode"])
            if area is not None:
                assert person["area"] == area
                expected.add((movement["movement_id"], child, area))
    rows = data["identifications_truth"][1]
    actual = {(r["movement_id"], r["child_person_id"], r["area"]) for r in rows}
    assert len(actual) == len(rows) == summary.identifications
    assert actual == expected
    assert actual, "a region this size should identify some children"


def test_eighteenth_birthday_of_a_leap_day_baby():
    assert eighteenth_birthday(date(2008, 2, 29)) == date(2026, 3, 1)
    assert eighteenth_birthday(date(2008, 3, 1)) == date(2026, 3, 1)


def test_hard_cases_are_present(region):
    _, summary, data = region
    hard = summary.hard_cases
    for case in (
        "twins",
        "same_name_father_son",
        "same_name_and_dob_elsewhere",
        "same_common_name_same_area_different_dob",
        "nickname_records",
        "variant_spelling_records",
        "typo_records",
        "missing_dob_records",
        "swapped_day_month_records",
        "wrong_year_digit_records",
        "previous_surname_records",
        "old_address_records",
        "moved_households",
        "duplicate_records",
        "non_ascii_name_records",
        "accents_dropped_records",
        "surname_apostrophe_records",
        "surname_hyphenated_one_part_records",
        "step_parents",
        "grandparent_carers",
        "foster_children",
        "outside_area_households",
        "relationship_rows_differing_from_truth",
        "relationships_naming_unsent_records",
        "nfa_prisoners",
        "recalls",
        "prisoners_sharing_a_local_name",
    ):
        assert hard.get(case, 0) > 0, case

    # And visibly in the data, not only in the summary.
    people = data["people"][1]
    movements = data["prison_movements"][1]
    assert any(r["postcode"] == "NFA" for r in movements)
    assert any(not (r["first_name"] + r["last_name"]).isascii() for r in people)
    assert any(r["date_of_birth"] == "" for r in people)
    assert any("|" in r["aliases"] or r["aliases"] for r in movements)

    persons = data["persons_truth"][1]
    twins = Counter(
        (p["last_name"], p["date_of_birth"], p["postcode"])
        for p in persons
        if date.fromisoformat(p["date_of_birth"]) > date(2007, 1, 1)
    )
    assert any(n >= 2 for n in twins.values())
    same_name_same_place = Counter(
        (p["first_name"], p["last_name"], p["postcode"]) for p in persons
    )
    assert any(n >= 2 for n in same_name_same_place.values())


def test_education_contacts_rarely_carry_a_date_of_birth(region):
    _, _, data = region
    owner = {(r["source"], r["record_id"]): r for r in data["people"][1]}
    contacts = {
        (r["source"], r["adult_record_id"])
        for r in data["relationships"][1]
        if r["source"].endswith("_EDU")
    }
    rows = [owner[k] for k in contacts if k in owner]
    with_dob = sum(1 for r in rows if r["date_of_birth"])
    assert rows and with_dob < 0.3 * len(rows)
    pupils = [r for r in data["people"][1] if r["school_urn"]]
    assert pupils and sum(1 for r in pupils if r["date_of_birth"]) > 0.95 * len(pupils)


def test_rows_are_not_grouped_by_person_or_household(region):
    _, _, data = region
    truth = [r["person_id"] for r in data["people_truth"][1]]
    neighbours_same_person = sum(1 for a, b in zip(truth, truth[1:], strict=False) if a == b)
    assert neighbours_same_person < 0.01 * len(truth)
    # Record ids say nothing about who the person is: a person's records in one source do
    # not share an id prefix more often than chance.
    by_person = defaultdict(list)
    for row in data["people_truth"][1]:
        by_person[(row["person_id"], row["source"])].append(row["record_id"])
    pairs = [ids for ids in by_person.values() if len(ids) == 2]
    assert pairs
    same_prefix = sum(1 for a, b in pairs if a[:6] == b[:6] and not a[0].isalpha())
    assert same_prefix < 0.2 * len(pairs)


def test_receptions_are_in_realistic_proportions(tmp_path):
    summary = generate(tmp_path, 6000, 3, AS_OF)
    assert 30 <= summary.receptions <= 55  # about one per 150 households, recalls included
    _, movements = read(tmp_path / "prison_movements.csv")
    receiving = [m for m in movements if m["movement_type"] in ("RECEPTION", "RECALL")]
    men = sum(1 for m in receiving if m["sex"] == "M")
    assert men >= 0.8 * len(receiving)
    assert any(m["movement_date"] == AS_OF.isoformat() for m in receiving)
    assert {m["movement_type"] for m in movements} == {"RECEPTION", "RECALL", "TRANSFER", "RELEASE"}
    _, truth = read(tmp_path / "truth" / "movements_truth.csv")
    local = sum(1 for t in truth if t["is_local"] == "Y")
    assert 0.4 * len(truth) <= local <= 0.9 * len(truth)


def test_generator_does_not_import_django():
    code = (
        "import sys; import paramount.synth.generator; "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
