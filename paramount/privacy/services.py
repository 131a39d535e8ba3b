"""Writes of the privacy app: rotating encryption keys and answering subject access requests."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils import timezone

from paramount.access import audit
from paramount.families.deadlines import is_working_day
from paramount.feeds.models import PersonRecord
from paramount.identification.models import Identification, ReceptionMatch
from paramount.privacy import keys
from paramount.privacy.fields import EncryptedTextField
from paramount.privacy.models import Erasure, PersonRestriction, SubjectAccessRequest
from paramount.privacy.registry import PROCESSING_ACTIVITIES, REGISTRY, personal_models
from paramount.privacy.selectors import PersonData, person_key_hash
from paramount.privacy.subject_access import (
    gather,
    nothing_found,
    review_summary,
    sections_for_review,
    subject_find,
)

ROTATION_CHUNK = 500


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every model with encrypted fields, and those fields' names."""
    found = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


@dataclass(frozen=True)
class RotationResult:
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def encryption_keys_rotate(*, acting_user=None) -> RotationResult:
    """Re-encrypt every encrypted value under the current (first) key.

    Works in chunks, each its own transaction with the rows locked, so the service stays usable
    and every row stays readable throughout: until its chunk commits a row is under an older key,
    which still decrypts; after, under the current one. Safe to run again after an interruption.
    """
    keys.reset()
    counts: dict[str, int] = {}
    for model, names in encrypted_fields():
        label = model._meta.label
        counts[label] = 0
        last_pk = 0
        while True:
            with transaction.atomic():
                chunk = list(
                    model.objects.select_for_update()
                    .filter(pk__gt=last_pk)
                    .order_by("pk")
                    .only("pk", *names)[:ROTATION_CHUNK]
                )
                if not chunk:
                    break
                for row in chunk:
                    # Reading decrypted with whichever key wrote it; saving encrypts under the
                    # current one.
                    model.objects.filter(pk=row.pk).update(
                        **{name: getattr(row, name) for name in names}
                    )
                counts[label] += len(chunk)
                last_pk = chunk[-1].pk
    with transaction.atomic():
        audit.record(
            actor=acting_user,
            action="privacy.encryption_keys_rotated",
            purpose="re-encrypt data at rest under the current key",
            after={"rows": counts},
        )
    return RotationResult(counts)


def subject_access_due_on(received_on: date) -> date:
    """One calendar month from receipt; the next working day if that is not one.

    The month's corresponding day, or its last day when it has none (31 January → 28 or 29
    February; 31 August → 30 September), as the ICO counts it.
    """
    year = received_on.year + received_on.month // 12
    month = received_on.month % 12 + 1
    day = min(received_on.day, calendar.monthrange(year, month)[1])
    due = date(year, month, day)
    while not is_working_day(due):
        due += timedelta(days=1)
    return due


@dataclass(frozen=True)
class SubjectAccessExport:
    request: SubjectAccessRequest
    document: dict


def subject_access_export(
    *,
    person_key: str = "",
    name: str = "",
    date_of_birth: date | None = None,
    acting_user,
    received_on: date | None = None,
) -> SubjectAccessExport:
    """Everything Paramount holds about one person, as one JSON-ready document.

    The request names the person by resolved key, by name and date of birth, or both
    (``subject_access.subject_find``): a key nobody has is refused, and nothing is recorded.
    Driven by the registry: every model it marks as holding personal data gets a section,
    gathered by ``selectors.PersonData`` or marked exempt there with the reason, and the export
    refuses to run if a personal-data model has neither. Each row says whose data it is and
    which of its fields are criminal-offence or special category data; the summary at the top
    lists what the reviewer must confirm or redact before the answer goes out.
    """
    received_on = received_on or timezone.localdate()
    with transaction.atomic():
        subject = subject_find(person_key=person_key, name=name, date_of_birth=date_of_birth)
        request = SubjectAccessRequest.objects.create(
            person_key=subject.person_key,
            name=subject.name,
            date_of_birth=subject.date_of_birth,
            received_on=received_on,
            due_on=subject_access_due_on(received_on),
        )
        subject.requests.add(request.pk)
        gathered = gather(subject)
        missing = [label for label in personal_models() if label not in gathered]
        if missing:
            raise ImproperlyConfigured(
                "subject access cannot be complete: no gatherer in privacy.selectors.PersonData "
                f"for {', '.join(missing)}; add one (or an exemption with its reason)"
            )
        reviewed = sections_for_review(subject, gathered, personal_models())
        sections = {}
        for label in personal_models():
            e = REGISTRY[label]
            section = {
                "purpose": e.purpose,
                "classification": str(e.classification),
                "lawful_basis": e.lawful_basis,
                "processing": [
                    f"{a.name} ({a.regime})" for a in PROCESSING_ACTIVITIES if label in a.models
                ],
                "recipients": list(e.recipients),
                "retention": e.retention,
                "rows": reviewed[label],
            }
            if label in PersonData.EXEMPT:
                section["exempt"] = PersonData.EXEMPT[label]
            sections[label] = section
        request.exported_at = timezone.now()
        request.exported_by = acting_user
        request.save(update_fields=["exported_at", "exported_by"])
        document = {
            "subject_access_request": request.pk,
            "person_key": subject.person_key,
            "name": subject.name,
            "date_of_birth": subject.date_of_birth,
            "received_on": request.received_on,
            "due_on": request.due_on,
            "exported_at": request.exported_at,
            "nothing_held": nothing_found(gathered),
            "found": [f.as_dict() for f in subject.found],
            "review": review_summary(subject, reviewed),
            "sections": sections,
        }
        audit.record(
            actor=acting_user,
            action="privacy.subject_access_exported",
            subject=request,
            purpose="subject access request (UK GDPR Art. 15)",
            after={
                "received_on": request.received_on.isoformat(),
                "due_on": request.due_on.isoformat(),
                "by": "person key" if subject.person_key else "name and date of birth",
                "to_confirm": len(document["review"]["to_confirm"]),
                "rows": {label: len(s["rows"]) for label, s in sections.items()},
            },
        )
    return SubjectAccessExport(request=request, document=document)


class PrivacyError(ValueError):
    """A restriction or erasure that cannot be done as asked; the message says why."""


def _person_key_and_reason(person_key: str, reason: str) -> tuple[str, str]:
    person_key, reason = (person_key or "").strip(), (reason or "").strip()
    if not person_key:
        raise PrivacyError("Give the resolved person's key (PersonRecord.person_key).")
    if not reason:
        raise PrivacyError("Give the reason (the request and its reference); nothing was changed.")
    return person_key, reason


def person_restrict(*, person_key: str, reason: str, acting_user) -> PersonRestriction:
    """Keep a person's data but withhold it from use (UK GDPR Art. 18): from then on they are in
    no search, list, page, matching run or export, until the restriction is lifted."""
    person_key, reason = _person_key_and_reason(person_key, reason)
    with transaction.atomic():
        if PersonRestriction.objects.filter(person_key=person_key, lifted_at=None).exists():
            raise PrivacyError("This person is already restricted; nothing was changed.")
        records = [
            f"{source}:{record_id}"
            for source, record_id in PersonRecord.objects.filter(person_key=person_key)
            .order_by("source", "record_id")
            .values_list("source", "record_id")
        ]
        restriction = PersonRestriction.objects.create(
            person_key=person_key,
            records=records,
            reason=reason,
            restricted_at=timezone.now(),
            restricted_by=acting_user,
        )
        audit.record(
            actor=acting_user,
            action="privacy.person_restricted",
            subject=restriction,
            purpose="restriction of processing (UK GDPR Art. 18)",
            after={"records": len(records)},
        )
    return restriction


def person_restriction_lift(*, person_key: str, reason: str, acting_user) -> PersonRestriction:
    """Lift a person's restriction: their data is in use again."""
    person_key, reason = _person_key_and_reason(person_key, reason)
    with transaction.atomic():
        restriction = (
            PersonRestriction.objects.select_for_update()
            .filter(person_key=person_key, lifted_at=None)
            .first()
        )
        if restriction is None:
            raise PrivacyError("This person is not restricted; nothing was changed.")
        restriction.lifted_at = timezone.now()
        restriction.lifted_by = acting_user
        restriction.lift_reason = reason
        restriction.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        audit.record(
            actor=acting_user,
            action="privacy.person_restriction_lifted",
            subject=restriction,
            purpose="restriction of processing lifted (UK GDPR Art. 18(3))",
        )
    return restriction


def person_erase(*, person_key: str, reason: str, acting_user) -> Erasure:
    """Put a person's local records beyond use (UK GDPR Art. 17).

    Deleted: their people records, the relationships they are in, the history of those rows,
    and the quarantined rows and warnings that carry them, and any restriction on them.
    Anonymised (other rows refer to them, PROTECT): the identifications of them as a child and
    the matches of them as the adult. Kept: case records (a family's consent, screening,
    disclosures), subject access requests and the audit trail, which the law asks to keep
    (Art. 17(3)(b) and (e)); docs/privacy.md says how to review them. The erasure record holds
    a one-way hash of the key, the reason and the counts.
    """
    from paramount.privacy.retention import _identifications_anonymise, _matches_anonymise

    person_key, reason = _person_key_and_reason(person_key, reason)
    with transaction.atomic():
        gathered = PersonData(person_key).gather()
        if not gathered["feeds.PersonRecord"] and not gathered["identification.Identification"]:
            raise PrivacyError(f"No records hold person key {person_key!r}; nothing was erased.")
        rows: dict[str, int] = {}
        for label in (
            "feeds.IngestWarning",
            "feeds.QuarantinedRow",
            "feeds.RecordHistory",
            "feeds.Relationship",
            "feeds.PersonRecord",
            "privacy.PersonRestriction",
        ):
            found = gathered[label]
            if found:
                apps.get_model(label).objects.filter(pk__in=[r.pk for r in found]).delete()
            rows[label] = len(found)
        identifications = Identification.objects.filter(child_key=person_key)
        rows["identification.Identification"] = identifications.count()
        _identifications_anonymise(identifications)
        matches = ReceptionMatch.objects.filter(adult_person_key=person_key)
        rows["identification.ReceptionMatch"] = matches.count()
        _matches_anonymise(matches)
        erasure = Erasure.objects.create(
            person_key_hash=person_key_hash(person_key),
            reason=reason,
            erased_at=timezone.now(),
            erased_by=acting_user,
            rows=rows,
        )
        audit.record(
            actor=acting_user,
            action="privacy.person_erased",
            subject=erasure,
            purpose="erasure (UK GDPR Art. 17)",
            after={"rows": rows},
        )
    return erasure
