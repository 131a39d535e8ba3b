"""A world for the access matrix (SECURITY 1-4): a family in every state of the police's part of
the flow, and a referred family in every state of the partner's, each with the records its
routes open, and users in every relation to them.

Every family is in Oxford and every referral goes to :data:`ORGANISATION`. The users are the
ones the cases were worked by (the analyst, the officer assigned, the manager, the practitioner
allocated, the mentor matched) and others of the same role who are not: another area, another
organisation, not assigned, not allocated. Everyone in it is made up.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.utils import timezone

from paramount.access.models import Role
from paramount.families.models import FamilyState
from paramount.support.models import CaseState

ORGANISATION = "Children Heard and Seen"
OTHER_ORGANISATION = "Synthetic Other Charity"

# The police's part: a family in each state but REFERRED, under the state's own name.
POLICE_SCENARIOS = tuple(state.value for state in FamilyState if state != FamilyState.REFERRED)
# The partner's part: a REFERRED family waiting for the manager's decision, with a case in each
# of its states, and one whose family withdrew consent after the referral.
AWAITING_DECISION = "REFERRED/AWAITING_DECISION"
CONSENT_WITHDRAWN = "REFERRED/CONSENT_WITHDRAWN"
CASE_SCENARIOS = tuple(f"REFERRED/{state.value}" for state in CaseState)
REFERRED_SCENARIOS = (AWAITING_DECISION, *CASE_SCENARIOS, CONSENT_WITHDRAWN)
SCENARIOS = (*POLICE_SCENARIOS, *REFERRED_SCENARIOS)

# Which relation each user has to the world's cases.
USERS = (
    "anonymous",
    "analyst",  # works in Oxford: screened every family
    "analyst_other_area",
    "officer",  # assigned to every family approved for contact
    "officer_not_assigned",
    "manager",  # the organisation every family was referred to, in Oxford
    "manager_other_area",
    "manager_other_organisation",
    "practitioner",  # every allocated case is theirs
    "practitioner_not_allocated",
    "practitioner_other_organisation",
    "mentor",  # matched with the children of the supported and the closed case
    "mentor_not_assigned",
    "admin",
)


@dataclass
class Scenario:
    """The records of one family: what its routes take as arguments."""

    name: str
    family: Any
    identification: Any
    consent: Any = None
    referral: Any = None
    case: Any = None
    child: Any = None
    assignment: Any = None
    task: Any = None
    alert: Any = None
    notification: Any = None
    invitation: Any = None


@dataclass
class AccessWorld:
    scenarios: dict[str, Scenario]
    users: dict[str, Any]
    event: Any
    section: Any
    batch_id: int
    canaries: dict[str, str] = field(default_factory=dict)


def _seed_guidance() -> Any:
    from paramount.guidance.models import GuidanceSection

    if not GuidanceSection.objects.exists():  # a browser test earlier in the run emptied it
        importlib.import_module("paramount.guidance.migrations.0002_seed_sections").seed(apps, None)
    return GuidanceSection.objects.order_by("key", "version").first()


def _case_records(scenario: Scenario, support, mentor, event) -> None:
    """A mentor, a task, a movement alert, a school notification and an event invitation."""
    from paramount.events import services as events
    from paramount.support.models import AlertKind, MovementAlert, SupportTask, TaskKind
    from paramount.support.services import school, sessions

    case, child = scenario.case, scenario.child
    now, today = timezone.now(), timezone.localdate()
    scenario.assignment = sessions.mentor_assign(
        case=case, child=child, mentor=mentor, started_on=today, acting_user=support.manager
    )
    scenario.task = SupportTask.objects.create(
        case=case,
        kind=TaskKind.PRE_RELEASE_PLANNING,
        due_on=today,
        about_date=today + timedelta(days=60),
        created_at=now,
    )
    scenario.alert = MovementAlert.objects.create(
        case=case, movement=scenario.family.movement, kind=AlertKind.TRANSFER, created_at=now
    )
    scenario.notification = school.school_notification_make(
        case=case,
        child=child,
        school_name="Quillfeather Synthetic Primary",
        safeguarding_lead="Designated safeguarding lead",
        acting_user=support.manager,
    )
    scenario.invitation = events.invitation_send(
        event=event, case=case, children=[child], include_carer=True, acting_user=support.manager
    )[0]


def build_access_world(cases, support, make_user) -> AccessWorld:
    from paramount.events import services as events
    from paramount.events.models import EventKind
    from paramount.feeds.models import QuarantinedRow
    from paramount.outreach.services import consent_withdraw
    from paramount.support.models import ClosureReason, SessionKind
    from paramount.support.services import cases as support_cases
    from paramount.support.services import sessions

    mentor = make_user(Role.VOLUNTEER_MENTOR, username="world_mentor")
    now = timezone.now()
    event = events.event_create(
        details=events.EventDetails(
            kind=EventKind.FAMILY_DAY,
            title="Family day at the farm",
            starts_at=now + timedelta(days=7),
            ends_at=now + timedelta(days=7, hours=6),
            location="A synthetic farm",
            capacity=20,
        ),
        acting_user=support.manager,
    )
    scenarios: dict[str, Scenario] = {}
    for state in POLICE_SCENARIOS:
        # A red flag so that approving contact waits for a second analyst.
        flag = {"pprc_flag": "Y"} if state == FamilyState.AWAITING_SECOND_ANALYST else {}
        family = cases.at(state, **flag)
        scenarios[state] = Scenario(
            state, family, family.members.get().identification, consent=family.consents.first()
        )

    school_consent = {"covers_school": True}
    referral = support.referral(consent=school_consent)
    scenarios[AWAITING_DECISION] = Scenario(
        AWAITING_DECISION,
        referral.family,
        referral.family.members.get().identification,
        consent=referral.consent,
        referral=referral,
    )
    for state in (*CaseState, "CONSENT_WITHDRAWN"):
        name = f"REFERRED/{state}"
        # A closed case is worked first (its records made) and then closed; the withdrawn one
        # was being supported when the family withdrew.
        case = support.at(
            "SUPPORTED" if state in (CaseState.CLOSED, "CONSENT_WITHDRAWN") else state,
            consent=school_consent,
        )
        family = case.referral.family
        scenario = Scenario(
            name,
            family,
            family.members.get().identification,
            consent=case.referral.consent,
            referral=case.referral,
            case=case,
            child=case.children.first(),
        )
        if state in (CaseState.SUPPORTED, CaseState.CLOSED):
            _case_records(scenario, support, mentor, event)
            sessions.session_log(
                case=case,
                child=scenario.child,
                kind=SessionKind.ONE_TO_ONE,
                held_on=timezone.localdate(),
                duration_minutes=50,
                attended=True,
                notes=SESSION_NOTE_CANARY,
                acting_user=support.manager,
            )
        if state == CaseState.CLOSED:
            support_cases.case_close(
                case=case,
                closed_on=timezone.localdate(),
                reason=ClosureReason.GOALS_MET,
                note="",
                acting_user=support.manager,
            )
        if state == "CONSENT_WITHDRAWN":
            consent_withdraw(
                consent=case.referral.consent,
                note="The family moved away.",
                acting_user=support.manager,
            )
        case.refresh_from_db()
        scenarios[name] = scenario

    users = {
        "anonymous": None,
        "analyst": cases.analyst,
        "analyst_other_area": make_user(Role.VRU_ANALYST, areas=["Birmingham"]),
        "officer": cases.officer,
        "officer_not_assigned": make_user(Role.OUTREACH_OFFICER),
        "manager": support.manager,
        "manager_other_area": make_user(Role.CHARITY_MANAGER, areas=["Birmingham"]),
        "manager_other_organisation": make_user(
            Role.CHARITY_MANAGER, organisation=OTHER_ORGANISATION
        ),
        "practitioner": support.practitioner,
        "practitioner_not_allocated": make_user(Role.CHARITY_PRACTITIONER),
        "practitioner_other_organisation": make_user(
            Role.CHARITY_PRACTITIONER, organisation=OTHER_ORGANISATION
        ),
        "mentor": mentor,
        "mentor_not_assigned": make_user(Role.VOLUNTEER_MENTOR),
        "admin": make_user(Role.ADMIN),
    }
    _plant_canaries()
    first = scenarios[POLICE_SCENARIOS[0]]
    # The batch page shows personal data when it has quarantined rows to show.
    QuarantinedRow.objects.create(
        batch_id=first.family.movement.batch_id,
        row_number=7,
        reason='date_of_birth "2023-02-30" is not a real date',
        raw={"last_name": "Quillfeather", "date_of_birth": "2023-02-30", "postcode": "OX4 3TP"},
    )
    return AccessWorld(
        scenarios=scenarios,
        users=users,
        event=event,
        section=_seed_guidance(),
        batch_id=first.family.movement.batch_id,
    )


# What the police's case holds that the partner must never read, and what the partner's case
# holds that the police must never read.
OFFENCE_CANARY = "Synthetic offence text 4417"
RATIONALE_CANARY = "Synthetic screening rationale 8821"
CONTACT_NOTE_CANARY = "Synthetic contact note 6093"
SESSION_NOTE_CANARY = "Synthetic session note 5310"
SOCIAL_WORKER = "Jo Madeup"  # the allocated worker on the child's social care record
PNC_ID = "2012/0394773H"


def _plant_canaries() -> None:
    from paramount.feeds.models import PrisonMovement
    from paramount.outreach.models import ContactAttempt
    from paramount.screening.models import ScreeningDecision

    PrisonMovement.objects.update(offence_description=OFFENCE_CANARY)
    ContactAttempt.objects.update(note=CONTACT_NOTE_CANARY)
    for decision in ScreeningDecision.objects.all():  # encrypted: saved one by one
        decision.rationale = RATIONALE_CANARY
        decision.save()


POLICE_CASE_CONTENT = (OFFENCE_CANARY, RATIONALE_CANARY, CONTACT_NOTE_CANARY, SOCIAL_WORKER, PNC_ID)
# What each user must never see on any page, in any state.
NEVER_SHOWN = {
    "analyst": (SESSION_NOTE_CANARY,),
    "analyst_other_area": ("Quillfeather", *POLICE_CASE_CONTENT, SESSION_NOTE_CANARY),
    "officer": (SESSION_NOTE_CANARY,),
    "officer_not_assigned": ("Quillfeather", *POLICE_CASE_CONTENT, SESSION_NOTE_CANARY),
    "manager": POLICE_CASE_CONTENT,
    "manager_other_area": ("Quillfeather", *POLICE_CASE_CONTENT, SESSION_NOTE_CANARY),
    "manager_other_organisation": ("Quillfeather", *POLICE_CASE_CONTENT, SESSION_NOTE_CANARY),
    "practitioner": POLICE_CASE_CONTENT,
    "practitioner_not_allocated": ("Quillfeather", *POLICE_CASE_CONTENT, SESSION_NOTE_CANARY),
    "practitioner_other_organisation": (
        "Quillfeather",
        *POLICE_CASE_CONTENT,
        SESSION_NOTE_CANARY,
    ),
    # A mentor sees the mentee's first name and their own sessions only.
    "mentor": ("Quillfeather", *POLICE_CASE_CONTENT, SESSION_NOTE_CANARY),
    "mentor_not_assigned": ("Quillfeather", *POLICE_CASE_CONTENT, SESSION_NOTE_CANARY),
    "admin": ("Quillfeather", *POLICE_CASE_CONTENT, SESSION_NOTE_CANARY),
    "anonymous": ("Quillfeather", *POLICE_CASE_CONTENT, SESSION_NOTE_CANARY),
}
