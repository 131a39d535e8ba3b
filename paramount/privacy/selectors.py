"""Reads generated from the registry: the record of processing, and one person's data."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import Any

from django.apps import apps
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone

from paramount.config import Config
from paramount.config import current as current_config
from paramount.privacy import keys as key_store
from paramount.privacy.registry import (
    FILE_STORES,
    PROCESSING_ACTIVITIES,
    PROFILING,
    REGISTRY,
    SECURITY_MEASURES,
    SERVICE_STORES,
    TRANSFERS,
    Classification,
    Regime,
)

# What retention and erasure put in place of what identified someone; a key field reads
# ``anonymised:<id>`` so that a unique constraint still holds.
ANONYMISED = "anonymised"

_CLASSIFICATION_WORDS = {
    Classification.NONE: "not personal data",
    Classification.PERSONAL: "personal data",
    Classification.SPECIAL_CATEGORY: "special category data",
    Classification.CRIMINAL_OFFENCE: "criminal offence data",
}


def _period(days: int) -> str:
    if days % 365 == 0:
        years = days // 365
        return f"{years} year{'s' if years != 1 else ''} ({days} days)"
    return f"{days} day{'s' if days != 1 else ''}"


def _table(header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> list[str]:
    def cell(text: str) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    return [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(cell(c) for c in row) + " |" for row in rows),
    ]


def ropa_markdown(*, config: Config | None = None, generated_on: date | None = None) -> str:
    """The record of processing activities: UK GDPR Art. 30(1)(a) to (g) for each controller,
    with what DPA 2018 s.61 adds for the police's law enforcement processing, then one section
    per model. Generated from the registry and the configuration."""
    config = config or current_config()
    retention = config.retention
    part_3 = [a for a in PROCESSING_ACTIVITIES if a.regime is Regime.LAW_ENFORCEMENT]
    lines = [
        "# Record of processing activities",
        "",
        "Generated from `paramount/privacy/registry.py` and the configuration by "
        "`paramount privacy ropa`"
        + (f" on {generated_on:%-d %B %Y}" if generated_on else "")
        + ". Do not edit by hand: change the registry or the configuration and regenerate.",
        "",
        "The headings follow UK GDPR Art. 30(1)(a) to (g), kept by each controller for its own "
        "processing; for the police's law enforcement processing they also give what DPA 2018 "
        "s.61(2) asks (legal basis, profiling, logging).",
        "",
        "## (a) Controllers and data protection officers",
        "",
        *_table(
            ("controller", "role", "contact", "data protection officer"),
            ((c.name, c.role, c.contact, f"{c.dpo}, {c.dpo_contact}") for c in config.controllers),
        ),
        "",
        "There are no joint controllers: each controller answers for its own processing, and "
        "the referral is a disclosure from one to the other under the data sharing agreement. "
        "No representative is needed (Art. 27): both are established in the United Kingdom.",
        "",
        "## Law enforcement processing (DPA 2018 Part 3)",
        "",
        "The police's processing up to and including the referral is law enforcement processing "
        "under DPA 2018 Part 3: "
        + "; ".join(a.name.lower() for a in part_3)
        + ". Everything the partner organisation does, and the running of the service, is under "
        "UK GDPR and DPA 2018 Part 2. Each activity says why:",
        "",
        *_table(
            ("activity", "controller", "regime", "why this regime"),
            (
                (a.name, config.controller(a.controller).name, a.regime, a.why_regime)
                for a in PROCESSING_ACTIVITIES
            ),
        ),
        "",
        f"**Profiling and automated decisions (DPA 2018 s.61(2)(g)).** {PROFILING}",
        "",
        "**Logging (DPA 2018 s.62).** Every collection, change, consultation, disclosure, "
        "combination and erasure is in the audit trail (`access.AuditEvent`), with who, when, "
        "in what role and why.",
        "",
        "## (b) Purposes of the processing",
        "",
    ]
    for a in PROCESSING_ACTIVITIES:
        stores = ", ".join(a.stores)
        lines += [
            f"### {a.name}",
            "",
            f"- **Controller:** {config.controller(a.controller).name}",
            f"- **Regime:** {a.regime}",
            f"- **Purposes:** {a.purposes}",
            f"- **Lawful basis:** {a.lawful_basis}",
            f"- **Held in:** {', '.join(f'`{m}`' for m in a.models)}"
            + (f"; {stores}" if stores else ""),
            "",
        ]
    subjects: dict[str, list[str]] = {}
    recipients: dict[str, list[str]] = {}
    classes: dict[Classification, list[str]] = {}
    for label, e in REGISTRY.items():
        if not e.holds_personal_data:
            continue
        for subject in e.data_subjects:
            subjects.setdefault(subject, []).append(label)
        for recipient in e.recipients:
            recipients.setdefault(recipient, []).append(label)
        classes.setdefault(e.classification, []).append(label)
    for store in SERVICE_STORES:
        for subject in store.data_subjects:
            subjects.setdefault(subject, []).append(store.label)
    for store in FILE_STORES:
        for subject in store.data_subjects:
            subjects.setdefault(subject, []).append(store.name)
    lines += [
        "## (c) Data subjects and categories of personal data",
        "",
        *_table(
            ("data subjects", "held in"),
            ((subject, ", ".join(held)) for subject, held in subjects.items()),
        ),
        "",
        *_table(
            ("category of data", "models (each model's most sensitive field)"),
            (
                (_CLASSIFICATION_WORDS[c], ", ".join(classes[c]))
                for c in Classification
                if c in classes
            ),
        ),
        "",
        "## (d) Recipients",
        "",
        *_table(
            ("recipient", "what they receive or see"),
            ((recipient, ", ".join(held)) for recipient, held in recipients.items()),
        ),
        "",
        "## (e) Transfers to third countries or international organisations",
        "",
        TRANSFERS,
        "",
        "## (f) Retention",
        "",
        "Each model's retention names a category; the periods are configuration (`[retention]`), "
        "and `paramount privacy retention --apply` acts on them daily.",
        "",
        "| category | period |",
        "|---|---|",
        *(f"| {name} | {_period(days)} |" for name, days in retention.periods),
        "",
        "## (g) Security measures",
        "",
        *(f"- **{measure}:** {detail}" for measure, detail in SECURITY_MEASURES),
        "",
        "## Staff accounts, second factor and sessions",
        "",
        *_table(
            ("store", "table", "purpose", "classification", "retention", "how removed"),
            (
                (
                    s.name,
                    f"`{s.label}`",
                    s.purpose,
                    _CLASSIFICATION_WORDS[s.classification],
                    f"{s.retention}, {_period(retention.days(s.retention))}"
                    if s.retention
                    else "while the session lasts",
                    s.how_removed,
                )
                for s in SERVICE_STORES
            ),
        ),
        "",
        "## Files holding personal data",
        "",
        *_table(
            ("store", "where", "purpose", "classification", "retention", "how removed"),
            (
                (
                    f.name,
                    f"`PARAMOUNT_HOME/{f.pattern}`" if f.pattern else "where the operator says",
                    f.purpose,
                    _CLASSIFICATION_WORDS[f.classification],
                    f"{f.retention}, {_period(retention.days(f.retention))}",
                    f.how_removed,
                )
                for f in FILE_STORES
            ),
        ),
        "",
    ]
    for label, e in REGISTRY.items():
        by_class: dict[Classification, list[str]] = {}
        for name, classification in e.fields.items():
            by_class.setdefault(classification, []).append(name)
        activities = [a for a in PROCESSING_ACTIVITIES if label in a.models]
        lines += [
            f"## {label}",
            "",
            f"- **Purpose:** {e.purpose}",
            f"- **Data subjects:** {'; '.join(e.data_subjects) or 'none (no personal data)'}",
            f"- **Classification:** {_CLASSIFICATION_WORDS[e.classification]}",
            "- **Processing:** "
            + (
                "; ".join(
                    f"{a.name} ({config.controller(a.controller).name}, {a.regime})"
                    for a in activities
                )
                or "none (no personal data)"
            ),
            f"- **Lawful basis:** {e.lawful_basis}",
            f"- **Recipients:** {'; '.join(e.recipients) or 'none outside Paramount'}",
            f"- **Retention:** {e.retention}, {_period(retention.days(e.retention))}",
        ]
        for name, category in sorted(e.field_retention.items()):
            lines.append(f"  - `{name}`: {category}, {_period(retention.days(category))}")
        lines.append("- **Fields:**")
        for classification in Classification:
            if classification in by_class:
                names = ", ".join(f"`{n}`" for n in by_class[classification])
                lines.append(f"  - {_CLASSIFICATION_WORDS[classification]}: {names}")
        lines.append("")
    return "\n".join(lines)


# --- One person's data, for subject access ---------------------------------------------------


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def _pks(queryset: models.QuerySet) -> list:
    return list(queryset.values_list("pk", flat=True))


def person_key_hashes(person_key: str) -> tuple[str, ...]:
    """The keyed hashes of a person key under every erasure key (current first), so an erasure
    made under an older key is found too. Without the key, kept outside the database, nobody
    can recompute them from a person key or the source record it is derived from."""
    return key_store.erasure_hashes(f"person:{person_key}")


def person_key_hash(person_key: str) -> str:
    """The keyed hash a new erasure stores for a person key."""
    return person_key_hashes(person_key)[0]


def tombstone_key(feed: str, record_key: str) -> str:
    """What an erasure tombstone hashes for one record: its feed and its key there
    (``people``: ``source:record_id``; ``prison_movements``: the movement id). Erasure writes
    it and ingest checks it, so the two cannot spell it differently."""
    return f"{feed}:{record_key}"


@dataclass(frozen=True)
class AuditListing:
    """An audit action that names rows inside ``after`` (a list page, a queue, a caseload)
    rather than as its subject: ``after[key]`` holds ``value(row)`` of each row shown, or one
    value when ``many`` is false. ``scope(row)`` gives the subject id the values belong to (the
    row numbers of one batch)."""

    action: str
    key: str
    label: str
    value: Callable[[models.Model], Any] = attrgetter("pk")
    scope: Callable[[models.Model], str] | None = None
    many: bool = True


_IDENTIFICATION_ID = attrgetter("identification_id")
_ROW_NUMBER = attrgetter("row_number")


def _batch_of(row: models.Model) -> str:
    return str(row.batch_id)


# Every audit action whose ``after`` names rows of a personal-data model.
# tests/privacy/test_subject_access.py reads every ``audit.record`` call in the code and fails
# naming any list in ``after`` that is missing here, so a new list page cannot be forgotten.
AUDIT_LISTINGS: tuple[AuditListing, ...] = (
    AuditListing("referral.list_viewed", "referrals", "outreach.Referral"),
    AuditListing("family.list_viewed", "families", "families.Family"),
    AuditListing(
        "family.created", "identifications", "identification.Identification", _IDENTIFICATION_ID
    ),
    AuditListing(
        "family.children_added",
        "identifications",
        "identification.Identification",
        _IDENTIFICATION_ID,
    ),
    AuditListing(
        "identification.listed",
        "identifications",
        "identification.Identification",
        _IDENTIFICATION_ID,
    ),
    AuditListing(
        "reception_match.review_listed",
        "identifications",
        "identification.Identification",
        _IDENTIFICATION_ID,
    ),
    AuditListing(
        "feeds.quarantine_viewed",
        "quarantined_rows",
        "feeds.QuarantinedRow",
        _ROW_NUMBER,
        _batch_of,
    ),
    AuditListing(
        "feeds.quarantine_viewed", "warning_rows", "feeds.IngestWarning", _ROW_NUMBER, _batch_of
    ),
    AuditListing("support.caseload_viewed", "cases", "support.SupportCase"),
    AuditListing("support.intake_viewed", "referrals", "outreach.Referral"),
    AuditListing("support.intake_viewed", "cases", "support.SupportCase"),
    AuditListing("support.mentees_viewed", "assignments", "support.MentorAssignment"),
    AuditListing("support.tasks_viewed", "tasks", "support.SupportTask"),
    AuditListing("support.tasks_viewed", "alerts", "support.MovementAlert"),
    AuditListing("events.event_viewed", "invitations", "events.EventInvitation"),
    AuditListing("guidance.sheet_viewed", "case", "support.SupportCase", many=False),
    AuditListing("guidance.sheet_downloaded", "case", "support.SupportCase", many=False),
)

# Exports that audit a count, not the rows, because they hold every row of a model held at the
# time: each one made after the person's row existed held it (the field says since when).
AUDIT_WHOLE_EXPORTS: dict[str, tuple[str, str]] = {
    "identification.exported": ("identification.Identification", "created_at"),
    "review.labels_exported": ("identification.ReviewDecision", "decided_at"),
}

# Audit subject ids other than the primary key: the pages of an identification audit its
# ``ID-…`` reference, which is what staff see and type.
AUDIT_SUBJECT_IDS: dict[str, Callable[[models.Model], str]] = {
    "identification.Identification": _IDENTIFICATION_ID,
}


@dataclass(frozen=True)
class Seeds:
    """Rows a subject access request found other than by the person key (by name and date of
    birth): the gatherers start from these as well as from the keys."""

    person_keys: frozenset[str] = frozenset()
    records: frozenset[int] = frozenset()
    movements: frozenset[int] = frozenset()
    identifications: frozenset[int] = frozenset()
    families: frozenset[int] = frozenset()
    quarantined: frozenset[int] = frozenset()
    requests: frozenset[int] = frozenset()


class PersonData:
    """Every row about one person, gathered model by model.

    The person is a resolved person key, with any ``Seeds`` a search by name and date of birth
    found. Each gatherer narrows one model to the rows about the person, from the rows found
    before it (so the order matters: people records, then relationships, matches,
    identifications, families, then what hangs off families). ``EXEMPT`` names the
    personal-data models that cannot hold rows about a resolved person, and says why; the export
    shows those reasons.
    """

    EXEMPT = {
        "outreach.SelfReferralAttempt": (
            "holds only a keyed hash of the form's client and a time, for the rate limit; it "
            "cannot be linked to a person"
        ),
        "access.SignInFailure": (
            "holds only keyed hashes of the account tried at sign-in and of the client address, "
            "for the lockout; it cannot be linked to a person"
        ),
        "access.Membership": (
            "staff accounts only: a member of staff's request is answered from their user account"
        ),
        "guidance.GuidanceSection": (
            "the telling-the-child guidance names no family; it holds only which member of staff "
            "saved each version, answered from their user account"
        ),
        "api.ApiToken": (
            "staff credentials only (API tokens of a member of staff's account): a member of "
            "staff's request is answered from their user account"
        ),
    }

    def __init__(self, person_key: str = "", *, seeds: Seeds | None = None):
        self.person_key = person_key
        self.seeds = seeds or Seeds()
        self.person_keys = sorted({person_key, *self.seeds.person_keys} - {""})
        self.rows: dict[str, list[models.Model]] = {}

    def gather(self) -> dict[str, list[models.Model]]:
        keys, seeds = self.person_keys, self.seeds
        people = _model("feeds.PersonRecord").objects.filter(
            Q(person_key__in=keys) | Q(pk__in=seeds.records)
        )
        self.rows["feeds.PersonRecord"] = list(people.order_by("pk"))
        record_ids = [(p.source, p.record_id) for p in self.rows["feeds.PersonRecord"]]

        relationship_q = Q(pk__in=[])
        for source, record_id in record_ids:
            relationship_q |= Q(source=source) & (
                Q(adult_record_id=record_id) | Q(child_record_id=record_id)
            )
        self.rows["feeds.Relationship"] = list(
            _model("feeds.Relationship").objects.filter(relationship_q).order_by("pk")
        )

        matches = _model("identification.ReceptionMatch").objects.filter(adult_person_key__in=keys)
        self.rows["identification.ReceptionMatch"] = list(matches.order_by("pk"))
        movement_ids = {m.movement_id for m in self.rows["identification.ReceptionMatch"]}
        movement_ids |= seeds.movements
        movements = _model("feeds.PrisonMovement").objects.filter(pk__in=movement_ids)
        self.rows["feeds.PrisonMovement"] = list(movements.order_by("pk"))

        self.rows["feeds.RecordHistory"] = list(
            _model("feeds.RecordHistory").objects.filter(self._history_q()).order_by("pk")
        )
        self.rows["feeds.QuarantinedRow"] = list(
            _model("feeds.QuarantinedRow")
            .objects.filter(self._quarantine_q() | Q(pk__in=seeds.quarantined))
            .order_by("pk")
        )
        warning_q = Q(pk__in=[])
        for label in ("feeds.PersonRecord", "feeds.Relationship", "feeds.PrisonMovement"):
            for row in self.rows[label]:
                warning_q |= Q(batch_id=row.batch_id, row_number=row.row_number)
        self.rows["feeds.IngestWarning"] = list(
            _model("feeds.IngestWarning").objects.filter(warning_q).order_by("pk")
        )

        identifications = _model("identification.Identification").objects.filter(
            Q(child_key__in=keys)
            | Q(reception_match__adult_person_key__in=keys)
            | Q(pk__in=seeds.identifications)
        )
        self.rows["identification.Identification"] = list(identifications.order_by("pk"))
        self.rows["identification.ReviewDecision"] = list(
            _model("identification.ReviewDecision")
            .objects.filter(reception_match__adult_person_key__in=keys)
            .order_by("pk")
        )

        identification_ids = [i.pk for i in self.rows["identification.Identification"]]
        members = _model("families.FamilyMember").objects.filter(
            identification_id__in=identification_ids
        )
        self.rows["families.FamilyMember"] = list(members.order_by("pk"))
        family_ids = {m.family_id for m in self.rows["families.FamilyMember"]} | seeds.families
        family_ids |= set(
            _pks(_model("families.Family").objects.filter(movement_id__in=movement_ids))
        )
        self.rows["families.Family"] = list(
            _model("families.Family").objects.filter(pk__in=family_ids).order_by("pk")
        )
        for label in (
            "screening.ScreeningFlag",
            "screening.ScreeningDecision",
            "outreach.ContactAttempt",
            "outreach.Consent",
            "outreach.Referral",
            "outreach.Disclosure",
            "outreach.SelfReferralInvite",
        ):
            self.rows[label] = list(
                _model(label).objects.filter(family_id__in=family_ids).order_by("pk")
            )
        self._gather_support(family_ids)
        self._gather_events()
        self.rows["privacy.SubjectAccessRequest"] = list(
            _model("privacy.SubjectAccessRequest")
            .objects.filter(Q(person_key__in=keys) | Q(pk__in=seeds.requests))
            .order_by("pk")
        )
        self.rows["privacy.PersonRestriction"] = list(
            _model("privacy.PersonRestriction").objects.filter(person_key__in=keys).order_by("pk")
        )
        self.rows["identification.HeldBackReception"] = list(
            _model("identification.HeldBackReception")
            .objects.filter(
                restriction_id__in=[r.pk for r in self.rows["privacy.PersonRestriction"]]
            )
            .order_by("pk")
        )
        self.rows["privacy.Erasure"] = list(
            _model("privacy.Erasure")
            .objects.filter(person_key_hash__in=[h for key in keys for h in person_key_hashes(key)])
            .order_by("pk")
        )
        self.rows["privacy.ErasedRecord"] = list(
            _model("privacy.ErasedRecord")
            .objects.filter(erasure__in=self.rows["privacy.Erasure"])
            .order_by("pk")
        )
        for label in self.EXEMPT:
            self.rows[label] = []
        # Last: every audit event about any row found above (who saw or changed the person's
        # data), as its subject, in a list it shows, or in an export of the whole table.
        self.rows["access.AuditEvent"] = list(
            _model("access.AuditEvent")
            .objects.filter(self._audit_q() | self._listed_q() | self._exported_q())
            .order_by("pk")
        )
        return self.rows

    def _gather_support(self, family_ids: set[int]) -> None:
        """The partner organisation's case work with the person's families."""
        cases = _model("support.SupportCase").objects.filter(referral__family_id__in=family_ids)
        self.rows["support.SupportCase"] = list(cases.order_by("pk"))
        case_ids = [c.pk for c in self.rows["support.SupportCase"]]
        children = _model("support.SupportChild").objects.filter(case_id__in=case_ids)
        self.rows["support.SupportChild"] = list(children.order_by("pk"))
        child_ids = [c.pk for c in self.rows["support.SupportChild"]]
        for label in (
            "support.FamilyNeedsAssessment",
            "support.SupportPlan",
            "support.SupportSession",
            "support.SupportTask",
            "support.MovementAlert",
            "support.SchoolNotification",
            "support.Closure",
        ):
            self.rows[label] = list(
                _model(label).objects.filter(case_id__in=case_ids).order_by("pk")
            )
        for label in (
            "support.ChildAssessment",
            "support.MentorAssignment",
            "support.WellbeingScore",
        ):
            self.rows[label] = list(
                _model(label).objects.filter(child_id__in=child_ids).order_by("pk")
            )
        self.rows["support.PlanItem"] = list(
            _model("support.PlanItem").objects.filter(plan__case_id__in=case_ids).order_by("pk")
        )

    def _gather_events(self) -> None:
        """The groups and events the person's families were invited to (after the support
        cases, whose ids they follow)."""
        case_ids = [c.pk for c in self.rows["support.SupportCase"]]
        invitations = _model("events.EventInvitation").objects.filter(case_id__in=case_ids)
        self.rows["events.EventInvitation"] = list(invitations.order_by("pk"))
        event_ids = {i.event_id for i in self.rows["events.EventInvitation"]}
        self.rows["events.GroupEvent"] = list(
            _model("events.GroupEvent").objects.filter(pk__in=event_ids).order_by("pk")
        )

    def _history_q(self) -> Q:
        q = Q(pk__in=[])
        for p in self.rows["feeds.PersonRecord"]:
            q |= Q(feed="people", record_key=f"{p.source}|{p.record_id}")
        for r in self.rows["feeds.Relationship"]:
            q |= Q(
                feed="relationships",
                record_key=f"{r.source}|{r.adult_record_id}|{r.child_record_id}",
            )
        for m in self.rows["feeds.PrisonMovement"]:
            q |= Q(feed="prison_movements", record_key=str(m.movement_id))
        return q

    def _quarantine_q(self) -> Q:
        q = Q(pk__in=[])
        for p in self.rows["feeds.PersonRecord"]:
            q |= Q(raw__source=p.source, raw__record_id=p.record_id)
            q |= Q(raw__source=p.source, raw__adult_record_id=p.record_id)
            q |= Q(raw__source=p.source, raw__child_record_id=p.record_id)
        for m in self.rows["feeds.PrisonMovement"]:
            q |= Q(raw__prison_number=m.prison_number)
        return q

    def _audit_q(self) -> Q:
        q = Q(pk__in=[])
        for label, rows in self.rows.items():
            if not rows:
                continue
            subject_type = _model(label)._meta.label_lower
            subject_ids = {str(r.pk) for r in rows}
            if label in AUDIT_SUBJECT_IDS:
                subject_ids |= {AUDIT_SUBJECT_IDS[label](r) for r in rows}
            q |= Q(subject_type=subject_type, subject_id__in=sorted(subject_ids))
        return q

    def _listed(self) -> dict[AuditListing, dict[str | None, set]]:
        """Per listing, the values that stand for the person's rows, by scope."""
        wanted: dict[AuditListing, dict[str | None, set]] = {}
        for listing in AUDIT_LISTINGS:
            for row in self.rows.get(listing.label, []):
                scope = listing.scope(row) if listing.scope else None
                wanted.setdefault(listing, {}).setdefault(scope, set()).add(listing.value(row))
        return wanted

    def _listed_q(self) -> Q:
        """Audit events of list pages that showed any of the person's rows."""
        wanted = self._listed()
        if not wanted:
            return Q(pk__in=[])
        if connection.features.supports_json_field_contains:
            q = Q(pk__in=[])
            for listing, scopes in wanted.items():
                for scope, values in scopes.items():
                    base = Q(action=listing.action)
                    if scope is not None:
                        base &= Q(subject_id=scope)
                    lookup = f"after__{listing.key}__contains" if listing.many else None
                    for value in sorted(values, key=str):
                        if lookup:
                            q |= base & Q(**{lookup: [value]})
                        else:
                            q |= base & Q(**{f"after__{listing.key}": value})
            return q
        # Without JSON containment (SQLite), read the candidate events' lists in Python.
        actions = {listing.action for listing in wanted}
        found = []
        events = (
            _model("access.AuditEvent")
            .objects.filter(action__in=actions)
            .values_list("pk", "action", "subject_id", "after")
        )
        for pk, action, subject_id, after in events.iterator(chunk_size=2000):
            for listing, scopes in wanted.items():
                if listing.action != action or not isinstance(after, dict):
                    continue
                shown = after.get(listing.key)
                shown = shown if listing.many and isinstance(shown, list) else [shown]
                values = scopes.get(subject_id if listing.scope else None, set())
                if any(value in values for value in shown):
                    found.append(pk)
                    break
        return Q(pk__in=found)

    def _exported_q(self) -> Q:
        q = Q(pk__in=[])
        for action, (label, since) in AUDIT_WHOLE_EXPORTS.items():
            times = [getattr(row, since) for row in self.rows.get(label, [])]
            if any(times):
                q |= Q(action=action, at__gte=min(t for t in times if t))
        return q


def person_data(*, person_key: str) -> dict[str, list[models.Model]]:
    return PersonData(person_key).gather()


def rows_as_dicts(label: str, rows: Iterable[models.Model]) -> list[dict]:
    """The registry's fields of each row (foreign keys as ids), in registry order."""
    fields = REGISTRY[label].fields
    model = _model(label)
    attnames = {f.name: f.attname for f in model._meta.concrete_fields}
    return [{name: getattr(row, attnames[name]) for name in fields} for row in rows]


def withheld_people() -> dict[str, int]:
    """Person keys whose data is restricted (UK GDPR Art. 18), each with its restriction's id:
    kept, but not to be used in search, lists, pages, matching or exports. A restriction holds
    by its person key and by the records it covered, so a later resolution that gives the
    records a new key does not lift it. Erased people need no entry here: their local records
    are gone, and what is left of them is anonymised."""
    restrictions = _model("privacy.PersonRestriction").objects.filter(lifted_at__isnull=True)
    people: dict[str, int] = {}
    restriction_of_record: dict[tuple[str, str], int] = {}
    for restriction_id, person_key, references in restrictions.values_list(
        "pk", "person_key", "records"
    ):
        people[person_key] = restriction_id
        for reference in references:
            source, _, record_id = reference.partition(":")
            restriction_of_record[(source, record_id)] = restriction_id
    records = Q(pk__in=[])
    for source, record_id in restriction_of_record:
        records |= Q(source=source, record_id=record_id)
    for source, record_id, person_key in (
        _model("feeds.PersonRecord")
        .objects.filter(records)
        .exclude(person_key=None)
        .values_list("source", "record_id", "person_key")
    ):
        people.setdefault(person_key, restriction_of_record[(source, record_id)])
    return people


def withheld_person_keys() -> set[str]:
    """The person keys of :func:`withheld_people`."""
    return set(withheld_people())


def anonymised_identifications_q() -> Q:
    """Identifications kept only as counts: anonymised by retention, or by an erasure of the
    child or of the adult they were found through."""
    return Q(child_key__startswith=f"{ANONYMISED}:") | Q(
        reception_match__adult_person_key__startswith=f"{ANONYMISED}:"
    )


def withheld_identifications_q() -> Q:
    """Identifications of a restricted child or matched adult, or anonymised ones (what is left
    of an erased person, or of retention, is a count, not a row to show), to ``exclude()`` from
    a read."""
    keys = withheld_person_keys()
    if not keys:
        return anonymised_identifications_q()
    return (
        Q(child_key__in=keys)
        | Q(reception_match__adult_person_key__in=keys)
        | anonymised_identifications_q()
    )


# --- Erased records, refused at ingest ---------------------------------------------------------


def _erased_record_keys(feed: str, values: dict) -> tuple[str, ...]:
    """What identifies a row's records in the tombstones: the people it is about (the row's
    cells as sent; a cell the row lacks names nobody)."""
    source = values.get("source")
    if feed == "people":
        ids = [values.get("record_id")]
    elif feed == "relationships":
        ids = [values.get("adult_record_id"), values.get("child_record_id")]
    elif feed == "prison_movements":
        movement_id = values.get("movement_id")
        return (tombstone_key("prison_movements", movement_id),) if movement_id else ()
    else:
        return ()
    return tuple(tombstone_key("people", f"{source}:{id_}") for id_ in ids if source and id_)


def erased_record_refusal(feed: str) -> Callable[[dict], str | None] | None:
    """For one file on ``feed``: a check giving, for a row's validated values, why it is
    refused if it is (or names) an erased record, in words that hold no personal data; None
    when no erasure has left a tombstone. Registered with the feeds app (``privacy.apps``)."""
    tombstones = dict(
        _model("privacy.ErasedRecord").objects.values_list("record_hash", "erasure_id")
    )
    if not tombstones:
        return None
    erasures = {
        erasure.pk: erasure
        for erasure in _model("privacy.Erasure").objects.filter(pk__in=set(tombstones.values()))
    }
    hashes = key_store.erasure_hasher()

    def refusal(values: dict) -> str | None:
        for record_key in _erased_record_keys(feed, values):
            for record_hash in hashes(record_key):
                if record_hash in tombstones:
                    erasure = erasures[tombstones[record_hash]]
                    return (
                        f"this record was erased on {timezone.localtime(erasure.erased_at):%Y-%m-%d} "
                        f"(erasure {erasure.reference}); not ingested"
                    )
        return None

    return refusal
