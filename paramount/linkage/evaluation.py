"""Scoring an identifications export against ground truth (pair level), for tests and benchmarks.

Plain Python. A pair is (movement_id, true child person). A predicted row maps to the true
person most of its ``child_source_records`` belong to; a second row for the same true child of
the same reception counts as a false positive (a child listed twice).
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PairScore:
    predicted: int
    true: int
    true_positives: int
    duplicates: int
    confirmed: int
    confirmed_true_positives: int
    review: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.true if self.true else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def confirmed_precision(self) -> float:
        return self.confirmed_true_positives / self.confirmed if self.confirmed else 1.0

    @property
    def review_share(self) -> float:
        return self.review / self.predicted if self.predicted else 0.0

    def summary(self) -> str:
        return (
            f"precision {self.precision:.3f}, recall {self.recall:.3f}, F1 {self.f1:.3f}; "
            f"CONFIRMED precision {self.confirmed_precision:.3f}; REVIEW share {self.review_share:.1%}; "
            f"{self.predicted} predicted, {self.true} true, {self.duplicates} duplicates"
        )


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def score_export(export_file: Path, truth_dir: Path) -> PairScore:
    person_of = {
        f"{r['source']}:{r['record_id']}": r["person_id"]
        for r in _read(truth_dir / "people_truth.csv")
    }
    truth = {
        (r["movement_id"], r["child_person_id"])
        for r in _read(truth_dir / "identifications_truth.csv")
    }
    seen: set[tuple[str, str]] = set()
    tp = duplicates = confirmed = confirmed_tp = review = predicted = 0
    for row in _read(export_file):
        predicted += 1
        persons = Counter(
            person_of.get(ref, "?") for ref in row["child_source_records"].split("|") if ref
        )
        person = persons.most_common(1)[0][0] if persons else "?"
        pair = (row["movement_id"], person)
        correct = pair in truth and pair not in seen
        if pair in seen:
            duplicates += 1
        seen.add(pair)
        tp += correct
        if row["match_band"] == "CONFIRMED":
            confirmed += 1
            confirmed_tp += correct
        else:
            review += 1
    return PairScore(predicted, len(truth), tp, duplicates, confirmed, confirmed_tp, review)
