"""Later prison movements of a supported family's parent: alerts for the practitioner and
release planning.

A RELEASE, TRANSFER, RECALL or new RECEPTION of the parent (same prison number, after the
reception that found the family) alerts the practitioner, and so does a changed expected release
date. The latest expected release date makes a pre-release planning task due
``[support] pre_release_planning_days`` ahead of it, and a safety-planning task beside it when
the case needs safety planning (the referral's PPRC or domestic-abuse flag, or the same flags on a
later movement). A new release date supersedes the open tasks made for the old one; a RELEASE ends
planning for that date; a RECALL or new RECEPTION re-opens it when it carries a release date.

Run by ``paramount identify`` after each day's movements; safe to run again: alerts are unique per
movement and kind, tasks per kind and release date, and a second run makes nothing new.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from paramount import config
from paramount.access import audit
from paramount.access.selectors import get_or_refuse
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
PLANNING_KINDS = (TaskKind.PRE_RELEASE_PLANNING, TaskKind.SAFETY_PLANNING)
_ALERT_FOR_MOVEMENT = {
    "RELEASE": AlertKind.RELEASE,
    "TRANSFER": AlertKind.TRANSFER,
    "RECALL": AlertKind.RECALL,
    "RECEPTION": AlertKind.RECEPTION,
}
# What on a later movement calls for safety planning: the same signals that raise the PPRC and
# domestic-abuse-or-sexual-offence screening flags at reception.
SAFETY_OFFENCE_CATEGORIES = frozenset({"DOMESTIC_ABUSE", "SEXUAL"})


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


def expected_release(case: SupportCase) -> tuple[PrisonMovement, date] | None:
    """The latest known expected release date and the movement that gave it, or None (also
    None once the parent has been released and not received again with a new date)."""
    reception = case.referral.family.movement
    latest = None
    for movement in [reception, *later_movements(case)]:
        if movement.movement_type == "RELEASE":
            latest = None
        elif movement.release_date is not None:
            latest = (movement, movement.release_date)
    return latest


def _supersede(tasks: list[SupportTask], *, reason: str, acting_user: Any, now) -> None:
    for task in tasks:
        task.superseded_at = now
        task.save(update_fields=["superseded_at"])
        audit.record(
            actor=acting_user,
            action="support.release_task_superseded",
            subject=task,
            purpose=PURPOSE,
            after={"case": task.case_id, "kind": task.kind, "reason": reason},
        )


def case_release_plan(*, case: SupportCase, acting_user: Any | None = None) -> list[SupportTask]:
    """Bring the case's release planning tasks up to its expected release date: make the tasks
    for the date (or re-open them if an earlier change had superseded them) and supersede the
    open tasks made for any other date. Returns the tasks made or re-opened."""
    if case.state == CaseState.CLOSED:
        return []
    with transaction.atomic():
        now = timezone.now()
        today = timezone.localdate()
        release = expected_release(case)
        open_tasks = case.tasks.filter(
            kind__in=PLANNING_KINDS, done_at__isnull=True, superseded_at__isnull=True
        )
        if release is None:
            _supersede(
                list(open_tasks),
                reason="released" if later_movements(case).exists() else "no release date",
                acting_user=acting_user,
                now=now,
            )
            return []
        movement, release_date = release
        _supersede(
            list(open_tasks.exclude(about_date=release_date)),
            reason=f"new release date {release_date.isoformat()}",
            acting_user=acting_user,
            now=now,
        )
        if release_date < today:
            # A date already past: the open tasks for it stay (overdue); none is made anew.
            return []
        ahead = timedelta(days=config.current().support.pre_release_planning_days)
        due_on = max(today, release_date - ahead)
        kinds = [TaskKind.PRE_RELEASE_PLANNING]
        if case.needs_safety_planning:
            kinds.append(TaskKind.SAFETY_PLANNING)
        made = []
        for kind in kinds:
            task = SupportTask.objects.filter(case=case, kind=kind, about_date=release_date).first()
            if task is None:
                task = SupportTask.objects.create(
                    case=case,
                    kind=kind,
                    about_date=release_date,
                    due_on=due_on,
                    movement=movement,
                    created_at=now,
                )
                action = "support.release_task_created"
            elif task.superseded_at is not None and task.done_at is None:
                # The date came back (changed and changed again): the same task is due again.
                task.superseded_at, task.due_on, task.movement = None, due_on, movement
                task.save(update_fields=["superseded_at", "due_on", "movement"])
                action = "support.release_task_reopened"
            else:
                continue
            made.append(task)
            audit.record(
                actor=acting_user,
                action=action,
                subject=task,
                purpose=PURPOSE,
                after={"case": case.pk, "kind": kind, "due_on": due_on.isoformat()},
            )
    return made


def _alert_kinds(movement: PrisonMovement, previous_release_date: date | None) -> list[str]:
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


def _calls_for_safety_planning(movement: PrisonMovement) -> bool:
    return movement.pprc_flag == "Y" or movement.offence_category in SAFETY_OFFENCE_CATEGORIES


def _referral_release_date(case: SupportCase) -> date | None:
    text = (case.referral.details.get("parent") or {}).get("expected_release_date") or ""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def case_movements_sync(*, case: SupportCase, acting_user: Any | None = None) -> int:
    """Alert the case's workers to each later movement of the parent not yet alerted, and bring
    its release planning up to date. Returns the number of new alerts (0 for a closed case)."""
    with transaction.atomic():
        case = (
            SupportCase.objects.select_for_update(of=("self",))
            .select_related("referral__family__movement")
            .get(pk=case.pk)
        )
        if case.state == CaseState.CLOSED:
            return 0
        reception = case.referral.family.movement
        alerted = set(case.alerts.values_list("movement_id", "kind"))
        wanted: list[tuple[PrisonMovement, str]] = []
        # The reception row itself re-sent with another date than the referral carried.
        if reception.release_date is not None and reception.release_date != _referral_release_date(
            case
        ):
            wanted.append((reception, AlertKind.RELEASE_DATE))
        previous = reception.release_date
        movements = list(later_movements(case))
        for movement in movements:
            wanted += [(movement, kind) for kind in _alert_kinds(movement, previous)]
            if movement.movement_type != "RELEASE" and movement.release_date is not None:
                previous = movement.release_date
        created = 0
        for movement, kind in wanted:
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
        if not case.needs_safety_planning and any(map(_calls_for_safety_planning, movements)):
            case.needs_safety_planning = True
            case.version += 1
            case.save(update_fields=["needs_safety_planning", "version"])
            audit.record(
                actor=acting_user,
                action="support.safety_planning_needed",
                subject=case,
                purpose=PURPOSE,
                before={"needs_safety_planning": False},
                after={"needs_safety_planning": True, "version": case.version},
            )
        case_release_plan(case=case, acting_user=acting_user)
    return created


def movements_sync(*, acting_user: Any | None = None) -> int:
    """Alert practitioners to every later movement of their open cases' parents and bring the
    release planning up to date. Returns the number of new alerts. Closed cases get none."""
    case_ids = list(
        SupportCase.objects.exclude(state=CaseState.CLOSED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return sum(
        case_movements_sync(case=SupportCase(pk=pk), acting_user=acting_user) for pk in case_ids
    )


def alert_acknowledge(*, alert: MovementAlert, acting_user: Any) -> MovementAlert:
    """The practitioner has seen the movement and acted on it."""
    from paramount.support.services.cases import SupportError, require_worker

    require_worker(acting_user, alert.case)
    with transaction.atomic():
        locked = MovementAlert.objects.select_for_update().get(pk=alert.pk)
        if locked.acknowledged_at is not None:
            raise SupportError(
                f"That alert was already acknowledged on "
                f"{timezone.localtime(locked.acknowledged_at):%-d %B %Y}. Nothing was changed."
            )
        locked.acknowledged_at, locked.acknowledged_by = timezone.now(), acting_user
        locked.save(update_fields=["acknowledged_at", "acknowledged_by"])
        audit.record(
            actor=acting_user,
            action="support.alert_acknowledged",
            subject=locked,
            purpose=PURPOSE,
            after={"case": locked.case_id, "kind": locked.kind},
        )
    alert.acknowledged_at, alert.acknowledged_by = locked.acknowledged_at, acting_user
    return alert


# --- reads for the pages (the viewer's cases only, through case_queryset) ----------------


def _open_tasks() -> QuerySet[SupportTask]:
    return SupportTask.objects.filter(done_at__isnull=True, superseded_at__isnull=True)


def _mark_overdue(tasks: list[SupportTask]) -> list[SupportTask]:
    today = timezone.localdate()
    for task in tasks:
        task.overdue = task.due_on < today
    return tasks


def release_panel(*, case: SupportCase) -> dict[str, Any]:
    """The case page's "Release and movements" section, for a viewer who may work on the case."""
    release = expected_release(case)
    alerts = list(case.alerts.select_related("movement", "acknowledged_by"))
    return {
        "expected_release_date": release[1] if release else None,
        "tasks": _mark_overdue(list(_open_tasks().filter(case=case).order_by("due_on", "pk"))),
        "alerts": [a for a in alerts if a.acknowledged_at is None],
        "acknowledged_alerts": [a for a in alerts if a.acknowledged_at is not None],
    }


def work_list(*, viewer: Any) -> dict[str, Any]:
    """The viewer's open tasks (by due date, so overdue first) and unacknowledged alerts across
    every case they may work on; audited as one read."""
    from paramount.support.selectors import case_queryset

    cases = case_queryset(viewer=viewer)
    tasks = _mark_overdue(
        list(
            _open_tasks()
            .filter(case__in=cases)
            .select_related("case")
            .prefetch_related("case__children")
            .order_by("due_on", "pk")
        )
    )
    alerts = list(
        MovementAlert.objects.filter(case__in=cases, acknowledged_at__isnull=True)
        .select_related("case", "movement")
        .prefetch_related("case__children")
        .order_by("created_at", "pk")
    )
    with transaction.atomic():
        audit.record(
            actor=viewer,
            action="support.tasks_viewed",
            purpose=PURPOSE,
            after={"tasks": [t.pk for t in tasks], "alerts": [a.pk for a in alerts]},
        )
    return {"tasks": tasks, "alerts": alerts, "overdue": sum(t.overdue for t in tasks)}


def _access(viewer: Any, model, pk: int, what: str):
    from paramount.support.selectors import REFUSED, case_queryset

    return get_or_refuse(
        model.objects.filter(case__in=case_queryset(viewer=viewer)).select_related(
            "case", "case__referral"
        ),
        viewer=viewer,
        pk=pk,
        action=REFUSED,
        message=f"No {what} found",
    )


def access_task(*, viewer: Any, task_id: int) -> SupportTask:
    """A task of a case the viewer may work on; any other id is a 404, audited."""
    return _access(viewer, SupportTask, task_id, "task")


def access_alert(*, viewer: Any, alert_id: int) -> MovementAlert:
    """An alert of a case the viewer may work on; any other id is a 404, audited."""
    return _access(viewer, MovementAlert, alert_id, "alert")
