"""Writing the audit trail. Call :func:`record` inside the transaction of the change."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from paramount.access.models import AuditEvent

SYSTEM = "system"
GENESIS = "0" * 64
# Any constant: every audited transaction on PostgreSQL takes this lock before reading the last
# hash, so two transactions never chain onto the same row (SQLite serialises writers anyway).
_CHAIN_LOCK = 7_316_001


def _canonical(value: Any) -> Any:
    """The value as the JSON column gives it back (tuples as lists, keys as strings)."""
    return None if value is None else json.loads(json.dumps(value))


def row_hash(event: AuditEvent, prev_hash: str) -> str:
    """SHA-256 of the row's content and the previous row's hash."""
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
    }
    encoded = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


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
    event.prev_hash = _last_hash()
    event.row_hash = row_hash(event, event.prev_hash)
    event.save()
    return event


@dataclass(frozen=True)
class ChainCheck:
    rows: int
    first_broken_id: int | None
    reason: str

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None


def audit_verify() -> ChainCheck:
    """Recompute the chain from the first row; name the first row that does not fit."""
    expected_prev = GENESIS
    rows = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        rows += 1
        if event.prev_hash != expected_prev:
            return ChainCheck(
                rows,
                event.pk,
                "its link to the row before does not match: a row before it was removed or changed",
            )
        if row_hash(event, event.prev_hash) != event.row_hash:
            return ChainCheck(rows, event.pk, "its content does not match its hash: it was changed")
        expected_prev = event.row_hash
    return ChainCheck(rows, None, "")
