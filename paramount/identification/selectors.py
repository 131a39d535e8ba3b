"""Reads of identifications, narrowed to what the viewer may see.

VRU analysts see the identifications of the areas they work in. Nobody else sees any yet:
outreach officers and the charity get their families through assignment and referral (later
work), and administrators never see case content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from paramount.access import audit
from paramount.access.selectors import (
    Permission,
    access_denied,
    has_permission,
    require_permission,
    viewer_areas,
)
from paramount.feeds.models import PersonRecord, PrisonMovement
from paramount.identification.models import Identification, ReceptionMatch

REVIEW_PURPOSE = "identification review"
PAGE_SIZE = 50


def identification_list(
    *,
    viewer: Any,
    area: str | None = None,
    band: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Identification]:
    """Identifications the viewer may see, newest reception first, optionally filtered."""
    if not has_permission(viewer, Permission.VIEW_IDENTIFICATIONS):
        return Identification.objects.none()
    identifications = Identification.objects.filter(area__in=viewer_areas(viewer)).select_related(
        "movement"
    )
    if area:
        identifications = identifications.filter(area=area)
    if band:
        identifications = identifications.filter(match_band=band)
    if date_from:
        identifications = identifications.filter(movement__movement_date__gte=date_from)
    if date_to:
        identifications = identifications.filter(movement__movement_date__lte=date_to)
    return identifications.order_by(
        "-movement__movement_date",
        "movement__movement_id",
        "child_last_name",
        "child_first_name",
        "pk",
    )


@dataclass(frozen=True)
class IdentificationCounts:
    identifications: int
    children: int
    receptions: int


def identification_counts(identifications: QuerySet[Identification]) -> IdentificationCounts:
    """How many rows, distinct children and distinct receptions a (viewer-narrowed) list holds."""
    counts = identifications.order_by().aggregate(
        identifications=Count("pk"),
        children=Count("child_key", distinct=True),
        receptions=Count("movement", distinct=True),
    )
    return IdentificationCounts(**counts)


@dataclass(frozen=True)
class Worklist:
    page: Page
    counts: IdentificationCounts


def identification_worklist(
    *,
    viewer: Any,
    page_number: Any = 1,
    area: str | None = None,
    band: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> Worklist:
    """One page of the viewer's worklist and the counts behind it.

    Refused (403, audited) for roles that do not review identifications. The names on the page
    are personal data, so showing them is audited, with the filters and the identifications
    shown, in the same transaction as the read.
    """
    require_permission(viewer=viewer, permission=Permission.VIEW_IDENTIFICATIONS)
    filters = {"area": area, "band": band, "date_from": date_from, "date_to": date_to}
    identifications = identification_list(viewer=viewer, **filters)
    with transaction.atomic():
        counts = identification_counts(identifications)
        page = Paginator(identifications, PAGE_SIZE).get_page(page_number)
        page.object_list = list(page.object_list)
        if page.object_list:
            audit.record(
                actor=viewer,
                action="identification.listed",
                subject_type=Identification._meta.label_lower,
                purpose=REVIEW_PURPOSE,
                after={
                    "filters": {k: str(v) for k, v in filters.items() if v},
                    "page": page.number,
                    "identifications": [i.identification_id for i in page.object_list],
                },
            )
    return Worklist(page=page, counts=counts)


def access_identification(*, viewer: Any, identification_id: str) -> Identification:
    """The identification if the viewer may see it; a refused look is audited and is a 404."""
    identification = (
        identification_list(viewer=viewer)
        .select_related("movement", "reception_match", "run")
        .filter(identification_id=identification_id)
        .first()
    )
    if identification is None:
        access_denied(
            viewer=viewer,
            action="identification.access_denied",
            subject_type=Identification._meta.label_lower,
            subject_id=identification_id,
        )
        raise Http404("No identification found")
    return identification


@dataclass(frozen=True)
class EvidenceField:
    field: str
    reception_value: str
    local_value: str
    agreement: str
    match_weight: float | None


@dataclass(frozen=True)
class RelationshipRecord:
    source: str
    adult_record_id: str
    child_record_id: str
    relationship: str
    parental_responsibility: str
    lives_with_child: str


@dataclass(frozen=True)
class IdentificationDetail:
    identification: Identification
    reception: PrisonMovement
    reception_match: ReceptionMatch
    evidence_fields: list[EvidenceField]
    matched_records: list[str]
    best_record: str
    runner_up_probability: float | None
    adult_records: list[PersonRecord]
    child_records: list[PersonRecord]
    missing_child_records: list[str]
    relationships: list[RelationshipRecord]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _weight(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _evidence_fields(evidence: Any) -> list[EvidenceField]:
    fields = evidence.get("fields", []) if isinstance(evidence, dict) else []
    return [
        EvidenceField(
            field=_text(item.get("field")),
            reception_value=_text(item.get("reception_value")),
            local_value=_text(item.get("local_value")),
            agreement=_text(item.get("agreement")),
            match_weight=_weight(item.get("match_weight")),
        )
        for item in fields
        if isinstance(item, dict)
    ]


def _references(text: str) -> list[tuple[str, str]]:
    """``SOURCE:RECORD_ID|SOURCE:RECORD_ID`` as (source, record_id) pairs, in order."""
    pairs = []
    for reference in (text or "").split("|"):
        source, separator, record_id = reference.strip().partition(":")
        if separator and source and record_id:
            pairs.append((source, record_id))
    return pairs


def _records_for(references: list[tuple[str, str]]) -> list[PersonRecord]:
    if not references:
        return []
    query = reduce(or_, (Q(source=source, record_id=record_id) for source, record_id in references))
    found = {(r.source, r.record_id): r for r in PersonRecord.objects.filter(query)}
    return [found[ref] for ref in references if ref in found]


def _adult_records(person_key: str) -> list[PersonRecord]:
    if not person_key:
        return []
    return list(PersonRecord.objects.filter(person_key=person_key).order_by("source", "record_id"))


def identification_detail(*, viewer: Any, identification_id: str) -> IdentificationDetail:
    """Everything behind one identification, for a viewer allowed to see it (404 otherwise).

    Reading it is audited: the audit row is written in the same transaction as the read.
    """
    # Checked before the transaction opens: a refusal's audit row must not roll back with it.
    identification = access_identification(viewer=viewer, identification_id=identification_id)
    with transaction.atomic():
        reception_match = identification.reception_match
        evidence = reception_match.evidence if isinstance(reception_match.evidence, dict) else {}
        child_references = _references(identification.child_source_records)
        child_records = _records_for(child_references)
        found = {(r.source, r.record_id) for r in child_records}
        relationships = [
            RelationshipRecord(
                source=_text(row.get("source")),
                adult_record_id=_text(row.get("adult_record_id")),
                child_record_id=_text(row.get("child_record_id")),
                relationship=_text(row.get("relationship")),
                parental_responsibility=_text(row.get("parental_responsibility")),
                lives_with_child=_text(row.get("lives_with_child")),
            )
            for row in (identification.relationship_records or [])
            if isinstance(row, dict)
        ]
        detail = IdentificationDetail(
            identification=identification,
            reception=identification.movement,
            reception_match=reception_match,
            evidence_fields=_evidence_fields(evidence),
            matched_records=[_text(r) for r in evidence.get("records", [])],
            best_record=_text(evidence.get("best_record")),
            runner_up_probability=_weight(evidence.get("runner_up_probability")),
            adult_records=_adult_records(reception_match.adult_person_key),
            child_records=child_records,
            missing_child_records=[f"{s}:{r}" for s, r in child_references if (s, r) not in found],
            relationships=relationships,
        )
        audit.record(
            actor=viewer,
            action="identification.viewed",
            subject=identification,
            subject_id=identification.identification_id,
            purpose=REVIEW_PURPOSE,
        )
    return detail
