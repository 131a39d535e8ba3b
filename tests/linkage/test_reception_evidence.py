"""Evidence about a reception that the Splink model cannot see, estimated from the run: the prison
the person was received into, the prisoner's age at the eldest child's birth, a mistyped date of
birth that only looks a generation away, receptions of one prisoner sharing their matches, and
a reception weighed against all of a person's records rather than one."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from paramount.linkage import engine
from paramount.linkage.engine import context
from paramount.linkage.engine.link import (
    HOME_FIELD,
    FieldEvidence,
    _at_the_prisoners_home,
    _evidence,
    _generation_apart,
    _home_evidence,
    _identities,
    _identity_evidence,
    _person_evidence,
    _shared_across_prison_numbers,
    one_slip,
)


def test_postcode_area_is_the_letters_of_the_outward_code():
    assert context.postcode_area("OX262XA") == "OX"
    assert context.postcode_area("B184AS") == "B"
    assert context.postcode_area(None) is None
    assert context.postcode_area("") is None


def test_establishment_weights_follow_where_the_areas_sure_matches_were_received():
    receptions = [("M", "BNI")] * 30 + [("M", "BMI")] * 30 + [("F", "BZI")] * 5
    sure = [("OX", "M", "BNI")] * 20 + [("B", "M", "BMI")] * 20
    weights = context.establishment_weights(sure, receptions)
    assert weights[("OX", "M")]["BNI"] > 0 > weights[("OX", "M")]["BMI"]
    assert weights[("B", "M")]["BMI"] > 0 > weights[("B", "M")]["BNI"]
    # Bounded: never a veto, never decisive on its own.
    flat = [w for cell in weights.values() for w in cell.values()]
    assert all(context.ESTABLISHMENT_MIN <= w <= context.ESTABLISHMENT_MAX for w in flat)
    # No sure match of that area and sex: no evidence either way.
    assert ("OX", "F") not in weights


def test_establishment_weights_shrink_to_nothing_without_sure_matches():
    weights = context.establishment_weights([], [("M", "BNI"), ("M", "BMI")])
    assert weights == {}
    assert (
        context.ContextWeights({}, {}, 0, 2, establishment=weights).establishment_weight(
            "OX", "M", "BNI"
        )
        == 0.0
    )


def test_a_few_sure_matches_give_weak_evidence():
    receptions = [("M", "BNI")] * 50 + [("M", "BMI")] * 50
    few = context.establishment_weights([("OX", "M", "BNI")], receptions)
    many = context.establishment_weights([("OX", "M", "BNI")] * 40, receptions)
    assert 0 < few[("OX", "M")]["BNI"] < many[("OX", "M")]["BNI"]
    assert many[("OX", "M")]["BMI"] < few[("OX", "M")]["BMI"] < 0


def test_parent_age_bands():
    born = date(1985, 6, 1)
    assert context.parent_age_band(born, [date(2008, 1, 1), date(2012, 1, 1)]) == "20-24"
    assert context.parent_age_band(born, [date(2017, 1, 1)]) == "30-34"
    assert context.parent_age_band(born, [date(1995, 1, 1)]) is None  # implausible: aged 9
    assert context.parent_age_band(born, []) is None


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(1929, 7, 14), date(2026, 11, 18), 97),  # 1992 keyed as 1929
        (date(1942, 11, 18), date(2026, 11, 18), 84),  # over 65 at any listed child's birth
        (date(1943, 11, 18), date(2026, 11, 18), None),  # 83: 65 at the birth of a child of 17
        (date(2015, 1, 1), date(2026, 11, 18), 11),
        (date(1990, 1, 1), date(2026, 11, 18), None),
    ],
)
def test_a_date_of_birth_no_parent_could_have_is_doubtful(born, on, age):
    assert context.doubtful_age(born, on) == age


def test_band_weights_favour_the_ages_sure_parents_had():
    sure = [(date(1985, 1, 1), [date(2010, 6, 1)], "Y")] * 40  # all aged 25 at the birth
    weights = context.estimate(
        sure=sure,
        reception_borns=[date(y, 1, 1) for y in range(1960, 2000)],
        reception_declared=[""] * 40,
        local_families=[[date(2010, 1, 1)], [date(2015, 1, 1)]],
    )
    assert weights.parent_age_band["25-29"] > 0 > weights.parent_age_band["40-49"]


def test_band_weights_are_empty_without_families():
    weights = context.estimate(
        sure=[], reception_borns=[], reception_declared=[], local_families=[]
    )
    assert weights.parent_age_band == {}


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("1986-05-13", "1968-05-13", True),  # two digits swapped
        ("1918-08-29", "1981-08-29", True),
        ("1986-05-13", "1976-05-13", True),  # one digit different
        ("1986-05-13", "1986-05-13", False),  # the same
        ("1986-05-13", "1968-05-31", False),  # two slips
        ("1990-02-13", "1909-02-13", True),
    ],
)
def test_one_slip(a, b, expected):
    assert one_slip(a, b) is expected


def test_a_mistyped_decade_is_not_a_generation_apart():
    assert not _generation_apart(date(1986, 5, 13), {date(1968, 5, 13)})
    assert _generation_apart(date(1986, 5, 13), {date(1961, 2, 3)})


def candidate_pairs(*rows) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows, columns=["unique_id_l", "unique_id_r", "person_key", "match_probability"]
    )
    frame["via"] = None
    return frame


def test_receptions_of_one_prison_number_share_their_matches():
    pairs = candidate_pairs(
        ("OXON_CSC:1", "M1", "P1", 0.9999),  # the first reception gave his address
        ("OXON_EDU:7", "M2", "P1", 0.40),  # the recall, no fixed abode: a name only
        ("OXON_EDU:9", "M3", "P9", 0.97),  # someone else entirely
    )
    shared = _shared_across_prison_numbers(
        pairs, {"M1": "A1234BC", "M2": "A1234BC", "M3": "Z9999ZZ"}
    )
    recall = shared[(shared["unique_id_r"] == "M2") & (shared["person_key"] == "P1")]
    assert recall["match_probability"].max() == pytest.approx(0.9999)
    assert set(recall.loc[recall["match_probability"] > 0.99, "via"]) == {"M1"}
    # Nothing flows to a reception of another prison number, and the original rows stay.
    assert set(shared.loc[shared["unique_id_r"] == "M3", "person_key"]) == {"P9"}
    assert len(shared) == 4


# Comparison vector values and weights as the model gives them (not known is -1, weight 0).
FIRST_EXACT, FIRST_NICKNAME, DOB_ONE_DIGIT, DOB_DIFFERENT, NOT_KNOWN = 6, 5, 1, 0, -1
LABELS = {
    "first_name": {6: "exact", 5: "same name, other form (nickname)", -1: "not known"},
    "last_name": {6: "exact", -1: "not known"},
    "date_of_birth": {3: "exact", 1: "one digit different", 0: "different", -1: "not known"},
    "address": {-1: "not known"},
    "sex": {1: "same", -1: "not known"},
}


def scored(record, person, probability, first, dob, dob_weight, dob_value=None):
    """One scored (record, reception) pair, the surname agreeing exactly."""
    return {
        "unique_id_l": record, "unique_id_r": "M1", "person_key": person,
        "match_probability": probability, "via": None,
        "gamma_first_name": first, "mw_first_name": {FIRST_EXACT: 9.1, FIRST_NICKNAME: 5.0}[first],
        "first_name_l": {FIRST_EXACT: "steven", FIRST_NICKNAME: "stephen"}[first], "first_name_r": "steven",
        "gamma_last_name": 6, "mw_last_name": 11.4, "mw_tf_adj_last_name": 0.0,
        "last_name_l": "wickbrook", "last_name_r": "wickbrook",
        "gamma_date_of_birth": dob, "mw_date_of_birth": dob_weight,
        "dob_l": dob_value, "dob_r": "1983-02-16",
        "gamma_address": NOT_KNOWN, "mw_address": 0.0, "postcode_l": None, "postcode_r": None,
        "gamma_sex": 1, "mw_sex": 1.0, "sex_l": "M", "sex_r": "M",
    }  # fmt: skip


def test_a_reception_is_weighed_against_all_the_persons_records():
    pairs = pd.DataFrame(
        [
            # A school contact: the first name as the prisoner gives it, no date of birth.
            scored("BHAM_EDU:1", "P1", 0.903, FIRST_EXACT, NOT_KNOWN, 0.0),
            # The housing record of the same person: a nickname, and a date one digit out.
            scored("BHAM_HOUSING:2", "P1", 0.870, FIRST_NICKNAME, DOB_ONE_DIGIT, 4.1, "1982-02-16"),
            # A namesake known to a school only: nothing to add.
            scored("OXON_EDU:3", "P2", 0.903, FIRST_EXACT, NOT_KNOWN, 0.0),
        ]
    )
    weighed = _person_evidence(pairs)
    best = weighed[weighed["unique_id_l"] == "BHAM_EDU:1"].iloc[0]
    odds = 0.903 / 0.097 * 2**4.1
    assert best["match_probability"] == pytest.approx(odds / (1 + odds))
    assert best["gamma_first_name"] == FIRST_EXACT  # its own first name agrees best
    assert best["gamma_date_of_birth"] == DOB_ONE_DIGIT
    assert best["borrowed"] == {"date_of_birth": "BHAM_HOUSING:2"}
    # The other records and the namesake stay as scored.
    assert (
        weighed.loc[weighed["unique_id_l"] == "BHAM_HOUSING:2", "match_probability"].item() == 0.870
    )
    assert weighed.loc[weighed["unique_id_l"] == "OXON_EDU:3", "match_probability"].item() == 0.903
    # The evidence says which record the date of birth came from.
    dob = next(e for e in _evidence(best, LABELS) if e.field == "date_of_birth")
    assert dob.local_value == "1982-02-16 (record BHAM_HOUSING:2)"
    assert dob.agreement == "one digit different" and dob.match_weight == 4.1


def test_a_date_of_birth_another_record_holds_counts_against_even_when_the_best_has_none():
    pairs = pd.DataFrame(
        [
            scored("OXON_EDU:1", "P1", 0.903, FIRST_EXACT, NOT_KNOWN, 0.0),
            scored("OXON_CSC:2", "P1", 0.300, FIRST_EXACT, DOB_DIFFERENT, -3.8, "1961-07-01"),
        ]
    )
    best = _person_evidence(pairs).iloc[0]
    odds = 0.903 / 0.097 * 2**-3.8
    assert best["match_probability"] == pytest.approx(odds / (1 + odds))
    assert best["gamma_date_of_birth"] == DOB_DIFFERENT


def test_the_strongest_level_is_taken_not_the_heaviest():
    # A common surname agrees exactly on the best record (its weight lowered for its frequency);
    # another record of the person has a one-letter slip of it, which weighs more but says less.
    exact, slip = (
        scored("BHAM_CSC:1", "P1", 0.9992, FIRST_EXACT, 3, 13.1, "1987-12-22"),
        scored("BHAM_EDU:2", "P1", 0.99, FIRST_EXACT, NOT_KNOWN, 0.0),
    )
    exact["mw_last_name"], slip["gamma_last_name"], slip["mw_last_name"] = 6.8, 4, 7.1
    best = _person_evidence(pd.DataFrame([exact, slip])).iloc[0]
    assert best["gamma_last_name"] == 6 and best["match_probability"] == 0.9992
    assert best["borrowed"] == {}


def test_a_person_at_the_home_of_the_person_the_prisoner_surely_is_is_weighed_with_it():
    # The prisoner gave no address. His police record agrees on the date of birth; a school
    # contact of his name at the same postcode (no street given, no date of birth) stayed apart
    # in resolution. A namesake elsewhere and one at another house in the postcode gain nothing.
    def at(record, person, probability, dob, postcode, street, dob_weight=0.0):
        pair = scored(record, person, probability, FIRST_EXACT, dob, dob_weight)
        return {**pair, "postcode_l": postcode, "address_key_l": street}

    pairs = pd.DataFrame(
        [
            at("TVP_POLICE:1", "P1", 0.9995, 3, "MK164BG", "23 riverside house", 13.0),
            at("BUCKS_EDU:2", "P2", 0.61, NOT_KNOWN, "MK164BG", None),
            at("OXON_EDU:3", "P3", 0.61, NOT_KNOWN, "OX11AA", None),
            at("BUCKS_EDU:4", "P4", 0.61, NOT_KNOWN, "MK164BG", "2 mill lane"),
        ]
    )
    candidates = pd.DataFrame(
        {
            "unique_id": ["TVP_POLICE:1", "BUCKS_EDU:2", "OXON_EDU:3", "BUCKS_EDU:4"],
            "person_key": ["P1", "P2", "P3", "P4"],
            "postcode": ["MK164BG", "MK164BG", "OX11AA", "MK164BG"],
            "address_key": ["23 riverside house", None, None, "2 mill lane"],
            "address_from_child": [False] * 4,
        }
    )
    weights = {"same postcode and street address": 10.2, "same postcode": 8.7}
    weighed = _at_the_prisoners_home(pairs, LABELS, candidates, weights, 0.99)
    probability = dict(zip(weighed["person_key"], weighed["match_probability"], strict=True))
    odds = 0.61 / 0.39 * 2**8.7
    assert probability["P2"] == pytest.approx(odds / (1 + odds))
    assert (probability["P1"], probability["P3"], probability["P4"]) == (0.9995, 0.61, 0.61)
    school = weighed[weighed["person_key"] == "P2"].iloc[0]
    (home,) = _home_evidence(school)
    assert home.field == HOME_FIELD and home.match_weight == 8.7
    assert home.reception_value == "MK164BG (record TVP_POLICE:1)"
    assert home.agreement == "same postcode as the person the prisoner was matched to"
    # Not sure of the prisoner: nobody's home is his.
    unsure = pairs.assign(match_probability=[0.98, 0.61, 0.61, 0.61])
    weighed = _at_the_prisoners_home(unsure, LABELS, candidates, weights, 0.99)
    assert weighed["home_of"].isna().all()


def test_each_identity_is_weighed_on_its_own_before_it_stands_for_the_reception():
    receptions = engine.prepare_receptions(
        pd.DataFrame(
            [{"unique_id": "M1", "first_name": "ANDREW", "last_name": "WEBB",
              "aliases": "STEVEN WICKBROOK", "date_of_birth": "1983-02-16"}]
        )
    )  # fmt: skip
    identities = _identities(receptions)
    assert "reception_id" not in identities.table  # Splink scores the model's columns only
    assert identities.main == {"M1"}
    # The alias agrees on the first name with one record and the given surname could agree with
    # another: each identity's evidence is gathered apart, so nothing mixes the two.
    alias = scored("BHAM_EDU:1", "P1", 0.903, FIRST_EXACT, NOT_KNOWN, 0.0) | {"unique_id_r": "M1~1"}
    given = scored("BHAM_HOUSING:2", "P1", 0.2, FIRST_NICKNAME, DOB_ONE_DIGIT, 4.1) | {
        "unique_id_r": "M1"
    }
    weighed = identities.as_receptions(_person_evidence(pd.DataFrame([alias, given])))
    assert weighed["unique_id_r"].tolist() == ["M1", "M1"]
    by_record = weighed.set_index("unique_id_l")
    assert by_record.loc["BHAM_EDU:1", "match_probability"] == 0.903
    assert by_record.loc["BHAM_EDU:1", "identity_name"] == "STEVEN WICKBROOK"
    assert _identity_evidence(by_record.loc["BHAM_EDU:1"].to_dict()) == (
        FieldEvidence(
            field="name_compared",
            reception_value="STEVEN WICKBROOK",
            local_value="steven wickbrook",
            agreement="names compared under this alias",
            match_weight=0.0,
        ),
    )
    assert _identity_evidence(by_record.loc["BHAM_HOUSING:2"].to_dict()) == ()
