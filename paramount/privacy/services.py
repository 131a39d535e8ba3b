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
from paramount.privacy import keys
from paramount.privacy.fields import EncryptedTextField
from paramount.privacy.models import SubjectAccessRequest
from paramount.privacy.registry import REGISTRY, personal_models
from paramount.privacy.selectors import PersonData, rows_as_dicts

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
    *, person_key: str, acting_user, received_on: date | None = None
) -> SubjectAccessExport:
    """Everything Paramount holds about one resolved person, as one JSON-ready document.

    Driven by the registry: every model it marks as holding personal data gets a section,
    gathered by ``selectors.PersonData`` or marked exempt there with the reason, and the export
    refuses to run if a personal-data model has neither. Third parties' data (other children of
    a family, staff names) is included as held; the person answering the request redacts it.
    """
    person_key = (person_key or "").strip()
    if not person_key:
        raise ValueError("Give the resolved person's key (PersonRecord.person_key).")
    received_on = received_on or timezone.localdate()
    with transaction.atomic():
        request = SubjectAccessRequest.objects.create(
            person_key=person_key,
            received_on=received_on,
            due_on=subject_access_due_on(received_on),
        )
        gathered = PersonData(person_key).gather()
        missing = [label for label in personal_models() if label not in gathered]
        if missing:
            raise ImproperlyConfigured(
                "subject access cannot be complete: no gatherer in privacy.selectors.PersonData "
                f"for {', '.join(missing)}; add one (or an exemption with its reason)"
            )
        sections = {}
        for label in personal_models():
            e = REGISTRY[label]
            section = {
                "purpose": e.purpose,
                "classification": str(e.classification),
                "lawful_basis": e.lawful_basis,
                "recipients": list(e.recipients),
                "retention": e.retention,
                "rows": rows_as_dicts(label, gathered[label]),
            }
            if label in PersonData.EXEMPT:
                section["exempt"] = PersonData.EXEMPT[label]
            sections[label] = section
        request.exported_at = timezone.now()
        request.exported_by = acting_user
        request.save(update_fields=["exported_at", "exported_by"])
        document = {
            "subject_access_request": request.pk,
            "person_key": person_key,
            "received_on": request.received_on,
            "due_on": request.due_on,
            "exported_at": request.exported_at,
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
                "rows": {label: len(s["rows"]) for label, s in sections.items()},
            },
        )
    return SubjectAccessExport(request=request, document=document)
