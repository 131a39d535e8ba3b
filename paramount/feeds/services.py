"""Ingesting a feed file: validate at the edge, quarantine what cannot be kept, store the rest.

One file is one transaction: either every accepted row, every quarantined row, the batch and its
audit event are stored together, or (for a rejected file) nothing but the record of the
rejection is. Rows are applied in file order, so a later row with the same key updates an
earlier one; an update keeps the replaced content in :class:`RecordHistory`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from paramount.access import audit
from paramount.feeds.contract import FEEDS_BY_NAME, FeedSpec, RowRejected, validate_row
from paramount.feeds.models import (
    Batch,
    BatchStatus,
    IngestWarning,
    PersonRecord,
    PrisonMovement,
    QuarantinedRow,
    RecordHistory,
    Relationship,
)
from paramount.feeds.reader import FileRejected, open_feed

MODELS: dict[str, type[models.Model]] = {
    "prison_movements": PrisonMovement,
    "people": PersonRecord,
    "relationships": Relationship,
}
CHUNK = 20_000

# A row a later step says must never be kept again (an erased record, UK GDPR Art. 17) is
# refused at the edge. The later step registers its check here (paramount.privacy.apps), so the
# feeds app, the first step, imports nothing after it. A check is asked once per file:
# ``check(feed)`` gives a function from a row's validated values to why it is refused (words
# holding no personal data), or None when it has nothing to refuse.
RowRefusal = Callable[[dict], str | None]
_refusal_checks: list[Callable[[str], RowRefusal | None]] = []


def row_refusal_register(check: Callable[[str], RowRefusal | None]) -> None:
    if check not in _refusal_checks:
        _refusal_checks.append(check)


def _refusal_of(refusals: list[RowRefusal], header, cells) -> str | None:
    """Why a row is refused outright, judged on its cells as sent (trimmed), or None."""
    values = {name: (cell or "").strip() for name, cell in zip(header, cells, strict=False)}
    return next((reason for refusal in refusals if (reason := refusal(values))), None)


class FeedRejected(Exception):
    """The whole file was rejected and nothing from it was ingested."""

    def __init__(self, batch: Batch):
        super().__init__(batch.rejected_reason)
        self.batch = batch


@dataclass
class _Pending:
    values: dict
    row_number: int
    content_hash: str


def _content_hash(spec: FeedSpec, values: dict) -> str:
    joined = "\x1f".join("" if values[c] is None else str(values[c]) for c in spec.column_names)
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=16).hexdigest()


def _key(spec: FeedSpec, values: dict) -> tuple[str, ...]:
    return tuple(values[c] for c in spec.key)


def _json_ready(values: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}


def feed_ingest(*, feed: str, path: Path, acting_user=None, today: date | None = None) -> Batch:
    """Ingest one file on one feed and return its batch (counts filled in).

    Raises :class:`FeedRejected` (after recording the rejection) when the file as a whole is not
    acceptable; in that case no row from it is stored.
    """
    spec = FEEDS_BY_NAME[feed]
    data = Path(path).read_bytes()
    received_at = timezone.now()
    today = today or timezone.localdate()
    batch_fields = {
        "feed": spec.name,
        "file_name": Path(path).name[:255],
        "file_sha256": hashlib.sha256(data).hexdigest(),
        "received_at": received_at,
    }
    try:
        feed_file = open_feed(data, spec)
        with transaction.atomic():
            batch = Batch.objects.create(**batch_fields, status=BatchStatus.INGESTED)
            resent = (
                Batch.objects.filter(
                    feed=spec.name, file_sha256=batch.file_sha256, status=BatchStatus.INGESTED
                )
                .exclude(pk=batch.pk)
                .exists()
            )
            _ingest_rows(spec, feed_file, batch, today, resent=resent)
            batch.finished_at = timezone.now()
            batch.save()
            audit.record(
                actor=acting_user,
                action="feed.ingested",
                subject=batch,
                after={
                    "feed": spec.name,
                    "file": batch.file_name,
                    "sha256": batch.file_sha256,
                    **{
                        k: getattr(batch, k)
                        for k in ("rows", "new", "updated", "unchanged", "quarantined")
                    },
                },
            )
        return batch
    except FileRejected as rejection:
        with transaction.atomic():
            batch = Batch.objects.create(
                **batch_fields,
                status=BatchStatus.REJECTED,
                rejected_reason=str(rejection),
                finished_at=timezone.now(),
            )
            audit.record(
                actor=acting_user,
                action="feed.rejected",
                subject=batch,
                after={"reason": str(rejection)},
            )
        raise FeedRejected(batch) from None


def _ingest_rows(spec: FeedSpec, feed_file, batch: Batch, today: date, *, resent: bool) -> None:
    """Validate and apply every row. A file identical to one already ingested (``resent``) is
    read and counted, but every acceptable row in it is unchanged by definition: the file's later
    rows already superseded its earlier ones the first time."""
    model = MODELS[spec.name]
    # key -> (primary key, content hash) of every row this feed already holds
    existing: dict[tuple, tuple[int, str]] = {
        tuple(row[:-2]): (row[-2], row[-1])
        for row in model.objects.values_list(*spec.key, "pk", "content_hash").iterator(
            chunk_size=50_000
        )
    }
    counts = {"rows": 0, "new": 0, "updated": 0, "unchanged": 0, "quarantined": 0, "warnings": 0}
    warnings: list[IngestWarning] = []
    quarantined: list[QuarantinedRow] = []
    if feed_file.unknown_columns:
        counts["warnings"] += 1
        warnings.append(
            IngestWarning(
                batch=batch,
                message="unknown column(s) ignored: "
                + ", ".join(c or "(blank)" for c in feed_file.unknown_columns),
            )
        )

    pending: dict[tuple, _Pending] = {}
    refusals = [r for check in _refusal_checks if (r := check(spec.name)) is not None]

    def flush() -> None:
        _apply(spec, model, batch, pending, existing)
        pending.clear()
        IngestWarning.objects.bulk_create(warnings, batch_size=5000)
        QuarantinedRow.objects.bulk_create(quarantined, batch_size=5000)
        warnings.clear()
        quarantined.clear()

    for raw in feed_file.rows():
        counts["rows"] += 1
        # Before anything else, so that nothing of such a row is kept, not even in quarantine
        # with a cell that failed validation.
        refused = refusals and _refusal_of(refusals, feed_file.header, raw.raw)
        if refused:
            counts["quarantined"] += 1
            quarantined.append(
                QuarantinedRow(batch=batch, row_number=raw.row_number, reason=refused, raw={})
            )
            continue
        try:
            if raw.problem:
                raise RowRejected(raw.problem)
            values, cell_warnings = validate_row(spec, raw.cells, today)
        except RowRejected as reason:
            counts["quarantined"] += 1
            quarantined.append(
                QuarantinedRow(
                    batch=batch,
                    row_number=raw.row_number,
                    reason=str(reason),
                    raw=dict(zip(feed_file.header, raw.raw, strict=False))
                    | {"_cells": list(raw.raw)},
                )
            )
            continue
        for warning in cell_warnings:
            warnings.append(
                IngestWarning(
                    batch=batch,
                    row_number=raw.row_number,
                    column=warning.column,
                    message=warning.message,
                )
            )
        counts["warnings"] += len(cell_warnings)

        if resent:
            counts["unchanged"] += 1
            continue
        key = _key(spec, values)
        content_hash = _content_hash(spec, values)
        earlier = pending.get(key)
        known = existing.get(key)
        previous_hash = earlier.content_hash if earlier else (known[1] if known else None)
        if previous_hash is None:
            counts["new"] += 1
        elif previous_hash == content_hash:
            counts["unchanged"] += 1
            continue
        else:
            counts["updated"] += 1
            if earlier is not None:
                # An earlier row of this same file is being replaced: keep it in the history too.
                RecordHistory.objects.create(
                    feed=spec.name,
                    record_key="|".join(key),
                    content=_json_ready(earlier.values) | {"_row_number": earlier.row_number},
                    content_batch=batch,
                    replaced_by_batch=batch,
                    replaced_at=timezone.now(),
                )
        pending[key] = _Pending(values, raw.row_number, content_hash)
        if len(pending) >= CHUNK:
            flush()
    flush()
    for name, value in counts.items():
        setattr(batch, name, value)


def _apply(spec: FeedSpec, model, batch: Batch, pending: dict, existing: dict) -> None:
    """Write one chunk: insert new keys, update changed ones (keeping their old content)."""
    inserts, updates = [], []
    for key, item in pending.items():
        if key in existing:
            fields = item.values | {
                "batch": batch,
                "row_number": item.row_number,
                "content_hash": item.content_hash,
            }
            updates.append((key, fields))
        else:
            inserts.append(item)
            existing[key] = (None, item.content_hash)  # primary key looked up only if updated later
    _insert_rows(spec, model, batch, inserts)
    if updates:
        _update_rows(spec, model, batch, updates, existing)


def _insert_rows(spec: FeedSpec, model, batch: Batch, items: list[_Pending]) -> None:
    """Insert new rows with one prepared statement: Django's bulk_create spends most of its time
    compiling SQL per object, which dominated a million-row ingest."""
    if not items:
        return
    columns = [*spec.column_names, "batch_id", "first_batch_id", "row_number", "content_hash"]
    as_text = connection.vendor == "sqlite"  # SQLite stores dates as ISO text, as Django does
    rows = [
        (
            *(
                (v.isoformat() if as_text and isinstance(v, date) else v)
                for v in (item.values[c] for c in spec.column_names)
            ),
            batch.pk,
            batch.pk,
            item.row_number,
            item.content_hash,
        )
        for item in items
    ]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608 - names from model metadata
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def _update_rows(spec: FeedSpec, model, batch: Batch, updates: list, existing: dict) -> None:
    unknown_pks = [key for key, _ in updates if existing[key][0] is None]
    for start in range(0, len(unknown_pks), 200):  # SQLite limits expression depth
        for row in _rows_by_keys(spec, model, unknown_pks[start : start + 200]).values_list(
            *spec.key, "pk"
        ):
            existing[tuple(row[:-1])] = (row[-1], existing[tuple(row[:-1])][1])
    old_rows = model.objects.in_bulk([existing[key][0] for key, _ in updates])
    history = []
    now = timezone.now()
    for key, fields in updates:
        pk = existing[key][0]
        old = old_rows[pk]
        history.append(
            RecordHistory(
                feed=spec.name,
                record_key="|".join(str(getattr(old, c)) for c in spec.key),
                content=_json_ready({c: getattr(old, c) for c in spec.column_names})
                | {"_row_number": old.row_number},
                content_batch_id=old.batch_id,
                replaced_by_batch=batch,
                replaced_at=now,
            )
        )
        for name, value in fields.items():
            setattr(old, name, value)
        existing[key] = (pk, fields["content_hash"])
    RecordHistory.objects.bulk_create(history, batch_size=2000)
    model.objects.bulk_update(
        list(old_rows.values()),
        [*spec.column_names, "batch", "row_number", "content_hash"],
        batch_size=1000,
    )


def _rows_by_keys(spec: FeedSpec, model, keys: list[tuple]):
    condition = Q()
    for key in keys:
        condition |= Q(**dict(zip(spec.key, key, strict=True)))
    return model.objects.filter(condition)
