"""SECURITY 2: every URL × every role. A URL added without a row here fails the suite."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from paramount.access.models import AuditEvent, Role

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    Role.VRU_ANALYST,
    "other_area_analyst",
    Role.OUTREACH_OFFICER,
    Role.CHARITY_PRACTITIONER,
    Role.CHARITY_MANAGER,
    Role.VOLUNTEER_MENTOR,
    Role.ADMIN,
]

# URL name -> expected status per role for a GET. 302 for "anonymous" means sent to sign in.
MATRIX = {
    # The sign-in page sends signed-in users home rather than showing the form again.
    "login": dict.fromkeys(ROLES, 302) | {"anonymous": 200},
    "logout": dict.fromkeys(ROLES, 405),
    # The second step of signing in: a session that has passed it is sent on; so is one that
    # has a device already when it asks to set one up.
    "otp_verify": dict.fromkeys(ROLES, 302),
    "otp_setup": dict.fromkeys(ROLES, 302),
    # Every role is sent to its own starting page.
    "home": dict.fromkeys(ROLES, 302),
    "identification:worklist": dict.fromkeys(ROLES, 403)
    | {"anonymous": 302, Role.VRU_ANALYST: 200, "other_area_analyst": 200},
    "identification:identification": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.VRU_ANALYST: 200},
    # The review queue: every analyst has one (empty outside their areas); nobody else.
    "identification:review": dict.fromkeys(ROLES, 403)
    | {"anonymous": 302, Role.VRU_ANALYST: 200, "other_area_analyst": 200},
    # The model's parameters hold no personal data, but only analysts work with them.
    "linkage:model": dict.fromkeys(ROLES, 403)
    | {"anonymous": 302, Role.VRU_ANALYST: 200, "other_area_analyst": 200},
    "feeds:batches": dict.fromkeys(ROLES, 403)
    | {"anonymous": 302, Role.VRU_ANALYST: 200, "other_area_analyst": 200, Role.ADMIN: 200},
    "feeds:batch": dict.fromkeys(ROLES, 403)
    | {"anonymous": 302, Role.VRU_ANALYST: 200, "other_area_analyst": 200, Role.ADMIN: 200},
    # Family cases: police roles only (the partner organisation has its referrals pages).
    "families:list": dict.fromkeys(ROLES, 403)
    | {
        "anonymous": 302,
        Role.VRU_ANALYST: 200,
        "other_area_analyst": 200,
        Role.OUTREACH_OFFICER: 200,
    },
    "families:overdue": dict.fromkeys(ROLES, 403)
    | {
        "anonymous": 302,
        Role.VRU_ANALYST: 200,
        "other_area_analyst": 200,
        Role.OUTREACH_OFFICER: 200,
    },
    # One family, approved for contact and assigned to the officer: its analyst and its officer
    # see it; for everyone else it does not exist.
    "families:family": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.VRU_ANALYST: 200, Role.OUTREACH_OFFICER: 200},
    "families:timeline": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.VRU_ANALYST: 200, Role.OUTREACH_OFFICER: 200},
    # Actions: 404 for those who may not see the family, 403 for those who see it but whose
    # role does not take that step.
    "screening:decision": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.VRU_ANALYST: 200, Role.OUTREACH_OFFICER: 403},
    "screening:countersign": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.VRU_ANALYST: 200, Role.OUTREACH_OFFICER: 403},
    "outreach:assign": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.VRU_ANALYST: 200, Role.OUTREACH_OFFICER: 403},
    "outreach:contact": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.VRU_ANALYST: 403, Role.OUTREACH_OFFICER: 200},
    "outreach:referral": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.VRU_ANALYST: 403, Role.OUTREACH_OFFICER: 200},
    "outreach:disclosure": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.VRU_ANALYST: 200, Role.OUTREACH_OFFICER: 200},
    "outreach:withdraw_consent": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.VRU_ANALYST: 403, Role.OUTREACH_OFFICER: 200},
    # Referrals received: the partner organisation only.
    "outreach:referral_list": dict.fromkeys(ROLES, 403)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    "outreach:referral_detail": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    # The family's own public page: the same for everyone.
    "self_referral": dict.fromkeys(ROLES, 200),
    "self_referral_sent": dict.fromkeys(ROLES, 200),
    # The partner organisation's case work (issue 6). Case pages: the organisation's managers and
    # the allocated practitioner (the matrix's practitioner is the one the case is allocated to);
    # for everyone else, mentors included, the case does not exist. POST-only actions answer a
    # GET with 405 before anything else.
    "events:attendance": dict.fromkeys(ROLES, 405),
    "events:cancel": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 403, Role.CHARITY_MANAGER: 200},
    "events:event": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    "events:invite": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    "events:list": dict.fromkeys(ROLES, 403)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    "events:new": dict.fromkeys(ROLES, 403) | {"anonymous": 302, Role.CHARITY_MANAGER: 200},
    "events:respond": dict.fromkeys(ROLES, 405),
    "guidance:add": dict.fromkeys(ROLES, 403) | {"anonymous": 302, Role.CHARITY_MANAGER: 200},
    "guidance:edit": dict.fromkeys(ROLES, 403) | {"anonymous": 302, Role.CHARITY_MANAGER: 200},
    "guidance:pdf": dict.fromkeys(ROLES, 403)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    "guidance:retire": dict.fromkeys(ROLES, 403) | {"anonymous": 302, Role.CHARITY_MANAGER: 200},
    "guidance:section": dict.fromkeys(ROLES, 403) | {"anonymous": 302, Role.CHARITY_MANAGER: 200},
    "guidance:sections": dict.fromkeys(ROLES, 403) | {"anonymous": 302, Role.CHARITY_MANAGER: 200},
    "guidance:sheet": dict.fromkeys(ROLES, 403)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    "guidance:version": dict.fromkeys(ROLES, 403) | {"anonymous": 302, Role.CHARITY_MANAGER: 200},
    "support:accept": dict.fromkeys(ROLES, 403) | {"anonymous": 302, Role.CHARITY_MANAGER: 200},
    "support:alert_acknowledge": dict.fromkeys(ROLES, 405),
    "support:allocate": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 403, Role.CHARITY_MANAGER: 200},
    "support:assessment": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    "support:case": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    "support:caseload": dict.fromkeys(ROLES, 403)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    "support:child_wellbeing": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    "support:close": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    "support:family_needs": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    "support:intake": dict.fromkeys(ROLES, 403) | {"anonymous": 302, Role.CHARITY_MANAGER: 200},
    "support:mentee": dict.fromkeys(ROLES, 403) | {"anonymous": 302, Role.VOLUNTEER_MENTOR: 200},
    "support:mentees": dict.fromkeys(ROLES, 403) | {"anonymous": 302, Role.VOLUNTEER_MENTOR: 200},
    "support:mentor_assign": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    "support:mentor_end": dict.fromkeys(ROLES, 405),
    "support:plan": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    "support:reopen": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    "support:school_consent": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    "support:school_notification": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    "support:school_notification_print": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    "support:school_notification_sent": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    "support:session": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    "support:task_done": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    "support:tasks": dict.fromkeys(ROLES, 403)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    "support:wellbeing": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.CHARITY_PRACTITIONER: 200, Role.CHARITY_MANAGER: 200},
    # The JSON API answers sessions with 401: it takes a bearer token only (tests/api). Its
    # schema is public and holds no personal data.
    "api:api-root": dict.fromkeys(ROLES, 404),
    "api:feed_batch": dict.fromkeys(ROLES, 401),
    "api:feed_batches": dict.fromkeys(ROLES, 401),
    "api:feed_upload": dict.fromkeys(ROLES, 405),
    "api:openapi-json": dict.fromkeys(ROLES, 200),
    "api:referral_detail": dict.fromkeys(ROLES, 401),
    "api:referral_list": dict.fromkeys(ROLES, 401),
    "api:unknown": dict.fromkeys(ROLES, 404),
}


def _url_names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"every URL needs a name so it can be listed here: {pattern}"
            yield f"{namespace}{pattern.name}"


def test_every_url_is_in_the_matrix():
    assert set(_url_names()) == set(MATRIX), "add the new URL and who may see it to MATRIX"


@pytest.fixture
def support_records(support, make_user):
    """One supported family with one of everything the partner organisation's pages show."""
    import importlib
    from datetime import timedelta

    from django.apps import apps
    from django.utils import timezone

    from paramount.events import services as events
    from paramount.events.models import EventKind
    from paramount.guidance.models import GuidanceSection
    from paramount.support.models import AlertKind, MovementAlert, SupportTask, TaskKind
    from paramount.support.services import school, sessions

    if not GuidanceSection.objects.exists():  # a browser test earlier in the run emptied it
        importlib.import_module("paramount.guidance.migrations.0002_seed_sections").seed(apps, None)
    case = support.at("SUPPORTED", consent={"covers_school": True})
    child = case.children.get()
    now, today = timezone.now(), timezone.localdate()
    mentor = make_user(Role.VOLUNTEER_MENTOR, username="matrix_mentor")
    assignment = sessions.mentor_assign(
        case=case, child=child, mentor=mentor, started_on=today, acting_user=support.manager
    )
    task = SupportTask.objects.create(
        case=case,
        kind=TaskKind.PRE_RELEASE_PLANNING,
        due_on=today,
        about_date=today + timedelta(days=60),
        created_at=now,
    )
    alert = MovementAlert.objects.create(
        case=case, movement=case.referral.family.movement, kind=AlertKind.TRANSFER, created_at=now
    )
    notification = school.school_notification_make(
        case=case,
        child=child,
        school_name="Quillfeather Synthetic Primary",
        safeguarding_lead="Designated safeguarding lead",
        acting_user=support.manager,
    )
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
    invitation = events.invitation_send(
        event=event, case=case, children=[child], include_carer=True, acting_user=support.manager
    )[0]
    from paramount.support.models import SessionKind

    sessions.session_log(
        case=case,
        child=child,
        kind=SessionKind.ONE_TO_ONE,
        held_on=today,
        duration_minutes=50,
        attended=True,
        notes=SESSION_NOTE_CANARY,
        acting_user=support.manager,
    )
    section = GuidanceSection.objects.order_by("key", "version").first()
    awaiting = support.referral()
    return (
        {
            "support:accept": [awaiting.pk],
            "support:mentor_end": [assignment.pk],
            "support:mentee": [assignment.pk],
            "support:task_done": [task.pk],
            "support:alert_acknowledge": [alert.pk],
            "support:school_notification_sent": [notification.pk],
            "support:school_notification_print": [notification.pk],
            "events:event": [event.pk],
            "events:cancel": [event.pk],
            "events:respond": [invitation.pk],
            "events:attendance": [invitation.pk],
            "events:invite": [case.pk],
            "guidance:section": [section.key],
            "guidance:version": [section.key, section.version],
            "guidance:edit": [section.key],
            "guidance:retire": [section.key],
            "api:feed_batch": [case.referral.family.movement.batch_id],
            "api:feed_upload": ["people"],
            "api:referral_detail": [case.referral_id],
            "api:unknown": ["nothing-here"],
        }
        | {
            name: [case.pk]
            for name in (
                "support:case",
                "support:allocate",
                "support:family_needs",
                "support:plan",
                "support:close",
                "support:reopen",
                "support:session",
                "support:school_consent",
            )
        }
        | {
            name: [case.pk, child.pk]
            for name in (
                "support:assessment",
                "support:mentor_assign",
                "support:wellbeing",
                "support:child_wellbeing",
                "support:school_notification",
                "guidance:sheet",
                "guidance:pdf",
            )
        }
    )


@pytest.fixture
def route_arguments(identifications, cases, support_records):
    identification = identifications.build(area="Oxford")
    family = cases.at("CONSENTED")
    referred = cases.at("REFERRED")
    family_routes = [
        "families:family",
        "families:timeline",
        "screening:decision",
        "screening:countersign",
        "outreach:assign",
        "outreach:contact",
        "outreach:referral",
        "outreach:disclosure",
    ]
    return (
        {
            "identification:identification": [identification.identification_id],
            "feeds:batch": [identification.movement.batch_id],
            "outreach:withdraw_consent": [family.consents.get().pk],
            "outreach:referral_detail": [referred.referral.pk],
        }
        | {name: [family.pk] for name in family_routes}
        | support_records
    )


def _give_families_to(user, role):
    """The matrix's outreach officer is the one the families are assigned to, its practitioner
    the one the supported family is allocated to, its mentor the one matched with the child."""
    from paramount.families.models import Family
    from paramount.support.models import MentorAssignment, SupportCase

    if role == Role.OUTREACH_OFFICER:
        Family.objects.update(assigned_officer=user)
    if role == Role.CHARITY_PRACTITIONER:
        SupportCase.objects.update(practitioner=user)
    if role == Role.VOLUNTEER_MENTOR:
        MentorAssignment.objects.update(mentor=user)


@pytest.fixture
def user_for(make_user):
    def make(role):
        if role == "anonymous":
            return None
        if role == "other_area_analyst":
            return make_user(Role.VRU_ANALYST, areas=["Birmingham"])
        return make_user(role, areas=["Oxford"])

    return make


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_matrix_says(client, role, route_arguments, user_for):
    user = user_for(role)
    if user is not None:
        client.force_login(user)
        _give_families_to(user, role)
    for name, expected in MATRIX.items():
        url = reverse(name, args=route_arguments.get(name, []))
        response = client.get(url)
        assert response.status_code == expected[role], f"{role} GET {url}"
        if role == "anonymous" and expected[role] == 302:
            assert response["Location"].startswith(reverse("login")), url


def test_refusals_are_audited(signed_in, admin_user, route_arguments):
    client = signed_in(admin_user)
    identification_id = route_arguments["identification:identification"][0]
    assert client.get(reverse("identification:worklist")).status_code == 403
    assert (
        client.get(reverse("identification:identification", args=[identification_id])).status_code
        == 404
    )
    refused = AuditEvent.objects.filter(actor=admin_user, purpose="access refused")
    assert {e.action for e in refused} == {"access.denied", "identification.access_denied"}
    assert refused.get(action="identification.access_denied").subject_id == identification_id


# URL name -> expected status per role for a POST that would change something. A decision on a
# match the role may not see is a 404, exactly like looking at it.
POST_MATRIX = {
    "identification:identification": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.VRU_ANALYST: 302},
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_posts_what_the_matrix_says(client, role, identifications, user_for):
    from paramount.identification.models import ReviewDecision

    identification = identifications.build(area="Oxford", band="REVIEW")
    arguments = {"identification:identification": [identification.identification_id]}
    user = user_for(role)
    if user is not None:
        client.force_login(user)
    for name, expected in POST_MATRIX.items():
        url = reverse(name, args=arguments[name])
        response = client.post(
            url, {"decision": "CONFIRMED_SAME_PERSON", "reason": "", "version": 1}
        )
        assert response.status_code == expected[role], f"{role} POST {url}"
    assert ReviewDecision.objects.exists() == (role == Role.VRU_ANALYST)


# SECURITY 11: every page showing personal data writes an audit row when it is read, and every
# refusal writes one too. Routes with no personal data (sign-in, the model's parameters, the
# public self-referral form) are listed apart so a new route must be put in one list or the other.
PERSONAL_DATA_ROUTES = {
    "identification:worklist",
    "identification:identification",
    "identification:review",
    "feeds:batch",
    "families:list",
    "families:overdue",
    "families:family",
    "families:timeline",
    "screening:decision",
    "screening:countersign",
    "outreach:assign",
    "outreach:contact",
    "outreach:referral",
    "outreach:disclosure",
    "outreach:withdraw_consent",
    "outreach:referral_list",
    "outreach:referral_detail",
    "events:attendance",
    "events:cancel",
    "events:event",
    "events:invite",
    "events:respond",
    "support:accept",
    "support:alert_acknowledge",
    "support:allocate",
    "support:assessment",
    "support:case",
    "support:caseload",
    "support:child_wellbeing",
    "support:close",
    "support:family_needs",
    "support:intake",
    "support:mentee",
    "support:mentees",
    "support:mentor_assign",
    "support:mentor_end",
    "support:plan",
    "support:reopen",
    "support:school_consent",
    "support:school_notification",
    "support:school_notification_print",
    "support:school_notification_sent",
    "support:session",
    "support:task_done",
    "support:tasks",
    "support:wellbeing",
    "guidance:sheet",
    "guidance:pdf",
}
NO_PERSONAL_DATA_ROUTES = {
    "login",
    "logout",
    "otp_verify",
    "otp_setup",
    "home",
    "linkage:model",
    "feeds:batches",
    "self_referral",
    "self_referral_sent",
    # Events' titles and places; the guidance's content and its editors (staff); the API, which
    # refuses a session before reading anything.
    "api:api-root",
    "api:feed_batch",
    "api:feed_batches",
    "api:feed_upload",
    "api:openapi-json",
    "api:referral_detail",
    "api:referral_list",
    "api:unknown",
    "events:list",
    "events:new",
    "guidance:add",
    "guidance:edit",
    "guidance:retire",
    "guidance:section",
    "guidance:sections",
    "guidance:version",
}


def test_every_route_says_whether_it_shows_personal_data():
    assert set(MATRIX) == PERSONAL_DATA_ROUTES | NO_PERSONAL_DATA_ROUTES
    assert not PERSONAL_DATA_ROUTES & NO_PERSONAL_DATA_ROUTES


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_every_personal_data_read_or_refusal_is_audited(
    client, role, route_arguments, user_for, identifications
):
    from paramount.feeds.models import QuarantinedRow

    # The batch page shows personal data when it has quarantined rows to show.
    QuarantinedRow.objects.create(
        batch_id=route_arguments["feeds:batch"][0],
        row_number=7,
        reason='date_of_birth "2023-02-30" is not a real date',
        raw={"last_name": "Quillfeather", "date_of_birth": "2023-02-30"},
    )
    identifications.build(area="Oxford", band="REVIEW")  # so the review queue has names to show
    user = user_for(role)
    client.force_login(user)
    _give_families_to(user, role)
    for name in sorted(PERSONAL_DATA_ROUTES):
        before = AuditEvent.objects.filter(actor=user).count()
        response = client.get(reverse(name, args=route_arguments.get(name, [])))
        # Refusals are audited; so is every page that shows a person (the fixtures' people are
        # all Quillfeathers). An empty page for someone outside the area shows nobody.
        shows_a_person = response.status_code == 200 and "Quillfeather" in response.content.decode(
            errors="replace"
        )
        if response.status_code in (403, 404) or shows_a_person:
            assert AuditEvent.objects.filter(actor=user).count() > before, f"{role} GET {name}"


# SECURITY 3: what each role must never see, whatever page it opens.
OFFENCE_CANARY = "Synthetic offence text 4417"
RATIONALE_CANARY = "Synthetic screening rationale 8821"
SESSION_NOTE_CANARY = "Synthetic session note 5310"
NEVER_SHOWN = {
    Role.ADMIN: ["Quillfeather", OFFENCE_CANARY, RATIONALE_CANARY, SESSION_NOTE_CANARY],
    Role.CHARITY_PRACTITIONER: [OFFENCE_CANARY, RATIONALE_CANARY, "99.7%", "2012/0394773H"],
    Role.CHARITY_MANAGER: [OFFENCE_CANARY, RATIONALE_CANARY, "99.7%", "2012/0394773H"],
    # The police never see the partner's session notes; a mentor sees the mentee's first name
    # and their own sessions only: no surname, no practitioner's notes, nothing of the police's.
    Role.VRU_ANALYST: [SESSION_NOTE_CANARY],
    Role.OUTREACH_OFFICER: [SESSION_NOTE_CANARY],
    Role.VOLUNTEER_MENTOR: [
        "Quillfeather",
        OFFENCE_CANARY,
        RATIONALE_CANARY,
        SESSION_NOTE_CANARY,
        "99.7%",
        "2012/0394773H",
    ],
    "other_area_analyst": ["Quillfeather", OFFENCE_CANARY, RATIONALE_CANARY, SESSION_NOTE_CANARY],
}


@pytest.mark.parametrize("role", sorted(NEVER_SHOWN, key=str))
def test_no_role_sees_what_it_must_not(client, role, route_arguments, user_for):
    from paramount.feeds.models import PrisonMovement
    from paramount.screening.models import ScreeningDecision

    PrisonMovement.objects.update(offence_description=OFFENCE_CANARY)
    for decision in ScreeningDecision.objects.all():
        decision.rationale = RATIONALE_CANARY
        decision.save()
    user = user_for(role)
    client.force_login(user)
    pages = []
    for name in MATRIX:
        response = client.get(reverse(name, args=route_arguments.get(name, [])), follow=True)
        pages.append(response.content.decode(errors="replace"))
    html = "\n".join(pages)
    for value in NEVER_SHOWN[role]:
        assert value not in html, f"{role} saw {value!r}"
