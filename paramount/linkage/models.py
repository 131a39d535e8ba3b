"""Linkage models that produced identifications: saved with every training, kept for audit."""

from django.db import models


class LinkageModel(models.Model):
    """A trained Splink model (its JSON settings with m and u probabilities)."""

    created_at = models.DateTimeField()
    splink_version = models.CharField(max_length=32)
    settings = models.JSONField(
        help_text="Splink's saved model: comparisons, m/u probabilities, blocking rules."
    )
    training_summary = models.JSONField(
        default=dict, help_text="What it was trained on and how long it took."
    )
    population_fingerprint = models.CharField(
        max_length=64, help_text="Hash of the people data it was trained on."
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"linkage model {self.pk} ({self.created_at:%Y-%m-%d %H:%M})"


class Resolution(models.Model):
    """One resolution of local records into persons (``PersonRecord.person_key``)."""

    created_at = models.DateTimeField()
    model = models.ForeignKey(LinkageModel, on_delete=models.PROTECT, related_name="resolutions")
    population_fingerprint = models.CharField(max_length=64, db_index=True)
    records = models.PositiveIntegerField()
    persons = models.PositiveIntegerField()
    seconds = models.FloatField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"resolution {self.pk}: {self.records:,} records into {self.persons:,} people"
