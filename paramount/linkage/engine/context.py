"""Evidence about a reception and a local parent that the Splink model cannot see.

The model compares one record with another. Two more facts bear on whether a prisoner is a
local parent, and both matter most when a school contact (a name and an address, no date of
birth) is all a service knows of the parent:

- **Parent age**: the prisoner's age when each of the local person's children was born. A
  prisoner born in 1998 is not the father of a child born in 2009, whatever his name.
- **Declared children**: what the prisoner said at reception (``Y``, ``N`` or nothing). People
  under-declare, so ``N`` counts against a parent only a little, and nothing counts for little.

- **Establishment**: people are received into a prison near home, so the prison a reception
  went to says something about where the prisoner lives, which is what a namesake from
  elsewhere does not share with the local person. Weighed against the postcode area of the
  local person (``OX``, ``B``...) and the prisoner's sex (women's prisons serve wide regions),
  and only where the addresses themselves do not agree (when they do, the address already says
  the prisoner lives there).

Each is weighed like a Splink comparison: a match weight log2(m / u), with m (how often the
level is seen when the prisoner is the local person) and u (when not) estimated from the run's
own data, so the weights follow the data rather than our assumptions:

- m from the run's sure matches (probability at least :data:`SURE`, dates of birth equal), which
  need neither fact to be sure;
- m for the establishment from the sure matches of the same postcode area and sex (where were
  the local people of this area received?), shrunk towards u with :data:`ESTABLISHMENT_PRIOR`
  pseudo-observations, so an area with few sure matches carries little weight either way; u from
  every reception of that sex;
- u for parent age from pairing the run's prisoners with a sample of local parents; u for
  declared children from every reception of the run (most are not the local parent in question,
  so the estimate leans towards m and understates the evidence rather than overstating it).

Priors with :data:`PRIOR_WEIGHT` pseudo-observations keep the estimates steady on a day with few
receptions.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

# Ages at a child's birth, in years. A parent is "typically" aged between TYPICAL_MIN and
# TYPICAL_MAX at their eldest child's birth; anyone between POSSIBLE_MIN and POSSIBLE_MAX at every
# child's birth could be a parent (a step-parent, an older father); outside that, not plausibly.
TYPICAL_MIN, TYPICAL_MAX = 16, 45
POSSIBLE_MIN, POSSIBLE_MAX = 13, 65
PARENT_AGE_MIN, PARENT_AGE_MAX = POSSIBLE_MIN, POSSIBLE_MAX
DAYS_PER_YEAR = 365.25
AGE_LEVELS = ("typical", "possible", "implausible")
AGE_AGREEMENT = {
    "typical": "a usual age for a parent",
    "possible": "possible for a parent",
    "implausible": "not plausible for a parent",
}

SURE = 0.999
PRIOR_WEIGHT = 20
DECLARED_LEVELS = ("Y", "N", "")
# Priors: parents are mostly of a usual age and mostly say they have children; other prisoners
# are often of an age to be the parent of a given family, and mostly say they have none.
PRIOR_M = {
    "parent_age": {"typical": 0.9, "possible": 0.08, "implausible": 0.02},
    "declared": {"Y": 0.55, "N": 0.2, "": 0.25},
}
PRIOR_U = {
    "parent_age": {"typical": 0.45, "possible": 0.35, "implausible": 0.2},
    "declared": {"Y": 0.3, "N": 0.45, "": 0.25},
}
FLOOR = 0.01


# Pseudo-observations of the prior (u) behind each area's establishment m: with fewer sure
# matches than this in an area, the evidence stays weak.
ESTABLISHMENT_PRIOR = 20
# Bounds on the establishment's match weight: an unusual prison is strong evidence of a
# namesake from elsewhere, but people are sometimes held far from home (a full local prison,
# a specialist one), so it never vetoes.
ESTABLISHMENT_MIN, ESTABLISHMENT_MAX = -6.0, 4.0


@dataclass(frozen=True)
class ContextWeights:
    """Match weights (log2 Bayes factors) of each level, with the figures they came from."""

    parent_age: dict[str, float]
    declared: dict[str, float]
    sure_matches: int
    receptions: int
    # Band of age at the eldest child's birth -> weight, replacing the level's where known.
    parent_age_band: dict[str, float] = field(default_factory=dict)
    # (postcode area, sex) -> establishment code -> weight; absent = no evidence either way.
    establishment: dict[tuple[str, str], dict[str, float]] = field(default_factory=dict)

    def establishment_weight(self, area: str | None, sex: str, code: str | None) -> float | None:
        """The weight of a reception into ``code`` for a local person of postcode area
        ``area``; None when there is nothing to weigh (no area or no establishment)."""
        if not area or not code:
            return None
        return self.establishment.get((area, sex), {}).get(code, 0.0)


# The age limit of the children listed: a prisoner older than POSSIBLE_MAX + CHILD_AGE_LIMIT at
# reception (83) was past 65 at the birth of every child who could be listed.
CHILD_AGE_LIMIT = 18
DOUBTFUL_AGE = POSSIBLE_MAX + CHILD_AGE_LIMIT
DOUBTFUL = "not weighed: no child could have a parent of this date of birth (likely mis-keyed)"


def doubtful_age(born: date, on: date) -> int | None:
    """The prisoner's age on ``on`` when their date of birth cannot be that of a parent of any
    child under the age limit (older than :data:`DOUBTFUL_AGE`, or younger than
    :data:`POSSIBLE_MIN`), else None.

    Such a date makes every local family "not plausible" alike, so it cannot tell the prisoner's
    family from a namesake's, and it is far likelier mis-keyed (1992 typed as 1929) than true:
    the parent-age evidence is then not weighed, rather than vetoing the family.
    """
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return age if age > DOUBTFUL_AGE or age < POSSIBLE_MIN else None


def _years(born: float, on: float) -> float:
    return (on - born) / DAYS_PER_YEAR


def _age_level(born: float, eldest: float, youngest: float) -> str:
    """The parent-age level from day numbers (ordinals) of the births."""
    at_eldest, at_youngest = _years(born, eldest), _years(born, youngest)
    if at_eldest < POSSIBLE_MIN or at_youngest > POSSIBLE_MAX:
        return "implausible"
    if TYPICAL_MIN <= at_eldest <= TYPICAL_MAX:
        return "typical"
    return "possible"


def parent_age_level(born: date, child_dobs: Iterable[date]) -> str | None:
    """How plausible it is that someone born on ``born`` is the parent of these children
    (:data:`AGE_LEVELS`); None if no child's date of birth is known."""
    births = [d.toordinal() for d in child_dobs]
    if not births:
        return None
    return _age_level(born.toordinal(), min(births), max(births))


# Finer bands of the prisoner's age at the eldest child's birth, within the possible range: a
# parent's age at a first child is concentrated (most are in their twenties), a namesake's is
# whatever his age happens to be. Weighed from the run's sure matches (m) against prisoners paired
# with local families (u), each shrunk towards the other with PRIOR_WEIGHT pseudo-observations,
# so with no sure matches a band weighs nothing beyond its level.
AGE_BANDS = ((13, 20), (20, 25), (25, 30), (30, 35), (35, 40), (40, 50), (50, 66))


def _band_label(low: int, high: int) -> str:
    return f"{low}-{high - 1}"


BAND_LABELS = tuple(_band_label(low, high) for low, high in AGE_BANDS)


def parent_age_band(born: date, child_dobs: Iterable[date]) -> str | None:
    """The band of the age at the eldest child's birth (:data:`AGE_BANDS`), or None when the
    level is implausible or no child's date of birth is known."""
    births = [d.toordinal() for d in child_dobs]
    if not births or _age_level(born.toordinal(), min(births), max(births)) == "implausible":
        return None
    at_eldest = _years(born.toordinal(), min(births))
    for low, high in AGE_BANDS:
        if low <= at_eldest < high:
            return _band_label(low, high)
    return None


def age_bands_share(borns: list[date], families: list[list[date]]) -> dict[str, float] | None:
    """The share of each band over (prisoner, local family) pairings that are not implausible."""
    families = [f for f in families if f]
    if not borns or not families:
        return None
    born = np.array([b.toordinal() for b in borns], dtype=float)[:, None]
    eldest = np.array([min(f).toordinal() for f in families], dtype=float)[None, :]
    youngest = np.array([max(f).toordinal() for f in families], dtype=float)[None, :]
    at_eldest = (eldest - born) / DAYS_PER_YEAR
    at_youngest = (youngest - born) / DAYS_PER_YEAR
    possible = ~((at_eldest < POSSIBLE_MIN) | (at_youngest > POSSIBLE_MAX))
    total = float(possible.sum())
    if not total:
        return None
    return {
        _band_label(low, high): float((possible & (at_eldest >= low) & (at_eldest < high)).sum())
        / total
        for low, high in AGE_BANDS
    }


def age_levels_share(borns: list[date], families: list[list[date]]) -> dict[str, float] | None:
    """The share of each parent-age level over (prisoner, local family) pairings: u."""
    families = [f for f in families if f]
    if not borns or not families:
        return None
    born = np.array([b.toordinal() for b in borns], dtype=float)[:, None]
    eldest = np.array([min(f).toordinal() for f in families], dtype=float)[None, :]
    youngest = np.array([max(f).toordinal() for f in families], dtype=float)[None, :]
    at_eldest = (eldest - born) / DAYS_PER_YEAR
    at_youngest = (youngest - born) / DAYS_PER_YEAR
    implausible = (at_eldest < POSSIBLE_MIN) | (at_youngest > POSSIBLE_MAX)
    typical = ~implausible & (at_eldest >= TYPICAL_MIN) & (at_eldest <= TYPICAL_MAX)
    return {
        "typical": float(typical.mean()),
        "implausible": float(implausible.mean()),
        "possible": float((~implausible & ~typical).mean()),
    }


def _distribution(
    counts: Counter, total: int, prior: dict[str, float], levels: tuple[str, ...]
) -> dict[str, float]:
    return {
        level: max((counts[level] + prior[level] * PRIOR_WEIGHT) / (total + PRIOR_WEIGHT), FLOOR)
        for level in levels
    }


def _log2(m: float, u: float) -> float:
    return round(math.log2(max(m, FLOOR) / max(u, FLOOR)), 2)


def postcode_area(postcode: str | None) -> str | None:
    """The letters of a normalised postcode's outward code: ``OX26 2XA`` -> ``OX``."""
    if not postcode:
        return None
    letters = ""
    for char in postcode:
        if not char.isalpha():
            break
        letters += char
    return letters or None


def establishment_weights(
    sure: Sequence[tuple[str | None, str, str]], receptions: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, float]]:
    """(postcode area, sex) -> establishment -> log2(m / u).

    ``sure``: (postcode area of the local person, prisoner's sex, establishment) of each sure
    match; ``receptions``: (sex, establishment) of every reception. m for an area is its sure
    matches' establishments plus :data:`ESTABLISHMENT_PRIOR` pseudo-observations spread as u,
    so with no sure matches m = u and every weight is 0."""
    by_sex: dict[str, Counter] = {}
    for sex, code in receptions:
        if code:
            by_sex.setdefault(sex, Counter())[code] += 1
    seen: dict[tuple[str, str], Counter] = {}
    for area, sex, code in sure:
        if area and code and sex in by_sex:
            seen.setdefault((area, sex), Counter())[code] += 1
    weights: dict[tuple[str, str], dict[str, float]] = {}
    for (area, sex), counts in seen.items():
        everyone = by_sex[sex]
        total_u = sum(everyone.values())
        total_m = sum(counts.values())
        cell = {}
        for code, n in everyone.items():
            u = n / total_u
            m = (counts[code] + ESTABLISHMENT_PRIOR * u) / (total_m + ESTABLISHMENT_PRIOR)
            weight = math.log2(m / u)
            cell[code] = round(min(max(weight, ESTABLISHMENT_MIN), ESTABLISHMENT_MAX), 2)
        weights[(area, sex)] = cell
    return weights


def estimate(
    *,
    sure: list[tuple[date, list[date], str]],
    reception_borns: list[date],
    reception_declared: list[str],
    local_families: list[list[date]],
    sure_establishments: Sequence[tuple[str | None, str, str]] = (),
    reception_establishments: Sequence[tuple[str, str]] = (),
) -> ContextWeights:
    """Estimate the weights from one run's data.

    ``sure``: for each sure match whose local person has children, the prisoner's date of
    birth, the children's dates of birth and what the prisoner declared. ``reception_borns``
    and ``reception_declared``: every reception of the run. ``local_families``: the children's
    dates of birth of a sample of local parents.
    """
    ages = Counter(parent_age_level(born, children) for born, children, _ in sure)
    ages.pop(None, None)
    m_age = _distribution(ages, sum(ages.values()), PRIOR_M["parent_age"], AGE_LEVELS)
    shares = age_levels_share(reception_borns, local_families)
    u_counts = Counter(
        {level: share * len(reception_borns) for level, share in (shares or {}).items()}
    )
    u_age = _distribution(
        u_counts, len(reception_borns) if shares else 0, PRIOR_U["parent_age"], AGE_LEVELS
    )
    bands = Counter(parent_age_band(born, children) for born, children, _ in sure)
    bands.pop(None, None)
    band_u = age_bands_share(reception_borns, local_families)
    band_weights = {}
    if band_u:
        band_total = sum(bands.values())
        for label in BAND_LABELS:
            u = max(band_u[label], FLOOR)
            m = (bands[label] + u * PRIOR_WEIGHT) / (band_total + PRIOR_WEIGHT)
            # Within the possible range, relative to the level the band belongs to: the level's
            # weight already says "possible"; the band says where in that range.
            band_weights[label] = _log2(m, u)
    declared = Counter(d for _, _, d in sure)
    m_declared = _distribution(declared, len(sure), PRIOR_M["declared"], DECLARED_LEVELS)
    everyone = Counter(v if v in DECLARED_LEVELS else "" for v in reception_declared)
    u_declared = _distribution(
        everyone, len(reception_declared), PRIOR_U["declared"], DECLARED_LEVELS
    )
    return ContextWeights(
        parent_age={level: _log2(m_age[level], u_age[level]) for level in AGE_LEVELS},
        declared={level: _log2(m_declared[level], u_declared[level]) for level in DECLARED_LEVELS},
        sure_matches=len(sure),
        receptions=len(reception_declared),
        parent_age_band=band_weights,
        establishment=establishment_weights(
            list(sure_establishments), list(reception_establishments)
        ),
    )
