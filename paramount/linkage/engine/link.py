"""Choosing the local person (if any) each received person is."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import pandas as pd

from paramount.linkage.engine.model import COMPARISONS, Scorer, field_weights
from paramount.linkage.engine.resolve import GENERATION_GAP_DAYS

# Values shown side by side as evidence for each comparison.
EVIDENCE_COLUMNS = {
    "first_name": "first_name",
    "last_name": "last_name",
    "date_of_birth": "dob",
    "address": "postcode",
    "sex": "sex",
}


@dataclass(frozen=True)
class FieldEvidence:
    field: str
    reception_value: str
    local_value: str
    agreement: str
    match_weight: float


@dataclass(frozen=True)
class PersonMatch:
    movement_id: str
    person_key: str
    probability: float
    best_record: str
    records: tuple[str, ...]  # every record of the person that scored against the reception
    fields: tuple[FieldEvidence, ...]
    runner_up_probability: float | None


def match_receptions(
    scorer: Scorer,
    receptions: pd.DataFrame,
    person_of_record: dict[str, str] | None = None,
    *,
    review_threshold: float,
) -> list[PersonMatch]:
    """For each reception (``unique_id`` = movement id), the local persons it is.

    Every person at or above ``review_threshold`` is kept: usually one, sometimes the same adult
    split across two resolved persons (whose children must all be found). Each match carries
    the runner-up's probability so a close call can be reviewed. Person keys come from the
    scorer's population; ``person_of_record`` sets them first when given.
    """
    if person_of_record is not None:
        scorer.set_person_keys(person_of_record)
    pairs = scorer.score_new(receptions, threshold=min(0.05, review_threshold))
    if pairs.empty:
        return []
    labels = scorer.level_labels()
    candidates = scorer.records_of_persons(pairs["unique_id_l"].astype(str).unique().tolist())
    known_dobs = _dates_of_birth_by_person(candidates)
    reception_dob = {
        str(uid): date.fromisoformat(dob)
        for uid, dob in zip(receptions["unique_id"], receptions["dob"], strict=True)
        if dob
    }
    # predict_between puts the population on the left and the new records on the right.
    person_of = dict(zip(candidates["unique_id"], candidates["person_key"], strict=True))
    pairs["person_key"] = pairs["unique_id_l"].map(person_of)
    pairs = pairs.dropna(subset=["person_key"]).sort_values("match_probability", ascending=False)

    matches: list[PersonMatch] = []
    for movement_id, movement_pairs in pairs.groupby("unique_id_r", sort=True):
        best_per_person = movement_pairs.drop_duplicates("person_key")
        probabilities = best_per_person["match_probability"].tolist()
        for rank, (_, best) in enumerate(best_per_person.iterrows()):
            probability = float(best["match_probability"])
            if probability < review_threshold:
                break
            if _generation_apart(
                reception_dob.get(str(movement_id)), known_dobs.get(best["person_key"], ())
            ):
                # The best pair may lack a date of birth (a school contact), but the person's
                # other records show someone a generation older or younger: a father, not his son.
                continue
            person_rows = movement_pairs[movement_pairs["person_key"] == best["person_key"]]
            runner_up = next((p for i, p in enumerate(probabilities) if i != rank), None)
            matches.append(
                PersonMatch(
                    movement_id=str(movement_id),
                    person_key=str(best["person_key"]),
                    probability=probability,
                    best_record=str(best["unique_id_l"]),
                    records=tuple(sorted(person_rows["unique_id_l"].astype(str))),
                    fields=_evidence(best, labels),
                    runner_up_probability=None if runner_up is None else float(runner_up),
                )
            )
    return matches


def _dates_of_birth_by_person(records: pd.DataFrame) -> dict[str, set[date]]:
    dobs: dict[str, set[date]] = defaultdict(set)
    for key, dob in zip(records["person_key"], records["dob"], strict=True):
        if isinstance(dob, str) and dob:
            dobs[key].add(date.fromisoformat(dob))
    return dobs


def _generation_apart(born: date | None, person_dobs) -> bool:
    """True when every known date of birth of the person is a generation away from ``born``
    (one record with a mistyped decade does not veto a person whose other records agree)."""
    return (
        born is not None
        and bool(person_dobs)
        and all(abs((born - other).days) > GENERATION_GAP_DAYS for other in person_dobs)
    )


def _evidence(pair: pd.Series, labels: dict[str, dict[int, str]]) -> tuple[FieldEvidence, ...]:
    weights = field_weights(pair)
    evidence = []
    for name in COMPARISONS:
        column = EVIDENCE_COLUMNS[name]
        gamma = pair.get(f"gamma_{name}")
        evidence.append(
            FieldEvidence(
                field=name,
                reception_value=_text(pair.get(f"{column}_r")),
                local_value=_text(pair.get(f"{column}_l")),
                agreement=labels.get(name, {}).get(int(gamma), "not known")
                if gamma is not None
                else "not known",
                match_weight=weights.get(name, 0.0),
            )
        )
    return tuple(evidence)


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)
