"""Writes of the privacy app: rotating encryption keys and answering subject access requests."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from paramount.access import audit
from paramount.families.deadlines import is_working_day
from paramount.families.models import Family, FamilyMember
from paramount.families.services import CLOSED_STATES, ClosedBecause, family_close
from paramount.feeds.models import PersonRecord, PrisonMovement
from paramount.identification.models import (
    HeldBackReception,
    Identification,
    ReceptionMatch,
    ReviewState,
)
from paramount.linkage.services import population_cache_purge
from paramount.privacy import anonymise, keys
from paramount.privacy.fields import EncryptedTextField
from paramount.privacy.models import (
    ErasedRecord,
    Erasure,
    PersonRestriction,
    SubjectAccessRequest,
)
from paramount.privacy.registry import PROCESSING_ACTIVITIES, REGISTRY, personal_models
from paramount.privacy.selectors import ANONYMISED, PersonData, person_key_hash, tombstone_key
from paramount.privacy.subject_access import (
    gather,
    nothing_found,
    review_summary,
    sections_for_review,
    subject_find,
)
from paramount.screening.services import screening_flags_refresh
from paramount.support.models import SupportChild

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
    """Lift a person's restriction: their data is in use again, and every reception the
    identification run left them out of while restricted goes back in the queue, so the next
    run identifies what it held back (a child missed otherwise)."""
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
        held = HeldBackReception.objects.filter(restriction_id=restriction.pk)
        requeued = PrisonMovement.objects.filter(
            pk__in=held.values("movement_id"), identified_at__isnull=False
        ).update(identified_at=None)
        held.delete()
        audit.record(
            actor=acting_user,
            action="privacy.person_restriction_lifted",
            subject=restriction,
            purpose="restriction of processing lifted (UK GDPR Art. 18(3))",
            after={"receptions_requeued": requeued},
        )
    return restriction


# An adult's match the analysts or the model accepted: the reception is theirs.
_ACCEPTED = (ReviewState.NOT_NEEDED, ReviewState.CONFIRMED_BY_ANALYST)


@dataclass
class _ErasureWork:
    """What one erasure changes, gathered before it changes anything."""

    rows: dict[str, int] = field(default_factory=dict)
    tombstones: list[str] = field(default_factory=list)


def person_erase(*, person_key: str, reason: str, acting_user) -> Erasure:
    """Put a person's local records beyond use (UK GDPR Art. 17).

    Deleted: their people records, the relationships they are in, the history of those rows,
    and the quarantined rows and warnings that carry them, and any restriction on them.
    Anonymised (other rows refer to them, PROTECT), and withheld from every page and export:
    the identifications of them as a child, their matches as the adult, the identifications
    found through those matches, and the receptions the matches accepted as theirs. Each such
    child leaves their family; a family left with no child is closed, and the others' flags
    are computed again. Kept: the rest of the case records (consent, screening, disclosures),
    subject access requests and the audit trail, which the law asks to keep (Art. 17(3)(b)
    and (e)), and the partner's own record of a child it supports (a separate controller: the
    erasure counts it for the data protection officer to raise). The erasure leaves keyed
    hashes only (``privacy.keys``): of the person key, and of each erased record, so ingest
    refuses a source that sends one again. The linkage cache, a copy of the people, is removed.
    """
    person_key, reason = _person_key_and_reason(person_key, reason)
    with transaction.atomic():
        gathered = PersonData(person_key).gather()
        if not gathered["feeds.PersonRecord"] and not gathered["identification.Identification"]:
            raise PrivacyError(f"No records hold person key {person_key!r}; nothing was erased.")
        work = _ErasureWork()
        work.tombstones += [
            tombstone_key("people", f"{record.source}:{record.record_id}")
            for record in gathered["feeds.PersonRecord"]
        ]
        restriction_ids = [r.pk for r in gathered["privacy.PersonRestriction"]]
        HeldBackReception.objects.filter(restriction_id__in=restriction_ids).delete()
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
            work.rows[label] = len(found)
        _erase_from_cases(person_key, work, acting_user)
        erasure = Erasure.objects.create(
            person_key_hash=person_key_hash(person_key),
            reason=reason,
            erased_at=timezone.now(),
            erased_by=acting_user,
            rows=work.rows,
        )
        ErasedRecord.objects.bulk_create(
            [
                ErasedRecord(erasure=erasure, record_hash=keys.erasure_hash(record_key))
                for record_key in sorted(set(work.tombstones))
            ]
        )
        audit.record(
            actor=acting_user,
            action="privacy.person_erased",
            subject=erasure,
            purpose="erasure (UK GDPR Art. 17)",
            after={"rows": work.rows, "tombstones": len(set(work.tombstones))},
        )
    population_cache_purge()
    database_log_truncate()
    return erasure


def _erase_from_cases(person_key: str, work: _ErasureWork, acting_user) -> None:
    """Anonymise what was found of the person, take each child out of their family, and close
    a family left with none. Ids are read first: anonymising changes the keys they are found by."""
    adult_matches = ReceptionMatch.objects.filter(adult_person_key=person_key)
    match_ids = list(adult_matches.values_list("pk", flat=True))
    movement_ids = list(
        adult_matches.filter(review_state__in=_ACCEPTED)
        .exclude(movement__first_name=ANONYMISED)
        .values_list("movement_id", flat=True)
        .distinct()
    )
    identification_ids = list(
        Identification.objects.filter(
            Q(child_key=person_key) | Q(reception_match_id__in=match_ids)
        ).values_list("pk", flat=True)
    )
    members = FamilyMember.objects.filter(identification_id__in=identification_ids)
    families = list(Family.objects.filter(members__in=members).distinct().order_by("pk"))
    partner_records = SupportChild.objects.filter(family_member__in=members)
    work.rows["support.SupportChild (the partner's own record, kept)"] = partner_records.count()
    partner_records.update(family_member=None)
    work.rows["families.FamilyMember"] = members.count()
    members.delete()
    work.rows["identification.Identification"] = len(identification_ids)
    anonymise.identifications_anonymise(Identification.objects.filter(pk__in=identification_ids))
    work.rows["identification.ReceptionMatch"] = len(match_ids)
    anonymise.matches_anonymise(ReceptionMatch.objects.filter(pk__in=match_ids))
    movements = PrisonMovement.objects.filter(pk__in=movement_ids)
    work.tombstones += [
        tombstone_key("prison_movements", movement_id)
        for movement_id in movements.values_list("movement_id", flat=True)
    ]
    work.rows["feeds.PrisonMovement"] = len(movement_ids)
    anonymise.movements_anonymise(movements)
    closed = 0
    for family in families:
        family.refresh_from_db()
        if not family.members.exists() and family.state not in CLOSED_STATES:
            family_close(
                family=family, because=ClosedBecause.NO_CHILD_LEFT, acting_user=acting_user
            )
            closed += 1
        screening_flags_refresh(family=family, acting_user=acting_user)
    work.rows["families.Family (closed: no child left)"] = closed


def database_log_truncate() -> None:
    """Empty SQLite's write-ahead log into the database, so rows that retention or erasure
    removed (overwritten in the database itself: ``secure_delete``) leave no copy in the log.
    Nothing to do on PostgreSQL, or inside a transaction: call it once the change committed."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
