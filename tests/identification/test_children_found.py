"""Children found well: once per reception even when two services' records of one child stay
apart, and in the right area when their own records carry no postcode.

A small generated region gives the model something to learn from; one family is added by hand
so the test knows exactly what should come out. Every name here is made up.
"""

from __future__ import annotations

import csv
from datetime import date

import pytest
from django.core.management import call_command

from paramount.feeds.models import PersonRecord
from paramount.identification.models import Identification
from paramount.identification.services import NOT_A_CHILD, _child_age
from paramount.linkage.engine import context
from paramount.linkage.engine.children import ChildFound, first_names_agree, listed_before
from paramount.synth.generator import generate

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

PEOPLE = [
    # The father, known to children's social care with a date of birth and to a school without.
    {"source": "OXON_CSC", "record_id": "ZZ-A1", "first_name": "Dariusz", "last_name": "Kowalewski",
     "date_of_birth": "1984-02-11", "sex": "M", "address_line_1": "7 Quarry Lane", "postcode": "OX4 6ZZ"},
    {"source": "OXON_EDU", "record_id": "ZZ-A2", "first_name": "Dariusz", "last_name": "Kowalewski",
     "address_line_1": "7 Quarry Lane", "postcode": "OX4 6ZZ"},
    # His daughter: neither service holds a postcode for her, and the school's record has no
    # date of birth, so the two records of her may stay apart.
    {"source": "OXON_CSC", "record_id": "ZZ-C1", "first_name": "Zofia", "last_name": "Kowalewska",
     "date_of_birth": "2016-05-05", "sex": "F"},
    {"source": "OXON_EDU", "record_id": "ZZ-C2", "first_name": "Zofia", "last_name": "Kowalewska",
     "sex": "F"},
    # A mother and two children: one born after her reception (not a child on the day she was
    # received, so not listed for that reception), one whose only record gives a town but no
    # postcode, and who does not live with her.
    {"source": "BHAM_CSC", "record_id": "ZZ-B1", "first_name": "Ffion", "last_name": "Marchbank",
     "date_of_birth": "1990-04-04", "sex": "F", "address_line_1": "3 Orchard Row", "town": "Birmingham",
     "postcode": "B12 7ZZ"},
    {"source": "BHAM_CSC", "record_id": "ZZ-D1", "first_name": "Macsen", "last_name": "Marchbank",
     "date_of_birth": "2026-10-20", "sex": "M", "address_line_1": "3 Orchard Row", "town": "Birmingham",
     "postcode": "B12 7ZZ"},
    {"source": "BHAM_CSC", "record_id": "ZZ-D2", "first_name": "Elis", "last_name": "Marchbank",
     "date_of_birth": "2019-01-01", "sex": "M", "address_line_1": "9 Mill Lane", "town": "Birmingham"},
    # A date of birth years ahead: a mistake in the record, so the age is not known.
    {"source": "BHAM_CSC", "record_id": "ZZ-D3", "first_name": "Gethin", "last_name": "Marchbank",
     "date_of_birth": "2091-06-06", "sex": "M", "address_line_1": "3 Orchard Row", "town": "Birmingham",
     "postcode": "B12 7ZZ"},
    # Another man of the father's name, known to a school in Birmingham with a son of his own.
    {"source": "BHAM_EDU", "record_id": "ZZ-G1", "first_name": "Dariusz", "last_name": "Kowalewski",
     "address_line_1": "40 Canal Street", "town": "Birmingham", "postcode": "B18 5ZZ"},
    {"source": "BHAM_EDU", "record_id": "ZZ-G2", "first_name": "Kacper", "last_name": "Kowalewski",
     "date_of_birth": "2013-09-09", "sex": "M", "address_line_1": "40 Canal Street",
     "town": "Birmingham", "postcode": "B18 5ZZ"},
    # A father known only to a school (no date of birth), whose reception gives 1929 for 1992;
    # his son and stepson, one known by the other's first name as his middle name, born months
    # apart: two boys, not one.
    {"source": "OXON_EDU", "record_id": "ZZ-E1", "first_name": "Teodor", "last_name": "Wyndlow",
     "address_line_1": "12 Ferry Walk", "town": "Oxford", "postcode": "OX2 6ZZ"},
    {"source": "OXON_EDU", "record_id": "ZZ-E2", "first_name": "Oliver", "last_name": "Wyndlow",
     "date_of_birth": "2018-02-10", "sex": "M", "address_line_1": "12 Ferry Walk", "town": "Oxford",
     "postcode": "OX2 6ZZ"},
    {"source": "OXON_EDU", "record_id": "ZZ-E3", "first_name": "Joshua", "middle_names": "Oliver",
     "last_name": "Wyndlow", "date_of_birth": "2018-06-30", "sex": "M", "address_line_1": "12 Ferry Walk",
     "town": "Oxford", "postcode": "OX2 6ZZ"},
]  # fmt: skip
RELATIONSHIPS = [
    {"source": "OXON_CSC", "adult_record_id": "ZZ-A1", "child_record_id": "ZZ-C1",
     "relationship": "FATHER", "parental_responsibility": "Y", "lives_with_child": "Y"},
    {"source": "OXON_EDU", "adult_record_id": "ZZ-A2", "child_record_id": "ZZ-C2",
     "relationship": "FATHER", "parental_responsibility": "Y", "lives_with_child": "Y"},
    {"source": "BHAM_CSC", "adult_record_id": "ZZ-B1", "child_record_id": "ZZ-D1",
     "relationship": "MOTHER", "parental_responsibility": "Y", "lives_with_child": "Y"},
    {"source": "BHAM_CSC", "adult_record_id": "ZZ-B1", "child_record_id": "ZZ-D2",
     "relationship": "MOTHER", "parental_responsibility": "Y", "lives_with_child": "N"},
    {"source": "BHAM_CSC", "adult_record_id": "ZZ-B1", "child_record_id": "ZZ-D3",
     "relationship": "MOTHER", "parental_responsibility": "Y", "lives_with_child": "Y"},
    {"source": "BHAM_EDU", "adult_record_id": "ZZ-G1", "child_record_id": "ZZ-G2",
     "relationship": "FATHER", "parental_responsibility": "Y", "lives_with_child": "Y"},
    {"source": "OXON_EDU", "adult_record_id": "ZZ-E1", "child_record_id": "ZZ-E2",
     "relationship": "FATHER", "parental_responsibility": "Y", "lives_with_child": "Y"},
    {"source": "OXON_EDU", "adult_record_id": "ZZ-E1", "child_record_id": "ZZ-E3",
     "relationship": "STEP_PARENT", "parental_responsibility": "N", "lives_with_child": "Y"},
]  # fmt: skip
RECEPTION = {
    "movement_id": "ZZ900001", "movement_type": "RECEPTION", "movement_date": "2026-11-20",
    "prison_number": "A9999ZZ", "first_name": "DARIUSZ", "last_name": "KOWALEWSKI",
    "date_of_birth": "1984-02-11", "sex": "M", "establishment_code": "BZI",
    "legal_status": "REMAND", "postcode": "NFA", "declared_children": "Y",
}  # fmt: skip
MOTHERS_RECEPTION = {
    "movement_id": "ZZ900002", "movement_type": "RECEPTION", "movement_date": "2026-10-01",
    "prison_number": "A9998ZZ", "first_name": "FFION", "last_name": "MARCHBANK",
    "date_of_birth": "1990-04-04", "sex": "F", "establishment_code": "EWI",
    "legal_status": "SENTENCED", "address_line_1": "3 Orchard Row", "postcode": "B12 7ZZ",
    "declared_children": "Y",
}  # fmt: skip

FATHERS_RECEPTION = {
    "movement_id": "ZZ900003", "movement_type": "RECEPTION", "movement_date": "2026-11-18",
    "prison_number": "A9997ZZ", "first_name": "TEODOR", "last_name": "WYNDLOW",
    "date_of_birth": "1929-07-14", "sex": "M", "establishment_code": "BNI",
    "legal_status": "REMAND", "address_line_1": "12 Ferry Walk", "postcode": "OX2 6ZZ",
    "declared_children": "Y",
}  # fmt: skip


def append(path, rows):
    with open(path, newline="", encoding="utf-8") as handle:
        columns = next(csv.reader(handle))
    with open(path, "a", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in columns})


@pytest.fixture
def region(tmp_path):
    generate(tmp_path, households=800, seed=5, as_of=date(2026, 11, 23))
    append(tmp_path / "people.csv", PEOPLE)
    append(tmp_path / "relationships.csv", RELATIONSHIPS)
    append(tmp_path / "prison_movements.csv", [RECEPTION, MOTHERS_RECEPTION, FATHERS_RECEPTION])
    return tmp_path


def test_each_child_is_listed_once_in_the_right_area_and_none_is_lost_to_a_date_of_birth(region):
    # Also: a child born after the reception is not listed, a child with no postcode anywhere is
    # placed by the town their record gives, and a prisoner's impossible date of birth does not
    # veto his family.
    for feed, name in (
        ("people", "people.csv"),
        ("relationships", "relationships.csv"),
        ("prison-movements", "prison_movements.csv"),
    ):
        call_command("ingest", feed, str(region / name), json=True)
    call_command("identify", quiet=True)

    # Not Kacper: with no fixed abode, the prisoner is known for sure by his date of birth as
    # Zofia's father; the other Dariusz Kowalewski shares only his name.
    found = list(Identification.objects.filter(movement__movement_id="ZZ900001"))
    assert [(i.child_first_name, i.child_last_name) for i in found] == [("Zofia", "Kowalewska")]
    zofia = found[0]
    # She has no postcode of her own: she lives where the father she is recorded as living with
    # does, in Oxford (without that she would be counted as living outside the areas).
    assert zofia.area == "Oxford"
    assert zofia.child_age == 10

    found = {
        i.child_first_name: i
        for i in Identification.objects.filter(movement__movement_id="ZZ900002")
    }
    # Not Macsen: born after his mother's reception, he was nobody's child on that day.
    assert sorted(found) == ["Elis", "Gethin"]
    assert found["Gethin"].child_age is None
    # No postcode anywhere and not living with her: Birmingham, the area every postcoded
    # record that gives the town Birmingham is in.
    assert (found["Elis"].area, found["Elis"].child_postcode) == ("Birmingham", "")

    # Aged 97 at reception by the date given, he could be no child's father: the date is
    # shown, not weighed, and both boys are listed, each once.
    found = {
        i.child_first_name: i
        for i in Identification.objects.filter(movement__movement_id="ZZ900003")
    }
    assert sorted(found) == ["Joshua", "Oliver"]
    assert found["Joshua"].child_key != found["Oliver"].child_key
    parent_age = [
        f for f in found["Oliver"].reception_match.evidence["fields"] if f["field"] == "parent_age"
    ]
    assert parent_age == [
        {
            "field": "parent_age",
            "reception_value": "aged 97 at reception",
            "local_value": "2 children born 2018",
            "agreement": context.DOUBTFUL,
            "match_weight": 0.0,
        }
    ]


def names(firsts, middles=()):
    return frozenset(firsts), frozenset(middles)


@pytest.mark.parametrize(
    ("one", "other", "agree"),
    [
        (names({"ismael"}), names({"ismail"}), True),  # one letter changed
        (names({"chadlie"}), names({"charlie"}), True),
        (names({"chadlie"}), names({"charlie", "charles"}), True),  # as written and canonical
        (names({"thomas"}), names({"harry"}, {"thomas"}), True),  # known by the middle name
        (names({"jason"}), names({"mason"}), False),  # twins: another initial
        (names({"oliver"}), names({"olivia"}), False),  # twins: more than one slip
        (names({"kai"}), names({"kian"}), False),  # too short to call a slip
        # Twins a letter apart whose middle names say who is who; one child's records share one.
        (names({"asha"}, {"olivia"}), names({"aisha"}, {"mia"}), False),
        (names({"asha"}, {"mia"}), names({"aisha"}, {"mia"}), True),
        (names({"asha"}), names({"aisha"}, {"mia"}), True),
        # A middle name recorded as its initial is that name; another initial is another child.
        (names({"aadm"}, {"gbenga"}), names({"adam"}, {"g"}), True),
        (names({"asha"}, {"o"}), names({"aisha"}, {"mia"}), False),
    ],
)
def test_first_names_of_one_child_and_of_twins(one, other, agree):
    assert first_names_agree(one, other) is agree


def test_a_town_or_source_answers_only_when_it_is_all_in_one_area():
    from paramount.identification.selectors import PlaceAreas

    places = PlaceAreas(
        by_town={"slough": "Buckinghamshire", "reading": "West Berkshire"},
        by_source={"bham_csc": "Birmingham"},
    )
    assert places.area_of(["Slough"], ["BUCKS_EH"]) == "Buckinghamshire"
    assert places.area_of([" SLOUGH "], []) == "Buckinghamshire"
    assert places.area_of([], ["BHAM_CSC"]) == "Birmingham"  # no town: the source's area
    assert places.area_of(["Slough", "Reading"], ["BHAM_CSC"]) is None  # towns disagree
    assert places.area_of(["Swindon"], ["WILTS_CSC"]) is None  # nothing known


def listed(key, first, last, born, sources, middles=()):
    return ChildFound(
        key=key,
        first_name=first,
        last_name=last,
        date_of_birth=date.fromisoformat(born) if born else None,
        first_names=frozenset({first}),
        middle_names=frozenset(middles),
        sources=frozenset(sources),
    )


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        # One child, spelt by two services too differently to call a slip.
        (listed("a", "ayya", "Al Sayed", "2012-01-26", ["BHAM_EDU"]),
         listed("b", "aya", "Sayed", "2012-01-26", ["BHAM_EH"]), True),
        (listed("a", "emily", "Watson-Oxstead", "2010-09-30", ["WBERKS_CSC", "WBERKS_EDU"]),
         listed("b", "enmy", "Watson-Oxstead", "2010-09-30", ["TVP_POLICE"]), True),
        (listed("a", "emily", "Watson", "2010-09-03", ["WBERKS_EDU"]),
         listed("b", "enmy", "Watson", "2010-03-09", ["TVP_POLICE"]), True),  # day and month
        # One child a service keyed surname first, with no date of birth; and one whose dates
        # of birth disagree by more than a slip is another child.
        (listed("a", "hamish", "MacLeod", "2013-01-02", ["OXON_EDU"]),
         listed("b", "macleod", "Hamish", None, ["TVP_POLICE"]), True),
        (listed("a", "hamish", "MacLeod", "2013-01-02", ["OXON_EDU"]),
         listed("b", "macleod", "Hamish", "2016-07-30", ["TVP_POLICE"]), False),
        # Twins: both known to one service, however alike their names.
        (listed("a", "kai", "Brennock", "2019-04-04", ["OXON_EDU"]),
         listed("b", "kian", "Brennock", "2019-04-04", ["OXON_EDU", "TVP_POLICE"]), False),
        # One child whose two services' records stayed apart: the names agree.
        (listed("a", "lewis", "Yarrowby", "2023-01-19", ["BHAM_EDU", "BHAM_HOUSING"]),
         listed("b", "lewis", "Yarrowby", "2023-01-19", ["BHAM_HOUSING"]), True),
        # Twins each known to the same two services, though their names share a form.
        (listed("a", "lewis", "Yarrowby", "2023-01-19", ["BHAM_EDU", "BHAM_HOUSING"]),
         listed("b", "lewis", "Yarrowby", "2023-01-19", ["BHAM_EDU", "BHAM_HOUSING"]), False),
        # Twins whose middle names say who is who, each known to one service.
        (listed("a", "ethan", "Brennock", "2019-04-04", ["OXON_EDU"], {"james"}),
         listed("b", "evan", "Brennock", "2019-04-04", ["TVP_POLICE"], {"thomas"}), False),
        # One child whose middle name one service records as its initial.
        (listed("a", "aadm", "Okonkwo", "2015-04-19", ["TVP_POLICE"], {"gbenga"}),
         listed("b", "adam", "Okonkwo", "2015-04-19", ["BHAM_EDU"], {"g"}), True),
        # Not alike enough, or born on other days, or of other families.
        (listed("a", "ethan", "Brennock", "2019-04-04", ["OXON_EDU"]),
         listed("b", "aaron", "Brennock", "2019-04-04", ["TVP_POLICE"]), False),
        (listed("a", "ethan", "Brennock", "2019-04-04", ["OXON_EDU"]),
         listed("b", "ethen", "Brennock", "2020-08-14", ["TVP_POLICE"]), False),
        (listed("a", "ayya", "Al Sayed", "2012-01-26", ["BHAM_EDU"]),
         listed("b", "aya", "Al Hashimi", "2012-01-26", ["BHAM_EH"]), False),
    ],
)  # fmt: skip
def test_one_child_known_to_two_services_is_listed_once(one, other, same):
    found = []
    assert listed_before(one, found) is False
    assert listed_before(other, found) is same
    assert len(found) == (1 if same else 2)


RECEIVED = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("dates", "best", "age"),
    [
        ([date(2016, 5, 5)], date(2016, 5, 5), 10),
        ([], None, None),  # no date of birth anywhere: listed, age not known
        ([date(2091, 6, 6)], None, None),  # a date years ahead is a mistake: not known
        ([date(2026, 11, 21)], date(2026, 11, 21), NOT_A_CHILD),  # born the day after
        ([date(2026, 11, 20)], date(2026, 11, 20), 0),  # born that day
        ([date(2008, 11, 20)], date(2008, 11, 20), NOT_A_CHILD),  # 18 that day
        ([date(2008, 11, 21)], date(2008, 11, 21), 17),  # 18 the day after
        # Two services disagree: 18 by the best date, 17 by the other. A person checks.
        ([date(2008, 1, 1), date(2009, 1, 1)], date(2008, 1, 1), 17),
        # 18 or over by every date given: never listed.
        ([date(2008, 1, 1), date(2007, 6, 1)], date(2008, 1, 1), NOT_A_CHILD),
        # Unborn by one date, adult by the other: a child by none.
        ([date(2027, 1, 1), date(2001, 1, 1)], date(2001, 1, 1), NOT_A_CHILD),
    ],
)
def test_a_child_is_one_by_at_least_one_recorded_date_of_birth(dates, best, age):
    records = [PersonRecord(date_of_birth=born) for born in dates]
    assert _child_age(best, records, RECEIVED, 18) == age
