"""Two rules that use what the records say about each other: an adult's record with no address
takes the address of the children its source says it lives with, and twins whose first names
are a letter apart stay two people when their middle names differ. Every name is made up."""

from __future__ import annotations

import csv

import duckdb
import pandas as pd
import pytest
from django.core.management import call_command

from paramount.feeds.contract import PEOPLE, RELATIONSHIPS_FEED
from paramount.linkage import selectors
from paramount.linkage.engine.model import NAMES_APART
from paramount.linkage.engine.model import gamma as model_gamma
from paramount.linkage.engine.prepare import prepare
from paramount.linkage.engine.resolve import cluster

PEOPLE_COLUMNS = PEOPLE.column_names
RELATIONSHIP_COLUMNS = RELATIONSHIPS_FEED.column_names


def write(path, columns, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in columns})
    return path


def school(record_id, first, last, **more):
    return {"source": "OXON_EDU", "record_id": record_id, "first_name": first, "last_name": last,
            **more}  # fmt: skip


def lives_with(adult, child, lives="Y"):
    return {"source": "OXON_EDU", "adult_record_id": adult, "child_record_id": child,
            "relationship": "MOTHER", "parental_responsibility": "Y", "lives_with_child": lives}  # fmt: skip


@pytest.mark.django_db
def test_an_adult_record_with_no_address_takes_the_home_of_the_children_it_lives_with(tmp_path):
    home = {"address_line_1": "12 Quince Row", "postcode": "OX4 9ZZ"}
    people = [
        school("A1", "Nerys", "Quillon"),  # lives with both children, who share a home
        school("C1", "Tomos", "Quillon", date_of_birth="2015-01-01", **home),
        school("C2", "Elin", "Quillon", date_of_birth="2017-01-01", **home),
        school("A2", "Bryn", "Quillon"),  # lives with children in two homes: which is his?
        school("C3", "Ifan", "Quillon", date_of_birth="2016-01-01", postcode="OX1 1ZZ"),
        school("C4", "Gwen", "Quillon", date_of_birth="2018-01-01", postcode="OX2 2ZZ"),
        school("A3", "Carys", "Quillon"),  # the school says she does not live with the child
        school("A4", "Rhys", "Quillon", address_line_1="3 Elm Way"),  # holds an address already
    ]
    relationships = [
        lives_with("A1", "C1"), lives_with("A1", "C2"), lives_with("A2", "C3"),
        lives_with("A2", "C4"), lives_with("A3", "C1", lives="N"), lives_with("A4", "C1"),
    ]  # fmt: skip
    call_command("ingest", "people", str(write(tmp_path / "p.csv", PEOPLE_COLUMNS, people)))
    call_command(
        "ingest",
        "relationships",
        str(write(tmp_path / "r.csv", RELATIONSHIP_COLUMNS, relationships)),
    )

    table = selectors.people_table().set_index("unique_id")
    assert table.loc["OXON_EDU:A1", ["address_line_1", "postcode", "address_from_child"]].tolist() == [
        "12 Quince Row", "OX4 9ZZ", True
    ]  # fmt: skip
    for unchanged in ("OXON_EDU:A2", "OXON_EDU:A3"):
        assert pd.isna(table.loc[unchanged, "postcode"])
        assert not table.loc[unchanged, "address_from_child"]
    assert table.loc["OXON_EDU:A4", "address_line_1"] == "3 Elm Way"
    assert pd.isna(table.loc["OXON_EDU:A4", "postcode"])
    assert not table.loc["OXON_EDU:C1", "address_from_child"]

    prepared = prepare(table.reset_index()).set_index("unique_id")
    assert prepared.loc["OXON_EDU:A1", "postcode"] == "OX49ZZ"
    assert prepared.loc["OXON_EDU:A1", "address_key"] == "12 quince row"
    assert prepared.loc["OXON_EDU:A1", "address_from_child"] is True


def given_names_apart(left: list[str], right: list[str]) -> bool | None:
    return duckdb.execute(
        f"SELECT {NAMES_APART[True]} FROM (SELECT ?::VARCHAR[] AS first_names_l, "  # noqa: S608 - constant SQL
        "?::VARCHAR[] AS first_names_r)",
        [left, right],
    ).fetchone()[0]


@pytest.mark.parametrize(
    ("left", "right", "apart"),
    [
        (["asha", "olivia"], ["aisha", "mia"], True),  # twins: no given name in common
        (["asha", "mia"], ["aisha", "mia"], False),  # one girl, her first name mistyped
        (["aisha"], ["aisha", "mia"], False),  # one record gives no middle name
        (["aisha", "mia"], ["mia", "rose"], False),  # known by her middle name
    ],
)
def test_given_names_apart(left, right, apart):
    assert given_names_apart(left, right) is apart


def test_twins_whose_first_names_are_a_letter_apart_stay_two_people():
    # Both twins' school and council records score high; the council's records of each twin
    # agree with the school's on a middle name.
    scored = pd.DataFrame(
        [
            ("EDU:asha", "EDU:aisha", 0.999, 3, 4.0, 0.5, True),
            ("EDU:asha", "CSC:asha", 0.999, 4, 7.0, 0.5, False),
            ("EDU:aisha", "CSC:asha", 0.995, 3, 4.0, 0.5, True),
            ("EDU:aisha", "CSC:aisha", 0.999, 4, 7.0, 0.5, False),
        ],
        columns=["unique_id_l", "unique_id_r", "match_probability", "gamma_first_name",
                 "mw_first_name", "mw_sex", "names_apart"],
    )  # fmt: skip
    dobs = dict.fromkeys(("EDU:asha", "EDU:aisha", "CSC:asha", "CSC:aisha"), "2017-01-22")
    people = cluster(list(dobs), dobs, scored, threshold=0.99).person_of_record
    assert people["EDU:asha"] == people["CSC:asha"]
    assert people["EDU:aisha"] == people["CSC:aisha"]
    assert people["EDU:asha"] != people["EDU:aisha"]


def test_twins_each_known_to_the_same_two_services_stay_two_people():
    # Nam and Tam, one letter apart, same birthday, same home, no middle names: every pair
    # scores high. One service's second record of a person (a mistyped copy) still joins him.
    letter_apart = model_gamma("first_name", "one letter different")
    exact = model_gamma("first_name", "exact")
    scored = pd.DataFrame(
        [
            ("EDU:nam", "CSC:nam", 0.9999, exact),
            ("EDU:tam", "CSC:tam", 0.9999, exact),
            ("EDU:nam", "CSC:tam", 0.998, letter_apart),
            ("EDU:tam", "EDU:nam", 0.997, letter_apart),
            ("EDU:jon", "CSC:jon", 0.9999, exact),
            ("EDU:jon", "EDU:john", 0.998, letter_apart),
        ],
        columns=["unique_id_l", "unique_id_r", "match_probability", "gamma_first_name"],
    )
    scored["mw_first_name"], scored["mw_sex"] = 5.0, 0.5
    first_names = {uid: uid.split(":")[1] for uid in ("EDU:nam", "CSC:nam", "EDU:tam", "CSC:tam",
                                                       "EDU:jon", "CSC:jon", "EDU:john")}  # fmt: skip
    dobs = dict.fromkeys(first_names, "2017-07-10")
    people = cluster(
        list(dobs), dobs, scored, threshold=0.99, first_names=first_names
    ).person_of_record
    assert people["EDU:nam"] == people["CSC:nam"]
    assert people["EDU:tam"] == people["CSC:tam"]
    assert people["EDU:nam"] != people["EDU:tam"]
    assert people["EDU:jon"] == people["CSC:jon"] == people["EDU:john"]
