"""Which band a match goes to: CONFIRMED, REVIEW, or not listed.

The model's probability decides first: at or above the confirm threshold a match is sure, below
it a person must look. Then each band rule below may send a sure match to a person, or leave an
unsure one unlisted, because of what the probability cannot see: which facts agree beyond the
name. Every rule is one named object, switched by the configuration key of the same name, with
the phenomenon it handles and the measurement that keeps it (docs/benchmarks.md, "Band rules";
``bench/rules.py`` switches each the other way in turn).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from paramount.linkage.engine.link import (
    DIFFERENT,
    EXACT,
    HOME_FIELD,
    NOT_KNOWN,
    SAID_NONE,
    SAID_SOME,
    PersonMatch,
    agrees_beyond_the_name,
)

CONFIRMED = "CONFIRMED"
REVIEW = "REVIEW"


class Action(StrEnum):
    REVIEW = "review"  # a sure match goes to a person
    UNLISTED = "unlisted"  # an unsure match is not listed at all


@dataclass(frozen=True)
class Facts:
    """What a rule reads of a match: each field's agreement, and the prison's weight (above zero
    when people from the local person's area are received there)."""

    probability: float
    agreement: dict[str, str]
    prison_weight: float | None
    beyond_the_name: bool

    @classmethod
    def of(cls, match: PersonMatch) -> Facts:
        return cls(
            probability=match.probability,
            agreement={f.field: f.agreement for f in match.fields},
            prison_weight=next(
                (f.match_weight for f in match.fields if f.field == "establishment"), None
            ),
            beyond_the_name=agrees_beyond_the_name(match.fields),
        )

    @property
    def said_no_children(self) -> bool:
        return self.agreement.get("declared_children") == SAID_NONE

    @property
    def prison_near_home(self) -> bool:
        return self.prison_weight is not None and self.prison_weight > 0


@dataclass(frozen=True)
class BandRule:
    """One rule: ``reason`` gives the words an analyst reads ("… because {reason}"), or "" when
    the rule does not apply. A REVIEW rule is asked only of sure matches, an UNLISTED rule only
    of unsure ones."""

    name: str
    action: Action
    handles: str
    reason: Callable[[Facts], str]


def _at_anothers_home(facts: Facts) -> str:
    if HOME_FIELD in facts.agreement:
        return (
            "the prisoner gave no address; the local address is that of another local person "
            "the prisoner was matched to"
        )
    return ""


def _name_only(facts: Facts) -> str:
    if not facts.beyond_the_name:
        return "only the name agrees: neither the date of birth nor an address does"
    return ""


def _name_only_elsewhere(facts: Facts) -> str:
    if not facts.beyond_the_name and facts.agreement.get("address") == DIFFERENT:
        return "only the name agrees and the prisoner gave an address that differs"
    return ""


def _address_differs(facts: Facts) -> str:
    if facts.agreement.get("address") != DIFFERENT:
        return ""
    if facts.agreement.get("declared_children") != SAID_SOME:
        return "the addresses differ and the prisoner did not say they have children"
    return ""


def _unverified(facts: Facts) -> str:
    if facts.agreement.get("address") not in (None, NOT_KNOWN):
        return ""
    if facts.agreement.get("last_name") != EXACT:
        return "there is no address to check and the surnames are only similar"
    if facts.said_no_children and not facts.prison_near_home:
        return "there is no address to check and the prisoner said they have no children"
    return ""


# In the order they are asked; the first that applies gives the reason.
RULES: tuple[BandRule, ...] = (
    BandRule(
        "review_when_name_only",
        Action.REVIEW,
        "a namesake: he shares the name and nothing else (no date of birth, no address he gave; "
        "an address found at the home of another person he was matched to is not his to give)",
        lambda facts: _at_anothers_home(facts) or _name_only(facts),
    ),
    BandRule(
        "drop_name_only_elsewhere",
        Action.UNLISTED,
        "a namesake from elsewhere: below the confirm threshold, a match on the name alone with "
        "an address that differs is as often another person as the right one",
        _name_only_elsewhere,
    ),
    BandRule(
        "review_when_address_differs",
        Action.REVIEW,
        "a namesake from elsewhere with the same date of birth: the address differs and he did "
        "not say he has children",
        _address_differs,
    ),
    BandRule(
        "review_when_unverified",
        Action.REVIEW,
        "no address to check (no fixed abode, none given or none held): a name and a date of "
        "birth agree, which a namesake from elsewhere can share, and the surname agrees only "
        "approximately or he said he has no children (unless received where people from the "
        "local area are)",
        _unverified,
    ),
)
RULE_NAMES = tuple(rule.name for rule in RULES)


@dataclass(frozen=True)
class Band:
    band: str | None  # CONFIRMED, REVIEW, or None: not listed
    reason: str  # why a sure match needs a person, or why an unsure one is not listed
    rule: str  # the rule that gave the reason, or ""


def band_of(match: PersonMatch, *, confirm_threshold: float, rules: Iterable[str]) -> Band:
    """The band of ``match`` with the rules named in ``rules`` switched on."""
    facts = Facts.of(match)
    sure = facts.probability >= confirm_threshold
    wanted = set(rules)
    for rule in RULES:
        if rule.name not in wanted or (rule.action == Action.REVIEW) != sure:
            continue
        reason = rule.reason(facts)
        if reason:
            return Band(REVIEW if sure else None, reason, rule.name)
    return Band(CONFIRMED if sure else REVIEW, "", "")
