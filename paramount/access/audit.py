"""Writing the audit trail, and checking it has not been tampered with (SECURITY 12 and 13).

Call :func:`record` inside the transaction of the change. Each row is chained to the one before
by an HMAC under the audit key (``paramount.access.audit_keys``), kept outside the database; a
checkpoint of the trail's head goes to a file outside the database after each commit
(``paramount.access.audit_checkpoints``). :func:`audit_verify` checks both.
"""

from __future__ import annotations

import hashlib
import heapq
import hmac
import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from paramount.access.audit_checkpoints import (
    Checkpoint,
    CheckpointFile,
    audit_checkpoint_write,
    checkpoint_path,
    short,
)
from paramount.access.audit_keys import ENVIRONMENT_VARIABLE as KEYS_VARIABLE
from paramount.access.audit_keys import AuditKey, audit_keys, current_key, key_by_id
from paramount.access.models import AuditEvent
from paramount.key_source import KeyConfigurationError

logger = logging.getLogger(__name__)

SYSTEM = "system"
GENESIS = "0" * 64
# Any constant: every audited transaction on PostgreSQL takes this lock before reading the last
# hash, so two transactions never chain onto the same row (SQLite serialises writers anyway).
_CHAIN_LOCK = 7_316_001


def _canonical(value: Any) -> Any:
    """The value as the JSON column gives it back (tuples as lists, keys as strings)."""
    return None if value is None else json.loads(json.dumps(value))


def _encoded(event: AuditEvent, prev_hash: str, **extra: str) -> bytes:
    """The row's content and the previous row's hash, as canonical JSON."""
    at = event.at.astimezone(UTC) if event.at.tzinfo else event.at
    content = {
        "prev_hash": prev_hash,
        "at": at.isoformat(),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "role": event.role,
        "organisation": event.organisation,
        "action": event.action,
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "purpose": event.purpose,
        "before": _canonical(event.before),
        "after": _canonical(event.after),
        **extra,
    }
    encoded = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return encoded.encode("utf-8")


def row_hash(event: AuditEvent, prev_hash: str, key: AuditKey) -> str:
    """HMAC-SHA256, under the audit key, of the row's content, its key's id and the previous
    row's hash. Without the key nobody can make a row, or a rebuilt chain, that verifies."""
    return key.mac(_encoded(event, prev_hash, key_id=key.id))


def unkeyed_row_hash(event: AuditEvent, prev_hash: str) -> str:
    """SHA-256 of the row's content and the previous row's hash: how rows were chained before
    the chain was keyed. Such rows (no key id) still verify: the first keyed row's HMAC covers
    the last of them, and so seals them all."""
    return hashlib.sha256(_encoded(event, prev_hash)).hexdigest()


def _last_hash() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
    last = AuditEvent.objects.order_by("-id").values_list("row_hash", flat=True).first()
    return last or GENESIS


def record(
    *,
    actor: Any | None,
    action: str,
    subject: models.Model | None = None,
    subject_type: str = "",
    subject_id: str = "",
    purpose: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Append one audit event. ``actor`` is a user, or None for the system's own scheduled work.

    Refuses to run outside a transaction so that an audit row always commits or rolls back
    together with the change it records.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "audit.record must be called inside the transaction of the change it records"
        )
    membership = getattr(actor, "membership", None) if actor is not None else None
    if subject is not None:
        subject_type = subject_type or subject._meta.label_lower
        subject_id = subject_id or str(subject.pk)
    event = AuditEvent(
        at=timezone.now(),
        actor=actor,
        actor_name=actor.get_username() if actor is not None else SYSTEM,
        role=membership.role if membership else "",
        organisation=membership.organisation if membership else "",
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        purpose=purpose,
        before=_canonical(before),
        after=_canonical(after),
    )
    key = current_key()
    event.key_id = key.id
    event.prev_hash = _last_hash()
    event.row_hash = row_hash(event, event.prev_hash, key)
    event.save()
    _checkpoint_after_commit()
    return event


def _checkpoint_after_commit() -> None:
    """Once per transaction: a checkpoint of the trail's head when the transaction commits."""
    current = transaction.get_connection()
    if not any(entry[1] is _checkpoint_committed for entry in current.run_on_commit):
        transaction.on_commit(_checkpoint_committed)


def _checkpoint_committed() -> None:
    try:
        audit_checkpoint_write()
    except (OSError, DatabaseError, KeyConfigurationError) as error:
        # The change and its audit rows are committed; only the checkpoint is missing, and the
        # next one covers these rows too. The operator is told, and nobody sees an error page.
        logger.error(
            "audit checkpoint not written after a commit (%s: %s); the change and its audit rows "
            "are kept; fix the cause, then run `paramount audit checkpoint`",
            type(error).__name__,
            error,
        )


@dataclass(frozen=True)
class KeyUse:
    """The rows signed with one audit key ("" for rows from before the chain was keyed)."""

    key_id: str
    rows: int
    first_id: int
    last_id: int


@dataclass(frozen=True)
class AuditCheck:
    rows: int
    first_broken_id: int | None
    # Why the first broken row does not fit its chain, and how many rows before it check out.
    reason: str
    rows_before_break: int = 0
    # What does not agree with the checkpoints, or is wrong in their files.
    checkpoint_problems: tuple[str, ...] = ()
    checkpoints: int = 0
    newest_checkpoint: Checkpoint | None = None
    # Rows written after the newest checkpoint, which no checkpoint covers yet.
    uncovered_rows: int = 0
    keys: tuple[KeyUse, ...] = ()

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None and not self.checkpoint_problems


def _row_problem(event: AuditEvent, expected_prev: str, keyed_before: bool) -> str | None:
    """Why the row does not fit the chain, or None."""
    if event.prev_hash != expected_prev:
        return "its link to the row before does not match: a row before it was removed or changed"
    if not event.key_id:
        if keyed_before:
            return (
                "it has no audit key id, yet rows before it have one: it was rewritten without "
                "the audit key"
            )
        if unkeyed_row_hash(event, event.prev_hash) != event.row_hash:
            return "its content does not match its hash: it was changed"
        return None
    key = key_by_id(event.key_id)
    if key is None:
        return (
            f"it names audit key {event.key_id}, which is not configured: add that key (after "
            f"the current one) to {KEYS_VARIABLE}, or the row was forged"
        )
    if not hmac.compare_digest(row_hash(event, event.prev_hash, key), event.row_hash):
        return (
            "its content does not match its hash: it was changed, or its hash was made without "
            "the audit key"
        )
    return None


def _checkpoint_against_row(checkpoint: Checkpoint, event: AuditEvent, rows: int) -> str | None:
    named = f"{checkpoint.describe()} names row {event.pk} with hash {short(checkpoint.last_hash)}"
    if event.row_hash != checkpoint.last_hash:
        return (
            f"{named}; row {event.pk} now has hash {short(event.row_hash)}: it was changed, or "
            "the chain was rebuilt from a row before it"
        )
    if rows < checkpoint.rows:
        return (
            f"{checkpoint.describe()} counted {checkpoint.rows:,} rows up to row {event.pk}; "
            f"there are now {rows:,}: {checkpoint.rows - rows:,} rows up to it were removed"
        )
    if rows > checkpoint.rows:
        return (
            f"{checkpoint.describe()} counted {checkpoint.rows:,} rows up to row {event.pk}; "
            f"there are now {rows:,}: {rows - checkpoint.rows:,} rows were put in before it"
        )
    return None


def _missing_row(checkpoint: Checkpoint) -> str:
    return (
        f"{checkpoint.describe()} names row {checkpoint.last_id} with hash "
        f"{short(checkpoint.last_hash)}; there is no row {checkpoint.last_id} now: it was removed"
    )


def _beyond_the_newest_row(beyond: list[Checkpoint], newest_id: int | None, rows: int) -> str:
    checkpoint = max(beyond, key=lambda c: c.last_id)
    named = (
        f"{checkpoint.describe()} names row {checkpoint.last_id} with hash "
        f"{short(checkpoint.last_hash)}"
    )
    if newest_id is None:
        message = f"{named}; the trail is empty: all {checkpoint.rows:,} rows were removed"
    else:
        message = (
            f"{named}; the newest row is {newest_id}: rows {newest_id + 1}-{checkpoint.last_id} "
            f"were removed ({checkpoint.rows - rows:,} rows by its count)"
        )
    if len(beyond) > 1:
        message += f"; {len(beyond) - 1:,} earlier checkpoints name removed rows too"
    return message


def _checkpoint_alone(checkpoint: Checkpoint) -> str | None:
    """Check one checkpoint by itself (one out of order in its file)."""
    event = AuditEvent.objects.filter(pk=checkpoint.last_id).first()
    if event is None:
        return _missing_row(checkpoint)
    return _checkpoint_against_row(
        checkpoint, event, AuditEvent.objects.filter(pk__lte=checkpoint.last_id).count()
    )


class _Ahead:
    """An iterator that can show its next item without taking it."""

    def __init__(self, items: Iterator[Checkpoint]):
        self._items = items
        self._next = next(items, None)

    def peek(self) -> Checkpoint | None:
        return self._next

    def take(self) -> Checkpoint:
        taken, self._next = self._next, next(self._items, None)
        assert taken is not None
        return taken


def audit_verify(
    *, checkpoint_files: Sequence[Path] = (), as_of: datetime | None = None
) -> AuditCheck:
    """Recompute the chain from the first row, and check every checkpoint against the rows.

    ``checkpoint_files`` defaults to the configured checkpoint file; ``as_of`` leaves out the
    checkpoints written after that moment (a copy restored from a backup taken then).
    """
    audit_keys()  # a key that cannot be used stops the check before it starts, saying which
    files = [CheckpointFile(path, as_of=as_of) for path in checkpoint_files or [checkpoint_path()]]
    pending = _Ahead(heapq.merge(*files, key=lambda c: c.last_id))
    problems: list[str] = []
    expected_prev = GENESIS
    rows = 0
    newest_id: int | None = None
    first_broken_id: int | None = None
    reason = ""
    rows_before_break = 0
    keyed_before = False
    uses: dict[str, list[int]] = {}
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        while (checkpoint := pending.peek()) is not None and checkpoint.last_id < event.pk:
            problems.append(_missing_row(pending.take()))
        rows += 1
        if first_broken_id is None:
            problem = _row_problem(event, expected_prev, keyed_before)
            if problem:
                first_broken_id, reason, rows_before_break = event.pk, problem, rows - 1
        expected_prev = event.row_hash
        keyed_before = keyed_before or bool(event.key_id)
        use = uses.setdefault(event.key_id, [0, event.pk, event.pk])
        use[0] += 1
        use[2] = event.pk
        while (checkpoint := pending.peek()) is not None and checkpoint.last_id == event.pk:
            problem = _checkpoint_against_row(pending.take(), event, rows)
            if problem:
                problems.append(problem)
        newest_id = event.pk
    beyond = []
    while pending.peek() is not None:
        beyond.append(pending.take())
    if beyond:
        problems.append(_beyond_the_newest_row(beyond, newest_id, rows))
    problems = [problem for file in files for problem in file.problems] + problems
    for file in files:
        problems.extend(filter(None, (_checkpoint_alone(c) for c in file.out_of_order)))
    used = sum(file.used for file in files)
    if rows and not used:
        where = ", ".join(str(file.path) for file in files)
        missing = (
            "no checkpoint file" if not any(file.exists for file in files) else "no checkpoint"
        )
        written = f" written up to {as_of:%Y-%m-%d %H:%M} UTC" if as_of else ""
        problems.append(
            f"{missing} at {where}{written}, yet the audit trail holds {rows:,} rows: rows "
            "removed from its end cannot be found. If the file was removed, treat it as an "
            "incident; on a new installation or just after the upgrade, run `paramount audit "
            "checkpoint` once"
        )
    newest = max((f.newest for f in files if f.newest), key=lambda c: c.last_id, default=None)
    uncovered = AuditEvent.objects.filter(pk__gt=newest.last_id).count() if newest else 0
    return AuditCheck(
        rows=rows,
        first_broken_id=first_broken_id,
        reason=reason,
        rows_before_break=rows_before_break,
        checkpoint_problems=tuple(problems),
        checkpoints=used,
        newest_checkpoint=newest,
        uncovered_rows=uncovered,
        keys=tuple(KeyUse(key_id, *use) for key_id, use in uses.items()),
    )
