"""Synthetic region for Paramount: households, local services' records, prison movements.

``generate(out_dir, households, seed, as_of)`` builds a true world of households (parents,
step-parents, separated parents at other addresses, grandparent and foster carers, children,
young adults still listed with their parents), renders what each local source would hold about
them (with the errors and variations real records carry), picks people received into prison
over the 60 days before ``as_of`` (local parents, local adults without children, and people no
local service knows, many of them namesakes of local people), and writes the three feeds of
``shared/spec/feeds.md`` plus truth files saying who every record really is.

Plain Python, no Django: the management command ``paramount synth`` is a thin wrapper.
Everything random comes from one ``random.Random(seed)``; same seed, ``as_of`` and household
count give byte-identical files.
"""

from __future__ import annotations

import csv
import random
from bisect import bisect
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

from paramount.files import PRIVATE_DIRECTORY, open_private, private_directory
from paramount.synth import names as N
from paramount.synth import places as P
from paramount.synth.errors import (
    VARIANTS,
    RecordProfile,
    ascii_fold,
    case_variation,
    date_error,
    postcode_variation,
    street_variation,
    surname_variation,
    typo,
)

# Column order of each feed, exactly as the contract lists them.
MOVEMENT_COLUMNS = (
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
)
PEOPLE_COLUMNS = (
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
)
RELATIONSHIP_COLUMNS = (
    "source",
    "adult_record_id",
    "child_record_id",
    "relationship",
    "parental_responsibility",
    "lives_with_child",
)
PEOPLE_TRUTH_COLUMNS = ("source", "record_id", "person_id")
MOVEMENTS_TRUTH_COLUMNS = ("movement_id", "person_id", "is_local")
IDENTIFICATIONS_TRUTH_COLUMNS = ("movement_id", "child_person_id", "area")
PERSONS_TRUTH_COLUMNS = (
    "person_id",
    "first_name",
    "middle_names",
    "last_name",
    "previous_last_names",
    "date_of_birth",
    "sex",
    "postcode",
    "area",
)

PARENTAL_RELATIONSHIPS = frozenset({"MOTHER", "FATHER", "STEP_PARENT"})
RECEIVING_MOVEMENTS = frozenset({"RECEPTION", "RECALL"})
PERIOD_DAYS = 60
HOUSEHOLDS_PER_RECEPTION = 150
MINIMUM_RECEPTIONS = 8
MAXIMUM_SOURCES = 3  # a person is known to at most three local sources
PNC_CHECK_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
LA_CODES = {"OXON": 931, "BUCKS": 825, "WBERKS": 869, "BHAM": 330}
POLICE_BY_FAMILY = {
    "OXON": "TVP_POLICE",
    "BUCKS": "TVP_POLICE",
    "WBERKS": "TVP_POLICE",
    "BHAM": "WMP_POLICE",
}
EARLY_HELP_BY_FAMILY = {"OXON": "OXON_EH", "BUCKS": "BUCKS_EH", "BHAM": "BHAM_EH"}
HOUSING_BY_AREA = {"Birmingham": "BHAM_HOUSING", "Oxford": "OXFORD_HOUSING"}
BRITISH_ORIGINS = frozenset({"english", "scottish", "irish", "welsh"})

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# How careful each kind of record is (see RecordProfile for the fields).
PUPIL = RecordProfile(
    nickname=0.04,
    variant=0.12,
    typo=0.02,
    middle_present=0.75,
    previous_names_field=0.0,
    stale_surname=0.02,
    dob_present=0.995,
    dob_error=0.012,
    upper_case=0.02,
    ascii_only=0.3,
    sex_present=0.99,
    phone=0.0,
    address_missing=0.01,
    postcode_missing=0.01,
)
CONTACT = RecordProfile(
    nickname=0.45,
    variant=0.3,
    typo=0.05,
    middle_present=0.08,
    previous_names_field=0.05,
    stale_surname=0.08,
    dob_present=0.1,
    dob_error=0.05,
    upper_case=0.03,
    ascii_only=0.45,
    sex_present=0.5,
    phone=0.8,
    address_missing=0.12,
    postcode_missing=0.05,
)
CSC_CHILD = RecordProfile(
    nickname=0.05,
    variant=0.2,
    typo=0.03,
    middle_present=0.7,
    previous_names_field=0.3,
    stale_surname=0.05,
    dob_present=0.97,
    dob_error=0.025,
    upper_case=0.02,
    ascii_only=0.35,
    sex_present=0.97,
    phone=0.15,
    address_missing=0.03,
    postcode_missing=0.03,
)
CSC_ADULT = RecordProfile(
    nickname=0.2,
    variant=0.3,
    typo=0.04,
    middle_present=0.5,
    previous_names_field=0.55,
    stale_surname=0.08,
    dob_present=0.8,
    dob_error=0.04,
    upper_case=0.03,
    ascii_only=0.4,
    sex_present=0.92,
    phone=0.55,
    address_missing=0.06,
    postcode_missing=0.04,
)
EARLY_HELP = RecordProfile(
    nickname=0.3,
    variant=0.3,
    typo=0.05,
    middle_present=0.3,
    previous_names_field=0.2,
    stale_surname=0.08,
    dob_present=0.85,
    dob_error=0.04,
    upper_case=0.02,
    ascii_only=0.4,
    sex_present=0.85,
    phone=0.5,
    address_missing=0.04,
    postcode_missing=0.04,
)
POLICE = RecordProfile(
    nickname=0.35,
    variant=0.35,
    typo=0.05,
    middle_present=0.6,
    previous_names_field=0.6,
    stale_surname=0.1,
    dob_present=0.97,
    dob_error=0.04,
    upper_case=0.55,
    ascii_only=0.85,
    sex_present=0.99,
    phone=0.3,
    address_missing=0.05,
    postcode_missing=0.06,
)
HOUSING = RecordProfile(
    nickname=0.15,
    variant=0.3,
    typo=0.04,
    middle_present=0.25,
    previous_names_field=0.2,
    stale_surname=0.12,
    dob_present=0.9,
    dob_error=0.03,
    upper_case=0.1,
    ascii_only=0.6,
    sex_present=0.7,
    phone=0.6,
    address_missing=0.01,
    postcode_missing=0.02,
)
PRISON = RecordProfile(
    nickname=0.3,
    variant=0.4,
    typo=0.05,
    middle_present=0.5,
    previous_names_field=0.0,
    stale_surname=0.25,
    dob_present=1.0,
    dob_error=0.06,
    upper_case=0.7,
    ascii_only=0.9,
    sex_present=1.0,
    phone=0.0,
    address_missing=0.0,
    postcode_missing=0.0,
)

LEGAL_STATUS_WEIGHTS = (
    ("REMAND", 45),
    ("SENTENCED", 29),
    ("CONVICTED_UNSENTENCED", 20),
    ("IMMIGRATION_DETAINEE", 3),
    ("CIVIL", 3),
)
OFFENCES = (
    (
        "VIOLENCE",
        22,
        (
            "Assault occasioning actual bodily harm",
            "Wounding with intent",
            "Assault by beating",
            "Affray",
        ),
    ),
    (
        "DRUGS",
        15,
        (
            "Possession with intent to supply class A",
            "Being concerned in the supply of cocaine",
            "Production of cannabis",
        ),
    ),
    ("THEFT", 14, ("Theft from a shop", "Burglary dwelling", "Theft of a motor vehicle")),
    (
        "DOMESTIC_ABUSE",
        10,
        (
            "Controlling or coercive behaviour",
            "Breach of non-molestation order",
            "Assault by beating of a partner",
        ),
    ),
    ("ROBBERY", 6, ("Robbery", "Attempted robbery")),
    ("WEAPONS", 6, ("Possession of a bladed article", "Possession of a firearm")),
    ("SEXUAL", 5, ("Sexual assault", "Rape", "Making indecent images of children")),
    ("PUBLIC_ORDER", 5, ("Threatening behaviour", "Violent disorder")),
    ("FRAUD", 4, ("Fraud by false representation", "Money laundering")),
    ("MOTORING", 5, ("Driving while disqualified", "Dangerous driving", "Drink driving")),
    ("OTHER", 8, ("Breach of suspended sentence order", "Failing to surrender", "Arson")),
)
SENTENCE_DAYS = (14, 28, 42, 56, 84, 112, 168, 182, 273, 365, 548, 730, 1095, 1460, 2190, 3650)
SENTENCE_WEIGHTS = (4, 8, 5, 8, 8, 6, 6, 8, 6, 9, 5, 6, 5, 3, 2, 1)


@dataclass(frozen=True)
class SynthSummary:
    """What one run wrote: row counts per file and how many of each hard case it contains."""

    households: int
    persons: int
    people_rows: int
    relationship_rows: int
    movements: int
    receptions: int  # RECEPTION and RECALL rows
    recalls: int
    prisoners: int
    local_prisoners: int
    identifications: int  # rows of truth/identifications_truth.csv
    hard_cases: dict[str, int] = field(default_factory=dict)


class Address:
    __slots__ = ("line1", "line2", "town", "postcode", "area", "family", "district")

    def __init__(self, line1, line2, town, postcode, area, family, district):
        self.line1 = line1
        self.line2 = line2
        self.town = town
        self.postcode = postcode
        self.area = area
        self.family = family
        self.district = district


class Person:
    __slots__ = (
        "pid",
        "first",
        "middle",
        "last",
        "prev_last",
        "renamed_on",
        "sex",
        "dob",
        "origin",
        "address",
        "old_address",
        "moved_on",
        "nick",
        "uses_middle",
        "risk",
        "phone",
        "is_parent",
        "is_foster_carer",
    )

    def __init__(self, pid, first, middle, last, sex, dob, origin, address, risk):
        self.pid = pid
        self.first = first
        self.middle = middle
        self.last = last
        self.prev_last: list[str] = []
        self.renamed_on = 0  # ordinal date the current surname was taken; 0 = always had it
        self.sex = sex
        self.dob = dob
        self.origin = origin
        self.address = address
        self.old_address = None
        self.moved_on = 0
        self.nick = None
        self.uses_middle = False
        self.risk = risk
        self.phone = None
        self.is_parent = False
        self.is_foster_carer = False


class Link:
    """A true relationship between an adult and a child of a household."""

    __slots__ = ("adult", "child", "relationship", "responsibility", "lives_with")

    def __init__(self, adult, child, relationship, responsibility, lives_with):
        self.adult = adult
        self.child = child
        self.relationship = relationship
        self.responsibility = responsibility
        self.lives_with = lives_with


class Household:
    __slots__ = ("area", "family", "address", "risk", "residents", "children", "links", "foster")

    def __init__(self, area, family, address, risk):
        self.area = area
        self.family = family
        self.address = address
        self.risk = risk
        self.residents: list[Person] = []  # adults living at the address
        self.children: list[Person] = []  # the household's children, young adults included
        self.links: list[Link] = []
        self.foster = False


def _weighted(items_weights) -> tuple[list, list[float]]:
    items = [i for i, _ in items_weights]
    cumulative = list(accumulate(w for _, w in items_weights))
    return items, cumulative


def _zipf(names: list[str], exponent: float, offset: float) -> tuple[list[str], list[float]]:
    unique = list(dict.fromkeys(names))
    return _weighted([(n, 1.0 / (rank + offset) ** exponent) for rank, n in enumerate(unique)])


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def eighteenth_birthday(born: date) -> date:
    """The day a person turns 18; someone born on 29 February turns 18 on 1 March in a
    common year (as in England and Wales)."""
    try:
        return born.replace(year=born.year + 18)
    except ValueError:
        return date(born.year + 18, 3, 1)


def pnc_check_letter(year: int, serial: int) -> str:
    return PNC_CHECK_LETTERS[((year % 100) * 10_000_000 + serial) % 23]


def upn_check_letter(digits: str) -> str:
    total = sum(int(d) * weight for d, weight in zip(digits, range(2, 14), strict=True))
    return UPN_CHECK_LETTERS[total % 23]


class _World:
    """Builds the true world and the records about it, then the prison movements."""

    def __init__(self, seed: int, as_of: date) -> None:
        self.rng = random.Random(seed)
        self.r = self.rng.random
        self.as_of = as_of
        self.today = as_of.toordinal()
        self.persons: list[Person] = []
        self.households = 0
        # Rows are kept as the csv module encodes them (one string a row, far smaller than
        # tuples of cells), then shuffled and written.
        self.people_lines: list[str] = []
        self.people_truth_lines: list[str] = []
        self.relationship_lines: list[str] = []
        self._people_writer = csv.writer(_LineSink(self.people_lines), lineterminator="\n")
        self._people_truth_writer = csv.writer(
            _LineSink(self.people_truth_lines), lineterminator="\n"
        )
        self._relationship_writer = csv.writer(
            _LineSink(self.relationship_lines), lineterminator="\n"
        )
        self.relationship_keys: set[tuple[str, str, str]] = set()
        self.counting: dict[int, dict[int, None]] = {}
        self.handles: dict[tuple, list[tuple[str, bool]]] = {}
        self.ids_used: dict[str, set[str]] = {}
        self.has_records: set[int] = set()
        self.sources_of: dict[int, list[str]] = {}
        self.schools: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
        self.separated_fathers: dict[str, list[Person]] = {}
        self.recent_adults: list[Person] = []
        self.hard: Counter[str] = Counter()
        self._prepare_pools()

    # ----------------------------------------------------------------- choice helpers

    def _pick(self, pool: tuple[list, list[float]]):
        items, cumulative = pool
        return items[bisect(cumulative, self.r() * cumulative[-1])]

    def _prepare_pools(self) -> None:
        self.area_pool = _weighted(list(P.AREA_WEIGHTS.items()))
        self.district_pools = {
            area: _weighted([((d, t), w) for d, t, w in districts])
            for area, districts in P.DISTRICTS.items()
        }
        self.origin_pools = {
            family: _weighted(list(weights.items())) for family, weights in N.ORIGIN_WEIGHTS.items()
        }
        self.first_pools: dict[tuple[str, str, str], tuple[list[str], list[float]]] = {}
        for origin, spec in N.ORIGINS.items():
            for sex in ("M", "F"):
                for cohort, names in spec[sex].items():
                    self.first_pools[(origin, sex, cohort)] = _zipf(names, N.FIRST_NAME_EXPONENT, 3)
        self.surname_pools = {
            origin: _zipf(
                spec["surnames"], N.SURNAME_EXPONENTS.get(origin, N.DEFAULT_SURNAME_EXPONENT), 3
            )
            for origin, spec in N.ORIGINS.items()
        }
        self.tail_surnames = N.ENGLISH_TAIL_SURNAMES
        self.street_suffix_pool = _weighted(
            list(zip(P.STREET_SUFFIXES, P.STREET_SUFFIX_WEIGHTS, strict=True))
        )
        self.children_count_pool = _weighted([(0, 21), (1, 31), (2, 28), (3, 12), (4, 5), (5, 3)])
        self.legal_pool = _weighted(list(LEGAL_STATUS_WEIGHTS))
        self.offence_pool = _weighted([((c, d), w) for c, w, d in OFFENCES])
        self.sentence_pool = _weighted(list(zip(SENTENCE_DAYS, SENTENCE_WEIGHTS, strict=True)))
        self.workers = {
            family: [
                f"{self.rng.choice(N.WORKER_FIRST)} {self.rng.choice(N.WORKER_LAST)}"
                for _ in range(30)
            ]
            for family in LA_CODES
        }

    # ----------------------------------------------------------------- places

    def _address(self, area: str | None, district: str | None = None, town: str | None = None):
        rng, r = self.rng, self.r
        if district is None:
            district, town = self._pick(self.district_pools[area])
        assert town is not None
        if area is None:
            prefix = district.rstrip("0123456789")
            family = P.OUTSIDE_NEIGHBOUR_FAMILY[prefix]
        else:
            family = P.AREA_FAMILY[area]
        street = f"{rng.choice(P.STREET_STEMS)} {self._pick(self.street_suffix_pool)}"
        number = 1 + int(r() ** 2 * 160)
        localities = P.LOCALITIES.get(town, ())
        flat_share = 0.3 if town in ("Birmingham", "Oxford", "Reading", "Slough") else 0.12
        if r() < flat_share:
            line1 = f"Flat {rng.randint(1, 40)}, {rng.choice(P.BLOCKS)}"
            line2 = street
        else:
            line1 = f"{number} {street}"
            line2 = rng.choice(localities) if localities and r() < 0.45 else ""
        letters = P.INWARD_LETTERS
        postcode = f"{district} {rng.randrange(10)}{rng.choice(letters)}{rng.choice(letters)}"
        return Address(line1, line2, town, postcode, area, family, district)

    def _other_address(self, near: Address) -> Address:
        """Where someone connected to a household lives: usually nearby, sometimes not."""
        roll = self.r()
        if roll < 0.45 and near.area is not None:
            return self._address(near.area, near.district, near.town)
        if roll < 0.75 and near.area is not None:
            return self._address(near.area)
        if roll < 0.9:
            area = self._pick(self.area_pool)
            return self._address(area)
        return self._address(None)

    # ----------------------------------------------------------------- people

    def _cohort(self, born: date) -> str:
        if born.year >= 2003:
            return N.YOUNG
        if born.year >= 1973:
            return N.MIDDLE
        return N.OLD

    def _first_name(self, origin: str, sex: str, born: date) -> str:
        cohort = self._cohort(born)
        if origin not in BRITISH_ORIGINS and cohort == N.YOUNG and self.r() < 0.18:
            origin = "english"
        return self._pick(self.first_pools[(origin, sex, cohort)])

    def _surname(self, origin: str) -> str:
        if self.r() < N.TAIL_SHARE.get(origin, 0.0):
            return self.tail_surnames[self.rng.randrange(len(self.tail_surnames))]
        return self._pick(self.surname_pools[origin])

    def _dob_for_age(self, age: int) -> date:
        born = _years_before(self.as_of, age) - timedelta(days=self.rng.randrange(365))
        return born

    def _person(
        self,
        origin: str,
        sex: str,
        born: date,
        last: str,
        address: Address,
        risk: int,
        first: str | None = None,
    ) -> Person:
        r = self.r
        first = first or self._first_name(origin, sex, born)
        middle = ""
        if origin in BRITISH_ORIGINS or origin in ("caribbean", "african"):
            roll = r()
            if roll < 0.62:
                middle = self._first_name(origin, sex, born)
            elif roll < 0.72:
                middle = (
                    f"{self._first_name(origin, sex, born)} {self._first_name(origin, sex, born)}"
                )
        elif origin in ("pakistani_bangladeshi", "arabic", "somali") and sex == "M":
            named_for_the_prophet = first in ("Mohammed", "Muhammad", "Mohamed", "Mohammad")
            if r() < (0.85 if named_for_the_prophet else 0.3):
                middle = self._first_name(origin, sex, born)
        elif r() < 0.25:
            middle = self._first_name(origin, sex, born)
        if middle == first:
            middle = ""
        if origin in ("polish", "greek", "eastern_european") and sex == "F":
            last = N.feminine_surname(last, origin)
        if origin == "indian" and last in ("Singh", "Kaur"):
            last = "Singh" if sex == "M" else "Kaur"
        person = Person(len(self.persons), first, middle, last, sex, born, origin, address, risk)
        if first in N.NICKNAMES and r() < 0.4:
            person.nick = self.rng.choice(N.NICKNAMES[first])
        if middle and (
            (first in ("Mohammed", "Muhammad", "Mohamed", "Mohammad") and r() < 0.5) or r() < 0.03
        ):
            person.uses_middle = True
        self.persons.append(person)
        return person

    def _adult(
        self, origin: str, sex: str, age: int, address: Address, risk: int, last: str | None = None
    ) -> Person:
        born = self._dob_for_age(age)
        if origin in N.JANUARY_FIRST_ORIGINS and self.r() < 0.06:
            born = date(born.year, 1, 1)
        last = last or self._surname(origin)
        if origin == "pakistani_bangladeshi" and sex == "M" and last in ("Begum", "Bibi"):
            last = "Khan"
        if origin == "somali" and sex == "F" and self.r() < 0.5:
            last = self._surname("somali")
        person = self._person(origin, sex, born, last, address, risk)
        # Now and then an unrelated adult elsewhere has exactly this name and date of birth.
        recent = self.recent_adults
        if recent and self.r() < 0.004:
            twin = recent[self.rng.randrange(len(recent))]
            if twin.sex == sex and twin.address.family != address.family:
                person.first, person.last, person.dob = twin.first, twin.last, twin.dob
                person.middle = ""
                self.hard["same_name_and_dob_elsewhere"] += 1
        if len(recent) < 5000:
            recent.append(person)
        elif self.r() < 0.05:
            recent[self.rng.randrange(5000)] = person
        return person

    def _marry(self, wife: Person, husband: Person, on: int) -> None:
        """Wife takes the husband's surname (most British couples; not everyone)."""
        if wife.origin in ("somali", "chinese", "vietnamese", "arabic") or wife.last in (
            "Begum",
            "Bibi",
            "Kaur",
        ):
            return
        new_last = N.feminine_surname(
            N.masculine_surname(husband.last, husband.origin), wife.origin
        )
        if new_last == wife.last:
            return
        wife.prev_last.insert(0, wife.last)
        wife.last = new_last
        wife.renamed_on = min(on, self.today - 30)

    def _revert_surname(self, woman: Person, on: int) -> None:
        if woman.prev_last:
            maiden = woman.prev_last[-1]
            woman.prev_last = [woman.last] + [n for n in woman.prev_last if n != maiden]
            woman.last = maiden
            woman.renamed_on = min(on, self.today - 30)

    def _child_surname(self, mother: Person, father: Person | None, married: bool) -> str:
        if father is None:
            return N.masculine_surname(mother.last, mother.origin)
        if father.origin == "somali":
            return father.first  # Somali children take the father's given name
        father_name = N.masculine_surname(father.last, father.origin)
        if married:
            return father_name
        roll = self.r()
        if roll < 0.64:
            return father_name
        if roll < 0.86 or mother.origin not in BRITISH_ORIGINS:
            return N.masculine_surname(mother.last, mother.origin)
        mother_name = N.masculine_surname(mother.last, mother.origin)
        if mother_name == father_name or "-" in mother_name or "-" in father_name:
            return father_name
        self.hard["double_barrelled_children"] += 1
        return f"{mother_name}-{father_name}" if self.r() < 0.6 else f"{father_name}-{mother_name}"

    def _children_ages(self, count: int, risk: int) -> list[int]:
        r, rng = self.r, self.rng
        youngest = min(17, int(r() ** 1.1 * 18))
        ages = [youngest]
        for _ in range(count - 1):
            ages.append(ages[-1] + rng.choice((1, 2, 2, 2, 3, 3, 4, 5, 6, 8)))
        if ages[-1] > 22:
            shift = ages[-1] - rng.randint(16, 22)
            ages = [max(0, a - shift) for a in ages]
        return ages

    def _new_children(
        self,
        ages: list[int],
        origin: str,
        surname_of,
        address: Address,
        risk: int,
        father: Person | None,
    ) -> list[Person]:
        r = self.r
        children: list[Person] = []
        twin_at = -1
        if len(ages) >= 2 and r() < 0.04:
            twin_at = self.rng.randrange(len(ages) - 1)
            ages[twin_at + 1] = ages[twin_at]
        previous: Person | None = None
        for i, age in enumerate(ages):
            sex = "M" if r() < 0.512 else "F"
            if i == twin_at + 1 and previous is not None:
                born = previous.dob
                first = None
                if r() < 0.4:
                    pairs = [p for p in N.TWIN_NAME_PAIRS if p[0] == sex]
                    _, a, b = self.rng.choice(pairs)
                    previous.first = a
                    first = b
                    self.hard["twins_similar_names"] += 1
                child = self._person(origin, sex, born, surname_of(sex), address, risk, first)
                if child.first == previous.first:
                    child.first = self._first_name(origin, sex, born)
                self.hard["twins"] += 1
            else:
                born = self._dob_for_age(age)
                child = self._person(origin, sex, born, surname_of(sex), address, risk)
                if (
                    father is not None
                    and sex == "M"
                    and father.origin in BRITISH_ORIGINS | {"caribbean", "african", "arabic"}
                    and r() < (0.12 if age >= 18 else 0.03)
                ):
                    child.first = father.first
                    if r() < 0.5:
                        child.middle = father.middle
                    self.hard["same_name_father_son"] += 1
            children.append(child)
            previous = child
        return children

    # ----------------------------------------------------------------- households

    def _household(self) -> Household:
        r = self.r
        area = self._pick(self.area_pool)
        address = self._address(area)
        family = address.family
        origin = self._pick(self.origin_pools[family])
        roll = r()
        risk = 2 if roll < 0.12 else (1 if roll < 0.38 else 0)
        household = Household(area, family, address, risk)
        if area is None:
            self.hard["outside_area_households"] += 1
        count = self._pick(self.children_count_pool)
        if count == 0:
            self._adults_only(household, origin)
        else:
            roll = r()
            if roll < 0.52:
                self._couple_family(household, origin, count)
            elif roll < 0.77:
                self._single_parent_family(household, origin, count, "F")
            elif roll < 0.87:
                self._step_family(household, origin, count)
            elif roll < 0.91:
                self._single_parent_family(household, origin, count, "M")
            elif roll < 0.955:
                self._grandparent_family(household, origin, count)
            else:
                self._foster_family(household, min(count, 3))
            if household.residents and r() < 0.04:
                self._extra_relative(household, origin)
        if r() < 0.12:
            self._move(household)
        for adult in household.residents:
            adult.is_parent = adult.is_parent or any(
                link.adult is adult for link in household.links
            )
        return household

    def _adults_only(self, household: Household, origin: str) -> None:
        r, rng = self.r, self.rng
        address, risk = household.address, household.risk
        roll = r()
        if roll < 0.4:
            sex = "M" if r() < 0.55 else "F"
            household.residents.append(self._adult(origin, sex, rng.randint(18, 88), address, risk))
            return
        age = rng.randint(20, 85)
        man = self._adult(origin, "M", age, address, risk)
        woman_origin = origin if r() < 0.9 else self._pick(self.origin_pools[household.family])
        woman = self._adult(woman_origin, "F", max(18, age + rng.randint(-6, 3)), address, risk)
        if r() < 0.6:
            self._marry(woman, man, self.today - rng.randint(200, 365 * max(1, age - 19)))
        household.residents += [man, woman]
        if roll > 0.85 and age >= 42:
            # A grown son still at home, sometimes with his father's name.
            son_age = rng.randint(18, min(34, age - 19))
            son = self._adult(origin, "M", son_age, address, risk, last=man.last)
            if r() < 0.15:
                son.first = man.first
                if r() < 0.5:
                    son.middle = man.middle
                self.hard["same_name_father_son"] += 1
            household.residents.append(son)

    def _parent_ages(self, oldest_child: int, risk: int) -> tuple[int, int]:
        rng = self.rng
        first_birth = rng.randint(17, 30) if risk == 2 else rng.randint(20, 38)
        mother = oldest_child + first_birth
        father = max(oldest_child + 17, mother + int(rng.gauss(2.5, 3.5)))
        return mother, father

    def _couple_family(self, household: Household, origin: str, count: int) -> None:
        r, rng = self.r, self.rng
        address, risk = household.address, household.risk
        ages = self._children_ages(count, risk)
        mother_age, father_age = self._parent_ages(max(ages), risk)
        father = self._adult(origin, "M", father_age, address, risk)
        mother_origin = origin if r() < 0.88 else self._pick(self.origin_pools[household.family])
        mother = self._adult(mother_origin, "F", mother_age, address, risk)
        married = r() < (0.3 if risk == 2 else 0.62)
        if married:
            wedding = self.today - int((max(ages) + rng.uniform(0.5, 5)) * 365)
            self._marry(mother, father, wedding)
        household.residents += [father, mother]
        surname = self._child_surname(mother, father, married)
        children = self._new_children(
            ages,
            origin,
            lambda sex: self._sexed(surname, origin, sex),
            address,
            risk,
            father,
        )
        household.children += children
        for child in children:
            household.links.append(Link(mother, child, "MOTHER", "Y", "Y"))
            household.links.append(Link(father, child, "FATHER", "Y", "Y"))

    def _sexed(self, surname: str, origin: str, sex: str) -> str:
        if sex == "F" and origin in ("polish", "greek", "eastern_european"):
            return N.feminine_surname(surname, origin)
        return surname

    def _separated_father(self, household: Household, origin: str, age: int) -> Person:
        """The children's father, living elsewhere; now and then a man already fathering
        children in another household of the region."""
        pool = self.separated_fathers.setdefault(household.family, [])
        if pool and self.r() < 0.12:
            candidate = pool[self.rng.randrange(len(pool))]
            candidate_age = (self.today - candidate.dob.toordinal()) // 365
            if abs(candidate_age - age) <= 8:
                self.hard["fathers_with_children_in_two_households"] += 1
                return candidate
        risk = max(household.risk, 1)
        father = self._adult(origin, "M", age, self._other_address(household.address), risk)
        if len(pool) < 300:
            pool.append(father)
        else:
            pool[self.rng.randrange(300)] = father
        return father

    def _single_parent_family(
        self, household: Household, origin: str, count: int, parent_sex: str
    ) -> None:
        r, rng = self.r, self.rng
        address, risk = household.address, household.risk
        ages = self._children_ages(count, risk)
        mother_age, father_age = self._parent_ages(max(ages), risk)
        father_known = parent_sex == "M" or r() < 0.85
        father = None
        if parent_sex == "F":
            mother = self._adult(origin, "F", mother_age, address, risk)
            if father_known:
                father = self._separated_father(household, origin, father_age)
        else:
            father = self._adult(origin, "M", father_age, address, risk)
            mother = self._adult(origin, "F", mother_age, self._other_address(address), risk)
        married = father is not None and r() < 0.35
        if married:
            wedding = self.today - int((max(ages) + rng.uniform(0.5, 4)) * 365)
            self._marry(mother, father, wedding)
            if parent_sex == "F" and r() < 0.5:
                separation = self.today - rng.randint(60, 365 * max(1, min(ages) + 1))
                self._revert_surname(mother, separation)
        surname = self._child_surname(mother, father, married)
        children = self._new_children(
            ages, origin, lambda sex: self._sexed(surname, origin, sex), address, risk, father
        )
        household.children += children
        resident = mother if parent_sex == "F" else father
        other = father if parent_sex == "F" else mother
        household.residents.append(resident)
        for child in children:
            relationship = "MOTHER" if parent_sex == "F" else "FATHER"
            household.links.append(Link(resident, child, relationship, "Y", "Y"))
            if other is None:
                continue
            responsibility = "Y" if (married or r() < 0.85) else "N"
            other_relationship = "FATHER" if parent_sex == "F" else "MOTHER"
            household.links.append(Link(other, child, other_relationship, responsibility, "N"))
        if other is not None:
            other.is_parent = True

    def _step_family(self, household: Household, origin: str, count: int) -> None:
        r, rng = self.r, self.rng
        address, risk = household.address, household.risk
        ages = self._children_ages(count, risk)
        mother_age, father_age = self._parent_ages(max(ages), risk)
        mother = self._adult(origin, "F", mother_age, address, risk)
        first_father = self._separated_father(household, origin, father_age)
        step_origin = origin if r() < 0.8 else self._pick(self.origin_pools[household.family])
        step_father = self._adult(
            step_origin, "M", max(mother_age - 4, 20) + rng.randint(0, 10), address, risk
        )
        household.residents += [mother, step_father]
        # The older children are from the mother's earlier relationship, the youngest may be
        # the new couple's own.
        joint = rng.randint(0, max(0, count - 1)) if count > 1 else 0
        joint_ages = sorted(ages)[:joint]
        earlier_ages = sorted(ages)[joint:]
        if r() < 0.4:
            wedding = self.today - rng.randint(200, 365 * 8)
            self._marry(mother, first_father, wedding - 365 * 6)
            if r() < 0.5:
                self._marry(mother, step_father, wedding)
        earlier_surname = self._child_surname(mother, first_father, False)
        earlier = self._new_children(
            earlier_ages,
            origin,
            lambda sex: self._sexed(earlier_surname, origin, sex),
            address,
            risk,
            first_father,
        )
        joint_surname = N.masculine_surname(step_father.last, step_father.origin)
        joint_children = self._new_children(
            joint_ages,
            step_origin,
            lambda sex: self._sexed(joint_surname, step_origin, sex),
            address,
            risk,
            step_father,
        )
        household.children += earlier + joint_children
        for child in earlier:
            household.links.append(Link(mother, child, "MOTHER", "Y", "Y"))
            household.links.append(Link(step_father, child, "STEP_PARENT", "N", "Y"))
            household.links.append(Link(first_father, child, "FATHER", "Y", "N"))
            self.hard["step_parents"] += 1
        for child in joint_children:
            household.links.append(Link(mother, child, "MOTHER", "Y", "Y"))
            household.links.append(Link(step_father, child, "FATHER", "Y", "Y"))
        first_father.is_parent = True

    def _grandparent_family(self, household: Household, origin: str, count: int) -> None:
        r, rng = self.r, self.rng
        address, risk = household.address, household.risk
        risk = household.risk = max(risk, 1)
        ages = self._children_ages(count, risk)
        mother_age, father_age = self._parent_ages(max(ages), 2)
        grandmother = self._adult(origin, "F", mother_age + rng.randint(18, 30), address, risk)
        household.residents.append(grandmother)
        grandfather = None
        if r() < 0.55:
            grandfather = self._adult(
                origin,
                "M",
                mother_age + rng.randint(20, 33),
                address,
                risk,
                last=N.masculine_surname(grandmother.last, origin),
            )
            household.residents.append(grandfather)
        mother = self._adult(
            origin,
            "F",
            mother_age,
            self._other_address(address),
            2,
            last=N.masculine_surname(grandmother.last, origin),
        )
        father = self._separated_father(household, origin, father_age) if r() < 0.5 else None
        surname = self._child_surname(mother, father, False)
        children = self._new_children(
            ages, origin, lambda sex: self._sexed(surname, origin, sex), address, risk, father
        )
        household.children += children
        guardianship = "Y" if r() < 0.45 else "N"
        for child in children:
            for grandparent in (grandmother, grandfather):
                if grandparent is not None:
                    household.links.append(
                        Link(grandparent, child, "GRANDPARENT", guardianship, "Y")
                    )
            household.links.append(Link(mother, child, "MOTHER", "Y", "N"))
            if father is not None:
                household.links.append(Link(father, child, "FATHER", "Y", "N"))
        mother.is_parent = True
        if father is not None:
            father.is_parent = True
        self.hard["grandparent_carers"] += 1

    def _foster_family(self, household: Household, count: int) -> None:
        r, rng = self.r, self.rng
        address = household.address
        household.foster = True
        origin = self._pick(self.origin_pools[household.family])
        carer_age = rng.randint(38, 66)
        carer = self._adult(origin, "F", carer_age, address, 0)
        carer.is_foster_carer = True
        household.residents.append(carer)
        if r() < 0.7:
            partner = self._adult(origin, "M", carer_age + rng.randint(-3, 6), address, 0)
            self._marry(carer, partner, self.today - 365 * rng.randint(5, 30))
            partner.is_foster_carer = True
            household.residents.append(partner)
        for _ in range(count):
            birth_origin = self._pick(self.origin_pools[household.family])
            age = min(17, int(r() * 19))
            mother_age, father_age = self._parent_ages(age, 2)
            birth_address = self._other_address(address)
            mother = self._adult(birth_origin, "F", mother_age, birth_address, 2)
            father = None
            if r() < 0.45:
                father = self._adult(birth_origin, "M", father_age, self._other_address(address), 2)
            surname = self._child_surname(mother, father, False)
            (child,) = self._new_children(
                [age],
                birth_origin,
                lambda sex, s=surname, o=birth_origin: self._sexed(s, o, sex),
                address,
                2,
                father,
            )
            household.children.append(child)
            for resident in household.residents:
                household.links.append(Link(resident, child, "FOSTER_CARER", "N", "Y"))
            household.links.append(Link(mother, child, "MOTHER", "Y", "N"))
            mother.is_parent = True
            if father is not None:
                household.links.append(Link(father, child, "FATHER", "Y", "N"))
                father.is_parent = True
            self.hard["foster_children"] += 1

    def _extra_relative(self, household: Household, origin: str) -> None:
        rng = self.rng
        adult = self._adult(
            origin,
            "M" if self.r() < 0.5 else "F",
            rng.randint(19, 75),
            household.address,
            household.risk,
        )
        household.residents.append(adult)
        for child in household.children:
            household.links.append(Link(adult, child, "OTHER_RELATIVE", "N", "Y"))

    def _move(self, household: Household) -> None:
        """The household moved here in the last three years; older records hold the old
        address."""
        r = self.r
        here = household.address
        roll = r()
        if roll < 0.45 and here.area is not None:
            old = self._address(here.area, here.district, here.town)
        elif roll < 0.8 and here.area is not None:
            old = self._address(here.area)
        elif roll < 0.95:
            old = self._address(self._pick(self.area_pool))
        else:
            old = self._address(None)
        moved_on = self.today - self.rng.randint(30, 3 * 365)
        for person in household.residents + household.children:
            if person.dob.toordinal() < moved_on and person.old_address is None:
                person.old_address = old
                person.moved_on = moved_on
        self.hard["moved_households"] += 1
        if old.area != here.area:
            self.hard["moved_across_areas"] += 1

    # ----------------------------------------------------------------- records

    def _new_id(self, source: str, kind: str, person: Person, updated: int, school=None) -> str:
        rng = self.rng
        used = self.ids_used.setdefault(source, set())
        attempts = 0
        while True:
            attempts += 1
            if kind == "pupil":
                la, estab = school[1][:3], school[1][3:]
                if attempts > 20:
                    # A UPN has only a 3-digit serial per school and year; a very large region
                    # fills some up, so number the pupil at another of the authority's schools.
                    estab = f"{rng.randrange(10**4):04d}"
                year = date.fromordinal(updated).year % 100
                digits = f"{la}{estab}{year:02d}{rng.randrange(1000):03d}"
                rid = upn_check_letter(digits) + digits
            elif source == "OXON_CSC":
                rid = f"CSC-{rng.randrange(10**7):07d}"
            elif source == "BUCKS_CSC":
                rid = str(rng.randrange(100_000, 2_999_999))
            elif source == "WBERKS_CSC":
                rid = f"WB{rng.randrange(10**6):06d}"
            elif source == "BHAM_CSC":
                rid = f"P{rng.randrange(10**8):08d}"
            elif kind == "contact":
                rid = str(rng.randrange(10**6, 10**8))
            elif source == "TVP_POLICE":
                year = date.fromordinal(updated).year - rng.randint(0, 6)
                rid = f"TVP/{year % 100:02d}/{rng.randrange(10**6):06d}"
            elif source == "WMP_POLICE":
                rid = str(rng.randrange(10**8, 10**9))
            elif source == "OXON_EH":
                rid = f"EH{rng.randrange(10**6):06d}"
            elif source == "BUCKS_EH":
                rid = str(rng.randrange(10**5, 10**6))
            elif source == "BHAM_EH":
                rid = f"EHA{rng.randrange(10**7):07d}"
            elif source == "BHAM_HOUSING":
                rid = f"HSG-{rng.randrange(10**6):06d}"
            else:
                rid = str(rng.randrange(10**7, 10**8))
            if rid not in used:
                used.add(rid)
                return rid

    def _school(self, family: str, district: str, phase: str) -> tuple[str, str]:
        """(URN, LA code + establishment number) of a school serving a district."""
        key = (family, district, phase)
        schools = self.schools.get(key)
        if schools is None:
            rng = self.rng
            base = 2000 if phase == "primary" else 4000
            schools = [
                (
                    str(rng.randrange(100_000, 150_000)),
                    f"{LA_CODES[family]}{base + rng.randrange(1000):04d}",
                )
                for _ in range(4 if phase == "primary" else 2)
            ]
            self.schools[key] = schools
        return schools[self.rng.randrange(len(schools))]

    def _phone(self, person: Person) -> str:
        if person.phone is None:
            rng = self.rng
            if rng.random() < 0.88:
                person.phone = f"07{rng.randrange(100, 1000)}{rng.randrange(10**6):06d}"
            else:
                area_code = {"OXON": "01865", "BUCKS": "01494", "WBERKS": "0118", "BHAM": "0121"}
                prefix = area_code.get(person.address.family, "01604")
                person.phone = f"{prefix}{rng.randrange(10**6, 10**7)}"
        phone = person.phone
        roll = self.r()
        if roll < 0.3 and phone.startswith("07"):
            return f"{phone[:5]} {phone[5:]}"
        if roll < 0.38 and phone.startswith("07"):
            return f"+44 {phone[1:5]} {phone[5:]}"
        return phone

    def _updated(self, kind: str, person: Person) -> int:
        rng, today = self.rng, self.today
        if kind == "pupil":
            earliest = today - 200
            if person.moved_on:
                earliest = max(earliest, person.moved_on)
            updated = rng.randint(earliest, today)
        elif kind == "contact":
            updated = today - rng.randint(0, 500)
        elif kind == "csc_open":
            updated = today - rng.randint(0, 150)
        elif kind == "csc_closed":
            updated = today - rng.randint(180, 2600)
        elif kind == "police":
            updated = today - int(self.r() ** 1.6 * 3650)
        elif kind == "stale":
            updated = person.moved_on - rng.randint(1, 900) if person.moved_on else today - 900
        else:
            updated = today - rng.randint(0, 1400)
        born = person.dob.toordinal()
        if updated <= born:
            updated = min(today, born + rng.randint(1, 60))
        return updated

    def _names(self, person: Person, profile: RecordProfile, updated: int):
        r, rng, hard = self.r, self.rng, self.hard
        first, middle = person.first, person.middle
        if person.uses_middle and middle and r() < 0.45:
            first, middle = middle.split(" ")[0], (person.first if r() < 0.4 else "")
            hard["goes_by_middle_name"] += 1
        elif person.nick is not None and r() < profile.nickname:
            first = person.nick
            hard["nickname_records"] += 1
        elif first in VARIANTS and r() < profile.variant:
            first = rng.choice(VARIANTS[first])
            hard["variant_spelling_records"] += 1
        elif person.nick is None and first in N.NICKNAMES and r() < profile.nickname * 0.1:
            first = rng.choice(N.NICKNAMES[first])
            hard["nickname_records"] += 1
        if r() < profile.typo:
            first = typo(rng, first)
            hard["typo_records"] += 1
        if middle and r() > profile.middle_present:
            middle = ""
        last = person.last
        previous = person.prev_last
        before_change = person.renamed_on and updated < person.renamed_on
        if previous and (before_change or r() < profile.stale_surname):
            # The record was made before the surname changed, or never caught up with it.
            last = previous[0]
            previous = previous[1:] if before_change else [person.last] + previous[1:]
            hard["previous_surname_records"] += 1
        last, variation = surname_variation(rng, last)
        if variation:
            hard[f"surname_{variation}_records"] += 1
        elif last in VARIANTS and r() < profile.variant:
            last = rng.choice(VARIANTS[last])
            hard["variant_spelling_records"] += 1
        if r() < profile.typo:
            last = typo(rng, last)
            hard["typo_records"] += 1
        previous_field = ""
        if previous and r() < profile.previous_names_field:
            previous_field = "|".join(previous)
        if r() < profile.ascii_only:
            if not (first.isascii() and last.isascii() and middle.isascii()):
                hard["accents_dropped_records"] += 1
            first, middle, last = ascii_fold(first), ascii_fold(middle), ascii_fold(last)
            previous_field = ascii_fold(previous_field)
        if r() < profile.upper_case:
            if r() < 0.5:
                last = last.upper()
                previous_field = previous_field.upper()
            else:
                first, middle, last = first.upper(), middle.upper(), last.upper()
                previous_field = previous_field.upper()
            hard["case_variation_records"] += 1
        elif r() < 0.02:
            first, last = case_variation(rng, first), case_variation(rng, last)
            hard["case_variation_records"] += 1
        return first, middle, last, previous_field

    def _dob(self, person: Person, profile: RecordProfile) -> str:
        r = self.r
        if r() > profile.dob_present:
            self.hard["missing_dob_records"] += 1
            return ""
        born = person.dob
        if r() < profile.dob_error:
            born, kind = date_error(self.rng, born, self.as_of)
            if kind:
                self.hard[f"{kind}_records"] += 1
        return born.isoformat()

    def _address_cells(self, person: Person, profile: RecordProfile, updated: int):
        r = self.r
        address = person.address
        if person.old_address is not None and updated < person.moved_on:
            address = person.old_address
            self.hard["old_address_records"] += 1
        if r() < profile.address_missing:
            self.hard["missing_address_records"] += 1
            if r() < 0.5:
                return "", "", "", ""
            return "", "", "", address.postcode
        line1, line2, town, postcode = address.line1, address.line2, address.town, address.postcode
        if r() < 0.3:
            line2 = ""
        if r() < 0.1:
            line1 = street_variation(self.rng, line1)
        if r() < 0.08:
            town = ""
        if r() < profile.postcode_missing:
            postcode = ""
            self.hard["missing_postcode_records"] += 1
        elif r() < 0.05:
            postcode = postcode_variation(self.rng, postcode)
        elif r() < 0.01:
            letters = P.INWARD_LETTERS
            postcode = postcode[:-1] + self.rng.choice(letters)
            self.hard["postcode_typo_records"] += 1
        return line1, line2, town, postcode

    def _record(
        self,
        source: str,
        kind: str,
        person: Person,
        profile: RecordProfile,
        *,
        updated_kind: str,
        csc_status: str = "",
        worker: str = "",
        school: tuple[str, str] | None = None,
    ) -> tuple[str, bool]:
        """Render one people row; returns (record_id, whether the row is in people.csv)."""
        r = self.r
        updated = self._updated(updated_kind, person)
        rid = self._new_id(source, kind, person, updated, school)
        first, middle, last, previous = self._names(person, profile, updated)
        line1, line2, town, postcode = self._address_cells(person, profile, updated)
        sex = person.sex if r() < profile.sex_present else ("U" if r() < 0.1 else "")
        phone = self._phone(person) if r() < profile.phone else ""
        row = (
            source,
            rid,
            first,
            middle,
            last,
            previous,
            self._dob(person, profile),
            sex,
            line1,
            line2,
            town,
            postcode,
            phone,
            csc_status,
            worker,
            school[0] if school and kind == "pupil" else "",
            date.fromordinal(updated).isoformat() if r() < 0.93 else "",
        )
        # A few records reach us only through a relationship row (their people row arrives in
        # a later file): they exist, but are not in people.csv.
        emitted = r() >= 0.006
        if emitted:
            self._people_writer.writerow(row)
            self._people_truth_writer.writerow((source, rid, _person_id(person.pid)))
            if not (first.isascii() and last.isascii()):
                self.hard["non_ascii_name_records"] += 1
            self.has_records.add(person.pid)
        else:
            self.hard["records_not_yet_sent"] += 1
        return rid, emitted

    def _records(
        self, source: str, kind: str, person: Person, profile: RecordProfile, duplicate: float, **kw
    ) -> list[tuple[str, bool]]:
        """The person's records in a source (one, sometimes a near-duplicate too), reusing
        those already made."""
        key = (person.pid, source, kw.get("school", (None,))[0] if kind == "contact" else None)
        existing = self.handles.get(key)
        if existing is not None:
            return existing
        sources = self.sources_of.setdefault(person.pid, [])
        if source not in sources:
            if len(sources) >= MAXIMUM_SOURCES:
                return []
            sources.append(source)
        handles = [self._record(source, kind, person, profile, **kw)]
        if self.r() < duplicate:
            handles.append(self._record(source, kind, person, profile, **kw))
            self.hard["duplicate_records"] += 1
        self.handles[key] = handles
        return handles

    def _relate(
        self,
        source: str,
        style: str,
        adults: list[tuple[str, bool]],
        children: list[tuple[str, bool]],
        link: Link,
    ) -> None:
        r, rng = self.r, self.rng
        relationship, responsibility, lives = (
            link.relationship,
            link.responsibility,
            link.lives_with,
        )
        roll = r()
        if style == "csc":
            if roll < 0.03:
                responsibility = ""
            if r() < 0.04:
                lives = ""
        elif style == "edu":
            if relationship == "STEP_PARENT" and roll < 0.3:
                relationship = rng.choice(("FATHER", "CARER", "CARER", "OTHER"))
            elif relationship == "OTHER_RELATIVE" and roll < 0.3:
                relationship = "CARER"
            if r() < 0.12:
                responsibility = "" if r() < 0.7 else ("N" if responsibility == "Y" else "Y")
            if r() < 0.12:
                lives = "" if r() < 0.8 else ("N" if lives == "Y" else "Y")
        elif style == "police":
            if roll < 0.25:
                relationship = "OTHER"
            elif roll < 0.32:
                relationship = "CARER"
            responsibility = "" if r() < 0.85 else responsibility
            lives = "" if r() < 0.5 else lives
        elif style == "eh":
            if r() < 0.2:
                responsibility = ""
            if r() < 0.15:
                lives = ""
        elif style == "housing":
            if relationship in ("STEP_PARENT", "GRANDPARENT", "FOSTER_CARER") and roll < 0.3:
                relationship = rng.choice(("CARER", "OTHER_RELATIVE", "OTHER"))
            responsibility = ""
        if (relationship, responsibility, lives) != (
            link.relationship,
            link.responsibility,
            link.lives_with,
        ):
            self.hard["relationship_rows_differing_from_truth"] += 1
        counts = relationship in PARENTAL_RELATIONSHIPS or responsibility == "Y" or lives == "Y"
        for index, (adult_id, adult_sent) in enumerate(adults):
            for child_index, (child_id, child_sent) in enumerate(children):
                if (index or child_index) and r() < 0.5:
                    continue  # duplicates are not always linked
                key = (source, adult_id, child_id)
                if key in self.relationship_keys:
                    continue
                self.relationship_keys.add(key)
                self._relationship_writer.writerow(
                    (source, adult_id, child_id, relationship, responsibility, lives)
                )
                if adult_sent and child_sent:
                    if counts:
                        self.counting.setdefault(link.adult.pid, {})[link.child.pid] = None
                else:
                    self.hard["relationships_naming_unsent_records"] += 1

    def _csc_status(self, household: Household, child: Person, open_case: bool) -> str:
        r = self.r
        age = self._age(child)
        if household.foster:
            return "CARE_LEAVER" if age >= 18 else "CLA"
        if not open_case:
            return "NONE" if r() < 0.7 else ""
        roll = r()
        if roll < 0.4:
            return "CIN"
        if roll < 0.62:
            return "CP_PLAN"
        if roll < 0.74:
            return "EARLY_HELP"
        if roll < 0.76:
            return "CLA"
        return "NONE"

    def _age(self, person: Person, on: int | None = None) -> int:
        on_date = self.as_of if on is None else date.fromordinal(on)
        born = person.dob
        return on_date.year - born.year - ((on_date.month, on_date.day) < (born.month, born.day))

    def _emit_household(self, household: Household) -> None:
        r = self.r
        family = household.family
        outside = household.area is None
        risk = household.risk
        links_by_child: dict[int, list[Link]] = {}
        for link in household.links:
            links_by_child.setdefault(link.child.pid, []).append(link)
        self._emit_education(household, links_by_child, outside)
        # Children's social care
        open_chance = (0.02, 0.12, 0.55)[risk] * (0.15 if outside else 1.0)
        if household.foster or r() < open_chance:
            self._emit_social_care(household, f"{family}_CSC", links_by_child)
        # A household that moved in from another family's area left records behind there.
        moved_from = household.children[0].old_address if household.children else None
        if moved_from is not None and moved_from.family != family and r() < (0.05, 0.25, 0.5)[risk]:
            self._emit_social_care(
                household, f"{moved_from.family}_CSC", links_by_child, stale=True
            )
            self.hard["records_left_in_previous_area"] += 1
        early_help = EARLY_HELP_BY_FAMILY.get(family)
        if early_help and household.children and r() < (0.02, 0.1, 0.3)[risk] * (not outside):
            self._emit_early_help(household, early_help, links_by_child)
        housing = HOUSING_BY_AREA.get(household.area or "")
        if housing and r() < (0.08, 0.3, 0.55)[risk]:
            self._emit_housing(household, housing, links_by_child)
        self._emit_police(household, links_by_child)

    def _emit_education(self, household, links_by_child, outside: bool) -> None:
        r = self.r
        source = f"{household.family}_EDU"
        attends = 0.12 if outside else 0.95
        phase_school: dict[str, tuple[str, str]] = {}
        for child in household.children:
            age = self._age(child)
            if not (4 <= age <= 17 or (age == 18 and r() < 0.45) or (2 <= age <= 3 and r() < 0.3)):
                continue
            if r() >= attends:
                continue
            if outside:
                self.hard["pupils_living_outside_areas"] += 1
            phase = "primary" if age <= 11 else "secondary"
            school = phase_school.get(phase)
            if school is None or r() < 0.12:
                district = child.address.district if not outside else None
                if district is None:
                    district = self._pick(self.district_pools[self._family_area(household.family)])[
                        0
                    ]
                school = self._school(household.family, district, phase)
                phase_school.setdefault(phase, school)
            pupils = self._records(
                source, "pupil", child, PUPIL, 0.01, updated_kind="pupil", school=school
            )
            if not pupils:
                continue
            for link in links_by_child.get(child.pid, ()):
                if r() >= self._contact_chance(link):
                    continue
                contacts = self._records(
                    source,
                    "contact",
                    link.adult,
                    CONTACT,
                    0.01,
                    updated_kind="contact",
                    school=school,
                )
                self._relate(source, "edu", contacts, pupils, link)

    def _family_area(self, family: str) -> str:
        return {
            "OXON": "Oxfordshire",
            "BUCKS": "Buckinghamshire",
            "WBERKS": "West Berkshire",
            "BHAM": "Birmingham",
        }[family]

    @staticmethod
    def _contact_chance(link: Link) -> float:
        relationship = link.relationship
        if link.lives_with == "Y":
            return {
                "MOTHER": 0.97,
                "FATHER": 0.85,
                "STEP_PARENT": 0.55,
                "GRANDPARENT": 0.95,
                "FOSTER_CARER": 0.9,
            }.get(relationship, 0.15)
        if link.child.address is not link.adult.address and link.adult.risk == 2:
            return 0.25
        return 0.4 if relationship == "FATHER" else 0.35

    def _emit_social_care(self, household, source, links_by_child, stale: bool = False) -> None:
        r = self.r
        family = source.split("_")[0]
        open_case = (not stale) and (household.foster or r() < 0.75)
        updated_kind = "stale" if stale else ("csc_open" if open_case else "csc_closed")
        child_records: dict[int, list[tuple[str, bool]]] = {}
        for child in household.children:
            age = self._age(child)
            if age >= 18 and not household.foster and r() < 0.5:
                continue
            status = self._csc_status(household, child, open_case)
            worker = ""
            if status in ("CIN", "CP_PLAN", "CLA", "CARE_LEAVER") and r() < 0.9:
                worker = self.rng.choice(self.workers[family])
            child_records[child.pid] = self._records(
                source,
                "child",
                child,
                CSC_CHILD,
                0.03,
                updated_kind=updated_kind,
                csc_status=status,
                worker=worker,
            )
        for child_pid, children in child_records.items():
            if not children:
                continue
            for link in links_by_child.get(child_pid, ()):
                chance = 0.95 if link.lives_with == "Y" else 0.75
                if r() >= chance:
                    continue
                adults = self._records(
                    source, "adult", link.adult, CSC_ADULT, 0.03, updated_kind=updated_kind
                )
                self._relate(source, "csc", adults, children, link)

    def _emit_early_help(self, household, source, links_by_child) -> None:
        r = self.r
        for child in household.children:
            if self._age(child) >= 18:
                continue
            status = "EARLY_HELP" if r() < 0.6 else ""
            worker = self.rng.choice(self.workers[household.family]) if r() < 0.7 else ""
            children = self._records(
                source,
                "child",
                child,
                EARLY_HELP,
                0.02,
                updated_kind="other",
                csc_status=status,
                worker=worker,
            )
            if not children:
                continue
            for link in links_by_child.get(child.pid, ()):
                if r() >= (0.9 if link.lives_with == "Y" else 0.3):
                    continue
                adults = self._records(
                    source, "adult", link.adult, EARLY_HELP, 0.02, updated_kind="other"
                )
                self._relate(source, "eh", adults, children, link)

    def _emit_housing(self, household, source, links_by_child) -> None:
        for adult in household.residents:
            self._records(source, "adult", adult, HOUSING, 0.02, updated_kind="other")
        for child in household.children:
            children = self._records(source, "child", child, HOUSING, 0.02, updated_kind="other")
            if not children:
                continue
            for link in links_by_child.get(child.pid, ()):
                if link.lives_with != "Y":
                    continue
                adults = self._records(
                    source, "adult", link.adult, HOUSING, 0.02, updated_kind="other"
                )
                self._relate(source, "housing", adults, children, link)

    def _police_chance(self, person: Person) -> float:
        age = self._age(person)
        risk = person.risk
        if age < 10:
            return 0.0
        if age < 18:
            base = (0.004, 0.03, 0.12)[risk]
        else:
            base = (0.05, 0.15, 0.45)[risk]
            if age > 60:
                base *= 0.2
            elif age > 40:
                base *= 0.6
        if person.sex == "F":
            base *= 0.4
        if person.is_foster_carer:
            base *= 0.1
        if person.address.area is None:
            base *= 0.3
        return base

    def _emit_police(self, household, links_by_child) -> None:
        r = self.r
        seen: set[int] = set()
        people = list(household.residents) + list(household.children)
        for link in household.links:
            if link.adult.address is not household.address:
                people.append(link.adult)
        police_records: dict[int, list[tuple[str, bool]]] = {}
        for person in people:
            if person.pid in seen:
                continue
            seen.add(person.pid)
            source = POLICE_BY_FAMILY[person.address.family]
            existing = self.handles.get((person.pid, source, None))
            if existing is None and r() >= self._police_chance(person):
                continue
            records = self._records(source, "adult", person, POLICE, 0.04, updated_kind="police")
            if records:
                police_records[person.pid] = records
        # Children met at incidents involving a known adult.
        incident_chance = (0.04, 0.12, 0.3)[household.risk]
        for link in household.links:
            adult_records = police_records.get(link.adult.pid)
            if adult_records is None or r() >= incident_chance:
                continue
            source = POLICE_BY_FAMILY[link.adult.address.family]
            child_records = self._records(
                source, "child", link.child, POLICE, 0.02, updated_kind="police"
            )
            if not child_records:
                continue
            self._relate(source, "police", adult_records, child_records, link)

    # ----------------------------------------------------------------- world

    def build(self, households: int) -> None:
        for _ in range(households):
            household = self._household()
            self.households += 1
            self._emit_household(household)

    # ----------------------------------------------------------------- prison

    def _prison_number(self, used: set[str]) -> str:
        rng = self.rng
        while True:
            number = (
                f"{rng.choice('AG')}{rng.randrange(10**4):04d}"
                f"{rng.choice(_UPPER)}{rng.choice(_UPPER)}"
            )
            if number not in used:
                used.add(number)
                return number

    def _pnc(self, person_dob: date) -> tuple[int, int]:
        rng = self.rng
        first_arrest = person_dob.year + rng.randint(12, 30)
        year = min(first_arrest, self.as_of.year)
        return year, rng.randrange(1, 1_200_000)

    def _format_pnc(self, year: int, serial: int) -> str:
        letter = pnc_check_letter(year, serial)
        if self.r() < 0.7:
            return f"{year}/{serial:07d}{letter}"
        return f"{year % 100:02d}/{serial}{letter}"

    def _choose_prisoners(self, count: int) -> list[tuple[Person, str]]:
        """Local parents (~55%), local adults without children (~15%), and people no local
        service knows (~30%)."""
        rng, r = self.rng, self.r
        parents: list[tuple[Person, float]] = []
        childless: list[tuple[Person, float]] = []
        for person in self.persons:
            if person.is_foster_carer:
                continue
            age = self._age(person)
            if age < 18:
                continue
            weight = (1.0, 3.0, 9.0)[person.risk]
            weight *= 1.0 if person.sex == "M" else 0.055
            weight *= 1.0 if age <= 45 else (0.35 if age <= 60 else 0.03)
            if person.pid in self.has_records:
                weight *= 4.0
            if person.is_parent:
                parents.append((person, weight))
            else:
                if person.pid not in self.has_records:
                    weight *= 0.05
                childless.append((person, weight))
        local_parents = round(count * 0.55)
        local_childless = round(count * 0.15)
        chosen: list[tuple[Person, str]] = []
        taken: set[int] = set()
        for pool, wanted, category in (
            (parents, local_parents, "local_parent"),
            (childless, local_childless, "local_adult"),
        ):
            if not pool:
                continue
            people, cumulative = _weighted(pool)
            attempts = 0
            picked = 0
            while picked < wanted and attempts < wanted * 50:
                attempts += 1
                person = people[bisect(cumulative, r() * cumulative[-1])]
                if person.pid in taken:
                    continue
                taken.add(person.pid)
                chosen.append((person, category))
                picked += 1
        locals_ = [p for p, _ in chosen]
        while len(chosen) < count:
            chosen.append((self._stranger(locals_), "not_local"))
        rng.shuffle(chosen)
        return chosen

    def _stranger(self, locals_: list[Person]) -> Person:
        """Someone no local service knows: from elsewhere, often with a local's name."""
        r, rng = self.r, self.rng
        sex = "M" if r() < 0.94 else "F"
        roll = r()
        if roll < 0.08 and self.namesakes["F"]:
            # Staying with someone local: a known family's address, but not their person.
            host = self.namesakes["F"][rng.randrange(len(self.namesakes["F"]))]
            address = host.address
            self.hard["prisoners_giving_a_local_familys_address"] += 1
        elif roll < 0.75:
            address = self._address(None if roll < 0.5 else self._pick(self.area_pool))
        else:
            address = self._address(None)
        origin = self._pick(self.origin_pools[address.family])
        person = self._adult(origin, sex, rng.randint(18, 60), address, 2)
        namesakes = self.namesakes[sex]
        if namesakes and r() < 0.6:
            local = namesakes[rng.randrange(len(namesakes))]
            person.first, person.last, person.origin = local.first, local.last, local.origin
            person.middle = local.middle if r() < 0.3 else person.middle
            person.nick = local.nick
            self.hard["prisoners_sharing_a_local_name"] += 1
            if r() < 0.12:
                person.dob = local.dob
                self.hard["prisoners_sharing_a_local_name_and_dob"] += 1
        elif locals_ and r() < 0.25:
            # The namesake of someone also received into prison.
            local = locals_[rng.randrange(len(locals_))]
            if local.sex == sex:
                person.first, person.last = local.first, local.last
                self.hard["prisoners_sharing_a_local_name"] += 1
        return person

    def _prison_identity(
        self,
        person: Person,
        reception: int,
        *,
        homeless: bool = False,
        previous_prison: str | None = None,
    ) -> dict:
        r, rng = self.r, self.rng
        first, middle, last, _ = self._names(person, PRISON, reception)
        if r() < 0.3:
            first = first.upper()
            last = last.upper()
            middle = middle.upper()
        born = person.dob
        if r() < PRISON.dob_error:
            born, kind = date_error(rng, born, self.as_of)
            if kind:
                self.hard[f"prison_{kind}"] += 1
        aliases: list[str] = []
        if r() < 0.25:
            options = []
            if person.prev_last:
                options.append(f"{person.first} {person.prev_last[0]}")
            if person.nick and first != person.nick:
                options.append(f"{person.nick} {person.last}")
            if first != person.first:
                options.append(f"{person.first} {person.last}")
            options.append(f"{rng.choice(N.FALSE_FIRST_NAMES)} {self._surname('english')}")
            options.append(f"{typo(rng, person.first)} {person.last}")
            count = 1 if r() < 0.7 else 2
            aliases = [ascii_fold(a).upper() for a in rng.sample(options, min(count, len(options)))]
            self.hard["prisoners_with_aliases"] += 1
        pnc = self._pnc(born) if r() < 0.88 else None
        address_cells = ("", "", "", "")
        roll = 0.0 if homeless else r()
        if roll < 0.1:
            address_cells = ("", "", "", "NFA")
            self.hard["nfa_prisoners"] += 1
        elif roll < 0.24:
            self.hard["prisoners_without_address"] += 1
        elif previous_prison is not None and r() < 0.2:
            street, town, postcode = P.ESTABLISHMENT_ADDRESSES[previous_prison]
            address_cells = (P.ESTABLISHMENT_NAMES[previous_prison], street, town, postcode)
            self.hard["prisoners_giving_a_prison_as_address"] += 1
        else:
            address = person.address
            if person.old_address is not None and r() < 0.6:
                address = person.old_address
                self.hard["prisoners_giving_old_address"] += 1
            postcode = address.postcode if r() < 0.95 else postcode_variation(rng, address.postcode)
            address_cells = (
                address.line1.upper() if r() < 0.5 else address.line1,
                address.line2 if r() < 0.5 else "",
                address.town,
                postcode,
            )
        is_parent = person.is_parent
        roll = r()
        if is_parent:
            declared = "Y" if roll < 0.6 else ("N" if roll < 0.75 else "")
        else:
            declared = "N" if roll < 0.6 else ("Y" if roll < 0.7 else "")
        return {
            "first": first,
            "middle": middle,
            "last": last,
            "aliases": "|".join(aliases),
            "dob": born.isoformat(),
            "sex": person.sex,
            "pnc": pnc,
            "address": address_cells,
            "declared": declared,
        }

    def _establishment(self, person: Person) -> str:
        rng = self.rng
        if person.sex == "F":
            return rng.choice(P.WOMEN_PRISONS)
        if self._age(person) <= 20 and self.r() < 0.5:
            return rng.choice(P.YOUNG_ADULT_PRISONS)
        family = person.address.family
        return rng.choice(P.MEN_PRISONS_BY_FAMILY[family])

    def _sentence(self, legal_status: str, day: int) -> tuple[str, str, str]:
        r = self.r
        if legal_status == "SENTENCED":
            length = self._pick(self.sentence_pool)
            if length >= 1460 and r() < 0.5:
                parole = day + length // 2
                release = day + (length * 2) // 3
                return str(length), self._iso(release), self._iso(parole)
            release = day + (length * 2 + 4) // 5 if r() < 0.5 else day + (length + 1) // 2
            return str(length), self._iso(release), ""
        if legal_status == "RECALL" and r() < 0.5:
            return "", self._iso(day + 28), ""
        return "", "", ""

    @staticmethod
    def _iso(ordinal: int) -> str:
        return date.fromordinal(ordinal).isoformat()

    def build_movements(self) -> None:
        r, rng = self.r, self.rng
        count = max(MINIMUM_RECEPTIONS, round(self.households / HOUSEHOLDS_PER_RECEPTION))
        # Strangers often share the name of a local adult whom local services know.
        self.namesakes: dict[str, list[Person]] = {"M": [], "F": []}
        for person in self.persons:
            if person.pid in self.has_records and self._age(person) >= 18:
                self.namesakes[person.sex].append(person)
        chosen = self._choose_prisoners(count)
        start = self.today - PERIOD_DAYS + 1
        used_numbers: set[str] = set()
        used_movement_ids: set[str] = set()
        self.movements: list[tuple] = []
        self.movement_truth: list[tuple[str, int, str]] = []
        self.receiving: list[tuple[str, Person, int]] = []
        self.prisoners: dict[int, Person] = {}

        def movement_id() -> str:
            while True:
                candidate = str(rng.randrange(10**8, 10**9))
                if candidate not in used_movement_ids:
                    used_movement_ids.add(candidate)
                    return candidate

        def emit(kind, day, person, identity, number, establishment, legal, pnc_values):
            offence = ("", "")
            pprc = ""
            sentence = ("", "", "")
            if kind in RECEIVING_MOVEMENTS:
                if r() < 0.88:
                    category, descriptions = self._pick(self.offence_pool)
                    offence = (category, rng.choice(descriptions) if r() < 0.5 else "")
                    pprc_chance = {"SEXUAL": 0.5, "DOMESTIC_ABUSE": 0.1, "VIOLENCE": 0.03}
                    if r() < pprc_chance.get(category, 0.0):
                        pprc = "Y"
                sentence = self._sentence(legal, day)
            elif r() < 0.5:
                legal = ""
            mid = movement_id()
            pnc = self._format_pnc(*pnc_values) if pnc_values else ""
            line1, line2, town, postcode = identity["address"]
            self.movements.append(
                (
                    day,
                    r(),
                    (
                        mid,
                        kind,
                        self._iso(day),
                        number,
                        pnc,
                        identity["first"],
                        identity["middle"],
                        identity["last"],
                        identity["aliases"],
                        identity["dob"],
                        identity["sex"],
                        establishment,
                        P.ESTABLISHMENT_NAMES[establishment] if r() < 0.8 else "",
                        legal,
                        offence[0],
                        offence[1],
                        pprc,
                        *sentence,
                        line1,
                        line2,
                        town,
                        postcode,
                        identity["declared"] if kind in RECEIVING_MOVEMENTS else "",
                    ),
                )
            )
            is_local = "Y" if person.pid in self.has_records else "N"
            self.movement_truth.append((mid, person.pid, is_local))
            if kind in RECEIVING_MOVEMENTS:
                self.receiving.append((mid, person, day))
            self.prisoners[person.pid] = person

        for index, (person, _category) in enumerate(chosen):
            if index == 0:
                day = self.today
            elif index <= 3:
                day = self.today - rng.randint(0, 3)
            else:
                day = rng.randint(start, self.today)
            number = self._prison_number(used_numbers)
            establishment = self._establishment(person)
            recall = index == 1 or r() < 0.1
            identity = self._prison_identity(
                person,
                day,
                homeless=index == 4,
                previous_prison=establishment if recall else None,
            )
            pnc = identity["pnc"]
            if recall:
                kind, legal = "RECALL", "RECALL"
                self.hard["recalls"] += 1
                if r() < 0.5:
                    released = day - rng.randint(30, 400)
                    emit("RELEASE", released, person, identity, number, establishment, "", pnc)
            else:
                kind, legal = "RECEPTION", self._pick(self.legal_pool)
            emit(kind, day, person, identity, number, establishment, legal, pnc)
            if self.today - day >= 3 and r() < 0.25:
                later = rng.randint(day + 1, self.today)
                if person.sex == "F":
                    options = P.WOMEN_PRISONS
                else:
                    options = P.MEN_PRISONS_BY_FAMILY[person.address.family] + ("GNI", "WHI")
                moved_to = rng.choice([e for e in options if e != establishment])
                emit("TRANSFER", later, person, identity, number, moved_to, legal, pnc)
                self.hard["transfers"] += 1
            elif self.today - day >= 10 and legal == "REMAND" and r() < 0.35:
                released = rng.randint(day + 1, self.today - 5)
                emit("RELEASE", released, person, identity, number, establishment, "", pnc)
                self.hard["releases_after_reception"] += 1
                if r() < 0.35:
                    again = rng.randint(released + 1, self.today)
                    second = self._prison_identity(person, again, previous_prison=establishment)
                    second["first"], second["last"] = identity["first"], identity["last"]
                    again_kind = "RECALL" if r() < 0.3 else "RECEPTION"
                    again_legal = "RECALL" if again_kind == "RECALL" else "SENTENCED"
                    emit(again_kind, again, person, second, number, establishment, again_legal, pnc)
                    self.hard["repeat_receptions"] += 1
        # People received before the period who were moved or released during it.
        earlier = max(2, round(count * 0.25))
        for person, _category in self._choose_prisoners(earlier):
            if person.pid in self.prisoners:
                continue
            received = start - rng.randint(1, 700)
            identity = self._prison_identity(person, received)
            number = self._prison_number(used_numbers)
            establishment = self._establishment(person)
            day = rng.randint(start, self.today)
            kind = "TRANSFER" if r() < 0.5 else "RELEASE"
            legal = self._pick(self.legal_pool) if kind == "TRANSFER" else ""
            emit(kind, day, person, identity, number, establishment, legal, identity["pnc"])
            self.hard["movements_of_people_received_earlier"] += 1
        self.movements.sort(key=lambda m: (m[0], m[1]))

    # ----------------------------------------------------------------- truth

    def identifications(self) -> list[tuple[str, int, str]]:
        rows = []
        for movement, prisoner, day in self.receiving:
            children = self.counting.get(prisoner.pid)
            if not children:
                continue
            on = date.fromordinal(day)
            for child_pid in children:
                child = self.persons[child_pid]
                if eighteenth_birthday(child.dob) <= on:
                    continue
                area = child.address.area
                if area is None:
                    continue
                rows.append((movement, child_pid, area))
        return rows


def _person_id(pid: int) -> str:
    return f"P{pid:07d}"


class _LineSink:
    """A file-like target for csv.writer that keeps each encoded row as one string."""

    __slots__ = ("write",)

    def __init__(self, lines: list[str]) -> None:
        self.write = lines.append


def _write_lines(path: Path, header, lines) -> None:
    # Generated, but shaped like real people's records and handled as such: private files.
    with open_private(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(header)
        handle.writelines(lines)


def _write(path: Path, header, rows) -> None:
    with open_private(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


TRUTH_README = """# Truth files

Written by `paramount synth` beside the feeds it generated. They say who every record
really is, so a matcher's output can be scored. Never load them into Paramount.

- `people_truth.csv` (`source,record_id,person_id`): the true person behind every row of
  `people.csv`, in the same order. Two records with the same `person_id` are the same person.
- `movements_truth.csv` (`movement_id,person_id,is_local`): the true person behind every
  prison movement; `is_local` is `Y` when that person has at least one row in `people.csv`.
  People with `is_local = N` are unknown locally, though many share a local person's name
  (and a few a local person's date of birth too).
- `identifications_truth.csv` (`movement_id,child_person_id,area`): the pairs a perfect
  system outputs under the contract's "who counts" rule, computed from the true world and the
  emitted records: for each RECEPTION or RECALL, every child for whom some source has a
  `relationships` row whose adult record belongs to the prisoner and whose child record
  belongs to that child, both of those records being present in `people.csv`, and the row
  says `MOTHER`, `FATHER` or `STEP_PARENT`, or `parental_responsibility = Y`, or
  `lives_with_child = Y`; the child is under 18 on the movement date (true date of birth; a
  29 February birthday turns 18 on 1 March); and the child's true current postcode is in a
  participating area (`area` names it).

- `persons_truth.csv` (`person_id,first_name,middle_names,last_name,previous_last_names,
  date_of_birth,sex,postcode,area`): the true identity and current address of everyone who
  has a people row or a prison movement (`area` empty when the postcode is outside every
  participating area).

Relationship rows naming a record not (yet) in `people.csv` identify nobody here: a system
cannot know who such a record is until its people row arrives. The true current postcode is
usually the postcode of a child's most recently updated record; older records may hold an
address the family has left.
"""


def generate(out_dir: Path, households: int, seed: int, as_of: date) -> SynthSummary:
    """Write a synthetic region of ``households`` households to ``out_dir``."""
    if households < 1:
        raise ValueError("households must be at least 1")
    out_dir = Path(out_dir)
    # A folder made here is private; one the caller named and already has is left as it is.
    out_dir.mkdir(mode=PRIVATE_DIRECTORY, parents=True, exist_ok=True)
    truth_dir = private_directory(out_dir / "truth")
    world = _World(seed, as_of)
    world.build(households)
    world.build_movements()

    people_lines, truth_lines = world.people_lines, world.people_truth_lines
    order = list(range(len(people_lines)))
    world.rng.shuffle(order)
    _write_lines(out_dir / "people.csv", PEOPLE_COLUMNS, (people_lines[i] for i in order))
    _write_lines(
        truth_dir / "people_truth.csv", PEOPLE_TRUTH_COLUMNS, (truth_lines[i] for i in order)
    )
    relationships = world.relationship_lines
    world.rng.shuffle(relationships)
    _write_lines(out_dir / "relationships.csv", RELATIONSHIP_COLUMNS, relationships)
    _write(out_dir / "prison_movements.csv", MOVEMENT_COLUMNS, (m[2] for m in world.movements))
    _write(
        truth_dir / "movements_truth.csv",
        MOVEMENTS_TRUTH_COLUMNS,
        ((mid, _person_id(pid), local) for mid, pid, local in world.movement_truth),
    )
    identifications = world.identifications()
    _write(
        truth_dir / "identifications_truth.csv",
        IDENTIFICATIONS_TRUTH_COLUMNS,
        ((mid, _person_id(pid), area) for mid, pid, area in identifications),
    )
    _write(
        truth_dir / "persons_truth.csv",
        PERSONS_TRUTH_COLUMNS,
        (
            (
                _person_id(p.pid),
                p.first,
                p.middle,
                p.last,
                "|".join(p.prev_last),
                p.dob.isoformat(),
                p.sex,
                p.address.postcode,
                p.address.area or "",
            )
            for p in world.persons
            if p.pid in world.has_records or p.pid in world.prisoners
        ),
    )
    (truth_dir / "README.md").write_text(TRUTH_README, encoding="utf-8")

    hard = world.hard
    hard["same_common_name_same_area_different_dob"] = _namesakes_in_area(world.persons)
    movement_kinds = Counter(m[2][1] for m in world.movements)
    return SynthSummary(
        households=world.households,
        persons=len(world.persons),
        people_rows=len(people_lines),
        relationship_rows=len(relationships),
        movements=len(world.movements),
        receptions=movement_kinds["RECEPTION"] + movement_kinds["RECALL"],
        recalls=movement_kinds["RECALL"],
        prisoners=len(world.prisoners),
        local_prisoners=sum(1 for pid in world.prisoners if pid in world.has_records),
        identifications=len(identifications),
        hard_cases=dict(sorted(hard.items())),
    )


def _namesakes_in_area(persons: list[Person]) -> int:
    """People sharing first name, surname and area with someone born on another day."""
    seen: dict[tuple[str, str, str | None], date] = {}
    clashes = 0
    for person in persons:
        key = (person.first, person.last, person.address.area)
        other = seen.get(key)
        if other is None:
            seen[key] = person.dob
        elif other != person.dob:
            clashes += 1
    return clashes
