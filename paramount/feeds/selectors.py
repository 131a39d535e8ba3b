"""Reads of what the feeds delivered. Feed provenance carries no case content, so any signed-in
role that works with feeds may list it; personal data in quarantined rows is shown per row."""

from django.db.models import Exists, OuterRef, QuerySet

from paramount.feeds.models import Batch, IngestWarning, PersonRecord, QuarantinedRow, Relationship


def batch_list() -> QuerySet[Batch]:
    return Batch.objects.all()


def quarantined_rows(*, batch_id: int | None = None) -> QuerySet[QuarantinedRow]:
    rows = QuarantinedRow.objects.select_related("batch").order_by("-batch_id", "row_number")
    return rows.filter(batch_id=batch_id) if batch_id else rows


def ingest_warnings(*, batch_id: int | None = None) -> QuerySet[IngestWarning]:
    rows = IngestWarning.objects.select_related("batch").order_by("-batch_id", "row_number")
    return rows.filter(batch_id=batch_id) if batch_id else rows


def unresolved_relationships() -> QuerySet[Relationship]:
    """Relationships whose adult or child record has not arrived yet: kept, and applied later."""
    adult = PersonRecord.objects.filter(source=OuterRef("source"), record_id=OuterRef("adult_record_id"))
    child = PersonRecord.objects.filter(source=OuterRef("source"), record_id=OuterRef("child_record_id"))
    return Relationship.objects.filter(~Exists(adult) | ~Exists(child)).order_by("source", "adult_record_id")
