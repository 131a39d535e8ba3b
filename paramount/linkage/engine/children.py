"""One child, listed once per reception: whether two children found for one reception are the
same child whose records resolution kept apart.

Resolution keeps records apart when it is not sure (twins share a surname, an address and a
date of birth); a reception's children are few, so here two of them can be compared with what
one family's children can and cannot share.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from paramount.linkage.engine.nicknames import canonical_first_name
from paramount.linkage.engine.prepare import fold, fold_surname, surname_variants
from paramount.linkage.engine.resolve import one_slip, similarity

# First names this alike (Jaro-Winkler, as the model's "similar spelling" level measures it) may
# be one child's, spelt by two services: Emily and Enmy are 0.81 apart.
SAME_CHILD_SPELLING = 0.8


@dataclass(frozen=True)
class ChildFound:
    """A child found for a reception, as the comparison needs it.

    ``first_names`` holds the first names the records give, as written (folded) and in
    canonical form; ``middle_names`` their middle names, canonical."""

    key: str
    first_name: str
    last_name: str
    date_of_birth: date | None
    first_names: frozenset[str]
    middle_names: frozenset[str]
    sources: frozenset[str]


def names_known(
    names: Iterable[tuple[str | None, str | None]],
) -> tuple[frozenset[str], frozenset[str]]:
    """The first names and middle names of a child's records ((first name, middle names) per
    record): first names as written (folded) and in canonical form, because a slip is looked
    for in the name as written (Chadlie is Charlie, whose canonical form is Charles)."""
    names = list(names)
    written = {words[0] for first, _ in names if (words := fold(first or "").split())}
    firsts = written | {canonical_first_name(name) for name in written}
    middles = {
        canonical_first_name(word) for _, middle in names for word in fold(middle or "").split()
    }
    return frozenset(firsts), frozenset(middles)


def listed_before(child: ChildFound, listed: list[ChildFound]) -> bool:
    """Whether ``child`` is one already in ``listed`` under another key; remembers it if new.

    The same child when the first names agree and either the dates of birth are within a year
    (and, unless the first names are the same name, one typing slip apart) or, when one is not
    known, the surnames are the same; or when no service holds both and they agree as
    :func:`_known_to_different_services` says; or when one record gives the names turned round.
    First names agree when they share a canonical form (nicknames included), when one child's
    first name is the other's middle name (known by it), or when they differ by one typing
    slip with the same initial. Twins differ in first name by more than that, or give middle
    names none of which is the other's, or are each known to the same two services."""
    for other in listed:
        if other.key == child.key:
            return False
        if _known_to_different_services(child, other) or _names_turned_round(child, other):
            return True
        if len(child.sources & other.sources) >= 2:
            # Two services each hold a record of both: twins, as resolution keeps them apart
            # (engine.resolve), however alike their names.
            continue
        if not first_names_agree(
            (child.first_names, child.middle_names), (other.first_names, other.middle_names)
        ):
            continue
        born, other_born = child.date_of_birth, other.date_of_birth
        if born and other_born:
            # Born on days no typing slip explains, the first names must be the same name, not
            # one child's middle name or a slip: siblings born months apart, as resolution keeps
            # them apart (engine.resolve).
            if abs((born - other_born).days) <= 366 and (
                dates_agree(born, other_born) or child.first_names & other.first_names
            ):
                return True
        elif fold_surname(child.last_name or "") == fold_surname(other.last_name or ""):
            return True
    listed.append(child)
    return False


def first_names_agree(
    one: tuple[frozenset[str], frozenset[str]], other: tuple[frozenset[str], frozenset[str]]
) -> bool:
    """Whether two children's (first names, middle names) can be one child's."""
    (firsts, middles), (other_firsts, other_middles) = one, other
    if (
        middles
        and other_middles
        and not _share_a_name(firsts | middles, other_firsts | other_middles)
    ):
        # Both give middle names and share no given name at all: twins, however close the
        # first names.
        return False
    if firsts & other_firsts or firsts & other_middles or other_firsts & middles:
        return True
    return any(
        a[0] == b[0] and min(len(a), len(b)) >= 4 and one_slip(a, b)
        for a in firsts
        for b in other_firsts
    )


def dates_agree(a: date, b: date) -> bool:
    """The same date, or one typing slip from it: a digit changed, two neighbours swapped, or the
    day and month swapped."""
    swapped = a.year == b.year and (a.day, a.month) == (b.month, b.day)
    return a == b or swapped or one_slip(a.isoformat(), b.isoformat())


def _names_turned_round(child: ChildFound, other: ChildFound) -> bool:
    """Whether one record gives the other's first name as the surname and its surname as the
    first name (keyed surname first), with no two dates of birth that disagree."""
    first, last = _first_word(child.first_name), fold_surname(child.last_name or "")
    other_first, other_last = _first_word(other.first_name), fold_surname(other.last_name or "")
    if not (first and last and first != last) or (first, last) != (other_last, other_first):
        return False
    born, other_born = child.date_of_birth, other.date_of_birth
    return not (born and other_born) or dates_agree(born, other_born)


def _first_word(name: str | None) -> str:
    return fold_surname((name or "").split(" ")[0]) if name else ""


def _share_a_name(names: frozenset[str], other_names: frozenset[str]) -> bool:
    """Whether two sets of given names share one; a name recorded as its initial shares it with
    every name that begins with that letter."""
    if names & other_names:
        return True
    return any(
        (len(a) == 1 or len(b) == 1) and a[0] == b[0] for a in names for b in other_names if a and b
    )


def _known_to_different_services(child: ChildFound, other: ChildFound) -> bool:
    """Whether two children are one child whom two services spell too differently for
    :func:`first_names_agree`: no service holds both, their dates of birth agree, their
    surnames share a name, and their first names begin with the same letter and are spelt
    alike. A service's records of twins are two records of its own, so twins share a service;
    the middle names, when both give some, must share one."""
    if child.sources & other.sources:
        return False
    born, other_born = child.date_of_birth, other.date_of_birth
    if not (born and other_born and dates_agree(born, other_born)):
        return False
    if not _surnames(child.last_name) & _surnames(other.last_name):
        return False
    if (
        child.middle_names
        and other.middle_names
        and not _share_a_name(child.middle_names, other.middle_names)
    ):
        return False
    return any(
        a[0] == b[0] and similarity(a, b) >= SAME_CHILD_SPELLING
        for a in child.first_names
        for b in other.first_names
    )


def _surnames(value: str | None) -> set[str]:
    """A surname as one token and each of its words longer than a particle ("Al Sayed":
    alsayed and sayed)."""
    whole, *parts = surname_variants(value) or [""]
    return {whole} - {""} | {part for part in parts if len(part) > 2}
