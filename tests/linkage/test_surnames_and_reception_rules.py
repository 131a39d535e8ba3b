"""Surname spellings as one canonical surname, and the blocking rules only receptions use: a
local record known only by name is reached when one of the names is spelt differently."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from paramount.linkage import engine
from paramount.linkage.engine.model import blocking_rules, reception_blocking_rules
from paramount.linkage.engine.surnames import CANONICAL, GROUPS, canonical_surname


@pytest.mark.parametrize(
    ("a", "b"),
    [("ahmad", "ahmet"), ("husain", "hossain"), ("chaudhry", "chowdhury"), ("stuart", "stewart")],
)
def test_spellings_of_one_surname_share_a_canonical_surname(a, b):
    assert canonical_surname(a) == canonical_surname(b)


def test_a_surname_in_no_group_is_its_own_canonical_surname_and_no_spelling_is_in_two_groups():
    assert canonical_surname("okafor") == "okafor"
    assert canonical_surname("clarke") != canonical_surname("clark")  # left to the fuzzy levels
    spellings = [n for c, v in GROUPS.items() for n in (c, *v) if not n.endswith("_")]
    assert len(CANONICAL) == len(set(spellings))


def test_prepare_adds_the_canonical_surname():
    row = engine.prepare(
        pd.DataFrame([{"unique_id": "X:1", "first_name": "Ali", "last_name": "Ahmad"}])
    )
    assert row.iloc[0]["last_name_canon"] == "ahmed"


def _generated(rules, local: dict, reception: dict) -> bool:
    """Whether any rule makes (local record, reception) a candidate pair."""
    connection = duckdb.connect()
    connection.register("l_input", engine.prepare(pd.DataFrame([{"unique_id": "L:1", **local}])))
    connection.register(
        "r_input", engine.prepare(pd.DataFrame([{"unique_id": "R:1", **reception}]))
    )
    for rule in rules:
        sql = rule.get_blocking_rule("duckdb").blocking_rule_sql
        if "child_dobs" in sql:
            continue
        query = f"SELECT count(*) FROM l_input l, r_input r WHERE {sql}"  # noqa: S608 - our rules
        found = connection.execute(query).fetchall()
        if found[0][0]:
            return True
    return False


# A school contact: a name and an address, no date of birth; the prisoner gave no address.
CONTACT = {"first_name": "Kye", "last_name": "Jones", "postcode": "RG41 5UU"}


@pytest.mark.parametrize(
    ("local", "reception"),
    [
        (CONTACT, {"first_name": "Kyle", "last_name": "Jones", "date_of_birth": "1975-02-23"}),
        (
            {"first_name": "Damien", "last_name": "Upby", "postcode": "HP7 3ZY"},
            {"first_name": "Damien", "last_name": "Upyb", "date_of_birth": "1980-08-16"},
        ),
        (
            {"first_name": "Yusuf", "last_name": "Hussain", "postcode": "B18 4AS"},
            {"first_name": "Yusuf", "last_name": "Husein", "date_of_birth": "1988-01-02"},
        ),
    ],
)
def test_a_name_with_one_spelling_difference_is_reached_only_by_the_reception_rules(
    local, reception
):
    assert not _generated(blocking_rules(), local, reception)
    assert _generated(reception_blocking_rules(), local, reception)


def test_different_initials_and_surnames_are_still_not_candidates():
    reception = {"first_name": "Mark", "last_name": "Smith", "date_of_birth": "1975-02-23"}
    assert not _generated(reception_blocking_rules(), CONTACT, reception)
