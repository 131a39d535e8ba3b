"""What the privacy app keeps of its own: the subject access requests received and answered."""

from django.conf import settings
from django.db import models


class SubjectAccessRequest(models.Model):
    """One person's request to see their data: when it came, when it is due, when answered.

    The person is named by their resolved person key, or by name and date of birth (or both),
    as the request gave them."""

    person_key = models.CharField(
        max_length=64, blank=True, help_text="The resolved person asking, if the request gave it."
    )
    name = models.CharField(max_length=255, blank=True, help_text="The name the request gave.")
    date_of_birth = models.DateField(null=True, help_text="The date of birth the request gave.")
    received_on = models.DateField()
    due_on = models.DateField(
        help_text="One calendar month from receipt, moved to the next working day."
    )
    exported_at = models.DateTimeField(null=True)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("received_on")),
                name="subject_access_due_after_receipt",
            ),
            models.CheckConstraint(
                condition=~models.Q(person_key="")
                | (~models.Q(name="") & models.Q(date_of_birth__isnull=False)),
                name="subject_access_names_the_person",
            ),
        ]

    def __str__(self) -> str:
        return f"subject access request {self.pk} (due {self.due_on:%Y-%m-%d})"


class RetentionAction(models.TextChoices):
    DELETE = "DELETE", "Deleted"
    ANONYMISE = "ANONYMISE", "Anonymised"
    KEEP = "KEEP", "Kept (not deleted by the retention job)"
    CLOSE = "CLOSE", "Closed (a case left open with no activity)"


class RetentionDecision(models.Model):
    """What one retention run decided for one model: how many rows, what action, from which
    cut-off. It holds counts only, so it outlives the rows it describes."""

    decided_at = models.DateTimeField()
    today = models.DateField(help_text="The day the run measured retention from.")
    model = models.CharField(max_length=64)
    category = models.CharField(max_length=32)
    action = models.CharField(max_length=16, choices=RetentionAction.choices)
    cut_off = models.DateField(help_text="Rows whose date is before this are past retention.")
    count = models.PositiveIntegerField()
    applied = models.BooleanField(help_text="False for a dry run.")
    reason = models.TextField()

    class Meta:
        ordering = ["-decided_at", "model"]

    def __str__(self) -> str:
        return f"retention {self.model}: {self.action} {self.count}"


class IdentificationMonthlyCount(models.Model):
    """Identifications per area per month, kept so reporting survives retention."""

    area = models.CharField(max_length=64)
    month = models.DateField(help_text="The first day of the month.")
    identifications = models.PositiveIntegerField()

    class Meta:
        ordering = ["month", "area"]
        constraints = [
            models.UniqueConstraint(fields=["area", "month"], name="one_count_per_area_month")
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.month:%Y-%m}: {self.identifications}"


class PersonRestriction(models.Model):
    """A person whose data is kept but not used (UK GDPR Art. 18) until the restriction is
    lifted. ``records`` keeps the ``source:record_id`` of their records when restricted, so the
    restriction holds even if a later resolution gives them a new person key."""

    person_key = models.CharField(max_length=64, db_index=True)
    records = models.JSONField(default=list)
    reason = models.TextField()
    restricted_at = models.DateTimeField()
    restricted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-restricted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person_key"],
                condition=models.Q(lifted_at__isnull=True),
                name="one_live_restriction_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"restriction {self.pk}"


class Erasure(models.Model):
    """That a person's local records were erased (UK GDPR Art. 17): when, by whom, why, and how
    many rows. It holds no name or key: only a keyed hash of the person key (the key is kept
    outside the database, ``privacy.keys``), so nobody holding the database alone can test a
    key against it."""

    person_key_hash = models.CharField(max_length=64, db_index=True)
    reason = models.TextField()
    erased_at = models.DateTimeField()
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    rows = models.JSONField(default=dict, help_text="Rows deleted or anonymised, per model.")

    class Meta:
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return f"erasure {self.pk}"

    @property
    def reference(self) -> str:
        return f"E-{self.pk}"


class ErasedRecord(models.Model):
    """A tombstone: one record an erasure removed, as a keyed hash of what identifies it in its
    feed (``source:record_id`` of a person, the movement id of a reception), so a source that
    sends it again is refused at ingest without the record being kept."""

    erasure = models.ForeignKey(Erasure, on_delete=models.PROTECT, related_name="records")
    record_hash = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["erasure", "record_hash"], name="one_tombstone_each")
        ]

    def __str__(self) -> str:
        return f"erased record {self.pk} of erasure {self.erasure_id}"
