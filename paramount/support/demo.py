"""Demo only: bring the demo region's referrals into the partner organisation's case work, with
weeks of history (assessments, plans, sessions, mentoring, wellbeing scores, a closure), through
the same services the pages use. Every person here is generated.

The demo makes its whole history in one go, so each case's acceptance is dated back to a few days
after its family's reception (as ``families_sync(identified_on_reception_day=True)`` does for
identification) and every later step is dated from there, never in the future.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from paramount.access.demo import require_demo_allowed
from paramount.outreach.models import Referral
from paramount.support.models import (
    CaseState,
    ClosureReason,
    ContactFrequency,
    Effect,
    FamilyNeed,
    Intervention,
    Knowledge,
    Occasion,
    OffenceFactor,
    Scorer,
    SessionKind,
    SupportCase,
)
from paramount.support.services import cases, school, sessions, wellbeing

# What each referral becomes, oldest reception first: the oldest have the longest histories.
PLAN = ("SUPPORTED", "CLOSED", "SUPPORTED_TEAM", "ASSESSED", "ALLOCATED", "WAITLISTED")

# (below this age, what the assessment says of the child's age and stage)
AGES_AND_STAGES = (
    (5, "At nursery; settled there before the arrest."),
    (11, "At primary school; a keen footballer."),
    (16, "At secondary school; quiet since the arrest."),
    (99, "At sixth-form college; helps with younger siblings."),
)


def _age_and_stage(child, on: date) -> str:
    if child.date_of_birth is None:
        return "Age not known; at school locally."
    born = child.date_of_birth
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return next(text for below, text in AGES_AND_STAGES if age < below)


# A rising line, as families' scores typically move with support (0-10).
CHILD_SCORES = (3, 4, 5, 6, 7, 8)
CARER_SCORES = (2, 4, 4, 6, 7, 7)


def _user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _backdate(case: SupportCase, day: date) -> None:
    """Demo only: date the referral and its acceptance back to ``day``."""
    Referral.objects.filter(pk=case.referral_id).update(referred_at=_at(day - timedelta(days=1)))
    SupportCase.objects.filter(pk=case.pk).update(accepted_at=_at(day), state_changed_at=_at(day))
    case.refresh_from_db()


def demo_support_stage() -> dict[str, int]:
    """Stage the partner organisation's demo cases once; a second run changes nothing.
    Refused where demo helpers are not allowed."""
    require_demo_allowed(helper="demo_support_stage")
    if SupportCase.objects.exists():
        return {}
    manager, practitioner = _user("manager"), _user("practitioner")
    referrals = list(
        Referral.objects.filter(consent_withdrawn_at__isnull=True, support_case__isnull=True)
        .select_related("family__movement")
        .order_by("family__movement__movement_date", "pk")
    )
    staged: dict[str, int] = {}
    # The newest referrals stay in the manager's intake, waiting for a decision.
    for number, (stage, referral) in enumerate(zip(PLAN, referrals[:-2], strict=False)):
        _stage(stage, number, referral, manager, practitioner)
        staged[stage] = staged.get(stage, 0) + 1
    _events_stage(manager)
    return staged


def _events_stage(manager) -> None:
    """A family day and a peer group next month, with the supported families invited."""
    from paramount.events import services as events
    from paramount.events.models import EventKind

    soon = timezone.localdate() + timedelta(days=21)
    family_day = events.event_create(
        details=events.EventDetails(
            kind=EventKind.FAMILY_DAY,
            title="Winter family day",
            starts_at=_at(soon),
            ends_at=_at(soon) + timedelta(hours=5),
            location="Community farm, Oxford",
            capacity=30,
            description="Crafts, a farm walk and lunch for children and their carers.",
        ),
        acting_user=manager,
    )
    peer_group = events.event_create(
        details=events.EventDetails(
            kind=EventKind.PEER_GROUP,
            title="Saturday club (ages 8-12)",
            starts_at=_at(soon + timedelta(days=3)),
            ends_at=_at(soon + timedelta(days=3)) + timedelta(hours=2),
            location="Youth centre, Banbury",
            capacity=12,
        ),
        acting_user=manager,
    )
    for case in SupportCase.objects.filter(state=CaseState.SUPPORTED):
        children = list(case.children.all())
        events.invitation_send(
            event=family_day, case=case, children=children, include_carer=True, acting_user=manager
        )
        events.invitation_send(
            event=peer_group,
            case=case,
            children=children[:1],
            include_carer=False,
            acting_user=manager,
        )


def _stage(stage: str, number: int, referral: Referral, manager, practitioner) -> None:
    if stage == "WAITLISTED":
        cases.referral_accept(
            referral=referral,
            acting_user=manager,
            waitlist_reason="Every practitioner in the area is at capacity; allocate next month.",
        )
        return
    team = "Oxfordshire team" if stage == "SUPPORTED_TEAM" else ""
    case = cases.referral_accept(
        referral=referral,
        acting_user=manager,
        practitioner=None if team else practitioner,
        team=team,
    )
    today = timezone.localdate()
    reception = referral.family.movement.movement_date
    accepted = min(today, reception + timedelta(days=5))
    _backdate(case, accepted)
    if stage == "ALLOCATED":
        return
    assessed = min(today, accepted + timedelta(days=7))
    for index, child in enumerate(case.children.all()):
        cases.child_assessment_record(
            case=case,
            child=child,
            details=cases.ChildAssessmentDetails(
                assessed_on=assessed,
                age_and_stage=_age_and_stage(child, assessed),
                knowledge=(Knowledge.OTHER_STORY, Knowledge.PARTLY, Knowledge.KNOWS)[index % 3],
                visits=ContactFrequency.WANTS_BUT_CANNOT,
                calls=ContactFrequency.OCCASIONAL,
                letters=ContactFrequency.REGULAR,
                what_child_was_told="Told that their parent is working away for a while.",
                relationship_with_parent="Close; misses bedtime stories on the phone.",
                offence_factors=(OffenceFactor.WITNESSED_ARREST,) if index == 0 else (),
                effects=(Effect.SLEEP, Effect.SCHOOL, Effect.EMOTIONAL),
                effects_detail="Waking at night; reluctant to go to school on Mondays.",
                strengths="A caring grandparent nearby; enjoys drawing and football.",
                risks="None known beyond the effects above.",
            ),
            acting_user=practitioner if not team else manager,
        )
        wellbeing.wellbeing_record(
            case=case,
            details=wellbeing.ScoreDetails(
                child=child,
                scored_on=assessed,
                occasion=Occasion.ASSESSMENT,
                scored_by=Scorer.CHILD,
                score=CHILD_SCORES[0],
                sdq_total=22,
            ),
            acting_user=manager,
        )
    cases.family_needs_record(
        case=case,
        assessed_on=assessed,
        needs=[FamilyNeed.FINANCES, FamilyNeed.CARER_WELLBEING, FamilyNeed.PRISON_CONTACT],
        detail="Lost the main income; the carer is not sleeping; wants help booking visits.",
        acting_user=manager,
    )
    if stage == "ASSESSED":
        return
    agreed = min(today, assessed + timedelta(days=3))
    first_child = case.children.first()
    cases.plan_agree(
        case=case,
        agreed_on=agreed,
        review_on=cases.default_review_on(agreed),
        items=[
            cases.PlanItemDetails(
                Intervention.ONE_TO_ONE,
                "Understand what has happened and have words for it at school.",
                first_child,
            ),
            cases.PlanItemDetails(
                Intervention.MENTORING, "Someone outside the family to talk to.", first_child
            ),
            cases.PlanItemDetails(
                Intervention.PRISON_VISIT, "A first visit, prepared for and debriefed.", None
            ),
            cases.PlanItemDetails(
                Intervention.PARENT_GROUP, "Meet other carers in the same position.", None
            ),
        ],
        acting_user=manager,
    )
    _review_scores(case, agreed, today, manager)
    _sessions(case, agreed, today, practitioner if not team else manager)
    if stage == "SUPPORTED":
        _mentoring(case, agreed, today, manager)
        child = case.children.first()
        school.school_notification_make(
            case=case,
            child=child,
            school_name="Cherwell Synthetic Primary School",
            safeguarding_lead="Designated safeguarding lead",
            acting_user=practitioner,
        )
    if stage == "CLOSED":
        closed = today
        cases.case_close(
            case=case,
            closed_on=closed,
            reason=ClosureReason.GOALS_MET,
            note="Settled at school; visits going well; the family knows how to come back.",
            acting_user=manager,
            final_scores=[
                wellbeing.ScoreDetails(
                    child=child,
                    scored_on=closed,
                    occasion=Occasion.CLOSURE,
                    scored_by=Scorer.CHILD,
                    score=8,
                    sdq_total=11,
                )
                for child in case.children.all()
            ],
        )


def _review_scores(case: SupportCase, start: date, today: date, acting_user) -> None:
    """Fortnightly reviews from the plan to today, the child's and carer's scores rising."""
    for step in range(1, len(CHILD_SCORES)):
        day = start + timedelta(days=14 * step)
        if day >= today:
            break
        for child in case.children.all():
            for scorer, scores in ((Scorer.CHILD, CHILD_SCORES), (Scorer.CARER, CARER_SCORES)):
                wellbeing.wellbeing_record(
                    case=case,
                    details=wellbeing.ScoreDetails(
                        child=child,
                        scored_on=day,
                        occasion=Occasion.REVIEW,
                        scored_by=scorer,
                        score=scores[step],
                        sdq_total=max(8, 22 - 3 * step) if scorer == Scorer.CHILD else None,
                    ),
                    acting_user=acting_user,
                )


SESSION_NOTES = (
    "Talked about the arrest using the picture book; asked good questions about visits.",
    "Drew a map of who knows; decided to tell one friend at school.",
    "Prepared for the first prison visit: what the search and the hall will be like.",
    "Debriefed the visit: happy and sad at once, which we said is normal.",
    "Worked on a worry jar for bedtimes; sleep is a little better.",
    "Planned what to say if classmates ask; practised with a puppet.",
)


def _sessions(case: SupportCase, start: date, today: date, practitioner) -> None:
    """Weekly one-to-one sessions with the first child from the plan to today."""
    child = case.children.first()
    for week, note in enumerate(SESSION_NOTES, start=1):
        day = start + timedelta(days=7 * week)
        if day >= today:
            break
        sessions.session_log(
            case=case,
            child=child,
            kind=SessionKind.PRISON_VISIT if week == 3 else SessionKind.ONE_TO_ONE,
            held_on=day,
            duration_minutes=120 if week == 3 else 50,
            attended=week != 5,
            notes=note if week != 5 else "Did not come: the carer phoned, a cold. Rearranged.",
            acting_user=practitioner,
        )


def _mentoring(case: SupportCase, start: date, today: date, manager) -> None:
    """The demo mentor matched with the first child, with a few sessions of their own."""
    mentor = _user("mentor")
    child = case.children.first()
    started = min(today, start + timedelta(days=10))
    assignment = sessions.mentor_assign(
        case=case, child=child, mentor=mentor, started_on=started, acting_user=manager
    )
    for fortnight, note in enumerate(
        ("Kicked a ball about in the park; talked about the team.", "Museum trip; chatty."),
        start=1,
    ):
        day = started + timedelta(days=14 * fortnight)
        if day >= today:
            break
        sessions.mentor_session_log(
            assignment=assignment,
            held_on=day,
            duration_minutes=90,
            attended=True,
            notes=note,
            acting_user=mentor,
        )
