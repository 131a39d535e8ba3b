"""What the identification run found: receptions matched to local adults, and their children."""

from django.db import models

from paramount.feeds.models import PrisonMovement
from paramount.linkage.models import LinkageModel


class MatchBand(models.TextChoices):
    CONFIRMED = "CONFIRMED", "Confirmed"
    REVIEW = "REVIEW", "Needs review"


class IdentificationStatus(models.TextChoices):
    IDENTIFIED = "IDENTIFIED", "Identified"


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

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "adult_person_key"], name="one_match_per_adult"
            )
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
