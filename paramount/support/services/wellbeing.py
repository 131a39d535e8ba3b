"""Wellbeing scores: 0–10 per child at assessment, each review and closure, with who scored it,
and the Strengths and Difficulties Questionnaire total when one was taken."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from paramount.access import audit
from paramount.support.models import Occasion, Scorer, SupportCase, SupportChild, WellbeingScore
from paramount.support.services.cases import (
    PURPOSE,
    SupportError,
    require_consent_standing,
    require_open,
    require_worker,
)

SCORE_MAXIMUM = 10
SDQ_MAXIMUM = 40
# The charity's benchmark: a child scoring 7 out of 10 or more is doing well.
WELLBEING_BENCHMARK = 7


@dataclass(frozen=True)
class ScoreDetails:
    child: SupportChild
    scored_on: date
    occasion: Occasion
    scored_by: Scorer
    score: int
    sdq_total: int | None = None


def score_save(*, case: SupportCase, details: ScoreDetails, acting_user: Any) -> WellbeingScore:
    """Record one score in the caller's transaction (closure records its final scores here)."""
    if details.child.case_id != case.pk:
        raise SupportError("That child is not part of this case.")
    if details.occasion not in Occasion.values or details.scored_by not in Scorer.values:
        raise SupportError("Choose when the score was taken and who gave it. Nothing was saved.")
    if not 0 <= details.score <= SCORE_MAXIMUM:
        raise SupportError(
            f"A wellbeing score is 0 to {SCORE_MAXIMUM}, not {details.score}. Nothing was saved."
        )
    if details.sdq_total is not None and not 0 <= details.sdq_total <= SDQ_MAXIMUM:
        raise SupportError(
            f"An SDQ total difficulties score is 0 to {SDQ_MAXIMUM}, not {details.sdq_total}. "
            "Nothing was saved."
        )
    if details.scored_on > timezone.localdate():
        raise SupportError(
            f"The date {details.scored_on:%-d %B %Y} is in the future: record a score on or "
            "after the day it was given. Nothing was saved."
        )
    score = WellbeingScore.objects.create(
        child=details.child,
        scored_on=details.scored_on,
        occasion=details.occasion,
        scored_by=details.scored_by,
        score=details.score,
        sdq_total=details.sdq_total,
        recorded_by=acting_user,
        recorded_at=timezone.now(),
    )
    audit.record(
        actor=acting_user,
        action="support.wellbeing_scored",
        subject=score,
        purpose=PURPOSE,
        after={"case": case.pk, "child": details.child.pk, "occasion": details.occasion},
    )
    return score


def wellbeing_record(
    *, case: SupportCase, details: ScoreDetails, acting_user: Any
) -> WellbeingScore:
    """Record a wellbeing score for a child of an open case whose family's consent stands."""
    require_worker(acting_user, case)
    require_open(case)
    require_consent_standing(case)
    with transaction.atomic():
        return score_save(case=case, details=details, acting_user=acting_user)


# --- what the pages show (the viewer may already work on the case) ---------------------


def child_scores(child: SupportChild) -> list[WellbeingScore]:
    """Every score of the child, oldest first."""
    return list(child.wellbeing_scores.order_by("scored_on", "pk"))


def latest_scores(case: SupportCase) -> dict[int, WellbeingScore]:
    """Each child's most recent score, by child id (children never scored are left out)."""
    latest: dict[int, WellbeingScore] = {}
    for score in WellbeingScore.objects.filter(child__case=case).order_by("scored_on", "pk"):
        latest[score.child_id] = score
    return latest
