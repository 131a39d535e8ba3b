"""Reads of identifications and their review, narrowed to what the viewer may see.

VRU analysts see the identifications of the areas they work in, and review the uncertain
matches behind them. Nobody else sees any yet: outreach officers and the charity get their
families through assignment and referral (later work), and administrators never see case
content.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from paramount import config
from paramount.access import audit
from paramount.access.selectors import (
    Permission,
    access_denied,
    has_permission,
    require_permission,
    viewer_areas,
)
from paramount.feeds.models import PersonRecord, PrisonMovement
from paramount.identification.models import (
    Identification,
    IdentificationStatus,
    MatchBand,
    ReceptionMatch,
    ReviewDecision,
    ReviewState,
)
from paramount.linkage.engine.link import IDENTITY_AGREEMENT, IDENTITY_FIELD
from paramount.linkage.engine.prepare import ALIAS
from paramount.linkage.selectors import match_weight_of, prior_probability, probability_of
from paramount.privacy.selectors import withheld_identifications_q

REVIEW_PURPOSE = "identification review"
PAGE_SIZE = 50
# The worklist's status filter: by default rejected matches are left out.
STATUS_ALL = "ALL"


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
    identifications = (
        Identification.objects.filter(area__in=viewer_areas(viewer))
        # Police access ends at referral: a referred family's children are not in any police list
        # or page (SECURITY 1).
        .exclude(family_member__family__state="REFERRED")
        # Restricted people are withheld from every list and page (SECURITY 18).
        .exclude(withheld_identifications_q())
        .select_related("movement", "reception_match")
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
    status: str | None = None,
) -> Worklist:
    """One page of the viewer's worklist and the counts behind it.

    Identifications whose match an analyst rejected are left out unless ``status`` asks for
    them (``REJECTED``, or ``ALL`` for every status).

    Refused (403, audited) for roles that do not review identifications. The names on the page
    are personal data, so showing them is audited, with the filters and the identifications
    shown, in the same transaction as the read.
    """
    require_permission(viewer=viewer, permission=Permission.VIEW_IDENTIFICATIONS)
    filters = {"area": area, "band": band, "date_from": date_from, "date_to": date_to}
    identifications = identification_list(viewer=viewer, **filters)
    if status == STATUS_ALL:
        pass
    elif status:
        identifications = identifications.filter(status=status)
    else:
        identifications = identifications.exclude(status=IdentificationStatus.REJECTED)
    filters["status"] = status
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
class Sibling:
    """Another child identified for the same reception, as the viewer may see it."""

    identification: Identification
    same_household: bool


def relationship_disagreements(relationships: list[RelationshipRecord]) -> list[str]:
    """Where the sources behind one child disagree, in plain English: the relationship, parental
    responsibility, or whether the adult lives with the child. A source that does not say is not
    a disagreement."""
    lines = []
    for field, what in (
        ("relationship", "how the adult is related to the child"),
        ("parental_responsibility", "whether the adult has parental responsibility"),
        ("lives_with_child", "whether the adult lives with the child"),
    ):
        said: dict[str, set[str]] = {}
        for row in relationships:
            value = getattr(row, field)
            if value:
                said.setdefault(value, set()).add(row.source)
        if len(said) > 1:
            words = {"Y": "yes", "N": "no"}
            parts = [
                f"{', '.join(sorted(sources))} says {words.get(value, value.replace('_', ' ').lower())}"
                for value, sources in sorted(said.items())
            ]
            lines.append(f"The sources disagree on {what}: {'; '.join(parts)}.")
    return lines


def _siblings(viewer: Any, identification: Identification) -> list[Sibling]:
    """The other children identified for the same reception in the viewer's areas, the ones who
    live at the same postcode first."""
    others = (
        Identification.objects.filter(
            movement_id=identification.movement_id, area__in=viewer_areas(viewer)
        )
        .exclude(pk=identification.pk)
        .exclude(family_member__family__state="REFERRED")
        .exclude(withheld_identifications_q())
        .order_by("child_date_of_birth", "identification_id")
    )
    home = (identification.child_postcode or "").replace(" ", "").upper()
    siblings = [
        Sibling(
            identification=other,
            same_household=bool(home)
            and (other.child_postcode or "").replace(" ", "").upper() == home,
        )
        for other in others
    ]
    return sorted(siblings, key=lambda s: not s.same_household)


@dataclass(frozen=True)
class IdentificationDetail:
    identification: Identification
    reception: PrisonMovement
    reception_match: ReceptionMatch
    evidence_fields: list[EvidenceField]
    matched_records: list[str]
    best_record: str
    runner_up_probability: float | None
    review_reason: str
    adult_records: list[PersonRecord]
    child_records: list[PersonRecord]
    missing_child_records: list[str]
    relationships: list[RelationshipRecord]
    disagreements: list[str]
    siblings: list[Sibling]
    side_by_side: SideBySide
    waterfall: MatchWaterfall | None
    review: ReviewPanel


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
        adult_records = _adult_records(reception_match.adult_person_key)
        detail = IdentificationDetail(
            identification=identification,
            reception=identification.movement,
            reception_match=reception_match,
            evidence_fields=_evidence_fields(evidence),
            matched_records=[_text(r) for r in evidence.get("records", [])],
            best_record=_text(evidence.get("best_record")),
            runner_up_probability=_weight(evidence.get("runner_up_probability")),
            review_reason=_text(evidence.get("review_reason")),
            adult_records=adult_records,
            child_records=child_records,
            missing_child_records=[f"{s}:{r}" for s, r in child_references if (s, r) not in found],
            relationships=relationships,
            disagreements=relationship_disagreements(relationships),
            siblings=_siblings(viewer, identification),
            side_by_side=_side_by_side(
                identification.movement,
                adult_records,
                best_record=_text(evidence.get("best_record")),
                compared={_text(r) for r in evidence.get("records", [])},
            ),
            waterfall=match_waterfall(reception_match),
            review=_review_panel(viewer, reception_match),
        )
        audit.record(
            actor=viewer,
            action="identification.viewed",
            subject=identification,
            subject_id=identification.identification_id,
            purpose=REVIEW_PURPOSE,
        )
    return detail


# --- Review of uncertain matches -----------------------------------------------------------


def reception_match_areas(reception_match: ReceptionMatch) -> set[str]:
    """The areas of the children identified through a match: whoever decides it must work in
    every one of them, because the decision changes each of those identifications."""
    return set(
        Identification.objects.filter(reception_match=reception_match).values_list(
            "area", flat=True
        )
    )


def review_refusal(*, viewer: Any, reception_match: ReceptionMatch) -> str | None:
    """Why the viewer cannot decide this match now, in words they can act on; None if they can.

    Covers the match's state and the areas it touches. Whether the viewer may see the match at
    all is for the caller (a match they may not see does not exist for them).
    """
    state = reception_match.review_state
    if state == ReviewState.NOT_NEEDED or reception_match.match_band != MatchBand.REVIEW:
        threshold = config.current().identification.confirm_threshold
        return (
            "This match was accepted automatically because its probability is at or above "
            f"{threshold:.0%}, so it does not need a review; nothing was saved"
        )
    if state != ReviewState.PENDING:
        latest = reception_match.decisions.select_related("decided_by").first()
        if latest is None:
            return "This match has already been decided; reload the page to see the decision"
        who = latest.decided_by.get_full_name() or latest.decided_by.get_username()
        decided_at = timezone.localtime(latest.decided_at)
        when = f"{decided_at.day} {decided_at:%B %Y} at {decided_at:%H:%M}"
        verdict = (
            "the prisoner and the local adult are the same person"
            if state == ReviewState.CONFIRMED_BY_ANALYST
            else "the prisoner and the local adult are different people"
        )
        return (
            f"This match has already been decided: {who} decided on {when} that {verdict}. "
            "A saved decision cannot be changed; nothing was saved"
        )
    outside = sorted(reception_match_areas(reception_match) - set(viewer_areas(viewer)))
    if outside:
        return (
            f"This match also concerns children in {', '.join(outside)}, outside your areas, so "
            "you cannot decide it. An analyst who works in every area concerned must decide it"
        )
    return None


@dataclass(frozen=True)
class ReviewPanel:
    state: str
    state_label: str
    version: int
    decisions: list[ReviewDecision]
    can_decide: bool
    refusal: str | None


def _review_panel(viewer: Any, reception_match: ReceptionMatch) -> ReviewPanel:
    refusal = (
        review_refusal(viewer=viewer, reception_match=reception_match)
        if has_permission(viewer, Permission.REVIEW_MATCHES)
        else "Your role does not include deciding matches"
    )
    return ReviewPanel(
        state=reception_match.review_state,
        state_label=reception_match.get_review_state_display(),
        version=reception_match.version,
        decisions=list(reception_match.decisions.select_related("decided_by", "model")),
        can_decide=refusal is None,
        refusal=refusal,
    )


@dataclass(frozen=True)
class MatchWaterfall:
    """How a match's weight adds up: the model's starting point plus each detail's weight."""

    prior_probability: float
    prior_weight: float
    steps: tuple[EvidenceField, ...]
    final_weight: float
    review_weight: float | None
    confirm_weight: float | None

    @property
    def final_probability(self) -> float:
        return probability_of(self.final_weight)

    @property
    def review_probability(self) -> float | None:
        return None if self.review_weight is None else probability_of(self.review_weight)

    @property
    def confirm_probability(self) -> float | None:
        return None if self.confirm_weight is None else probability_of(self.confirm_weight)

    @property
    def running_totals(self) -> list[tuple[EvidenceField, float]]:
        """Each detail with the match weight once it is added."""
        total, rows = self.prior_weight, []
        for step in self.steps:
            total += step.match_weight or 0.0
            rows.append((step, total))
        return rows

    @property
    def prior_one_in(self) -> int:
        """The prior as "1 in N" pairs of records."""
        return round(1 / self.prior_probability)


def match_waterfall(reception_match: ReceptionMatch) -> MatchWaterfall | None:
    """The waterfall behind a match, or None when its model did not record a starting point.

    prior weight = log2(p / (1 - p)) for the model's probability that two random records
    match; final weight = prior + each detail's weight; probability = 2^w / (1 + 2^w).
    """
    model = reception_match.model
    prior = prior_probability(model.settings if model is not None else None)
    evidence = reception_match.evidence if isinstance(reception_match.evidence, dict) else {}
    steps = tuple(_evidence_fields(evidence))
    if prior is None or not steps:
        return None
    prior_weight = match_weight_of(prior)
    thresholds = config.current().identification
    return MatchWaterfall(
        prior_probability=prior,
        prior_weight=prior_weight,
        steps=steps,
        final_weight=prior_weight + sum(step.match_weight or 0.0 for step in steps),
        review_weight=match_weight_of(thresholds.review_threshold),
        confirm_weight=match_weight_of(thresholds.confirm_threshold),
    )


@dataclass(frozen=True)
class SideBySideColumn:
    reference: str
    closest: bool
    compared: bool


@dataclass(frozen=True)
class SideBySideRow:
    label: str
    reception: str
    records: tuple[str, ...]


@dataclass(frozen=True)
class SideBySide:
    columns: tuple[SideBySideColumn, ...]
    rows: tuple[SideBySideRow, ...]


def _long_date(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def _joined(*parts: Any, separator: str = " ") -> str:
    return separator.join(str(p).strip() for p in parts if p and str(p).strip())


def _side_by_side(
    reception: PrisonMovement, records: list[PersonRecord], *, best_record: str, compared: set[str]
) -> SideBySide:
    """The reception beside each of the local adult's records, closest record first."""
    records = sorted(
        records,
        key=lambda r: (r.reference != best_record, r.reference not in compared, r.reference),
    )

    def row(label: str, reception_value: str, record_value) -> SideBySideRow:
        return SideBySideRow(
            label=label,
            reception=reception_value,
            records=tuple(record_value(r) for r in records),
        )

    return SideBySide(
        columns=tuple(
            SideBySideColumn(
                reference=r.reference,
                closest=r.reference == best_record,
                compared=r.reference in compared,
            )
            for r in records
        ),
        rows=(
            row(
                "Name",
                _joined(reception.first_name, reception.middle_names, reception.last_name),
                lambda r: _joined(r.first_name, r.middle_names, r.last_name),
            ),
            row(
                "Other names",
                _joined(*(reception.aliases or "").split("|"), separator=", "),
                lambda r: _joined(*(r.previous_last_names or "").split("|"), separator=", "),
            ),
            row(
                "Date of birth",
                _long_date(reception.date_of_birth),
                lambda r: _long_date(r.date_of_birth),
            ),
            row("Sex", reception.sex or "", lambda r: r.sex or ""),
            row(
                "Address",
                "No fixed abode"
                if reception.postcode == "NFA"
                else _joined(
                    reception.address_line_1,
                    reception.address_line_2,
                    reception.town,
                    separator=", ",
                ),
                lambda r: _joined(r.address_line_1, r.address_line_2, r.town, separator=", "),
            ),
            row(
                "Postcode",
                "" if reception.postcode == "NFA" else reception.postcode or "",
                lambda r: r.postcode or "",
            ),
        ),
    )


def _best_record(reception_match: ReceptionMatch) -> str:
    evidence = reception_match.evidence
    return _text(evidence.get("best_record")) if isinstance(evidence, dict) else ""


def pending_review_matches(*, viewer: Any) -> QuerySet[ReceptionMatch]:
    """Matches in the review band waiting for a decision that concern a child in the viewer's
    areas, oldest reception first."""
    if not has_permission(viewer, Permission.REVIEW_MATCHES):
        return ReceptionMatch.objects.none()
    in_areas = Identification.objects.filter(
        reception_match=OuterRef("pk"), area__in=viewer_areas(viewer)
    ).exclude(withheld_identifications_q())
    return (
        ReceptionMatch.objects.filter(
            Exists(in_areas), match_band=MatchBand.REVIEW, review_state=ReviewState.PENDING
        )
        .select_related("movement")
        .order_by("movement__movement_date", "movement__movement_id", "pk")
    )


def review_pending_count(*, viewer: Any) -> int:
    """How many matches wait for the viewer's review (for the navigation)."""
    return pending_review_matches(viewer=viewer).count()


ALIAS_COMPARED = IDENTITY_AGREEMENT[ALIAS]


@dataclass(frozen=True)
class ReviewQueueItem:
    reception_match: ReceptionMatch
    reception: PrisonMovement
    closest_record: PersonRecord | None
    identifications: list[Identification]
    waiting_days: int

    @property
    def compared_as(self) -> str:
        """The name the match was made under when it was not the name given: an alias, or the
        name turned round (empty otherwise)."""
        for field in self.reception_match.evidence.get("fields", []):
            if field.get("field") == IDENTITY_FIELD:
                how = (
                    "an alias given" if field.get("agreement") == ALIAS_COMPARED else "turned round"
                )
                return f"{field.get('reception_value', '')} ({how})"
        return ""


@dataclass(frozen=True)
class ReviewQueue:
    page: Page
    matches: int
    receptions: int
    children: int


def review_queue(*, viewer: Any, page_number: Any = 1) -> ReviewQueue:
    """One page of the matches waiting for the viewer's review, oldest reception first, each
    with the children identified through it in the viewer's areas.

    Refused (403, audited) for roles that do not review matches. Showing the names is audited
    in the same transaction as the read.
    """
    require_permission(viewer=viewer, permission=Permission.REVIEW_MATCHES)
    areas = viewer_areas(viewer)
    matches = pending_review_matches(viewer=viewer).prefetch_related(
        Prefetch(
            "identifications",
            queryset=Identification.objects.filter(area__in=areas)
            .exclude(withheld_identifications_q())
            .order_by("child_last_name", "child_first_name", "identification_id"),
            to_attr="identifications_in_areas",
        )
    )
    today = timezone.localdate()
    with transaction.atomic():
        counts = matches.order_by().aggregate(
            matches=Count("pk"), receptions=Count("movement", distinct=True)
        )
        children = Identification.objects.filter(
            reception_match__in=matches.order_by().values("pk"), area__in=areas
        ).count()
        page = Paginator(matches, PAGE_SIZE).get_page(page_number)
        page_matches = list(page.object_list)
        closest = _records_for(
            [pair for m in page_matches for pair in _references(_best_record(m))]
        )
        closest_by_reference = {r.reference: r for r in closest}
        page.object_list = [
            ReviewQueueItem(
                reception_match=m,
                reception=m.movement,
                closest_record=closest_by_reference.get(_best_record(m)),
                identifications=m.identifications_in_areas,
                waiting_days=max((today - m.movement.movement_date).days, 0),
            )
            for m in page_matches
        ]
        if page.object_list:
            audit.record(
                actor=viewer,
                action="reception_match.review_listed",
                subject_type=ReceptionMatch._meta.label_lower,
                purpose=REVIEW_PURPOSE,
                after={
                    "page": page.number,
                    "identifications": [
                        i.identification_id
                        for item in page.object_list
                        for i in item.identifications
                    ],
                },
            )
    return ReviewQueue(page=page, children=children, **counts)


# --- Where a child with no postcode lives ---------------------------------------------------

# A town or a source says which area a child lives in only when at least this many of its
# records that do carry a postcode are in one area, and this share of them.
PLACE_MIN_RECORDS = 20
PLACE_SHARE = 0.95


@dataclass(frozen=True)
class PlaceAreas:
    """The participating area each town and each source's records are in, learned from the
    records that carry a postcode: for a child none of whose records, and no adult they live
    with, carries one. Local authority boundaries do not follow towns exactly, so only a town
    (or a source) whose records are almost all in one area answers."""

    by_town: dict[str, str]
    by_source: dict[str, str]

    def area_of(self, towns, sources) -> str | None:
        """The area the towns on a child's records agree on, else the one their sources do."""
        for names, table in ((towns, self.by_town), (sources, self.by_source)):
            found = {table.get(_place(name)) for name in names if name} - {None}
            if len(found) == 1:
                return found.pop()
            if found:
                return None  # two areas: say nothing
        return None


def _place(name: str) -> str:
    return " ".join(name.lower().split())


def place_areas() -> PlaceAreas:
    """Read once per identification run, and only when a child without a postcode is found:
    one pass over the people records that carry a postcode (2.5 s at a million; counting in
    Python is faster than SQLite's GROUP BY, 6 s, here). Postcodes are stored normalised, with one
    space before the inward code."""
    areas = config.current()
    table = PersonRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT source, town, postcode FROM {table} WHERE postcode IS NOT NULL")  # noqa: S608 - table name from model metadata
        districts = Counter(
            (source, town, postcode.split(" ")[0]) for source, town, postcode in cursor.fetchall()
        )
    per_town: dict[str, Counter] = {}
    per_source: dict[str, Counter] = {}
    area_of_district: dict[str, str | None] = {}
    for (source, town, district), count in districts.items():
        if district not in area_of_district:
            area_of_district[district] = areas.area_for_postcode(f"{district}1AA")
        area = area_of_district[district]
        per_source.setdefault(_place(source), Counter())[area] += count
        if town:
            per_town.setdefault(_place(town), Counter())[area] += count
    return PlaceAreas(by_town=_one_area(per_town), by_source=_one_area(per_source))


def _one_area(counts: dict[str, Counter]) -> dict[str, str]:
    """Place -> area, for places whose records are almost all in one participating area."""
    learned = {}
    for place, per_area in counts.items():
        total = sum(per_area.values())
        area, most = per_area.most_common(1)[0]
        if area is not None and total >= PLACE_MIN_RECORDS and most >= PLACE_SHARE * total:
            learned[place] = area
    return learned
