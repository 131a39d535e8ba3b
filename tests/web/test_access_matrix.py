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
def route_arguments(identifications, cases):
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
    return {
        "identification:identification": [identification.identification_id],
        "feeds:batch": [identification.movement.batch_id],
        "outreach:withdraw_consent": [family.consents.get().pk],
        "outreach:referral_detail": [referred.referral.pk],
    } | {name: [family.pk] for name in family_routes}


def _give_families_to(user, role):
    """The matrix's outreach officer is the one the families are assigned to."""
    from paramount.families.models import Family

    if role == Role.OUTREACH_OFFICER:
        Family.objects.update(assigned_officer=user)


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
        shows_a_person = response.status_code == 200 and "Quillfeather" in response.content.decode()
        if response.status_code in (403, 404) or shows_a_person:
            assert AuditEvent.objects.filter(actor=user).count() > before, f"{role} GET {name}"


# SECURITY 3: what each role must never see, whatever page it opens.
OFFENCE_CANARY = "Synthetic offence text 4417"
RATIONALE_CANARY = "Synthetic screening rationale 8821"
NEVER_SHOWN = {
    Role.ADMIN: ["Quillfeather", OFFENCE_CANARY, RATIONALE_CANARY],
    Role.CHARITY_PRACTITIONER: [OFFENCE_CANARY, RATIONALE_CANARY, "99.7%", "2012/0394773H"],
    Role.CHARITY_MANAGER: [OFFENCE_CANARY, RATIONALE_CANARY, "99.7%", "2012/0394773H"],
    "other_area_analyst": ["Quillfeather", OFFENCE_CANARY, RATIONALE_CANARY],
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
        pages.append(response.content.decode())
    html = "\n".join(pages)
    for value in NEVER_SHOWN[role]:
        assert value not in html, f"{role} saw {value!r}"
