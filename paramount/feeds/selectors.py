"""Reads of what the feeds delivered. Feed provenance carries no case content, so any signed-in
role that works with feeds may list it; personal data in quarantined rows is shown per row."""

import re
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from paramount.access import audit
from paramount.access.selectors import Permission, has_permission, require_permission
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
    adult = PersonRecord.objects.filter(
        source=OuterRef("source"), record_id=OuterRef("adult_record_id")
    )
    child = PersonRecord.objects.filter(
        source=OuterRef("source"), record_id=OuterRef("child_record_id")
    )
    return Relationship.objects.filter(~Exists(adult) | ~Exists(child)).order_by(
        "source", "adult_record_id"
    )


# What the web pages show, narrowed to what the viewer may see. -----------------------------

_QUOTED_VALUE = re.compile(r'"(.*)"')
HIDDEN_VALUE = "[value hidden]"
PAGE_SIZE = 50


def _hide_values(message: str) -> str:
    """Reasons and warnings quote the offending cell (``date_of_birth "2023-02-30" is not a
    real date``); for viewers who may not see row values, the quoted value is hidden."""
    return _QUOTED_VALUE.sub(HIDDEN_VALUE, message)


@dataclass(frozen=True)
class FeedsOverview:
    batches: QuerySet[Batch]
    unresolved_relationships: int


def feeds_overview(*, viewer: Any) -> FeedsOverview:
    """Every batch received, newest first, and how many relationships still wait for their
    people rows. Refused (403, audited) for roles that do not work with feeds."""
    require_permission(viewer=viewer, permission=Permission.VIEW_FEEDS)
    return FeedsOverview(
        batches=batch_list(), unresolved_relationships=unresolved_relationships().count()
    )


@dataclass(frozen=True)
class QuarantinedRowView:
    row_number: int
    reason: str
    values: list[tuple[str, str]] | None  # None when the viewer may not see row values


@dataclass(frozen=True)
class WarningView:
    row_number: int | None
    column: str
    message: str


@dataclass(frozen=True)
class BatchDetail:
    batch: Batch
    shows_values: bool
    quarantined: Page
    warnings: Page


def _row_values(raw: Any) -> list[tuple[str, str]]:
    """The cells of a quarantined row as (column, value) pairs, in file order.

    ``raw`` maps header names to cells and keeps every cell under ``_cells``, so a row with more
    cells than the header still shows the extra ones.
    """
    if not isinstance(raw, dict):
        return [("row", str(raw))]
    named = [(str(k), "" if v is None else str(v)) for k, v in raw.items() if k != "_cells"]
    cells = raw.get("_cells") or []
    extra = [
        (f"extra cell {i}", "" if v is None else str(v))
        for i, v in enumerate(cells[len(named) :], start=1)
    ]
    return named + extra


def batch_detail(
    *, viewer: Any, batch_id: int, quarantine_page: Any = 1, warnings_page: Any = 1
) -> BatchDetail:
    """One batch with a page of its quarantined rows and a page of its warnings.

    Viewers who may see row values (VRU analysts) get the rows as received and the quoted values
    in reasons; showing them is audited in the same transaction. Others (administrators) get the
    row numbers and reasons with the values hidden.
    """
    require_permission(viewer=viewer, permission=Permission.VIEW_FEEDS)
    batch = Batch.objects.filter(pk=batch_id).first()
    if batch is None:
        raise Http404("No batch found")
    shows_values = has_permission(viewer, Permission.VIEW_QUARANTINED_VALUES)
    with transaction.atomic():
        quarantined = Paginator(quarantined_rows(batch_id=batch.pk), PAGE_SIZE).get_page(
            quarantine_page
        )
        quarantined.object_list = [
            QuarantinedRowView(
                row_number=row.row_number,
                reason=row.reason if shows_values else _hide_values(row.reason),
                values=_row_values(row.raw) if shows_values else None,
            )
            for row in quarantined.object_list
        ]
        warnings = Paginator(ingest_warnings(batch_id=batch.pk), PAGE_SIZE).get_page(warnings_page)
        warnings.object_list = [
            WarningView(
                row_number=row.row_number,
                column=row.column,
                message=row.message if shows_values else _hide_values(row.message),
            )
            for row in warnings.object_list
        ]
        if shows_values and (quarantined.object_list or warnings.object_list):
            audit.record(
                actor=viewer,
                action="feeds.quarantine_viewed",
                subject=batch,
                purpose="feed data quality review",
                after={
                    "quarantined_rows": [row.row_number for row in quarantined.object_list],
                    "warning_rows": [row.row_number for row in warnings.object_list],
                },
            )
    return BatchDetail(
        batch=batch, shows_values=shows_values, quarantined=quarantined, warnings=warnings
    )
