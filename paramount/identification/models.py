"""What the identification run found: receptions matched to local adults, and their children,
and what analysts decided about the matches that needed a person."""

from django.conf import settings
from django.db import models

from paramount.feeds.models import PrisonMovement
from paramount.linkage.models import LinkageModel


class MatchBand(models.TextChoices):
    CONFIRMED = "CONFIRMED", "Confirmed"
    REVIEW = "REVIEW", "Needs review"


class IdentificationStatus(models.TextChoices):
    IDENTIFIED = "IDENTIFIED", "Identified"
    # An analyst decided the prisoner is not the local adult: kept (and exported) for the record,
    # but nobody should act on it.
    REJECTED = "REJECTED", "Match rejected"


class ReviewState(models.TextChoices):
    """Where a reception match is in review. Changed only by ``reception_match_review``."""

    PENDING = "PENDING", "Waiting for review"
    NOT_NEEDED = "NOT_NEEDED", "Accepted automatically"
    CONFIRMED_BY_ANALYST = "CONFIRMED_BY_ANALYST", "Confirmed by an analyst"
    REJECTED_BY_ANALYST = "REJECTED_BY_ANALYST", "Rejected by an analyst"


class ReviewOutcome(models.TextChoices):
    """What an analyst decided: is the prisoner the local adult?"""

    CONFIRMED_SAME_PERSON = "CONFIRMED_SAME_PERSON", "Same person"
    REJECTED_DIFFERENT_PERSON = "REJECTED_DIFFERENT_PERSON", "Different person"


class IdentificationRun(models.Model):
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)
    model = models.ForeignKey(LinkageModel, null=True, on_delete=models.PROTECT, related_name="+")
    receptions = models.PositiveIntegerField(default=0)
    matched_receptions = models.PositiveIntegerField(default=0)
    identifications = models.PositiveIntegerField(default=0)
    children_outside_areas = models.PositiveIntegerField(default=0)
    resolved_people = models.BooleanField(
        default=False, help_text="Whether this run re-resolved local people."
    )
    timings = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"identification run {self.pk} ({self.started_at:%Y-%m-%d %H:%M})"


class ReceptionMatch(models.Model):
    """A received person linked to a resolved local adult, with the evidence for it."""

    movement = models.ForeignKey(PrisonMovement, on_delete=models.PROTECT, related_name="matches")
    adult_person_key = models.CharField(max_length=32)
    match_probability = models.FloatField()
    match_band = models.CharField(max_length=16, choices=MatchBand.choices)
    evidence = models.JSONField(
        help_text="Matched records and each compared field's agreement and weight."
    )
    run = models.ForeignKey(IdentificationRun, on_delete=models.PROTECT, related_name="matches")
    model = models.ForeignKey(LinkageModel, on_delete=models.PROTECT, related_name="+")
    # A match with no state recorded is one a person has to look at: the safe default.
    review_state = models.CharField(
        max_length=32, choices=ReviewState.choices, default=ReviewState.PENDING, db_index=True
    )
    version = models.PositiveIntegerField(
        default=1,
        help_text="Goes up with every change, so a decision made on an out-of-date page is refused.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "adult_person_key"], name="one_match_per_adult"
            ),
            # Only an automatically accepted match needs no review, and only a match in the
            # review band is decided by an analyst.
            models.CheckConstraint(
                condition=~models.Q(review_state=ReviewState.NOT_NEEDED)
                | models.Q(match_band=MatchBand.CONFIRMED),
                name="review_not_needed_only_when_confirmed",
            ),
            models.CheckConstraint(
                condition=~models.Q(
                    review_state__in=[
                        ReviewState.CONFIRMED_BY_ANALYST,
                        ReviewState.REJECTED_BY_ANALYST,
                    ]
                )
                | models.Q(match_band=MatchBand.REVIEW),
                name="analyst_decides_only_review_band",
            ),
        ]
        ordering = ["-match_probability"]

    def __str__(self) -> str:
        return f"{self.movement_id} ~ {self.adult_person_key} ({self.match_probability:.3f})"


class Identification(models.Model):
    """One child identified for one reception: a row of the contract's export."""

    identification_id = models.CharField(max_length=32, unique=True)
    movement = models.ForeignKey(
        PrisonMovement, on_delete=models.PROTECT, related_name="identifications"
    )
    reception_match = models.ForeignKey(
        ReceptionMatch, on_delete=models.PROTECT, related_name="identifications"
    )
    child_key = models.CharField(max_length=32, db_index=True)
    child_source_records = models.TextField()
    child_first_name = models.CharField(max_length=255)
    child_last_name = models.CharField(max_length=255)
    child_date_of_birth = models.DateField(null=True)
    child_age = models.PositiveSmallIntegerField(null=True)
    child_postcode = models.CharField(max_length=8, blank=True)
    area = models.CharField(max_length=64, db_index=True)
    relationship = models.CharField(max_length=16)
    lives_with_child = models.CharField(max_length=1, blank=True)
    parent_match_probability = models.FloatField()
    match_band = models.CharField(max_length=16, choices=MatchBand.choices, db_index=True)
    status = models.CharField(
        max_length=32, choices=IdentificationStatus.choices, default=IdentificationStatus.IDENTIFIED
    )
    relationship_records = models.JSONField(
        help_text="Every relationship row behind this identification."
    )
    created_at = models.DateTimeField(db_index=True)
    run = models.ForeignKey(
        IdentificationRun, on_delete=models.PROTECT, related_name="identification_rows"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "child_key"], name="one_child_per_reception"
            )
        ]
        ordering = [
            "-movement__movement_date",
            "movement__movement_id",
            "child_last_name",
            "child_first_name",
        ]

    def __str__(self) -> str:
        return self.identification_id


class ReviewDecision(models.Model):
    """An analyst's decision on whether the prisoner is the local adult of a reception match.

    Append-only: a decision is never edited; the latest one for a match is the one that counts.
    It keeps the probability and the model the analyst saw, so decisions can later be used as
    labels to measure a model.
    """

    reception_match = models.ForeignKey(
        ReceptionMatch, on_delete=models.PROTECT, related_name="decisions"
    )
    decision = models.CharField(max_length=32, choices=ReviewOutcome.choices)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(db_index=True)
    match_probability = models.FloatField(
        help_text="The match's probability when the decision was made."
    )
    model = models.ForeignKey(
        LinkageModel,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The linkage model whose match was decided.",
    )

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision=ReviewOutcome.CONFIRMED_SAME_PERSON)
                | ~models.Q(reason=""),
                name="rejection_has_a_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(match_probability__gte=0, match_probability__lte=1),
                name="decision_probability_between_0_and_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reception_match_id}: {self.decision} ({self.decided_at:%Y-%m-%d %H:%M})"


class HeldBackReception(models.Model):
    """A reception the identification run processed while a person it would have matched (the
    adult, or a child of theirs) was restricted (UK GDPR Art. 18). Lifting the restriction puts
    the reception back in the queue, so the next run identifies what it held back."""

    movement = models.ForeignKey(PrisonMovement, on_delete=models.PROTECT, related_name="+")
    # The restriction (privacy.PersonRestriction) by id: a later step's record, not a link.
    restriction_id = models.PositiveBigIntegerField(db_index=True)
    held_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "restriction_id"], name="one_hold_per_reception_and_restriction"
            )
        ]

    def __str__(self) -> str:
        return f"reception {self.movement_id} held back by restriction {self.restriction_id}"
