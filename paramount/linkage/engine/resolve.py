"""Resolving local records into persons, and choosing a person for each reception.

Clustering is greedy over scored pairs, strongest first, with cannot-link constraints: two
groups never merge when they hold dates of birth a generation apart (a father and his
same-named son, linked through a school contact record that has no date of birth), or only
dates more than a year and more than a typing slip apart (sisters both called Lily), or when a
source records one as the other's parent or carer, or when two sources or more each hold
records of both under first names the other never gives (twins a letter apart); and a pair
whose first names disagree outright, which shares no given name though each record gives
several (twins), or whose records were born on days no typing slip explains and agree on the
first name only loosely (siblings), never joins two groups. Splink's plain connected components
would merge such groups through one ambiguous record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from paramount.linkage.engine import model
from paramount.linkage.engine.context import PARENT_AGE_MAX, PARENT_AGE_MIN

# Two dates of birth this many days apart cannot be one person (typos and day/month swaps are
# within a year or two; parents and children are a generation apart).
GENERATION_GAP_DAYS = 12 * 365

# Two records of one person: dates of birth at most this far apart (a mistyped day or month, a
# year off by one), unless they are one typing slip apart.
SAME_CHILD_DAYS = 366

# Comparison vector values of model._comparisons' levels: the first name's "different" level,
# its lowest level naming the same given name ("one letter different": exact and the other
# form are above it), and the date of birth's "different" level (both known, and not one
# typing slip or a day/month swap apart).
FIRST_NAMES_DIFFERENT = model.gamma("first_name", "different")
FIRST_NAME_SAME = model.gamma("first_name", "one letter different")
DOB_DIFFERENT = model.gamma("date_of_birth", "different")


def person_key(record_ids: Iterable[str]) -> str:
    """Stable key for a person: derived from their smallest record id, so it survives re-runs
    and stays put when records are added to the person."""
    anchor = min(record_ids)
    return "P" + hashlib.blake2b(anchor.encode("utf-8"), digest_size=6).hexdigest().upper()


class _Groups:
    """Union-find keeping, per group, its members and the dates of birth it holds.

    Only records that appear in a scored pair get an entry, created when first seen: in a
    million-record population most records pair with nothing and stay alone."""

    def __init__(
        self,
        dobs: dict[str, str | None],
        child_dobs: dict[str, list[str]] | None = None,
        first_names: dict[str, str | None] | None = None,
    ):
        self._dob_text = dobs
        self._child_dob_text = child_dobs or {}
        self._first_name = first_names or {}
        self.parent: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}
        self.dobs: dict[str, set[date]] = {}
        # The sources a group's records come from, and the first names they give.
        self.sources: dict[str, set[str]] = {}
        self.first_names: dict[str, set[str]] = {}
        # The earliest and latest birth of the children a group's records list, if any.
        self.births: dict[str, tuple[date, date]] = {}

    def __contains__(self, item: str) -> bool:
        return item in self._dob_text

    def find(self, item: str) -> str:
        if item not in self.parent:
            self.parent[item] = item
            self.members[item] = [item]
            text = self._dob_text.get(item)
            self.dobs[item] = {date.fromisoformat(text)} if text else set()
            self.sources[item] = {item.split(":", 1)[0]}
            name = self._first_name.get(item)
            self.first_names[item] = {name} if name else set()
            children = [date.fromisoformat(d) for d in self._child_dob_text.get(item) or ()]
            if children:
                self.births[item] = (min(children), max(children))
            return item
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def dobs_conflict(self, a: str, b: str) -> bool:
        """Whether joining the groups would make one person of two a generation apart: their
        dates of birth far apart, or one's date of birth impossible for a parent of the other's
        children (a father's school contact and his same-named son's police record); or two
        people born apart: no date of one within a year of, or one typing slip from, a date
        of the other (two sisters both called Lily, born 2017 and 2019)."""
        if any(abs((x - y).days) > GENERATION_GAP_DAYS for x in self.dobs[a] for y in self.dobs[b]):
            return True
        if (
            self.dobs[a]
            and self.dobs[b]
            and not any(_could_be_one(x, y) for x in self.dobs[a] for y in self.dobs[b])
        ):
            return True
        return self._not_a_parent(self.dobs[a], self.births.get(b)) or self._not_a_parent(
            self.dobs[b], self.births.get(a)
        )

    def twins(self, a: str, b: str) -> bool:
        """Whether the groups look like two people each known to the same two sources or more
        under first names the other never gives: twins (Nam and Tâm, Lewis and Louis, one
        letter or one nickname apart, same birthday, same home). One person's duplicate record
        is a second record in one source, not in two."""
        names_a, names_b = self.first_names[a], self.first_names[b]
        return (
            len(self.sources[a] & self.sources[b]) >= 2
            and bool(names_a)
            and bool(names_b)
            and not names_a & names_b
        )

    def kept_apart(self, a: str, b: str) -> bool:
        return self.dobs_conflict(a, b) or self.twins(a, b)

    @staticmethod
    def _not_a_parent(dobs: set[date], births: tuple[date, date] | None) -> bool:
        if births is None:
            return False
        eldest, youngest = births
        return any(
            (eldest - dob).days < PARENT_AGE_MIN * 365.25
            or (youngest - dob).days > PARENT_AGE_MAX * 365.25
            for dob in dobs
        )

    def dobs_within(self, a: str, b: str, days: int) -> bool:
        """Every known date of birth of one group within ``days`` of every one of the other."""
        return all(abs((x - y).days) <= days for x in self.dobs[a] for y in self.dobs[b])

    def union(self, a: str, b: str) -> None:
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a].extend(self.members.pop(b))
        self.dobs[a] |= self.dobs.pop(b)
        self.sources[a] |= self.sources.pop(b)
        self.first_names[a] |= self.first_names.pop(b)
        other = self.births.pop(b, None)
        if other is not None:
            mine = self.births.get(a)
            self.births[a] = (
                other if mine is None else (min(mine[0], other[0]), max(mine[1], other[1]))
            )


def _could_be_one(x: date, y: date) -> bool:
    """Two dates of birth one person's records could give: within a year (a mistyped day or
    month, a year off by one) or one typing slip apart (1986 and 1968, 1985 and 1995)."""
    return abs((x - y).days) <= SAME_CHILD_DAYS or one_slip(x.isoformat(), y.isoformat())


def one_slip(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one character changed, added or dropped, or two neighbours
    swapped (a Damerau-Levenshtein distance of 1)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) != len(b):
        longer, shorter = (a, b) if len(a) > len(b) else (b, a)
        return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return len(diffs) == 1 or (
        len(diffs) == 2
        and diffs[1] == diffs[0] + 1
        and a[diffs[0]] == b[diffs[1]]
        and a[diffs[1]] == b[diffs[0]]
    )


def similarity(a: str, b: str) -> float:
    """Jaro-Winkler similarity of two strings, computed by DuckDB as the model's comparisons
    compute it (1.0 the same, 0.0 nothing in common)."""
    with duckdb.connect() as connection:
        row = connection.execute("SELECT jaro_winkler_similarity(?, ?)", [a, b]).fetchone()
    return float(row[0]) if row else 0.0


@dataclass(frozen=True)
class ResolvedPeople:
    person_of_record: dict[str, str]  # unique_id ("SOURCE:RECORD_ID") -> person key

    @property
    def persons(self) -> int:
        return len(set(self.person_of_record.values()))


def cluster(
    record_ids: list[str],
    dobs: dict[str, str | None],
    pairs: pd.DataFrame,
    *,
    threshold: float,
    cannot_link: dict[str, set[str]] | None = None,
    children_of: dict[str, set[str]] | None = None,
    child_dobs: dict[str, list[str]] | None = None,
    first_names: dict[str, str | None] | None = None,
    context_threshold: float = 0.5,
) -> ResolvedPeople:
    """Group records into persons from scored pairs (``unique_id_l``, ``unique_id_r``,
    ``match_probability``), strongest pair first, respecting the constraints.

    ``cannot_link`` (record -> records, each link given both ways) names records that are never
    one person: a parent and a child (``linkage.selectors.parent_child_links``).

    ``child_dobs`` (record -> its children's dates of birth) keeps apart groups where one's date
    of birth is impossible for a parent of the other's children.

    ``first_names`` (record -> its first name as prepared) keeps apart groups that two sources
    or more each know, under first names the other never gives: twins.

    ``children_of`` (record -> the records a source lists as its children) adds two passes over
    pairs scoring at least ``context_threshold``: two adults' records both recorded as a parent
    or carer of the same resolved child are one person (a school contact with no date of birth
    and an old address is how most parents are known; their child joins them up); and two
    children's records with the same first name, dates of birth no more than a year apart, and a
    parent in common are one child (a child moved house between two services' records).
    """
    groups = _Groups(dobs, child_dobs, first_names)
    blocked = cannot_link or {}

    if "names_apart" in pairs:
        # Records that share no given name, though each gives several, are never one person,
        # whatever else agrees (twins with near first names: model.NAMES_APART).
        pairs = pairs[pairs["names_apart"] != True]  # noqa: E712 - booleans and nulls
    if "gamma_date_of_birth" in pairs and "gamma_first_name" in pairs:
        # Nor are records born on days no typing slip explains whose first names agree only
        # loosely, through a middle name or a similar spelling: siblings (Oliver and Joshua
        # Oliver, or Ada Lily and Lily, at one address and born months apart).
        pairs = pairs[
            ~(
                (pairs["gamma_date_of_birth"] == DOB_DIFFERENT)
                & (pairs["gamma_first_name"] < FIRST_NAME_SAME)
            )
        ]
    if not pairs.empty:
        strong = pairs[pairs["match_probability"] >= threshold]
        if "gamma_first_name" in strong:
            # Twins agree on everything but their first names; one person's records never
            # disagree on it outright (nicknames, typos and middle names are levels above this).
            strong = strong[strong["gamma_first_name"] != FIRST_NAMES_DIFFERENT]
        strong = strong.sort_values(
            ["match_probability", "unique_id_l", "unique_id_r"], ascending=[False, True, True]
        )
        for left, right in zip(
            strong["unique_id_l"].tolist(), strong["unique_id_r"].tolist(), strict=True
        ):
            a, b = groups.find(left), groups.find(right)
            if a == b or groups.kept_apart(a, b):
                continue
            if blocked and _any_blocked(groups.members[a], groups.members[b], blocked):
                continue
            groups.union(a, b)

    if children_of and not pairs.empty:
        _merge_parents_of_the_same_child(
            groups, pairs, threshold, blocked, children_of, context_threshold
        )
        _merge_children_of_the_same_parent(
            groups, pairs, threshold, blocked, children_of, context_threshold
        )

    person_of_record = {record: person_key((record,)) for record in record_ids}
    for members in groups.members.values():
        if len(members) > 1:
            key = person_key(members)
            for member in members:
                person_of_record[member] = key
    return ResolvedPeople(person_of_record=person_of_record)


def _merge_parents_of_the_same_child(
    groups: _Groups,
    pairs: pd.DataFrame,
    threshold: float,
    blocked: dict[str, set[str]],
    children_of: dict[str, set[str]],
    context_threshold: float,
) -> None:
    def child_groups(group: str) -> set[str]:
        return {
            groups.find(child)
            for member in groups.members[group]
            for child in children_of.get(member, ())
            if child in groups
        }

    # A child's two parents share its surname and address and are its parents in every source:
    # only pairs whose first names agree and whose recorded sex does not differ are one person.
    agreeing = (pairs["mw_first_name"] > 0) & (pairs["mw_sex"] >= 0)
    middling = pairs[
        agreeing
        & (pairs["match_probability"] >= context_threshold)
        & (pairs["match_probability"] < threshold)
    ]
    middling = middling.sort_values(
        ["match_probability", "unique_id_l", "unique_id_r"], ascending=[False, True, True]
    )
    for left, right in zip(
        middling["unique_id_l"].tolist(), middling["unique_id_r"].tolist(), strict=True
    ):
        if left not in children_of or right not in children_of:
            continue
        a, b = groups.find(left), groups.find(right)
        if a == b or groups.kept_apart(a, b):
            continue
        if blocked and _any_blocked(groups.members[a], groups.members[b], blocked):
            continue
        if child_groups(a) & child_groups(b):
            groups.union(a, b)


def _any_blocked(left: list[str], right: list[str], blocked: dict[str, set[str]]) -> bool:
    right_set = set(right)
    return any(blocked.get(item, set()) & right_set for item in left)


def _merge_children_of_the_same_parent(
    groups: _Groups,
    pairs: pd.DataFrame,
    threshold: float,
    blocked: dict[str, set[str]],
    children_of: dict[str, set[str]],
    context_threshold: float,
) -> None:
    parents_of: dict[str, set[str]] = {}
    for adult, children in children_of.items():
        for child in children:
            parents_of.setdefault(child, set()).add(adult)

    def parent_groups(group: str) -> set[str]:
        return {
            groups.find(parent)
            for member in groups.members[group]
            for parent in parents_of.get(member, ())
            if parent in groups
        }

    # Siblings share a surname, an address and parents; only the same first name (nicknames
    # and typos included) and a date of birth within a year make two records one child.
    agreeing = (pairs["mw_first_name"] > 0) & (pairs["mw_sex"] >= 0)
    middling = pairs[
        agreeing
        & (pairs["match_probability"] >= context_threshold)
        & (pairs["match_probability"] < threshold)
    ]
    middling = middling.sort_values(
        ["match_probability", "unique_id_l", "unique_id_r"], ascending=[False, True, True]
    )
    for left, right in zip(
        middling["unique_id_l"].tolist(), middling["unique_id_r"].tolist(), strict=True
    ):
        if left not in parents_of or right not in parents_of:
            continue
        a, b = groups.find(left), groups.find(right)
        if a == b or not groups.dobs_within(a, b, SAME_CHILD_DAYS) or groups.twins(a, b):
            continue
        if blocked and _any_blocked(groups.members[a], groups.members[b], blocked):
            continue
        if parent_groups(a) & parent_groups(b):
            groups.union(a, b)
