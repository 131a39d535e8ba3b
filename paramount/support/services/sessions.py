"""Sessions with a child or the family, and volunteer mentoring.

Practitioners and managers log the sessions they hold (:func:`session_log`) and match a child
with one of the organisation's volunteer mentors (:func:`mentor_assign`,
:func:`mentor_assignment_end`). A mentor logs their own mentoring sessions
(:func:`mentor_session_log`) and sees, through :func:`mentee_list` and :func:`mentee_detail`,
only their current mentees' first names and their own sessions with them (DESIGN.md).

Session notes are encrypted at rest (``SupportSession.notes``) and never copied into the audit
trail: the audit row says a session was logged, with whom, when and for how long.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from paramount.access import audit
from paramount.access.models import Role
from paramount.access.selectors import membership_for
from paramount.support import selectors
from paramount.support.models import (
    CaseState,
    MentorAssignment,
    SessionKind,
    SupportCase,
    SupportChild,
    SupportSession,
)
from paramount.support.services.cases import (
    PURPOSE,
    SupportError,
    require_consent_standing,
    require_open,
    require_worker,
)

# The database refuses anything outside this too (``session_duration_plausible``).
SESSION_MINIMUM_MINUTES = 1
SESSION_MAXIMUM_MINUTES = 720
NOTES_MAXIMUM_CHARACTERS = 8000


def _require_case_work(case: SupportCase, acting_user: Any) -> None:
    require_worker(acting_user, case)
    require_open(case)
    if case.state == CaseState.WAITLISTED:
        raise SupportError(
            f"{case.reference} is on the waiting list: allocate it before recording work with "
            "the family. Nothing was saved."
        )
    require_consent_standing(case)


def _accepted_on(case: SupportCase) -> date:
    return timezone.localtime(case.accepted_at).date()


def _require_session_facts(case: SupportCase, held_on: date, duration_minutes: int) -> None:
    if held_on > timezone.localdate():
        raise SupportError(
            f"The session date {held_on:%-d %B %Y} is in the future: log a session after it "
            "has happened. Nothing was saved."
        )
    if held_on < _accepted_on(case):
        raise SupportError(
            f"The session date {held_on:%-d %B %Y} is before {case.reference} was accepted "
            f"on {_accepted_on(case):%-d %B %Y}. Check the date. Nothing was saved."
        )
    if not SESSION_MINIMUM_MINUTES <= duration_minutes <= SESSION_MAXIMUM_MINUTES:
        raise SupportError(
            f"A session lasts {SESSION_MINIMUM_MINUTES} to {SESSION_MAXIMUM_MINUTES} minutes "
            f"(12 hours), not {duration_minutes}. Nothing was saved."
        )


def _clean_notes(notes: str) -> str:
    notes = (notes or "").strip()
    if len(notes) > NOTES_MAXIMUM_CHARACTERS:
        raise SupportError(
            f"Session notes are at most {NOTES_MAXIMUM_CHARACTERS} characters, these are "
            f"{len(notes)}. Shorten them. Nothing was saved."
        )
    return notes


def _session_create(
    *,
    case: SupportCase,
    child: SupportChild | None,
    kind: SessionKind,
    held_on: date,
    duration_minutes: int,
    attended: bool,
    notes: str,
    acting_user: Any,
) -> SupportSession:
    session = SupportSession.objects.create(
        case=case,
        child=child,
        kind=kind,
        held_on=held_on,
        duration_minutes=duration_minutes,
        attended=attended,
        notes=notes,
        held_by=acting_user,
        recorded_at=timezone.now(),
    )
    # The notes are encrypted and stay out of the audit trail: only the facts of the session.
    audit.record(
        actor=acting_user,
        action="support.session_logged",
        subject=session,
        purpose=PURPOSE,
        after={
            "case": case.pk,
            "child": child.pk if child else None,
            "kind": str(kind),
            "held_on": held_on.isoformat(),
            "duration_minutes": duration_minutes,
            "attended": attended,
            "notes_written": bool(notes),
        },
    )
    return session


def session_log(
    *,
    case: SupportCase,
    child: SupportChild | None,
    kind: SessionKind,
    held_on: date,
    duration_minutes: int,
    attended: bool,
    notes: str,
    acting_user: Any,
) -> SupportSession:
    """Log a session the acting practitioner or manager held with a child of the case, or with
    the family (``child`` None). Mentoring sessions are logged by the mentor
    (:func:`mentor_session_log`)."""
    _require_case_work(case, acting_user)
    try:
        kind = SessionKind(kind)
    except ValueError:
        raise SupportError(f"There is no kind of session called {kind!r}.") from None
    if kind == SessionKind.MENTORING:
        raise SupportError(
            "Mentoring sessions are logged by the volunteer mentor who held them, from their "
            "own page. Choose another kind of session. Nothing was saved."
        )
    if child is not None and child.case_id != case.pk:
        raise SupportError("That child is not part of this case. Nothing was saved.")
    _require_session_facts(case, held_on, duration_minutes)
    notes = _clean_notes(notes)
    with transaction.atomic():
        return _session_create(
            case=case,
            child=child,
            kind=kind,
            held_on=held_on,
            duration_minutes=duration_minutes,
            attended=attended,
            notes=notes,
            acting_user=acting_user,
        )


# --- mentoring --------------------------------------------------------------------------


def _require_mentor_of(mentor: Any, organisation: str) -> None:
    membership = membership_for(mentor)
    if (
        membership is None
        or membership.role != Role.VOLUNTEER_MENTOR
        or membership.organisation != organisation
        or not mentor.is_active
    ):
        raise SupportError(
            f"{mentor.get_full_name() or mentor.get_username()} is not an active volunteer "
            f"mentor of {organisation}. Choose one of the organisation's mentors."
        )


def mentor_assign(
    *,
    case: SupportCase,
    child: SupportChild,
    mentor: Any,
    started_on: date,
    acting_user: Any,
) -> MentorAssignment:
    """Match a child of the case with a volunteer mentor of the case's organisation, from
    ``started_on``. The mentor then sees the child's first name and their own sessions."""
    _require_case_work(case, acting_user)
    if child.case_id != case.pk:
        raise SupportError("That child is not part of this case. Nothing was saved.")
    _require_mentor_of(mentor, case.organisation)
    if started_on > timezone.localdate():
        raise SupportError(
            f"The start date {started_on:%-d %B %Y} is in the future: match the mentor on the "
            "day the mentoring starts. Nothing was saved."
        )
    if started_on < _accepted_on(case):
        raise SupportError(
            f"Mentoring cannot start before {case.reference} was accepted on "
            f"{_accepted_on(case):%-d %B %Y}. Nothing was saved."
        )
    already = (
        f"{mentor.get_full_name() or mentor.get_username()} already mentors "
        f"{child.first_name}. End that mentoring first to start a new one."
    )
    if MentorAssignment.objects.filter(child=child, mentor=mentor, ended_on__isnull=True).exists():
        raise SupportError(already)
    try:
        with transaction.atomic():
            assignment = MentorAssignment.objects.create(
                child=child, mentor=mentor, started_on=started_on, assigned_by=acting_user
            )
            audit.record(
                actor=acting_user,
                action="support.mentor_assigned",
                subject=assignment,
                purpose=PURPOSE,
                after={
                    "case": case.pk,
                    "child": child.pk,
                    "mentor": mentor.pk,
                    "started_on": started_on.isoformat(),
                },
            )
    except IntegrityError:
        # Two people matched the same mentor and child at once: the database kept one.
        raise SupportError(already) from None
    return assignment


def mentor_assignment_end(
    *, assignment: MentorAssignment, ended_on: date, acting_user: Any
) -> MentorAssignment:
    """End a mentoring match. The mentor no longer sees the child; their sessions are kept.
    Allowed on a closed case or after consent is withdrawn: ending is always possible."""
    case = assignment.child.case
    require_worker(acting_user, case)
    if ended_on > timezone.localdate():
        raise SupportError(
            f"The end date {ended_on:%-d %B %Y} is in the future: end the mentoring on the day "
            "it ends. Nothing was saved."
        )
    with transaction.atomic():
        locked = MentorAssignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.ended_on is not None:
            raise SupportError(f"That mentoring already ended on {locked.ended_on:%-d %B %Y}.")
        if ended_on < locked.started_on:
            raise SupportError(
                f"Mentoring that started on {locked.started_on:%-d %B %Y} cannot end before "
                "it started. Check the date. Nothing was saved."
            )
        locked.ended_on = ended_on
        locked.save(update_fields=["ended_on"])
        audit.record(
            actor=acting_user,
            action="support.mentoring_ended",
            subject=locked,
            purpose=PURPOSE,
            before={"ended_on": None},
            after={"case": case.pk, "child": locked.child_id, "ended_on": ended_on.isoformat()},
        )
    assignment.ended_on = locked.ended_on
    return locked


def mentor_session_log(
    *,
    assignment: MentorAssignment,
    held_on: date,
    duration_minutes: int,
    attended: bool,
    notes: str,
    acting_user: Any,
) -> SupportSession:
    """Log a mentoring session the acting mentor held with their mentee."""
    if assignment.mentor_id != acting_user.pk:
        raise SupportError("Only the child's mentor can log their mentoring sessions.")
    case = assignment.child.case
    _require_mentor_of(acting_user, case.organisation)
    if assignment.ended_on is not None:
        raise SupportError(
            f"Your mentoring of {assignment.child.first_name} ended on "
            f"{assignment.ended_on:%-d %B %Y}: sessions can no longer be logged. Nothing was saved."
        )
    if case.state == CaseState.CLOSED:
        raise SupportError(
            f"Support for {assignment.child.first_name}'s family has ended: sessions can no "
            "longer be logged. Nothing was saved."
        )
    require_consent_standing(case)
    _require_session_facts(case, held_on, duration_minutes)
    if held_on < assignment.started_on:
        raise SupportError(
            f"The session date {held_on:%-d %B %Y} is before your mentoring started on "
            f"{assignment.started_on:%-d %B %Y}. Check the date. Nothing was saved."
        )
    notes = _clean_notes(notes)
    with transaction.atomic():
        return _session_create(
            case=case,
            child=assignment.child,
            kind=SessionKind.MENTORING,
            held_on=held_on,
            duration_minutes=duration_minutes,
            attended=attended,
            notes=notes,
            acting_user=acting_user,
        )


# --- what the case page shows (the viewer may already work on the case) ----------------


def case_sessions(case: SupportCase) -> list[SupportSession]:
    """Every session of the case, the latest first, for the people who work on it."""
    return list(case.sessions.select_related("child", "held_by").order_by("-held_on", "-pk"))


def current_mentors(case: SupportCase) -> dict[int, list[MentorAssignment]]:
    """Each child's open mentoring matches, by child id."""
    by_child: dict[int, list[MentorAssignment]] = {}
    assignments = MentorAssignment.objects.filter(
        child__case=case, ended_on__isnull=True
    ).select_related("mentor")
    for assignment in assignments:
        by_child.setdefault(assignment.child_id, []).append(assignment)
    return by_child


def work_refusal(case: SupportCase, viewer: Any) -> str | None:
    """Why the viewer cannot record sessions, mentoring or scores on the case now, or None."""
    try:
        _require_case_work(case, viewer)
    except SupportError as error:
        return str(error).removesuffix(" Nothing was saved.")
    return None


# --- the mentor's own reads -------------------------------------------------------------


@dataclass(frozen=True)
class Mentee:
    """All a mentor is shown of a child: the first name, and where their page is."""

    assignment_id: int
    first_name: str
    started_on: date


@dataclass(frozen=True)
class MentorSession:
    held_on: date
    duration_minutes: int
    attended: bool
    notes: str


def _mentee(assignment: MentorAssignment) -> Mentee:
    return Mentee(
        assignment_id=assignment.pk,
        first_name=assignment.child.first_name,
        started_on=assignment.started_on,
    )


def mentee_list(*, viewer: Any) -> list[Mentee]:
    """The mentor's current mentees by first name only; audited as one read."""
    assignments = list(selectors.mentee_assignments(viewer=viewer).order_by("started_on", "pk"))
    with transaction.atomic():
        audit.record(
            actor=viewer,
            action="support.mentees_viewed",
            purpose=PURPOSE,
            after={"assignments": [a.pk for a in assignments]},
        )
    return [_mentee(a) for a in assignments]


def mentee_detail(*, viewer: Any, assignment_id: int) -> tuple[Mentee, list[MentorSession]]:
    """One current mentee of the mentor (a 404, audited, otherwise) and the mentor's own
    mentoring sessions with them, the latest first; audited."""
    assignment = selectors.access_mentee(viewer=viewer, assignment_id=assignment_id)
    sessions = SupportSession.objects.filter(
        child=assignment.child, held_by=viewer, kind=SessionKind.MENTORING
    ).order_by("-held_on", "-pk")
    own = [
        MentorSession(
            held_on=s.held_on,
            duration_minutes=s.duration_minutes,
            attended=s.attended,
            notes=s.notes,
        )
        for s in sessions
    ]
    with transaction.atomic():
        audit.record(
            actor=viewer,
            action="support.mentee_viewed",
            subject=assignment,
            purpose=PURPOSE,
            after={"sessions": len(own)},
        )
    return _mentee(assignment), own
