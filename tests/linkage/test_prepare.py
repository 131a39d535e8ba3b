"""What the engine compares: names folded, addresses that are not addresses left out."""

from __future__ import annotations

import pandas as pd
import pytest

from paramount.linkage import engine


def prepared(**columns):
    return engine.prepare(pd.DataFrame([{"unique_id": "X:1", **columns}])).iloc[0]


@pytest.mark.parametrize("line", ["NFA", "No Fixed Abode", "no fixed address", "Unknown"])
def test_an_address_line_that_says_there_is_none_is_not_compared(line):
    assert prepared(first_name="Ann", last_name="Lee", address_line_1=line)["address_key"] is None


def test_a_real_address_line_is_folded_with_abbreviations_spelled_out():
    row = prepared(first_name="Ann", last_name="Lee", address_line_1="14 High St.")
    assert row["address_key"] == "14 high street"


def test_names_fold_accents_apostrophes_and_mac():
    row = prepared(first_name="Siobhán", last_name="MacDonald-O'Neill")
    assert row["first_name"] == "siobhan"
    assert row["last_name"] == "mcdonaldoneill"
    assert {"mcdonaldoneill", "macdonald", "oneill"} <= set(row["last_names"])


@pytest.mark.parametrize(
    ("line", "establishment", "prison"),
    [
        ("HMP Bullingdon", "HMP Bullingdon", True),
        ("hmp bullingdon, Patrick Haugh Road", "HMP Bullingdon", True),
        ("H.M.P. Woodhill", "HMP Woodhill", False),  # spelled unlike any rule: kept
        ("HM Prison Birmingham", "", True),
        ("12 Prison Lane", "HMP Oxford", False),  # a street can be called that
        ("14 High Street", "HMP Bullingdon", False),
        ("", "HMP Bullingdon", False),
    ],
)
def test_the_prison_given_as_the_address_is_recognised(line, establishment, prison):
    assert engine.prison_given_as_address(line, establishment) is prison


def test_a_reception_is_compared_under_every_identity_it_gives():
    table = pd.DataFrame(
        [
            {"unique_id": "MV1", "first_name": "ANDREW", "middle_names": "JOHN",
             "last_name": "WEBB", "aliases": "MARK CHATDEN|Andrew Webb|PRINCE",
             "date_of_birth": "2000-08-04", "postcode": "OX4 1AA"},
            {"unique_id": "MV2", "first_name": "Nkem", "last_name": "Nkem"},
        ]
    )  # fmt: skip
    prepared = engine.prepare_receptions(table)
    rows = prepared[["unique_id", "reception_id", "identity", "first_name", "last_name"]]
    assert rows.values.tolist() == [
        ["MV1", "MV1", "", "andrew", "webb"],
        # An alias is a whole identity with the date of birth and address given; one that
        # repeats the name given, or has one word only, adds none.
        ["MV1~1", "MV1", "alias", "mark", "chatden"],
        ["MV1~2", "MV1", "first and last names swapped", "webb", "andrew"],
        # A name the same both ways round is not turned.
        ["MV2", "MV2", "", "nkem", "nkem"],
    ]
    assert prepared.iloc[2]["identity_name"] == "ANDREW WEBB"  # as recorded, before turning
    alias = prepared.iloc[1]
    assert (alias["dob"], alias["postcode"], alias["identity_name"]) == (
        "2000-08-04", "OX41AA", "MARK CHATDEN",
    )  # fmt: skip
    # Its other names are the person's other names, without the given name's middle names.
    assert list(alias["first_names"]) == ["andrew", "mark"]
