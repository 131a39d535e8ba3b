"""Subject access: finding the person, and marking each row for the reviewer.

A request names a resolved person key, or a name and date of birth, or both. The key finds
what the matcher linked to the person; the name and date of birth find what it never linked (a
reception nobody was matched to, a record not yet resolved) and what outlived the links (the
partner's copy of a child once the police's records are gone). Everything found by name is
listed for the reviewer to confirm, with why it was included.

Each row of the export then says whose data it is (the requester's, a third party's, or shared,
as a family's case is) and which of its fields are criminal-offence or special category data
(from the registry), so the data protection officer can redact third parties' data and apply
the exemptions of DPA 2018 Sch. 2 (or s.45(4) for the police's Part 3 processing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q

from paramount.linkage.engine.nicknames import canonical_first_name
from paramount.linkage.engine.prepare import fold, fold_surname
from paramount.privacy.registry import REGISTRY, Classification
from paramount.privacy.selectors import (
    AUDIT_LISTINGS,
    PersonData,
    Seeds,
    person_key_hashes,
    rows_as_dicts,
)

REQUESTER = "requester"
THIRD_PARTY = "third party"
SHARED = "shared"


class SubjectAccessError(ValueError):
    """A request that cannot be answered as given; the message says why and what to do."""


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


# --- Names --------------------------------------------------------------------------------


def _first(words: list[str]) -> str:
    return canonical_first_name(words[0])


def _asked_pairs(name: str) -> list[tuple[str, str, bool]]:
    """(canonical first name, folded surname, swapped) for every way to read the name asked
    for: first word and any run of last words, or the same the other way round."""
    words = fold(name).split()
    pairs = []
    for k in range(1, len(words)):
        pairs.append((_first(words), fold_surname(" ".join(words[k:])), False))
        pairs.append((_first(words[-1:]), fold_surname(" ".join(words[:k])), True))
    return pairs


def _known_pairs(
    first: str | None, last: str | None, *, aliases: str | None = None, previous: str | None = None
) -> list[tuple[str, str, str]]:
    """(canonical first name, folded surname, how) for every name a row knows the person by."""
    pairs = []
    first_words = fold(first or "").split()
    if first_words and last and fold_surname(last):
        pairs.append((_first(first_words), fold_surname(last), "name"))
    for surname in (previous or "").split("|"):
        if first_words and fold_surname(surname):
            pairs.append(
                (_first(first_words), fold_surname(surname), f"previous surname {surname}")
            )
    for alias in (aliases or "").split("|"):
        words = fold(alias).split()
        if len(words) >= 2:
            pairs.append((_first(words), fold_surname(" ".join(words[1:])), f"alias {alias}"))
    return pairs


def _full_name_pairs(full_name: str | None) -> list[tuple[str, str, str]]:
    words = fold(full_name or "").split()
    if len(words) < 2:
        return []
    return [(_first(words), fold_surname(" ".join(words[1:])), "name")]


def name_agreement(asked: str, known: list[tuple[str, str, str]]) -> str | None:
    """How the name asked for agrees with one of the names a row holds, in words; None if it
    agrees with none. Case, accents, spacing and punctuation do not count, nor does a known
    short form of a first name (Bill, William), nor first and last names given the other way."""
    for first, last, swapped in _asked_pairs(asked):
        for known_first, known_last, how in known:
            if first == known_first and last == known_last:
                return how + (" (first and last names the other way round)" if swapped else "")
    return None


# --- Finding the person ---------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """A row the request was matched to, and why: for the reviewer. ``confirm`` is true for
    rows found by name, which may belong to someone else of the same name."""

    label: str
    pk: int
    reference: str
    why: str
    confirm: bool

    def as_dict(self) -> dict:
        return {
            "model": self.label,
            "id": self.pk,
            "reference": self.reference,
            "why": self.why,
            "to_confirm": self.confirm,
        }


@dataclass
class Subject:
    """Who the request is about: the key, the name and date of birth, and what they found."""

    person_key: str
    name: str
    date_of_birth: date | None
    found: list[Found] = field(default_factory=list)
    person_keys: set[str] = field(default_factory=set)
    records: set[int] = field(default_factory=set)
    movements: set[int] = field(default_factory=set)
    identifications: set[int] = field(default_factory=set)
    families: set[int] = field(default_factory=set)
    quarantined: set[int] = field(default_factory=set)
    support_children: set[int] = field(default_factory=set)
    consents: set[int] = field(default_factory=set)
    invites: set[int] = field(default_factory=set)
    requests: set[int] = field(default_factory=set)

    def seeds(self) -> Seeds:
        return Seeds(
            person_keys=frozenset(self.person_keys),
            records=frozenset(self.records),
            movements=frozenset(self.movements),
            identifications=frozenset(self.identifications),
            families=frozenset(self.families),
            quarantined=frozenset(self.quarantined),
            requests=frozenset(self.requests),
        )

    def _add(self, label: str, pk: int, reference: str, why: str, *, confirm: bool) -> bool:
        if any(f.label == label and f.pk == pk for f in self.found):
            return False
        self.found.append(Found(label, pk, reference, why, confirm))
        return True


def _live(key: str | None) -> bool:
    """A person key that still names a resolved person (not blank, not anonymised)."""
    return bool(key) and not key.startswith("anonymised")


def _key_is_known(person_key: str) -> bool:
    return (
        _model("feeds.PersonRecord").objects.filter(person_key=person_key).exists()
        or _model("identification.Identification").objects.filter(child_key=person_key).exists()
        or _model("identification.ReceptionMatch")
        .objects.filter(adult_person_key=person_key)
        .exists()
        or _model("privacy.PersonRestriction").objects.filter(person_key=person_key).exists()
        or _model("privacy.Erasure")
        .objects.filter(person_key_hash__in=person_key_hashes(person_key))
        .exists()
    )


def subject_find(
    *, person_key: str = "", name: str = "", date_of_birth: date | None = None
) -> Subject:
    """The person a request names, and every row found for them, each with why.

    A key must be known, or the request is refused (a mistyped key would otherwise answer
    "nothing held"). A name and date of birth that find nothing is an answer: nothing is held.
    With a key, the names and dates of birth on the person's own records also find what the
    matcher linked to nobody.
    """
    person_key, name = (person_key or "").strip(), " ".join((name or "").split())
    if bool(name) != bool(date_of_birth):
        raise SubjectAccessError(
            "Give both the name and the date of birth (or the person key alone); nothing was "
            "exported."
        )
    if name and len(fold(name).split()) < 2:
        raise SubjectAccessError(
            f"Give the first and last name (the request gave {name!r}); nothing was exported."
        )
    if not person_key and not name:
        raise SubjectAccessError(
            "Give the resolved person's key (PersonRecord.person_key), or their name and date "
            "of birth; nothing was exported."
        )
    if person_key and not _key_is_known(person_key):
        raise SubjectAccessError(
            f"No records hold person key {person_key!r}: check it against the person's people "
            "records, or search by name and date of birth (--name and --born). Nothing was "
            "exported or recorded."
        )
    subject = Subject(person_key=person_key, name=name, date_of_birth=date_of_birth)
    if person_key:
        subject.person_keys.add(person_key)
        for record in _model("feeds.PersonRecord").objects.filter(person_key=person_key):
            subject._add(
                "feeds.PersonRecord",
                record.pk,
                record.reference,
                "holds the person key the request gave",
                confirm=False,
            )
    if name:
        _search(
            subject,
            name,
            date_of_birth,
            because="the name and date of birth the request gave",
            by_key=False,
        )
    if person_key:
        # The person's own names find what was never linked to anyone.
        searched = set()
        own = _model("feeds.PersonRecord").objects.filter(person_key=person_key)
        for record in own.exclude(date_of_birth=None).order_by("pk"):
            surnames = [record.last_name, *(record.previous_last_names or "").split("|")]
            for surname in filter(None, surnames):
                asked = (fold(f"{record.first_name} {surname}"), record.date_of_birth)
                if asked in searched:
                    continue
                searched.add(asked)
                _search(
                    subject,
                    f"{record.first_name} {surname}",
                    record.date_of_birth,
                    because=f"the name and date of birth on the person's record {record.reference}",
                    by_key=True,
                )
    _same_prisoner(subject)
    return subject


def _same_prisoner(subject: Subject) -> None:
    """Other movements under the prison number of the person's own receptions: the prison
    service's number for one person, whatever name a movement was recorded under."""
    movements = _model("feeds.PrisonMovement").objects
    own = movements.filter(
        Q(pk__in=subject.movements)
        | Q(
            pk__in=_model("identification.ReceptionMatch")
            .objects.filter(adult_person_key__in=subject.person_keys)
            .values("movement_id")
        )
    )
    numbers = dict(own.values_list("prison_number", "movement_id"))
    if not numbers:
        return
    matched_to: dict[int, set[str]] = {}
    matches = _model("identification.ReceptionMatch").objects.filter(
        movement__prison_number__in=numbers
    )
    for movement_id, key in matches.values_list("movement_id", "adult_person_key"):
        matched_to.setdefault(movement_id, set()).add(key)
    for movement in movements.filter(prison_number__in=numbers).exclude(pk__in=own).order_by("pk"):
        if {key for key in matched_to.get(movement.pk, set()) if _live(key)}:
            continue  # linked by matching: to the person (already gathered) or to someone else
        if subject._add(
            "feeds.PrisonMovement",
            movement.pk,
            movement.movement_id,
            f"same prison number as the person's movement {numbers[movement.prison_number]}; "
            "not linked to anyone by matching",
            confirm=False,
        ):
            subject.movements.add(movement.pk)


def _search(subject: Subject, name: str, born: date, *, because: str, by_key: bool) -> None:
    """Rows whose name agrees with ``name`` and whose date of birth is ``born``.

    ``by_key``: the search runs from the names on the person's own records, so rows the matcher
    gave to another person are that person's and are left out; only unlinked rows are added.
    """
    keys = subject.person_keys

    def agreed(how: str) -> str:
        return f"{how} and date of birth agree with {because}"

    for record in _model("feeds.PersonRecord").objects.filter(date_of_birth=born).order_by("pk"):
        if record.person_key in keys:
            continue
        if by_key and _live(record.person_key):
            continue
        how = name_agreement(
            name,
            _known_pairs(record.first_name, record.last_name, previous=record.previous_last_names),
        )
        if how and subject._add(
            "feeds.PersonRecord", record.pk, record.reference, agreed(how), confirm=True
        ):
            if _live(record.person_key):
                subject.person_keys.add(record.person_key)
            else:
                subject.records.add(record.pk)

    matched_to: dict[int, set[str]] = {}
    matches = _model("identification.ReceptionMatch").objects.filter(movement__date_of_birth=born)
    for movement_id, key in matches.values_list("movement_id", "adult_person_key"):
        matched_to.setdefault(movement_id, set()).add(key)
    for movement in (
        _model("feeds.PrisonMovement").objects.filter(date_of_birth=born).order_by("pk")
    ):
        linked = {key for key in matched_to.get(movement.pk, set()) if _live(key)}
        if linked & keys:
            continue
        if by_key and linked:
            continue
        how = name_agreement(
            name, _known_pairs(movement.first_name, movement.last_name, aliases=movement.aliases)
        )
        if how:
            note = "; matched to another person" if linked else "; not linked to anyone by matching"
            if subject._add(
                "feeds.PrisonMovement",
                movement.pk,
                movement.movement_id,
                agreed(how) + note,
                confirm=True,
            ):
                subject.movements.add(movement.pk)

    identifications = _model("identification.Identification").objects.filter(
        child_date_of_birth=born
    )
    for identification in identifications.order_by("pk"):
        if identification.child_key in keys or (by_key and _live(identification.child_key)):
            continue
        how = name_agreement(
            name,
            _known_pairs(identification.child_first_name, identification.child_last_name),
        )
        if how and subject._add(
            "identification.Identification",
            identification.pk,
            identification.identification_id,
            agreed(how),
            confirm=True,
        ):
            subject.identifications.add(identification.pk)

    children = _model("support.SupportChild").objects.filter(date_of_birth=born)
    for child in children.select_related("case__referral", "family_member__identification"):
        member = child.family_member
        child_key = member.identification.child_key if member else ""
        if child_key in keys:
            continue
        if by_key and _live(child_key):
            continue
        how = name_agreement(name, _known_pairs(child.first_name, child.last_name))
        if how and subject._add(
            "support.SupportChild",
            child.pk,
            f"support case {child.case_id}, child {child.pk}",
            agreed(how) + " (the partner organisation's record of the child)",
            confirm=True,
        ):
            subject.support_children.add(child.pk)
            subject.families.add(child.case.referral.family_id)

    born_text = born.isoformat()
    for referral in _model("outreach.Referral").objects.order_by("pk"):
        children = (referral.details or {}).get("children") or []
        for listed in children:
            if not isinstance(listed, dict) or listed.get("date_of_birth") != born_text:
                continue
            how = name_agreement(
                name, _known_pairs(listed.get("first_name"), listed.get("last_name"))
            )
            if not how or referral.family_id in subject.families:
                continue
            if by_key and _family_child_is_someone_else(referral.family_id, listed, keys):
                continue
            if subject._add(
                "outreach.Referral",
                referral.pk,
                f"referral {referral.pk}",
                agreed(how) + " (a child named in the referral's details)",
                confirm=True,
            ):
                subject.families.add(referral.family_id)

    quarantined = _model("feeds.QuarantinedRow").objects.filter(raw__date_of_birth=born_text)
    for row in quarantined.order_by("pk"):
        raw = row.raw if isinstance(row.raw, dict) else {}
        if by_key and _record_of_someone_else(raw, keys):
            continue
        how = name_agreement(
            name,
            _known_pairs(
                raw.get("first_name"),
                raw.get("last_name"),
                aliases=raw.get("aliases"),
                previous=raw.get("previous_last_names"),
            ),
        )
        if how and subject._add(
            "feeds.QuarantinedRow",
            row.pk,
            f"batch {row.batch_id} row {row.row_number}",
            agreed(how) + " (a row refused at ingest)",
            confirm=True,
        ):
            subject.quarantined.add(row.pk)

    for request in _model("privacy.SubjectAccessRequest").objects.filter(date_of_birth=born):
        if name_agreement(name, _full_name_pairs(request.name)):
            subject.requests.add(request.pk)

    if by_key:
        return
    # Held with a name only (no date of birth): the adult who gave consent, the family member
    # who used the self-referral form. The reviewer must confirm these above all.
    for consent in _model("outreach.Consent").objects.order_by("pk"):
        how = name_agreement(name, _full_name_pairs(consent.given_by_name))
        if how and subject._add(
            "outreach.Consent",
            consent.pk,
            f"consent {consent.pk}",
            f"{how} agrees with {because} (the consent holds no date of birth to check)",
            confirm=True,
        ):
            subject.consents.add(consent.pk)
            subject.families.add(consent.family_id)
    invites = _model("outreach.SelfReferralInvite").objects.exclude(contact_name="")
    for invite in invites.order_by("pk"):
        how = name_agreement(name, _full_name_pairs(invite.contact_name))
        if how and subject._add(
            "outreach.SelfReferralInvite",
            invite.pk,
            f"self-referral {invite.pk}",
            f"{how} agrees with {because} (the form holds no date of birth to check)",
            confirm=True,
        ):
            subject.invites.add(invite.pk)
            subject.families.add(invite.family_id)


def _family_child_is_someone_else(family_id: int, listed: dict, keys: set[str]) -> bool:
    """Whether the family's identification of this child belongs to another resolved person."""
    members = _model("identification.Identification").objects.filter(
        family_member__family_id=family_id,
        child_date_of_birth=listed.get("date_of_birth") or None,
    )
    return any(_live(i.child_key) and i.child_key not in keys for i in members)


def _record_of_someone_else(raw: dict, keys: set[str]) -> bool:
    source, record_id = raw.get("source"), raw.get("record_id")
    if not source or not record_id:
        return False
    key = (
        _model("feeds.PersonRecord")
        .objects.filter(source=source, record_id=record_id)
        .values_list("person_key", flat=True)
        .first()
    )
    return _live(key) and key not in keys


# --- Whose each row is ----------------------------------------------------------------------


@dataclass(frozen=True)
class Requester:
    """The rows that are the requester's own, once everything is gathered."""

    person_keys: frozenset[str]
    records: frozenset[tuple[str, str]]
    movements: frozenset[int]
    movement_ids: frozenset[str]
    child_identifications: frozenset[int]
    identification_ids: frozenset[str]
    adult_identifications: frozenset[int]
    support_children: frozenset[int]
    consents: frozenset[int]
    invites: frozenset[int]

    @classmethod
    def of(cls, subject: Subject, gathered: dict[str, list[models.Model]]) -> Requester:
        keys = frozenset(subject.person_keys)
        records = frozenset(
            (r.source, r.record_id)
            for r in gathered["feeds.PersonRecord"]
            if r.person_key in keys or r.pk in subject.records
        )
        movements = {m.movement_id for m in gathered["identification.ReceptionMatch"]}
        movements |= subject.movements
        own_movements = [m for m in gathered["feeds.PrisonMovement"] if m.pk in movements]
        identifications = gathered["identification.Identification"]
        children = frozenset(
            i.pk for i in identifications if i.child_key in keys or i.pk in subject.identifications
        )
        adults = frozenset(
            i.pk for i in identifications if i.pk not in children and i.movement_id in movements
        )
        members = {
            m.pk for m in gathered["families.FamilyMember"] if m.identification_id in children
        }
        support_children = frozenset(
            c.pk
            for c in gathered["support.SupportChild"]
            if c.pk in subject.support_children or c.family_member_id in members
        )
        return cls(
            person_keys=keys,
            records=records,
            movements=frozenset(m.pk for m in own_movements),
            movement_ids=frozenset(m.movement_id for m in own_movements),
            child_identifications=children,
            identification_ids=frozenset(
                i.identification_id for i in identifications if i.pk in children
            ),
            adult_identifications=adults,
            support_children=support_children,
            consents=frozenset(subject.consents),
            invites=frozenset(subject.invites),
        )


@dataclass(frozen=True)
class Whose:
    whose: str
    about: str
    third_party: dict[str, str] = field(default_factory=dict)


PARENT = "the parent received into prison"
OTHER_CHILD = "another child of the family"
FAMILY = "the family's case: about the requester and the family's other members"

Rule = Callable[[models.Model, Requester], Whose]


def _person_record(row, r: Requester) -> Whose:
    if (row.source, row.record_id) in r.records:
        return Whose(REQUESTER, "the requester's record from a local source")
    return Whose(THIRD_PARTY, "another person's record from a local source")


def _relationship(row, r: Requester) -> Whose:
    other = (
        "child_record_id" if (row.source, row.adult_record_id) in r.records else "adult_record_id"
    )
    return Whose(
        SHARED,
        "a relationship between the requester and another person",
        {other: "the other person in the relationship"},
    )


def _history(row, r: Requester) -> Whose:
    if row.feed == "relationships":
        return Whose(
            SHARED, "an earlier version of a relationship", {"content": "the other person"}
        )
    return Whose(REQUESTER, "an earlier version of one of the requester's rows")


def _quarantined(row, r: Requester) -> Whose:
    raw = row.raw if isinstance(row.raw, dict) else {}
    if "adult_record_id" in raw:
        return Whose(
            SHARED, "a relationship row refused at ingest", {"raw": "the other person in it"}
        )
    return Whose(REQUESTER, "one of the requester's rows, refused at ingest")


def _movement(row, r: Requester) -> Whose:
    if row.pk in r.movements:
        return Whose(REQUESTER, "the requester's prison movement")
    return Whose(THIRD_PARTY, f"the prison movement of {PARENT}")


def _match(row, r: Requester) -> Whose:
    if row.adult_person_key in r.person_keys:
        return Whose(REQUESTER, "the match of a prison reception to the requester")
    return Whose(THIRD_PARTY, "the match of a prison reception to another person")


def _identification(row, r: Requester) -> Whose:
    parent = {
        name: PARENT
        for name in ("movement", "reception_match", "relationship", "parent_match_probability")
    }
    child = {
        name: "the child"
        for name in (
            "child_key",
            "child_source_records",
            "child_first_name",
            "child_last_name",
            "child_date_of_birth",
            "child_age",
            "child_postcode",
            "relationship_records",
        )
    }
    if row.pk in r.child_identifications:
        return Whose(
            REQUESTER,
            "the requester identified as the child of a person received into prison",
            parent,
        )
    if row.pk in r.adult_identifications:
        return Whose(SHARED, "a child identified as the requester's", child)
    return Whose(THIRD_PARTY, "the identification of another child", {})


def _review(row, r: Requester) -> Whose:
    return Whose(REQUESTER, "an analyst's review of the match of a reception to the requester")


def _family(row, r: Requester) -> Whose:
    return Whose(SHARED, FAMILY, {} if row.movement_id in r.movements else {"movement": PARENT})


def _member(row, r: Requester) -> Whose:
    if row.identification_id in r.child_identifications:
        return Whose(REQUESTER, "the requester's place in the family's case")
    return Whose(THIRD_PARTY, f"{OTHER_CHILD}'s place in the case")


SOCIAL_CARE_FLAGS = {"CHILD_PROTECTION_PLAN", "LOOKED_AFTER", "CHILD_IN_NEED"}


def _flag(row, r: Requester) -> Whose:
    source = row.source or ""
    kind, _, reference = source.partition(" ")
    fields = ("code", "severity", "detail", "source")
    if source.startswith("prison movement "):
        mine = source.removeprefix("prison movement ") in r.movement_ids
        whom = PARENT
    elif kind == "identification":
        mine, whom = reference in r.identification_ids, OTHER_CHILD
    elif kind == "family":
        return Whose(SHARED, "another case of the same prisoner", {n: PARENT for n in fields})
    else:
        mine = tuple(source.split(":", 1)) in r.records
        whom = OTHER_CHILD
    # A social care flag's detail names the child's allocated social worker.
    worker = {"detail": "the allocated social worker"} if row.code in SOCIAL_CARE_FLAGS else {}
    if mine:
        return Whose(REQUESTER, "a screening flag about the requester", worker)
    return Whose(THIRD_PARTY, f"a screening flag about {whom}", {n: whom for n in fields})


def _screening_decision(row, r: Requester) -> Whose:
    whom = f"may be about {PARENT} and the family's other members"
    return Whose(
        SHARED,
        FAMILY,
        {n: whom for n in ("rationale", "red_flags", "reason_code", "countersign_note")},
    )


def _consent(row, r: Requester) -> Whose:
    if row.pk in r.consents:
        return Whose(REQUESTER, "a consent the requester gave")
    fields = (
        "given_by_name",
        "relationship_to_child",
        "has_parental_responsibility",
        "contact_phone",
        "withdrawal_note",
    )
    return Whose(SHARED, FAMILY, {n: "the adult who gave consent" for n in fields})


def _referral(row, r: Requester) -> Whose:
    return Whose(
        SHARED,
        FAMILY,
        {
            "details": (
                f"names the family's children, the adult who gave consent and {PARENT}'s custody"
            )
        },
    )


def _disclosure(row, r: Requester) -> Whose:
    return Whose(SHARED, FAMILY, {"what": f"may be about {PARENT}", "why": "the family"})


def _invite(row, r: Requester) -> Whose:
    if row.pk in r.invites:
        return Whose(REQUESTER, "the self-referral the requester sent")
    whom = "the family member who used the self-referral form"
    return Whose(
        SHARED, FAMILY, {n: whom for n in ("contact_name", "contact_details", "best_time")}
    )


def _child(attribute: str = "child_id", parent_fields: Iterable[str] = ()) -> Rule:
    def rule(row, r: Requester) -> Whose:
        child_id = getattr(row, attribute)
        if child_id is None:
            return Whose(SHARED, "the family as a whole", {n: PARENT for n in parent_fields})
        if child_id in r.support_children:
            return Whose(REQUESTER, "about the requester", {n: PARENT for n in parent_fields})
        return Whose(THIRD_PARTY, f"about {OTHER_CHILD}", {n: PARENT for n in parent_fields})

    return rule


def _shared(about: str = FAMILY, **third_party: str) -> Rule:
    def rule(row, r: Requester) -> Whose:
        return Whose(SHARED, about, dict(third_party))

    return rule


def _requester(about: str) -> Rule:
    def rule(row, r: Requester) -> Whose:
        return Whose(REQUESTER, about)

    return rule


def _audit(row, r: Requester) -> Whose:
    listed = {listing.action for listing in AUDIT_LISTINGS}
    third_party = {}
    if row.action in listed:
        third_party["after"] = "lists other people's records (by id) shown on the same page"
    return Whose(SHARED, "a record of who read or changed the requester's data", third_party)


# Whose each row of each personal-data model is. tests/privacy/test_subject_access.py fails
# naming any personal-data model (other than the exempt ones) missing here.
WHOSE: dict[str, Rule] = {
    "feeds.PersonRecord": _person_record,
    "feeds.Relationship": _relationship,
    "feeds.RecordHistory": _history,
    "feeds.QuarantinedRow": _quarantined,
    "feeds.IngestWarning": _requester("a note on one of the requester's rows at ingest"),
    "feeds.PrisonMovement": _movement,
    "identification.ReceptionMatch": _match,
    "identification.Identification": _identification,
    "identification.ReviewDecision": _review,
    "families.Family": _family,
    "families.FamilyMember": _member,
    "screening.ScreeningFlag": _flag,
    "screening.ScreeningDecision": _screening_decision,
    "outreach.ContactAttempt": _shared(),
    "outreach.Consent": _consent,
    "outreach.Referral": _referral,
    "outreach.Disclosure": _disclosure,
    "outreach.SelfReferralInvite": _invite,
    "support.SupportCase": _shared(needs_safety_planning=f"may be about {PARENT}"),
    "support.SupportChild": _child("pk"),
    "support.ChildAssessment": _child(parent_fields=("offence_factors",)),
    "support.FamilyNeedsAssessment": _shared(),
    "support.SupportPlan": _shared(),
    "support.PlanItem": _child(),
    "support.SupportSession": _child(),
    "support.MentorAssignment": _child(),
    "support.WellbeingScore": _child(),
    "support.SupportTask": _shared(kind=PARENT, about_date=PARENT),
    "support.MovementAlert": _shared(kind=PARENT),
    "support.SchoolNotification": _child(parent_fields=("message",)),
    "support.Closure": _shared(),
    "events.GroupEvent": _shared("an event the family was invited to"),
    "events.EventInvitation": _child(),
    "privacy.SubjectAccessRequest": _requester("a subject access request"),
    "privacy.PersonRestriction": _requester("a restriction of the requester's data"),
    "privacy.Erasure": _requester("an erasure of the requester's records"),
    "privacy.ErasedRecord": _requester("a tombstone of one of the requester's erased records"),
    "identification.HeldBackReception": _requester(
        "a reception held back while the requester's data was restricted"
    ),
    "access.AuditEvent": _audit,
}

# Fields that name a member of staff or another professional, besides links to staff accounts.
STAFF_FIELDS: dict[str, dict[str, str]] = {
    "feeds.PersonRecord": {"allocated_worker": "the allocated social worker"},
    "outreach.Disclosure": {"recipient_name": "the professional the data was disclosed to"},
    "support.SchoolNotification": {"safeguarding_lead": "the school's safeguarding lead"},
    "access.AuditEvent": {
        "actor_name": "the member of staff who acted",
        "role": "the member of staff who acted",
        "organisation": "the member of staff who acted",
    },
}


def _staff_fields(label: str) -> dict[str, str]:
    model = _model(label)
    fields = {
        f.name: "a member of staff"
        for f in model._meta.concrete_fields
        if f.is_relation
        and f.related_model is not None
        and f.related_model._meta.label == settings.AUTH_USER_MODEL
    }
    return fields | STAFF_FIELDS.get(label, {})


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def row_for_review(label: str, row: models.Model, values: dict, requester: Requester) -> dict:
    """One row of the export: its fields, whose it is, and what the reviewer must look at."""
    whose = WHOSE[label](row, requester)
    classes = REGISTRY[label].fields
    third_party = {
        name: whom
        for name, whom in (whose.third_party | _staff_fields(label)).items()
        if name in values and not _empty(values[name])
    }
    review = {
        "criminal_offence": [
            n
            for n, c in classes.items()
            if c is Classification.CRIMINAL_OFFENCE and not _empty(values.get(n))
        ],
        "special_category": [
            n
            for n, c in classes.items()
            if c is Classification.SPECIAL_CATEGORY and not _empty(values.get(n))
        ],
        "third_party": third_party,
    }
    return {
        "id": row.pk,
        "whose": whose.whose,
        "about": whose.about,
        "fields": values,
        "review": review,
    }


def sections_for_review(
    subject: Subject, gathered: dict[str, list[models.Model]], labels: Iterable[str]
) -> dict[str, list[dict]]:
    requester = Requester.of(subject, gathered)
    sections = {}
    for label in labels:
        rows = gathered[label]
        values = rows_as_dicts(label, rows)
        sections[label] = [
            row_for_review(label, row, value, requester)
            for row, value in zip(rows, values, strict=True)
        ]
    return sections


def review_summary(subject: Subject, sections: dict[str, list[dict]]) -> dict:
    """What the reviewer must look at before the answer goes out, at the top of the export."""

    def count(test) -> dict[str, int]:
        counts = {label: sum(1 for row in rows if test(row)) for label, rows in sections.items()}
        return {label: n for label, n in counts.items() if n}

    to_confirm = [f.as_dict() for f in subject.found if f.confirm]
    rows = sum(len(r) for r in sections.values())
    return {
        "rows": rows,
        "whose": {
            kind: sum(1 for r in sections.values() for row in r if row["whose"] == kind)
            for kind in (REQUESTER, SHARED, THIRD_PARTY)
        },
        "to_confirm": to_confirm,
        "third_party_data": count(lambda row: row["review"]["third_party"]),
        "third_party_rows": count(lambda row: row["whose"] == THIRD_PARTY),
        "criminal_offence_data": count(lambda row: row["review"]["criminal_offence"]),
        "special_category_data": count(lambda row: row["review"]["special_category"]),
        "before_sending": [
            "Confirm each row found by name only (to_confirm) is the requester's; leave out "
            "those that are not.",
            "Redact third parties' data (rows marked 'third party', and the fields under "
            "review.third_party) unless they consent or it is reasonable to disclose without "
            "(DPA 2018 Sch. 2 para 16); staff names are usually disclosed.",
            "Consider the exemptions for criminal-offence and special category data (DPA 2018 "
            "Sch. 2 para 2, crime; Sch. 3, social care), and for the police's Part 3 processing "
            "the restrictions of DPA 2018 s.45(4).",
            "Explain each section's purpose, recipients and retention, which the export gives.",
        ],
    }


def gather(subject: Subject) -> dict[str, list[models.Model]]:
    return PersonData(subject.person_key, seeds=subject.seeds()).gather()


def nothing_found(gathered: dict[str, list[models.Model]]) -> bool:
    """Whether the request found nothing but itself and the audit of it."""
    ignored = {"privacy.SubjectAccessRequest", "access.AuditEvent"}
    return not any(rows for label, rows in gathered.items() if label not in ignored)
