"""Review decisions as labels: ``paramount linkage labels --out FILE`` and the precision of the
model's bands against them. Every name is made up."""

from __future__ import annotations

import csv
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from paramount.access.models import AuditEvent
from paramount.identification.labels import (
    LABEL_COLUMNS,
    Label,
    band_precision,
    labels_read,
    precision_at,
    review_labels,
)
from paramount.identification.models import (
    MatchBand,
    ReceptionMatch,
    ReviewDecision,
    ReviewOutcome,
    ReviewState,
)
from paramount.identification.services import reception_match_review

pytestmark = pytest.mark.django_db


def decide(match, user, decision, reason="Checked the records"):
    reception_match_review(
        reception_match=match,
        decision=decision,
        reason=reason,
        expected_version=match.version,
        acting_user=user,
    )


@pytest.fixture
def decided(identifications, analyst):
    """Three review-band matches: two confirmed, one rejected; and one nobody decided."""
    matches = [
        identifications.build(band=MatchBand.REVIEW, probability=p).reception_match
        for p in (0.95, 0.85, 0.83, 0.90)
    ]
    decide(matches[0], analyst, ReviewOutcome.CONFIRMED_SAME_PERSON)
    decide(matches[1], analyst, ReviewOutcome.CONFIRMED_SAME_PERSON)
    decide(matches[2], analyst, ReviewOutcome.REJECTED_DIFFERENT_PERSON)
    return matches


def test_one_label_per_decided_match(decided):
    labels = review_labels()
    assert len(labels) == 3
    by_movement = {label.movement_id: label for label in labels}
    first = by_movement[decided[0].movement.movement_id]
    assert first.adult_person_key == decided[0].adult_person_key
    assert first.best_record == decided[0].evidence["best_record"]
    assert first.decision == "CONFIRMED_SAME_PERSON" and first.same_person
    assert first.match_band == "REVIEW" and first.match_probability == 0.95
    assert first.model_id == str(decided[0].model_id)
    assert not by_movement[decided[2].movement.movement_id].same_person
    assert decided[3].movement.movement_id not in by_movement


def test_the_latest_decision_counts(decided, analyst):
    # History is append-only; a later decision (say, made by a supervisor) is the one that counts.
    ReviewDecision.objects.create(
        reception_match=decided[0],
        decision=ReviewOutcome.REJECTED_DIFFERENT_PERSON,
        reason="A second look found a different date of birth",
        decided_by=analyst,
        decided_at=timezone.now() + timedelta(minutes=5),
        match_probability=0.95,
        model=decided[0].model,
    )
    labels = {label.movement_id: label for label in review_labels()}
    assert len(labels) == 3
    assert labels[decided[0].movement.movement_id].decision == "REJECTED_DIFFERENT_PERSON"


def test_band_precision_and_precision_at_a_threshold(decided):
    labels = review_labels()
    review = band_precision(labels)["REVIEW"]
    assert (review.labelled, review.same_person, review.different_people) == (3, 2, 1)
    assert review.precision == pytest.approx(2 / 3)
    # Had matches been accepted from 0.84, the labelled ones above it were all right.
    above = precision_at(labels, 0.84)
    assert (above.labelled, above.same_person, above.precision) == (2, 2, 1.0)
    assert precision_at(labels, 0.99).precision is None
    assert band_precision([]) == {}


def test_band_precision_separates_bands():
    def label(band, same):
        decision = "CONFIRMED_SAME_PERSON" if same else "REJECTED_DIFFERENT_PERSON"
        return Label("M", "P", "S:R", decision, "2026-11-20T10:00:00+00:00", 0.9, band, "1")

    result = band_precision(
        [label("CONFIRMED", True)] * 9 + [label("CONFIRMED", False), label("REVIEW", False)]
    )
    assert result["CONFIRMED"].precision == pytest.approx(0.9)
    assert result["REVIEW"].precision == 0.0


def test_the_labels_command_writes_the_file_and_prints_precision(decided, tmp_path, capsys):
    out = tmp_path / "labels.csv"
    call_command("linkage", "labels", "--out", str(out))
    printed = capsys.readouterr().out
    assert "3 labels written to" in printed
    assert "REVIEW: 3 decided, 2 same person, 1 different people; precision 0.667" in printed
    with open(out, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames) == LABEL_COLUMNS
        rows = list(reader)
    assert len(rows) == 3
    assert {row["decision"] for row in rows} == {
        "CONFIRMED_SAME_PERSON",
        "REJECTED_DIFFERENT_PERSON",
    }
    assert all(row["decided_at"] and row["adult_person_key"] for row in rows)
    assert labels_read(out) == review_labels()
    event = AuditEvent.objects.get(action="review.labels_exported")
    assert event.after == {"labels": 3}


def test_no_decisions_no_labels(identifications, tmp_path):
    identifications.build(band=MatchBand.REVIEW)
    out = tmp_path / "labels.csv"
    call_command("linkage", "labels", "--out", str(out))
    assert out.read_text().strip() == ",".join(LABEL_COLUMNS)
    assert ReceptionMatch.objects.get().review_state == ReviewState.PENDING
