"""The rules clustering and reception matching add to Splink's probabilities: twins stay apart,
a father and his same-named son stay apart, and a prisoner's age against a local family's
children counts as evidence."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from paramount.linkage.engine import context
from paramount.linkage.engine.resolve import (
    DOB_DIFFERENT,
    FIRST_NAME_SAME,
    FIRST_NAMES_DIFFERENT,
    cluster,
)


def pairs(*rows) -> pd.DataFrame:
    return pd.DataFrame(
        rows,
        columns=[
            "unique_id_l",
            "unique_id_r",
            "match_probability",
            "gamma_first_name",
            "mw_first_name",
            "mw_sex",
        ],
    )


def test_twins_are_never_merged_even_when_the_pair_scores_high():
    # Same surname, date of birth and address; the first names disagree outright.
    scored = pairs(
        ("EDU:1", "EDU:2", 0.999, FIRST_NAMES_DIFFERENT, -6.0, 0.5),
        ("EDU:1", "CSC:1", 0.999, 4, 3.0, 0.5),
    )
    dobs = {"EDU:1": "2015-03-02", "EDU:2": "2015-03-02", "CSC:1": "2015-03-02"}
    people = cluster(list(dobs), dobs, scored, threshold=0.99).person_of_record
    assert people["EDU:1"] == people["CSC:1"]
    assert people["EDU:1"] != people["EDU:2"]


def test_siblings_known_by_each_others_names_and_born_months_apart_stay_apart():
    # Oliver, and Joshua Oliver known by his middle name: one surname, one address, born
    # on days no typing slip explains. The same first name with such a date (a day recorded as
    # the 1st) is one child; a middle name, or a similar spelling, is not enough.
    middle_name, similar = FIRST_NAME_SAME - 2, FIRST_NAME_SAME - 1
    scored = pd.DataFrame(
        [
            ("EDU:oliver", "EDU:joshua", 0.999, middle_name, 4.0, DOB_DIFFERENT, 0.5),
            ("EDU:oliver", "CSC:oliver", 0.999, FIRST_NAME_SAME + 2, 9.0, DOB_DIFFERENT, 0.5),
            ("EDU:joshua", "CSC:jayden", 0.999, similar, 3.0, DOB_DIFFERENT, 0.5),
            ("EDU:joshua", "POLICE:joshua", 0.999, middle_name, 4.0, DOB_DIFFERENT + 3, 0.5),
        ],
        columns=["unique_id_l", "unique_id_r", "match_probability", "gamma_first_name",
                 "mw_first_name", "gamma_date_of_birth", "mw_sex"],
    )  # fmt: skip
    dobs = {
        "EDU:oliver": "2019-10-18", "CSC:oliver": "2019-10-01", "EDU:joshua": "2019-12-25",
        "CSC:jayden": "2017-04-02", "POLICE:joshua": "2019-12-25",
    }  # fmt: skip
    people = cluster(list(dobs), dobs, scored, threshold=0.99).person_of_record
    assert people["EDU:oliver"] == people["CSC:oliver"]
    assert people["EDU:joshua"] == people["POLICE:joshua"]  # known by his middle name
    assert people["EDU:oliver"] != people["EDU:joshua"]
    assert people["CSC:jayden"] != people["EDU:joshua"]


def test_sisters_of_one_name_born_years_apart_stay_apart_and_a_mistyped_year_does_not():
    scored = pairs(
        ("EDU:lily", "EDU:lily-daisy", 0.999, FIRST_NAME_SAME + 2, 9.0, 0.5),
        ("EDU:lily", "CSC:lily", 0.999, FIRST_NAME_SAME + 2, 9.0, 0.5),
        ("EDU:lily", "POLICE:lily", 0.999, FIRST_NAME_SAME + 2, 9.0, 0.5),
    )
    dobs = {
        "EDU:lily": "2019-07-07",
        "EDU:lily-daisy": "2017-01-28",  # her sister
        "CSC:lily": "2009-07-07",  # one digit mistyped
        "POLICE:lily": "2018-12-30",  # within a year
    }
    people = cluster(list(dobs), dobs, scored, threshold=0.99).person_of_record
    assert people["EDU:lily"] == people["CSC:lily"] == people["POLICE:lily"]
    assert people["EDU:lily"] != people["EDU:lily-daisy"]


def test_father_and_son_of_one_name_stay_apart_through_a_record_without_a_date_of_birth():
    scored = pairs(
        ("CSC:dad", "EDU:contact", 0.999, 4, 3.0, 0.5),
        ("CSC:son", "EDU:contact", 0.998, 4, 3.0, 0.5),
    )
    dobs = {"CSC:dad": "1970-01-01", "CSC:son": "1995-06-01", "EDU:contact": None}
    people = cluster(list(dobs), dobs, scored, threshold=0.99).person_of_record
    assert people["CSC:dad"] == people["EDU:contact"]
    assert people["CSC:son"] != people["CSC:dad"]


def test_a_son_is_not_merged_into_the_father_whose_children_are_his_siblings():
    # The father's school contact has no date of birth but lists children born 2010 and 2012;
    # the son's police record (same name, same address) says he was born in 2005.
    scored = pairs(("EDU:dad", "POLICE:son", 0.999, 4, 3.0, 0.5))
    dobs = {"EDU:dad": None, "POLICE:son": "2005-07-29"}
    children = {"EDU:dad": ["2010-01-01", "2012-03-03"], "POLICE:son": []}
    people = cluster(list(dobs), dobs, scored, threshold=0.99, child_dobs=children).person_of_record
    assert people["EDU:dad"] != people["POLICE:son"]
    # Without the children's dates of birth nothing tells them apart.
    alone = cluster(list(dobs), dobs, scored, threshold=0.99).person_of_record
    assert alone["EDU:dad"] == alone["POLICE:son"]


def test_records_that_pair_with_nothing_are_people_of_their_own():
    dobs = {"A:1": None, "A:2": "1980-01-01"}
    people = cluster(list(dobs), dobs, pairs(), threshold=0.99).person_of_record
    assert len(set(people.values())) == 2


@pytest.mark.parametrize(
    ("born", "children", "level"),
    [
        (date(1985, 5, 1), [date(2012, 1, 1), date(2015, 1, 1)], "typical"),
        (date(1960, 5, 1), [date(2012, 1, 1)], "possible"),  # 51 at the birth
        (date(2002, 5, 1), [date(2012, 1, 1)], "implausible"),  # 9 at the birth
        (date(1940, 5, 1), [date(2015, 1, 1)], "implausible"),  # 74 at the birth
    ],
)
def test_parent_age_levels(born, children, level):
    assert context.parent_age_level(born, children) == level


def test_parent_age_is_unknown_without_a_childs_date_of_birth():
    assert context.parent_age_level(date(1985, 1, 1), []) is None


def test_weights_follow_the_data_and_stay_finite():
    sure = [(date(1985, 1, 1), [date(2012, 1, 1)], "Y")] * 40
    weights = context.estimate(
        sure=sure,
        reception_borns=[date(1985, 1, 1), date(2003, 1, 1)] * 20,
        reception_declared=["Y", "N", "N", ""] * 10,
        local_families=[[date(2012, 1, 1)], [date(2020, 1, 1)]],
    )
    assert weights.parent_age["typical"] > 0 > weights.parent_age["implausible"]
    assert weights.declared["Y"] > 0 > weights.declared["N"]
    assert all(abs(w) < 10 for w in [*weights.parent_age.values(), *weights.declared.values()])


def test_with_no_data_the_priors_decide():
    weights = context.estimate(
        sure=[], reception_borns=[], reception_declared=[], local_families=[]
    )
    assert weights.parent_age["typical"] == pytest.approx(1.0, abs=0.01)  # log2(0.9 / 0.45)
    assert weights.declared["N"] < 0
