"""Whether it is safe and right to approach a family: the flags the data raises, and the
analysts' decisions on them."""

from django.conf import settings
from django.db import models

from paramount.families.models import Family
from paramount.privacy.fields import EncryptedTextField


class FlagCode(models.TextChoices):
    PPRC = "PPRC", "Person posing a risk to children"
    DOMESTIC_ABUSE_OR_SEXUAL = "DOMESTIC_ABUSE_OR_SEXUAL", "Domestic abuse or sexual offence"
    CHILD_PROTECTION_PLAN = "CHILD_PROTECTION_PLAN", "Child on a child protection plan"
    LOOKED_AFTER = "LOOKED_AFTER", "Child looked after by the local authority"
    CHILD_IN_NEED = "CHILD_IN_NEED", "Child in need or early help"
    NOT_LIVING_WITH_CHILD = "NOT_LIVING_WITH_CHILD", "Received person does not live with the child"
    REPEAT_WITH_OPEN_CASE = "REPEAT_WITH_OPEN_CASE", "Recall or repeat reception with an open case"
    NO_FIXED_ABODE = "NO_FIXED_ABODE", "No fixed abode"
    REMAND = "REMAND", "On remand"


class FlagSeverity(models.TextChoices):
    # Approving contact despite a red flag needs a second analyst.
    RED = "RED", "Red"
    AMBER = "AMBER", "Amber"


class ScreeningFlag(models.Model):
    """One thing the data says that bears on contact, with where it came from."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="flags")
    code = models.CharField(max_length=32, choices=FlagCode.choices)
    severity = models.CharField(max_length=8, choices=FlagSeverity.choices)
    detail = models.CharField(max_length=500)
    source = models.CharField(
        max_length=255, help_text="The record the flag comes from, e.g. OXON_CSC:R00012."
    )
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["family", "code", "source"], name="one_flag_per_code_and_source"
            )
        ]
        ordering = ["severity", "code", "source"]

    def __str__(self) -> str:
        return f"{self.family}: {self.code} ({self.source})"


class ScreeningOutcome(models.TextChoices):
    APPROVE_CONTACT = "APPROVE_CONTACT", "Approve contact"
    NOT_APPROPRIATE = "NOT_APPROPRIATE", "Contact not appropriate"
    COORDINATE_WITH_CSC = "COORDINATE_WITH_CSC", "Coordinate with children's social care"


class NotAppropriateReason(models.TextChoices):
    RISK_TO_CHILD = "RISK_TO_CHILD", "Contact could put a child at risk"
    CSC_ADVISED_AGAINST = "CSC_ADVISED_AGAINST", "Children's social care advised against contact"
    ALREADY_SUPPORTED = "ALREADY_SUPPORTED", "The family is already supported"
    MATCH_DOUBTFUL = "MATCH_DOUBTFUL", "The match is in doubt"
    NO_CHILD_TO_SUPPORT = "NO_CHILD_TO_SUPPORT", "No child left to support (moved, turned 18)"
    OTHER = "OTHER", "Another reason (explained in the rationale)"


class CountersignOutcome(models.TextChoices):
    AGREED = "AGREED", "Agreed: contact approved"
    REFUSED = "REFUSED", "Refused: back to screening"


class ScreeningDecision(models.Model):
    """An analyst's screening decision. Append-only: a new decision supersedes, never edits."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="screening_decisions")
    outcome = models.CharField(max_length=32, choices=ScreeningOutcome.choices)
    reason_code = models.CharField(max_length=32, choices=NotAppropriateReason.choices, blank=True)
    # Encrypted at rest (SECURITY 21): the database cannot see, so cannot check, that it is not
    # empty; screening_decide refuses an empty rationale instead.
    rationale = EncryptedTextField()
    red_flags = models.JSONField(
        default=list, help_text="The red flags standing when the decision was made."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    # Four eyes: approving contact despite a red flag waits for a second analyst.
    needs_countersignature = models.BooleanField(default=False)
    countersign_outcome = models.CharField(
        max_length=16, choices=CountersignOutcome.choices, blank=True
    )
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    countersigned_at = models.DateTimeField(null=True)
    countersign_note = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="NOT_APPROPRIATE") | ~models.Q(reason_code=""),
                name="not_appropriate_has_a_reason_code",
            ),
            # The second pair of eyes is never the first.
            models.CheckConstraint(
                condition=models.Q(countersigned_by__isnull=True)
                | ~models.Q(countersigned_by=models.F("decided_by")),
                name="countersigned_by_another_analyst",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family}: {self.outcome} ({self.decided_at:%Y-%m-%d})"
