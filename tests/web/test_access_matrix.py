"""SECURITY 1-4 and 11: every URL × every user's relation to a case × every state of the case.

:data:`ROUTES` says, as data, what each user gets from each route of the URL configuration on
the records of each scenario of :mod:`access_world` (a family in every state of the police's
part of the flow, a referred family in every state of the partner's). A URL, family state or
case state that is not in the table fails the suite. Users are named by their relation to the
world's cases (``officer`` is assigned to its families, ``practitioner_not_allocated`` works for
the same organisation but not on these cases), so the table reads as the policy it proves:

- a family case is police work: the analysts of its area and its assigned officer see it until
  the referral; then they see one fact (referred, and when); the partner never sees it;
- a referral is read by the receiving organisation's managers in the family's area, and by the
  practitioner the case is allocated to; nobody else;
- every refusal, in every state, is audited, and is the same for a POST as for a GET.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from access_world import (
    AWAITING_DECISION,
    CASE_SCENARIOS,
    CONSENT_WITHDRAWN,
    NEVER_SHOWN,
    POLICE_SCENARIOS,
    REFERRED_SCENARIOS,
    SCENARIOS,
    USERS,
    AccessWorld,
    Scenario,
    build_access_world,
)
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from paramount.access.models import AuditEvent, Role
from paramount.families.models import FamilyState
from paramount.support.models import CaseState

pytestmark = pytest.mark.django_db

# What a request can come to.
OK = "ok"  # the page, or sent on to the next one (not to sign in)
NOTICE = "notice"  # a police user's one fact about a referred family: referred, and when
FORBIDDEN = "403"  # the user may see the record but their role may not do this
MISSING = "404"  # the record does not exist for the user
SIGN_IN = "sign in"  # sent to the sign-in page
NOT_ALLOWED = "405"  # the method is not accepted, whoever asks
TOKEN_ONLY = "401"  # the JSON API takes a bearer token, never a session

# --- who ------------------------------------------------------------------------------------

ANALYSTS = ("analyst", "analyst_other_area")
OFFICERS = ("officer", "officer_not_assigned")
MANAGERS = ("manager", "manager_other_area", "manager_other_organisation")
PRACTITIONERS = ("practitioner", "practitioner_not_allocated", "practitioner_other_organisation")
PARTNER_STAFF = MANAGERS + PRACTITIONERS
MENTORS = ("mentor", "mentor_not_assigned")
SIGNED_IN = tuple(user for user in USERS if user != "anonymous")

# --- in which state -------------------------------------------------------------------------

# The police's part, before an officer is assigned and after. Listed by hand: a new state must
# be placed in one or the other (test_every_state_is_in_the_table).
NOT_ASSIGNED = frozenset(
    {
        FamilyState.AWAITING_SCREENING,
        FamilyState.AWAITING_SECOND_ANALYST,
        FamilyState.NOT_APPROPRIATE,
        FamilyState.COORDINATE_WITH_CSC,
        FamilyState.WITHDRAWN,
    }
)
ASSIGNED = frozenset(
    {
        FamilyState.APPROVED_FOR_CONTACT,
        FamilyState.CONTACT_ATTEMPTED,
        FamilyState.DECLINED,
        FamilyState.UNREACHABLE,
        FamilyState.SELF_REFERRAL_DETAILS_LEFT,
        FamilyState.CONSENTED,
        # Closed by the retention job's backstop after contact had been tried.
        FamilyState.CLOSED,
    }
)
POLICE = NOT_ASSIGNED | ASSIGNED
REFERRED = frozenset(REFERRED_SCENARIOS)
WITH_CASE = REFERRED - {AWAITING_DECISION}
ALLOCATED = WITH_CASE - {f"REFERRED/{CaseState.WAITLISTED}"}
# The cases with a mentor, a task, an alert, a school notification and an invitation.
WORKED = frozenset({f"REFERRED/{CaseState.SUPPORTED}", f"REFERRED/{CaseState.CLOSED}"})
SUPPORTED = frozenset({f"REFERRED/{CaseState.SUPPORTED}"})


def each(scenarios, outcome: str = OK) -> dict[str, str]:
    return dict.fromkeys(scenarios, outcome)


# --- what ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """One URL name: the records it takes, and what each user gets.

    ``expected`` maps a user to an outcome (routes on no record) or to ``{scenario: outcome}``
    (routes on a scenario's records); a user or scenario not listed gets ``refused`` (anonymous
    users are sent to sign in). ``arguments`` gives the URL's arguments for a scenario, or None
    where the scenario has no such record.
    """

    expected: dict[str, str | dict[str, str]]
    refused: str = MISSING
    arguments: Callable[[AccessWorld, Scenario | None], list | None] | None = None
    method: str = "GET"

    def expect(self, user: str, scenario: str | None) -> str:
        outcome = self.expected.get(user)
        if isinstance(outcome, dict):
            outcome = outcome.get(scenario)
        if outcome is None:
            return SIGN_IN if user == "anonymous" else self.refused
        return outcome


def _record(attribute: str, key: str = "pk"):
    def arguments(world: AccessWorld, scenario: Scenario | None) -> list | None:
        record = getattr(scenario, attribute)
        return None if record is None else [getattr(record, key)]

    return arguments


def _case_and_child(world: AccessWorld, scenario: Scenario | None) -> list | None:
    return None if scenario.case is None else [scenario.case.pk, scenario.child.pk]


def _world(*values: Callable[[AccessWorld], object]):
    """Arguments from the world's shared records (an event, a section): asked once, not per
    scenario."""

    def arguments(world: AccessWorld, scenario: Scenario | None) -> list:
        return [value(world) for value in values]

    arguments.per_scenario = False
    return arguments


def page(users, refused: str = FORBIDDEN, outcome: str = OK, **extra: str) -> Route:
    """A page on no record, for ``users``; ``extra`` names other users' outcomes."""
    return Route({**dict.fromkeys(users, outcome), **extra}, refused=refused)


def on_family(**expected) -> Route:
    return Route(expected, arguments=_record("family"))


def on_case(arguments=None, method: str = "GET", **expected) -> Route:
    return Route(expected, arguments=arguments or _record("case"), method=method)


# The partner's work on a case: the organisation's manager in the family's area, and the
# practitioner it is allocated to.
CASE_WORK = {"manager": each(WITH_CASE), "practitioner": each(ALLOCATED)}
NOT_CASE_WORK = {
    user: each(WITH_CASE, FORBIDDEN) for user in SIGNED_IN if user not in PARTNER_STAFF
}
RECORD_WORK = {"manager": each(WORKED), "practitioner": each(WORKED)}

ROUTES: dict[str, Route] = {
    # Signing in: the form for anonymous users, everyone else is sent on.
    "login": page(USERS),
    "logout": page(USERS, outcome=NOT_ALLOWED),  # POST only
    "otp_verify": page(SIGNED_IN),
    "otp_setup": page(SIGNED_IN),
    "home": page(SIGNED_IN),
    # The police's pages on no one record: analysts (empty outside their areas), officers.
    "identification:worklist": page(ANALYSTS),
    "identification:review": page(ANALYSTS),
    "linkage:model": page(ANALYSTS),  # no personal data, but only analysts work with it
    "feeds:batches": page((*ANALYSTS, "admin")),
    "feeds:batch": Route(
        dict.fromkeys((*ANALYSTS, "admin"), OK),
        refused=FORBIDDEN,
        arguments=_world(lambda world: world.batch_id),
    ),
    "families:list": page((*ANALYSTS, *OFFICERS)),
    "families:overdue": page((*ANALYSTS, *OFFICERS)),
    # A family case: police work, in every state. At the referral the police keep one fact.
    "families:family": on_family(
        analyst=each(POLICE) | each(REFERRED, NOTICE),
        officer=each(ASSIGNED) | each(REFERRED, NOTICE),
    ),
    "families:timeline": on_family(analyst=each(POLICE), officer=each(ASSIGNED)),
    "screening:decision": on_family(analyst=each(POLICE), officer=each(ASSIGNED, FORBIDDEN)),
    "screening:countersign": on_family(analyst=each(POLICE), officer=each(ASSIGNED, FORBIDDEN)),
    "outreach:assign": on_family(analyst=each(POLICE), officer=each(ASSIGNED, FORBIDDEN)),
    "outreach:contact": on_family(analyst=each(POLICE, FORBIDDEN), officer=each(ASSIGNED)),
    "outreach:referral": on_family(analyst=each(POLICE, FORBIDDEN), officer=each(ASSIGNED)),
    "outreach:disclosure": on_family(analyst=each(POLICE), officer=each(ASSIGNED)),
    # An identification goes with its family: the police lose it at the referral too.
    "identification:identification": Route(
        {"analyst": each(POLICE)},
        arguments=_record("identification", "identification_id"),
    ),
    # A consent's withdrawal: the officer before the referral, the partner after it.
    "outreach:withdraw_consent": Route(
        {
            "analyst": each({FamilyState.CONSENTED}, FORBIDDEN),
            "officer": each({FamilyState.CONSENTED}),
            "manager": each(REFERRED),
            "practitioner": each(ALLOCATED),
        },
        arguments=_record("consent"),
    ),
    # Referrals: the receiving organisation's managers, and the practitioner of the case.
    "outreach:referral_list": page(PARTNER_STAFF),
    "outreach:referral_detail": Route(
        {"manager": each(REFERRED), "practitioner": each(ALLOCATED)},
        arguments=_record("referral"),
    ),
    "support:intake": page(MANAGERS),
    # Deciding on a referral is a manager's, and only while it waits for the decision.
    "support:accept": Route(
        {
            **dict.fromkeys((*SIGNED_IN,), each(REFERRED, FORBIDDEN)),
            "manager": each(REFERRED, MISSING) | each({AWAITING_DECISION}),
            "manager_other_area": each(REFERRED, MISSING),
            "manager_other_organisation": each(REFERRED, MISSING),
        },
        arguments=_record("referral"),
    ),
    "support:caseload": page(PARTNER_STAFF),
    "support:tasks": page(PARTNER_STAFF),
    "support:case": on_case(**CASE_WORK),
    "support:allocate": on_case(manager=each(WITH_CASE), practitioner=each(ALLOCATED, FORBIDDEN)),
    "support:family_needs": on_case(**CASE_WORK),
    "support:plan": on_case(**CASE_WORK),
    "support:close": on_case(**CASE_WORK),
    "support:reopen": on_case(**CASE_WORK),
    "support:session": on_case(**CASE_WORK),
    "support:school_consent": on_case(**CASE_WORK),
    "support:assessment": on_case(arguments=_case_and_child, **CASE_WORK),
    "support:wellbeing": on_case(arguments=_case_and_child, **CASE_WORK),
    "support:child_wellbeing": on_case(arguments=_case_and_child, **CASE_WORK),
    "support:school_notification": on_case(arguments=_case_and_child, **CASE_WORK),
    "support:mentor_assign": on_case(arguments=_case_and_child, **CASE_WORK),
    "support:school_notification_sent": on_case(arguments=_record("notification"), **RECORD_WORK),
    "support:school_notification_print": on_case(arguments=_record("notification"), **RECORD_WORK),
    "support:task_done": on_case(arguments=_record("task"), **RECORD_WORK),
    "support:alert_acknowledge": on_case(arguments=_record("alert"), method="POST", **RECORD_WORK),
    "support:mentor_end": on_case(arguments=_record("assignment"), method="POST", **RECORD_WORK),
    # A volunteer mentor: their own mentee (first name) while the case is open, nothing else.
    "support:mentees": page(MENTORS),
    "support:mentee": Route(
        {
            **dict.fromkeys(SIGNED_IN, each(WORKED, FORBIDDEN)),
            "mentor": each(WORKED, MISSING) | each(SUPPORTED),
            "mentor_not_assigned": each(WORKED, MISSING),
        },
        arguments=_record("assignment"),
    ),
    # Telling the child: the sheet for a child of a case the user works on.
    # (A role outside the partner's case work is refused before the case is looked up.)
    "guidance:sheet": on_case(arguments=_case_and_child, **NOT_CASE_WORK, **CASE_WORK),
    "guidance:pdf": on_case(arguments=_case_and_child, **NOT_CASE_WORK, **CASE_WORK),
    # The guidance's sections (staff content, no personal data): the organisation's managers.
    "guidance:sections": page(MANAGERS),
    "guidance:add": page(MANAGERS),
    "guidance:section": Route(
        dict.fromkeys(MANAGERS, OK),
        refused=FORBIDDEN,
        arguments=_world(lambda world: world.section.key),
    ),
    "guidance:version": Route(
        dict.fromkeys(MANAGERS, OK),
        refused=FORBIDDEN,
        arguments=_world(lambda world: world.section.key, lambda world: world.section.version),
    ),
    "guidance:edit": Route(
        dict.fromkeys(MANAGERS, OK),
        refused=FORBIDDEN,
        arguments=_world(lambda world: world.section.key),
    ),
    "guidance:retire": Route(
        dict.fromkeys(MANAGERS, OK),
        refused=FORBIDDEN,
        arguments=_world(lambda world: world.section.key),
    ),
    # Events: the organisation's staff; an invitation goes with its case.
    "events:list": page(PARTNER_STAFF),
    "events:new": page(MANAGERS),
    "events:event": Route(
        dict.fromkeys(
            ("manager", "manager_other_area", "practitioner", "practitioner_not_allocated"), OK
        ),
        arguments=_world(lambda world: world.event.pk),
    ),
    "events:cancel": Route(
        {
            "manager": OK,
            "manager_other_area": OK,
            "practitioner": FORBIDDEN,
            "practitioner_not_allocated": FORBIDDEN,
        },
        arguments=_world(lambda world: world.event.pk),
    ),
    "events:invite": on_case(**CASE_WORK),
    "events:respond": on_case(arguments=_record("invitation"), method="POST", **RECORD_WORK),
    "events:attendance": on_case(arguments=_record("invitation"), method="POST", **RECORD_WORK),
    # The family's own public page: the same for everyone.
    "self_referral": page(USERS),
    "self_referral_sent": page(USERS),
    # The JSON API answers a session with 401: it takes a bearer token only
    # (tests/api/test_access_matrix.py). Its schema is public and holds no personal data.
    "api:api-root": page(USERS, outcome=MISSING),
    "api:feed_batch": Route(
        dict.fromkeys(USERS, TOKEN_ONLY), arguments=_world(lambda world: world.batch_id)
    ),
    "api:feed_batches": page(USERS, outcome=TOKEN_ONLY),
    "api:feed_upload": Route(
        dict.fromkeys(USERS, NOT_ALLOWED), arguments=_world(lambda world: "people")
    ),
    "api:openapi-json": page(USERS),
    "api:referral_detail": Route(
        dict.fromkeys(USERS, TOKEN_ONLY), arguments=_world(lambda world: 1)
    ),
    "api:referral_list": page(USERS, outcome=TOKEN_ONLY),
    "api:unknown": Route(
        dict.fromkeys(USERS, MISSING), arguments=_world(lambda world: "nothing-here")
    ),
}


def _url_names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"every URL needs a name so it can be listed here: {pattern}"
            yield f"{namespace}{pattern.name}"


def test_every_url_is_in_the_table():
    assert set(_url_names()) == set(ROUTES), "add the new URL and who may use it to ROUTES"


def test_every_state_is_in_the_table():
    """A new state of a family or a support case must be placed before the table covers it."""
    assert set(POLICE_SCENARIOS) == set(POLICE), "place the new family state in ROUTES' sets"
    assert not NOT_ASSIGNED & ASSIGNED
    assert set(FamilyState) == set(POLICE) | {FamilyState.REFERRED}
    assert set(CASE_SCENARIOS) == {f"REFERRED/{state}" for state in CaseState}
    assert CONSENT_WITHDRAWN in REFERRED and set(SCENARIOS) == set(POLICE) | REFERRED
    for name, route in ROUTES.items():
        for user, outcomes in route.expected.items():
            assert user in USERS, f"{name}: unknown user {user}"
            if isinstance(outcomes, dict):
                assert set(outcomes) <= set(SCENARIOS), f"{name}: unknown scenario for {user}"


# --- asking ----------------------------------------------------------------------------------


def outcome_of(response) -> str:
    status = response.status_code
    if status in (301, 302, 303):
        return SIGN_IN if urlsplit(response["Location"]).path == reverse("login") else OK
    if status == 200:
        names = {template.name for template in response.templates or []}
        return NOTICE if "families/referred_notice.html" in names else OK
    return str(status)


def _instances(route: Route, world: AccessWorld):
    """(scenario name, URL arguments) for each set of records the route can be asked about."""
    if route.arguments is None:
        yield None, []
        return
    if not getattr(route.arguments, "per_scenario", True):
        yield None, route.arguments(world, None)
        return
    for name, scenario in world.scenarios.items():
        arguments = route.arguments(world, scenario)
        if arguments is not None:
            yield name, arguments


def _audit_count(user) -> int:
    return AuditEvent.objects.filter(actor=user).count() if user is not None else 0


@pytest.mark.slow
@pytest.mark.parametrize("user_name", USERS)
def test_each_user_gets_what_the_table_says_in_every_state(
    client, cases, support, make_user, user_name
):
    world = build_access_world(cases, support, make_user)
    user = world.users[user_name]
    if user is not None:
        client.force_login(user)
    wrong: list[str] = []
    asked = 0
    # POST-only routes last: they may change the record they are asked about.
    for name, route in sorted(ROUTES.items(), key=lambda item: item[1].method == "POST"):
        for scenario, arguments in _instances(route, world):
            expected = route.expect(user_name, scenario)
            url = reverse(name, args=arguments)
            where = f"{user_name} {route.method} {name} [{scenario or '-'}] {url}"
            before = _audit_count(user)
            send = client.post if route.method == "POST" else client.get
            response = send(url)
            asked += 1
            got = outcome_of(response)
            if got != expected:
                wrong.append(f"{where}: expected {expected}, got {got}")
                continue
            html = response.content.decode(errors="replace") if got in (OK, NOTICE) else ""
            seen = [value for value in NEVER_SHOWN[user_name] if value in html]
            if seen:
                wrong.append(f"{where}: shows {seen}")
            refused = got in (FORBIDDEN, MISSING) and name.split(":")[0] != "api"
            shows_a_person = "Quillfeather" in html
            if user is not None and (refused or shows_a_person) and _audit_count(user) == before:
                wrong.append(f"{where}: {'refusal' if refused else 'read'} not audited")
            if refused and route.method == "GET":
                # A change is refused exactly as a look is (or the route takes no POST at all).
                posted = outcome_of(client.post(url))
                if posted not in (expected, NOT_ALLOWED):
                    wrong.append(f"{where}: POST got {posted}, GET {expected}")
    assert asked > 300
    assert not wrong, f"{len(wrong)} of {asked} answers differ:\n" + "\n".join(wrong[:60])


def test_refusals_are_audited(signed_in, admin_user, identifications):
    identification = identifications.build(area="Oxford")
    client = signed_in(admin_user)
    assert client.get(reverse("identification:worklist")).status_code == 403
    url = reverse("identification:identification", args=[identification.identification_id])
    assert client.get(url).status_code == 404
    refused = AuditEvent.objects.filter(actor=admin_user, purpose="access refused")
    assert {e.action for e in refused} == {"access.denied", "identification.access_denied"}
    assert (
        refused.get(action="identification.access_denied").subject_id
        == identification.identification_id
    )


# URL name -> expected status per role for a POST that would change something. A decision on a
# match the role may not see is a 404, exactly like looking at it.
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
POST_MATRIX = {
    "identification:identification": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, Role.VRU_ANALYST: 302},
}


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
# refusal writes one too (both checked in every state above). Routes with no personal data
# (sign-in, the model's parameters, the public self-referral form) are listed apart so a new
# route must be put in one list or the other.
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
    assert set(ROUTES) == PERSONAL_DATA_ROUTES | NO_PERSONAL_DATA_ROUTES
    assert not PERSONAL_DATA_ROUTES & NO_PERSONAL_DATA_ROUTES
