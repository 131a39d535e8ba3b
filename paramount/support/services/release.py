"""Later prison movements of a supported family's parent: alerts for the practitioner and
release planning.

A RELEASE, TRANSFER, RECALL or new RECEPTION of the parent alerts the practitioner; an expected
release date (on the reception or any later movement) makes a pre-release planning task due
``[support] pre_release_planning_days`` ahead of it, and a safety-planning task beside it when
the referral carried a domestic abuse or risk-to-children flag. A new release date replaces the
tasks made for the old one. Run by ``paramount identify`` after each day's movements; safe to
run again (alerts and tasks are unique per movement and date).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from paramount import config
from paramount.access import audit
from paramount.feeds.models import PrisonMovement
from paramount.support.models import (
    AlertKind,
    CaseState,
    MovementAlert,
    SupportCase,
    SupportTask,
    TaskKind,
)

PURPOSE = "release planning for a supported family"
_ALERT_FOR_MOVEMENT = {
    "RELEASE": AlertKind.RELEASE,
    "TRANSFER": AlertKind.TRANSFER,
    "RECALL": AlertKind.RECALL,
    "RECEPTION": AlertKind.RECEPTION,
}


def later_movements(case: SupportCase) -> QuerySet[PrisonMovement]:
    """The parent's movements after the reception that found the family, oldest first."""
    reception = case.referral.family.movement
    return (
        PrisonMovement.objects.filter(
            prison_number=reception.prison_number, movement_date__gte=reception.movement_date
        )
        .exclude(pk=reception.pk)
        .order_by("movement_date", "pk")
    )


def expected_release(case: SupportCase) -> tuple[PrisonMovement, Any] | None:
    """The latest known expected release date and the movement that gave it, or None (also
    None once the parent has been released and not received again)."""
    reception = case.referral.family.movement
    latest = None
    for movement in [reception, *later_movements(case)]:
        if movement.movement_type == "RELEASE":
            latest = None
        elif movement.release_date is not None:
            latest = (movement, movement.release_date)
    return latest


def case_release_plan(*, case: SupportCase, acting_user: Any | None = None) -> list[SupportTask]:
    """Make (or replace) the release planning tasks for the case's expected release date."""
    if case.state == CaseState.CLOSED:
        return []
    release = expected_release(case)
    kinds = [TaskKind.PRE_RELEASE_PLANNING]
    if case.needs_safety_planning:
        kinds.append(TaskKind.SAFETY_PLANNING)
    made = []
    with transaction.atomic():
        now = timezone.now()
        stale = case.tasks.filter(
            kind__in=[TaskKind.PRE_RELEASE_PLANNING, TaskKind.SAFETY_PLANNING],
            done_at__isnull=True,
            superseded_at__isnull=True,
        )
        if release is not None:
            stale = stale.exclude(about_date=release[1])
        stale_ids = list(stale.values_list("pk", flat=True))
        if stale_ids:
            SupportTask.objects.filter(pk__in=stale_ids).update(superseded_at=now)
        if release is None:
            return []
        movement, release_date = release
        today = timezone.localdate()
        if release_date < today:
            return []
        ahead = timedelta(days=config.current().support.pre_release_planning_days)
        due_on = max(today, release_date - ahead)
        for kind in kinds:
            task, created = SupportTask.objects.get_or_create(
                case=case,
                kind=kind,
                about_date=release_date,
                defaults={"due_on": due_on.isoformat(), "movement": movement, "created_at": now},
            )
            if created:
                made.append(task)
                audit.record(
                    actor=acting_user,
                    action="support.release_task_created",
                    subject=task,
                    purpose=PURPOSE,
                    after={
                        "case": case.pk,
                        "kind": kind,
                        "due_on": due_on.isoformat(),
                        "superseded": stale_ids,
                    },
                )
    return made


def _alert_kinds(movement: PrisonMovement, previous_release_date) -> list[AlertKind]:
    kinds = []
    if movement.movement_type in _ALERT_FOR_MOVEMENT:
        kinds.append(_ALERT_FOR_MOVEMENT[movement.movement_type])
    if (
        movement.movement_type != "RELEASE"
        and movement.release_date is not None
        and movement.release_date != previous_release_date
    ):
        kinds.append(AlertKind.RELEASE_DATE)
    return kinds


def movements_sync(*, acting_user: Any | None = None) -> int:
    """Alert practitioners to every later movement of their open cases' parents and bring the
    release planning up to date. Returns the number of new alerts."""
    created = 0
    open_cases = SupportCase.objects.exclude(state=CaseState.CLOSED).select_related(
        "referral__family__movement"
    )
    for case in open_cases:
        previous = case.referral.family.movement.release_date
        alerted = set(case.alerts.values_list("movement_id", "kind"))
        with transaction.atomic():
            for movement in later_movements(case):
                for kind in _alert_kinds(movement, previous):
                    if (movement.pk, kind) in alerted:
                        continue
                    alert = MovementAlert.objects.create(
                        case=case, movement=movement, kind=kind, created_at=timezone.now()
                    )
                    audit.record(
                        actor=acting_user,
                        action="support.movement_alert",
                        subject=alert,
                        purpose=PURPOSE,
                        after={"case": case.pk, "kind": kind, "movement": movement.pk},
                    )
                    created += 1
                if movement.movement_type != "RELEASE" and movement.release_date is not None:
                    previous = movement.release_date
        case_release_plan(case=case, acting_user=acting_user)
    return created


def alert_acknowledge(*, alert: MovementAlert, acting_user: Any) -> MovementAlert:
    from paramount.support.services.cases import SupportError, require_worker

    require_worker(acting_user, alert.case)
    if alert.acknowledged_at is not None:
        raise SupportError("That alert has already been acknowledged.")
    with transaction.atomic():
        alert.acknowledged_at, alert.acknowledged_by = timezone.now(), acting_user
        alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
        audit.record(
            actor=acting_user,
            action="support.alert_acknowledged",
            subject=alert,
            purpose=PURPOSE,
            after={"case": alert.case_id, "kind": alert.kind},
        )
    return alert
