"""Reads of what the feeds delivered. Feed provenance carries no case content, so any signed-in
role that works with feeds may list it; personal data in quarantined rows is shown per row, and
only to an analyst who works in the area the row belongs to (:func:`quarantined_row_area`)."""

import re
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from paramount import config
from paramount.access import audit
from paramount.access.selectors import (
    Permission,
    has_permission,
    require_permission,
    viewer_areas,
)
from paramount.feeds.contract import POSTCODE, normalise_postcode
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


def quarantined_row_area(raw: Any) -> str | None:
    """The participating area a quarantined row belongs to, told from its postcode cell the way
    identification places a child; None when that cannot be told: no postcode cell, a cell that
    is not a full UK postcode, a postcode outside every area, or more cells than the header
    (the cells may not be under their columns)."""
    if not isinstance(raw, dict):
        return None
    named = [name for name in raw if name != "_cells"]
    if len(raw.get("_cells") or []) > len(named):
        return None
    postcode = raw.get("postcode")
    if not isinstance(postcode, str):
        return None
    compact = normalise_postcode(postcode)
    if not POSTCODE.match(compact):
        return None
    return config.current().area_for_postcode(compact)


def _areas_to_see(area: str | None) -> frozenset[str]:
    """The areas a viewer must work in to see a row's values: the row's own area, or every
    configured area when the row's area cannot be told (it could be any of them)."""
    if area is not None:
        return frozenset({area})
    return frozenset(each.name for each in config.current().areas)


WITHHELD_AREA = "Values not shown: the row's postcode is in an area you do not work in."
WITHHELD_UNPLACED = (
    "Values not shown: the row has no postcode in a participating area, so only an analyst who "
    "works in every area sees them."
)


@dataclass(frozen=True)
class QuarantinedRowView:
    row_number: int
    reason: str
    values: list[tuple[str, str]] | None  # None when the viewer may not see this row's values
    withheld: str = ""  # why the values are not shown, for a viewer whose role may see values


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

    Viewers whose role may see row values (VRU analysts) get a row as received, and the quoted
    values in its reason, only when they work in the row's area; a row whose area cannot be told
    only when they work in every area. Showing values is audited in the same transaction, naming
    the rows shown. Everyone else (administrators; analysts of other areas) gets the row numbers
    and reasons with the values hidden. A warning keeps no postcode of its row, so its quoted
    value follows the rule for a row whose area cannot be told.
    """
    require_permission(viewer=viewer, permission=Permission.VIEW_FEEDS)
    batch = Batch.objects.filter(pk=batch_id).first()
    if batch is None:
        raise Http404("No batch found")
    shows_values = has_permission(viewer, Permission.VIEW_QUARANTINED_VALUES)
    areas = frozenset(viewer_areas(viewer)) if shows_values else frozenset()
    sees_unplaced = shows_values and _areas_to_see(None) <= areas
    with transaction.atomic():
        quarantined = Paginator(quarantined_rows(batch_id=batch.pk), PAGE_SIZE).get_page(
            quarantine_page
        )
        shown_rows: list[int] = []
        views = []
        for row in quarantined.object_list:
            area = quarantined_row_area(row.raw)
            if shows_values and _areas_to_see(area) <= areas:
                shown_rows.append(row.row_number)
                views.append(QuarantinedRowView(row.row_number, row.reason, _row_values(row.raw)))
            else:
                views.append(
                    QuarantinedRowView(
                        row_number=row.row_number,
                        reason=_hide_values(row.reason),
                        values=None,
                        withheld=(WITHHELD_AREA if area else WITHHELD_UNPLACED)
                        if shows_values
                        else "",
                    )
                )
        quarantined.object_list = views
        warnings = Paginator(ingest_warnings(batch_id=batch.pk), PAGE_SIZE).get_page(warnings_page)
        warnings.object_list = [
            WarningView(
                row_number=row.row_number,
                column=row.column,
                message=row.message if sees_unplaced else _hide_values(row.message),
            )
            for row in warnings.object_list
        ]
        shown_warnings = [row.row_number for row in warnings.object_list] if sees_unplaced else []
        if shown_rows or shown_warnings:
            audit.record(
                actor=viewer,
                action="feeds.quarantine_viewed",
                subject=batch,
                purpose="feed data quality review",
                after={"quarantined_rows": shown_rows, "warning_rows": shown_warnings},
            )
    return BatchDetail(
        batch=batch, shows_values=shows_values, quarantined=quarantined, warnings=warnings
    )
