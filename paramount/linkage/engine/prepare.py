"""Turning records into the columns the linkage model compares.

Names are folded (accents, case and punctuation removed: O’Neill = ONeill = oneill, Nguyễn =
nguyen), first names also get a canonical form (Bill = William), and every name a person is
known by goes into an array (surname parts, previous surnames, aliases) so a changed surname
still agrees with the old one. Values repeat a great deal in a population, so each distinct
value is folded once.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd
from unidecode import unidecode

from paramount.linkage.engine.nicknames import canonical_first_name
from paramount.linkage.engine.surnames import canonical_surname

PREPARED_COLUMNS = (
    "unique_id",
    "first_name",
    "first_name_canon",
    "first_names",
    "last_name",
    "last_name_canon",
    "last_names",
    "dob",
    "dob_swap",
    "sex",
    "postcode",
    "postcode_district",
    "address_key",
    "child_dobs",
    "address_from_child",
)


@lru_cache(maxsize=500_000)
def fold(value: str) -> str:
    """Lower-case ASCII words separated by single spaces; apostrophes vanish, hyphens split."""
    ascii_text = unidecode(value).lower()
    ascii_text = re.sub(r"['`]", "", ascii_text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text).split())


@lru_cache(maxsize=500_000)
def fold_surname(value: str) -> str:
    """One token: ``Smith-Jones`` = ``smithjones``, ``MacDonald`` = ``mcdonald``."""
    joined = fold(value).replace(" ", "")
    return "mc" + joined[3:] if joined.startswith("mac") and len(joined) > 5 else joined


def _words(value) -> list[str]:
    return fold(value).split() if isinstance(value, str) and value else []


def surname_variants(value) -> list[str]:
    """A surname as one token, then each of its words of two letters or more that is not that
    token ("Al Sayed": alsayed, al, sayed)."""
    if not isinstance(value, str) or not value:
        return []
    parts = _words(value)
    whole = fold_surname(value)
    return [whole, *(p for p in parts if len(p) > 1 and p != whole)]


def _first(value) -> str | None:
    words = _words(value)
    return words[0] if words else None


STREET_WORDS = {
    "rd": "road", "st": "street", "ave": "avenue", "av": "avenue", "ln": "lane", "cl": "close",
    "cres": "crescent", "cr": "crescent", "dr": "drive", "gdns": "gardens", "pl": "place",
    "sq": "square", "ct": "court", "tce": "terrace", "terr": "terrace", "gr": "grove", "gro": "grove",
    "pk": "park", "hse": "house", "wy": "way", "mws": "mews", "hts": "heights", "bldgs": "buildings",
}  # fmt: skip


# First lines that say there is no address (folded): nothing to compare.
NO_ADDRESS = {
    "nfa", "no fixed abode", "no fixed address", "homeless", "unknown", "not known", "none",
    "n a", "na", "no address",
}  # fmt: skip


def _address_key(line) -> str | None:
    """The first line of an address, folded, with street abbreviations spelled out:
    ``14 High St.`` = ``14 high street``; None for "NFA", "No fixed abode" and the like."""
    if " ".join(_words(line)) in NO_ADDRESS:
        return None
    words = [STREET_WORDS.get(word, word) for word in _words(line)]
    if not words:
        return None
    return " ".join(words[:6])


def _postcode(value) -> str | None:
    if not isinstance(value, str):
        return None
    compact = value.replace(" ", "").upper()
    return compact if compact and compact != "NFA" else None


def _alias_names(value: str) -> tuple[list[str], list[str]]:
    """Canonical first names and surname variants of ``FIRST LAST|FIRST LAST``."""
    firsts, lasts = [], []
    for pair in value.split("|"):
        words = _words(pair)
        if len(words) >= 2:
            firsts.append(canonical_first_name(words[0]))
            lasts.extend(surname_variants(" ".join(words[1:])))
    return firsts, lasts


def _previous_names(value: str) -> list[str]:
    return [variant for name in value.split("|") for variant in surname_variants(name)]


def _per_value(values: list, func) -> list:
    """``func`` of each value, computed once per distinct value (names and addresses repeat a
    great deal in a population); None where the value is missing or empty."""
    codes, distinct = pd.factorize(pd.Series(values, dtype=object))
    results = np.empty(len(distinct) + 1, dtype=object)  # the last slot answers code -1 (missing)
    for index, value in enumerate(distinct):
        results[index] = func(value) if isinstance(value, str) and value else None
    return results[codes].tolist()


def _combined(base: list, *extras: list) -> list[list[str]]:
    """Per row: the sorted distinct names of ``base`` (one name or a list) and of each extra
    list. Most rows have no extra names: their answer depends on ``base`` alone, whose values
    repeat (:func:`_per_value` gives one object per distinct value), so it is worked out once
    per value and shared, like the values themselves."""
    alone: dict[int, list[str]] = {}
    rows = []
    for base_value, *extra_values in zip(base, *extras, strict=True):
        if any(extra_values):
            names = [base_value] if isinstance(base_value, str) else list(base_value or ())
            for extra in extra_values:
                names.extend(extra or ())
            rows.append(sorted({n for n in names if n}))
            continue
        answer = alone.get(id(base_value))
        if answer is None:
            names = [base_value] if isinstance(base_value, str) else list(base_value or ())
            answer = sorted({n for n in names if n})
            alone[id(base_value)] = answer
        rows.append(answer)
    return rows


def prepare(records: pd.DataFrame) -> pd.DataFrame:
    """Add the comparison columns to a table of people records or receptions.

    Expects ``unique_id``, ``first_name``, ``last_name`` and optionally ``middle_names``,
    ``previous_last_names`` (``|``-separated), ``aliases`` (``FIRST LAST|…``), ``date_of_birth``
    (ISO text), ``sex``, ``address_line_1``, ``postcode``. Returns only :data:`PREPARED_COLUMNS`.
    """

    def values(name: str) -> list:
        return records[name].tolist() if name in records else [None] * len(records)

    first = _per_value(values("first_name"), _first)
    canon = _per_value(first, canonical_first_name)
    last_raw = values("last_name")
    aliases = _per_value(values("aliases"), _alias_names)
    out = pd.DataFrame({"unique_id": records["unique_id"].astype(str)})
    out["first_name"] = first
    out["first_name_canon"] = canon
    out["last_name"] = [v or None for v in _per_value(last_raw, fold_surname)]
    out["last_name_canon"] = _per_value(out["last_name"].tolist(), canonical_surname)
    out["first_names"] = _combined(
        canon,
        _per_value(values("middle_names"), lambda v: [canonical_first_name(w) for w in _words(v)]),
        [a[0] if a else None for a in aliases],
    )
    out["last_names"] = _combined(
        _per_value(last_raw, surname_variants),
        _per_value(values("previous_last_names"), _previous_names),
        [a[1] if a else None for a in aliases],
    )

    dob = pd.Series(values("date_of_birth"), index=records.index, dtype="string")
    out["dob"] = dob.where(dob.str.len() == 10, None)
    swapped = dob.str[0:5] + dob.str[8:10] + "-" + dob.str[5:7]
    out["dob_swap"] = swapped.where(dob.str[8:10].fillna("99").astype(int) <= 12, None)
    sex = pd.Series(values("sex"), index=records.index, dtype=object)
    out["sex"] = sex.where(sex.isin(["M", "F"]), None)
    out["postcode"] = _per_value(values("postcode"), _postcode)
    out["postcode_district"] = out["postcode"].str[:-3]
    out["address_key"] = _per_value(values("address_line_1"), _address_key)
    # The address is the household's, taken from a child's record (linkage.selectors).
    out["address_from_child"] = [
        isinstance(value, bool | np.bool_) and bool(value) for value in values("address_from_child")
    ]
    out["child_dobs"] = [
        (sorted(set(value)) if len(value) > 1 else list(value))
        if isinstance(value, list | tuple | np.ndarray)
        else []
        for value in values("child_dobs")
    ]
    return out[list(PREPARED_COLUMNS)].astype(object).where(out.notna(), None)


# A received person's identities: the name given, each alias, the name turned round.
MAIN, ALIAS, SWAPPED = "", "alias", "first and last names swapped"
IDENTITY_SEPARATOR = "~"


def prepare_receptions(records: pd.DataFrame) -> pd.DataFrame:
    """:func:`prepare` each received person under every identity the prison record gives, so
    each is compared like the main one: the name given; each alias (``FIRST LAST``, with the
    date of birth, sex and address given), because people are received under another name and
    the real one is then only among the aliases; and the first and last names the wrong way
    round, because a record keyed surname-first is compared name for name otherwise.

    The identities of one reception share its ``unique_id`` in ``reception_id``; ``identity``
    says which each row is (:data:`MAIN`, :data:`ALIAS` or :data:`SWAPPED`) and ``identity_name``
    the name as the prison record gives it (the alias, or the name before it was turned). Rows of other identities get ``unique_id`` ``<id>~<n>``."""
    rows = []
    for record in records.to_dict("records"):
        uid = str(record["unique_id"])
        names = [(MAIN, record.get("first_name"), record.get("last_name"))]
        for alias in _split_aliases(record.get("aliases")):
            names.append((ALIAS, *alias))
        first, last = record.get("first_name"), record.get("last_name")
        if _words(first) and _words(last) and fold(first) != fold(last):
            names.append((SWAPPED, last, first))
        seen = set()
        for identity, first_name, last_name in names:
            key = (_first(first_name), fold_surname(last_name or ""))
            if key in seen:
                continue
            seen.add(key)
            row = dict(record)
            if identity != MAIN:
                row.update(
                    unique_id=f"{uid}{IDENTITY_SEPARATOR}{len(seen) - 1}",
                    first_name=first_name,
                    last_name=last_name,
                    middle_names=None,
                )
            rows.append(
                {
                    **row,
                    "reception_id": uid,
                    "identity": identity,
                    # As the prison record gives it: an alias, or the name before turning.
                    "identity_name": f"{first or ''} {last or ''}".strip()
                    if identity == SWAPPED
                    else f"{first_name or ''} {last_name or ''}".strip(),
                }
            )
    table = pd.DataFrame(
        rows, columns=[*records.columns, "reception_id", "identity", "identity_name"]
    )
    prepared = prepare(table)
    for column in ("reception_id", "identity", "identity_name"):
        prepared[column] = table[column].to_numpy()
    return prepared


def _split_aliases(value) -> list[tuple[str, str]]:
    """``FIRST LAST|FIRST LAST`` as (first name, surname) pairs; a one-word alias gives no
    identity of its own (it stays in the names arrays)."""
    if not isinstance(value, str):
        return []
    pairs = []
    for alias in value.split("|"):
        words = alias.split()
        if len(words) >= 2:
            pairs.append((words[0], " ".join(words[1:])))
    return pairs


def fill_household_addresses(table: pd.DataFrame, relationships: pd.DataFrame) -> None:
    """Give an adult's record that holds no address the address of the children its source
    says it lives with, when those children's records agree on one postcode, and mark it in
    ``address_from_child``.

    A school's contact for a parent is often a name and nothing else, while the child's record
    beside it has the household's address; without it the parent's record can be compared on
    the name alone, and a parent known by two such records stays two people."""
    table["address_from_child"] = False
    if "lives_with" not in relationships or table.empty:
        return
    no_address = table["postcode"].isna() & table["address_line_1"].isna()
    if not no_address.any():
        return
    living_with = relationships[relationships["lives_with"] == "Y"]
    living_with = living_with[living_with["adult_uid"].isin(table.loc[no_address, "unique_id"])]
    homes = living_with.merge(
        table.loc[table["postcode"].notna(), ["unique_id", "address_line_1", "postcode"]],
        left_on="child_uid",
        right_on="unique_id",
    )
    if homes.empty:
        return
    homes["household"] = homes["postcode"].str.replace(" ", "").str.upper()
    # One household: every child the record lives with has the same postcode.
    agreed = homes.groupby("adult_uid")["household"].nunique()
    homes = homes[homes["adult_uid"].isin(agreed[agreed == 1].index)]
    homes = homes.sort_values(["adult_uid", "child_uid"]).drop_duplicates("adult_uid")
    home = homes.set_index("adult_uid")
    rows = table["unique_id"].isin(home.index) & no_address
    uids = table.loc[rows, "unique_id"]
    table.loc[rows, "postcode"] = uids.map(home["postcode"]).to_numpy()
    table.loc[rows, "address_line_1"] = uids.map(home["address_line_1"]).to_numpy()
    table.loc[rows, "address_from_child"] = True


PRISON_WORDS = ("hmp", "hm prison", "hmyoi", "yoi", "prison")


def prison_given_as_address(address_line_1: str | None, establishment_name: str | None) -> bool:
    """Whether a reception's address is the prison itself (a common entry for someone with
    nowhere else to give): it says nothing about where the person lived."""
    line = " ".join((address_line_1 or "").lower().replace(".", " ").split())
    if not line:
        return False
    establishment = " ".join((establishment_name or "").lower().split())
    return (bool(establishment) and establishment in line) or any(
        line == word or line.startswith(word + " ") for word in PRISON_WORDS
    )
