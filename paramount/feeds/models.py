"""What the feeds deliver, exactly as received and validated, with provenance and history."""

from django.db import models


class Feed(models.TextChoices):
    PRISON_MOVEMENTS = "prison_movements", "Prison movements"
    PEOPLE = "people", "People"
    RELATIONSHIPS = "relationships", "Relationships"


class BatchStatus(models.TextChoices):
    INGESTED = "INGESTED", "Ingested"
    REJECTED = "REJECTED", "Rejected"


class Batch(models.Model):
    """One file received on one feed: where every stored row came from."""

    feed = models.CharField(max_length=32, choices=Feed.choices)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    received_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)
    status = models.CharField(max_length=16, choices=BatchStatus.choices)
    rejected_reason = models.TextField(blank=True)
    rows = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    quarantined = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    unknown_columns = models.JSONField(default=list)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="REJECTED")
                | models.Q(
                    rows=models.F("new")
                    + models.F("updated")
                    + models.F("unchanged")
                    + models.F("quarantined")
                ),
                name="batch_rows_add_up",
            )
        ]

    def __str__(self) -> str:
        return f"{self.feed} {self.file_name} ({self.received_at:%Y-%m-%d %H:%M})"


class QuarantinedRow(models.Model):
    """A row that could not be accepted, kept as it came with the reason."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="quarantined_rows")
    row_number = models.PositiveIntegerField(
        help_text="Row in the file, counting the header as row 1."
    )
    reason = models.TextField()
    raw = models.JSONField()

    class Meta:
        ordering = ["batch", "row_number"]

    def __str__(self) -> str:
        return f"batch {self.batch_id} row {self.row_number}: {self.reason}"


class IngestWarning(models.Model):
    """An optional cell dropped from a kept row, or a file-level note such as unknown columns."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="warning_rows")
    row_number = models.PositiveIntegerField(null=True)
    column = models.CharField(max_length=64, blank=True)
    message = models.TextField()

    class Meta:
        ordering = ["batch", "row_number"]

    def __str__(self) -> str:
        return f"batch {self.batch_id} row {self.row_number or '-'}: {self.message}"


class FeedRecord(models.Model):
    """Provenance shared by every stored row: the batch that last set it and the first one."""

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="+")
    first_batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="+")
    row_number = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=40)

    class Meta:
        abstract = True


class PrisonMovement(FeedRecord):
    movement_id = models.CharField(max_length=255, unique=True)
    movement_type = models.CharField(max_length=16)
    movement_date = models.DateField(db_index=True)
    prison_number = models.CharField(max_length=7, db_index=True)
    pnc_id = models.CharField(max_length=13, null=True)
    first_name = models.CharField(max_length=255)
    middle_names = models.CharField(max_length=255, null=True)
    last_name = models.CharField(max_length=255)
    aliases = models.CharField(max_length=255, null=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, null=True)
    establishment_code = models.CharField(max_length=3)
    establishment_name = models.CharField(max_length=255, null=True)
    legal_status = models.CharField(max_length=32, null=True)
    offence_category = models.CharField(max_length=32, null=True)
    offence_description = models.TextField(null=True)
    pprc_flag = models.CharField(max_length=1, null=True)
    sentence_length_days = models.PositiveIntegerField(null=True)
    release_date = models.DateField(null=True)
    parole_eligibility_date = models.DateField(null=True)
    address_line_1 = models.CharField(max_length=255, null=True)
    address_line_2 = models.CharField(max_length=255, null=True)
    town = models.CharField(max_length=255, null=True)
    postcode = models.CharField(max_length=8, null=True)
    declared_children = models.CharField(max_length=1, null=True)
    # Set by the identification run when it has processed this reception.
    identified_at = models.DateTimeField(null=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.movement_type} {self.movement_id}"

    @property
    def is_reception(self) -> bool:
        return self.movement_type in ("RECEPTION", "RECALL")


class PersonRecord(FeedRecord):
    source = models.CharField(max_length=64)
    record_id = models.CharField(max_length=255)
    first_name = models.CharField(max_length=255)
    middle_names = models.CharField(max_length=255, null=True)
    last_name = models.CharField(max_length=255)
    previous_last_names = models.CharField(max_length=255, null=True)
    date_of_birth = models.DateField(null=True)
    sex = models.CharField(max_length=1, null=True)
    address_line_1 = models.CharField(max_length=255, null=True)
    address_line_2 = models.CharField(max_length=255, null=True)
    town = models.CharField(max_length=255, null=True)
    postcode = models.CharField(max_length=8, null=True)
    phone = models.CharField(max_length=255, null=True)
    csc_status = models.CharField(max_length=16, null=True)
    allocated_worker = models.CharField(max_length=255, null=True)
    school_urn = models.CharField(max_length=6, null=True)
    updated_at = models.DateField(null=True)
    # The resolved person this record belongs to; set by the linkage run.
    person_key = models.CharField(max_length=32, null=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "record_id"], name="person_record_key")
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.record_id}"

    @property
    def reference(self) -> str:
        return f"{self.source}:{self.record_id}"


class Relationship(FeedRecord):
    source = models.CharField(max_length=64)
    adult_record_id = models.CharField(max_length=255)
    child_record_id = models.CharField(max_length=255)
    relationship = models.CharField(max_length=16)
    parental_responsibility = models.CharField(max_length=1, null=True)
    lives_with_child = models.CharField(max_length=1, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "adult_record_id", "child_record_id"], name="relationship_key"
            ),
            models.CheckConstraint(
                condition=~models.Q(adult_record_id=models.F("child_record_id")),
                name="relationship_not_self",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.source}: {self.adult_record_id} {self.relationship} of {self.child_record_id}"
        )


class RecordHistory(models.Model):
    """The content a row had before an update replaced it."""

    feed = models.CharField(max_length=32, choices=Feed.choices)
    record_key = models.CharField(max_length=600, db_index=True)
    content = models.JSONField()
    content_batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="+")
    replaced_by_batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="+")
    replaced_at = models.DateTimeField()

    class Meta:
        ordering = ["record_key", "replaced_at"]

    def __str__(self) -> str:
        return f"{self.feed} {self.record_key} before batch {self.replaced_by_batch_id}"
