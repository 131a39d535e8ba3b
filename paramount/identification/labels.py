"""Analysts' review decisions as labels for measuring the linkage model.

Each decided match is one label: was the prisoner (``movement_id``) the local adult
(``adult_person_key``, matched through ``best_record``)? Only the latest decision on a match
counts. :func:`band_precision` and :func:`precision_at` measure the model against the labels;
they need no database, so a benchmark can run them on a file read with :func:`labels_read`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import OuterRef, Subquery

from paramount.access import audit
from paramount.identification.export import neutralise
from paramount.identification.models import ReceptionMatch, ReviewDecision, ReviewOutcome

LABEL_COLUMNS = (
    "movement_id", "adult_person_key", "best_record", "decision", "decided_at",
    "match_probability", "match_band", "model_id",
)  # fmt: skip


@dataclass(frozen=True)
class Label:
    movement_id: str
    adult_person_key: str
    best_record: str
    decision: str  # a ReviewOutcome value
    decided_at: str  # ISO 8601, UTC
    match_probability: float  # when the decision was made
    match_band: str
    model_id: str

    @property
    def same_person(self) -> bool:
        return self.decision == ReviewOutcome.CONFIRMED_SAME_PERSON


def review_labels() -> list[Label]:
    """The latest decision on every decided match, oldest decision first."""
    latest = ReviewDecision.objects.filter(reception_match=OuterRef("pk")).order_by(
        "-decided_at", "-id"
    )
    matches = (
        ReceptionMatch.objects.annotate(latest_decision=Subquery(latest.values("pk")[:1]))
        .filter(latest_decision__isnull=False)
        .select_related("movement")
    )
    decisions = ReviewDecision.objects.in_bulk([m.latest_decision for m in matches])
    labels = []
    for match in matches:
        decision = decisions[match.latest_decision]
        evidence = match.evidence if isinstance(match.evidence, dict) else {}
        labels.append(
            Label(
                movement_id=match.movement.movement_id,
                adult_person_key=match.adult_person_key,
                best_record=str(evidence.get("best_record") or ""),
                decision=decision.decision,
                decided_at=decision.decided_at.isoformat(),
                match_probability=decision.match_probability,
                match_band=match.match_band,
                model_id=str(decision.model_id),
            )
        )
    return sorted(labels, key=lambda label: (label.decided_at, label.movement_id))


def labels_export(*, out: Path, acting_user=None) -> int:
    """Write every label to ``out`` (CSV, formulas neutralised) and return how many; audited."""
    with transaction.atomic():
        labels = review_labels()
        with open(out, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(LABEL_COLUMNS)
            for label in labels:
                writer.writerow(
                    neutralise(
                        f"{label.match_probability:.6f}"
                        if column == "match_probability"
                        else getattr(label, column)
                    )
                    for column in LABEL_COLUMNS
                )
        audit.record(
            actor=acting_user,
            action="review.labels_exported",
            subject_type="export",
            subject_id=out.name,
            purpose="linkage model evaluation",
            after={"labels": len(labels)},
        )
    return len(labels)


def labels_read(path: Path) -> list[Label]:
    """Labels from a file written by :func:`labels_export`."""
    with open(path, newline="", encoding="utf-8") as handle:
        return [
            Label(
                **{
                    column: (float(row[column]) if column == "match_probability" else row[column])
                    for column in LABEL_COLUMNS
                }
            )
            for row in csv.DictReader(handle)
        ]


@dataclass(frozen=True)
class BandPrecision:
    band: str
    labelled: int
    same_person: int

    @property
    def different_people(self) -> int:
        return self.labelled - self.same_person

    @property
    def precision(self) -> float | None:
        """Share of the band's labelled matches that analysts confirmed (None if none)."""
        return self.same_person / self.labelled if self.labelled else None


def band_precision(labels: Iterable[Label]) -> dict[str, BandPrecision]:
    """Precision of each band the model gave (CONFIRMED, REVIEW) against analysts' labels: of
    the matches put in the band that an analyst decided, the share that were the same person."""
    counts: dict[str, list[int]] = {}
    for label in labels:
        labelled, same = counts.setdefault(label.match_band, [0, 0])
        counts[label.match_band] = [labelled + 1, same + int(label.same_person)]
    return {
        band: BandPrecision(band=band, labelled=labelled, same_person=same)
        for band, (labelled, same) in sorted(counts.items())
    }


def precision_at(labels: Iterable[Label], threshold: float) -> BandPrecision:
    """What precision a confirm threshold of ``threshold`` would have had on the labels: of the
    labelled matches at or above it, the share that were the same person. For choosing
    thresholds from measurement rather than by guess."""
    above = [label for label in labels if label.match_probability >= threshold]
    return BandPrecision(
        band=f">= {threshold:g}",
        labelled=len(above),
        same_person=sum(label.same_person for label in above),
    )
