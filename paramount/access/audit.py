"""Writing the audit trail. Call :func:`record` inside the transaction of the change."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from paramount.access.models import AuditEvent

SYSTEM = "system"


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
    return AuditEvent.objects.create(
        at=timezone.now(),
        actor=actor,
        actor_name=actor.get_username() if actor is not None else SYSTEM,
        role=membership.role if membership else "",
        organisation=membership.organisation if membership else "",
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        purpose=purpose,
        before=before,
        after=after,
    )
