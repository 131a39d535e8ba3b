"""Family pages through the test client: each step's form, and police access ending at
referral on every route (SECURITY 1). Every name is made up."""

import pytest
from django.urls import reverse
from django.utils import timezone

from paramount.access.models import AuditEvent, Role
from paramount.families.models import FamilyState
from paramount.outreach import services as outreach

pytestmark = pytest.mark.django_db

FAMILY_ROUTES = [
    "families:family",
    "families:timeline",
    "screening:decision",
    "screening:countersign",
    "outreach:assign",
    "outreach:contact",
    "outreach:referral",
    "outreach:disclosure",
]


def test_the_analyst_screens_and_assigns_through_the_pages(client, cases):
    family = cases.family(pprc_flag="Y")
    client.force_login(cases.analyst)
    page = client.get(reverse("families:family", args=[family.pk])).content.decode()
    assert "Ada Quillfeather" in page
    assert "Person posing a risk to children" in page
    assert "approving contact needs a second analyst" in page
    assert AuditEvent.objects.filter(action="family.detail_viewed", actor=cases.analyst).exists()

    url = reverse("screening:decision", args=[family.pk])
    response = client.post(url, {"outcome": "APPROVE_CONTACT", "rationale": "", "version": 1})
    assert response.status_code == 200
    assert "Enter the rationale for your decision" in response.content.decode()
    response = client.post(
        url, {"outcome": "APPROVE_CONTACT", "rationale": "Carer only, by phone.", "version": 1}
    )
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.state == FamilyState.AWAITING_SECOND_ANALYST
    # The first analyst is not offered the countersignature, and is refused it.
    page = client.get(reverse("families:family", args=[family.pk])).content.decode()
    assert "Countersign the approval" not in page
    response = client.post(
        reverse("screening:countersign", args=[family.pk]),
        {"outcome": "AGREED", "note": "", "version": family.version},
    )
    assert "a different analyst must countersign" in response.content.decode()

    client.force_login(cases.second_analyst)
    response = client.post(
        reverse("screening:countersign", args=[family.pk]),
        {"outcome": "AGREED", "note": "", "version": family.version},
    )
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.state == FamilyState.APPROVED_FOR_CONTACT

    officer = cases.officer
    response = client.post(reverse("outreach:assign", args=[family.pk]), {"officer": officer.pk})
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.assigned_officer == officer


def test_a_stale_page_gets_a_clear_conflict(client, cases):
    family = cases.family()
    client.force_login(cases.analyst)
    url = reverse("screening:decision", args=[family.pk])
    client.post(url, {"outcome": "APPROVE_CONTACT", "rationale": "Fine.", "version": 1})
    client.force_login(cases.second_analyst)
    response = client.post(
        url,
        {"outcome": "NOT_APPROPRIATE", "reason_code": "OTHER", "rationale": "No.", "version": 1},
    )
    assert response.status_code == 200
    assert "changed while you were looking at it" in response.content.decode()


def test_the_officer_records_consent_and_refers(client, cases):
    family = cases.at("APPROVED_FOR_CONTACT")
    client.force_login(cases.officer)
    url = reverse("outreach:contact", args=[family.pk])
    when = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    response = client.post(
        url,
        {
            "method": "PHONE",
            "attempted_at": when,
            "outcome": "CONSENTED",
            "version": family.version,
        },
    )
    html = response.content.decode()
    assert "Enter who gave consent" in html and "must cover the referral" in html
    response = client.post(
        url,
        {
            "method": "VISIT",
            "attempted_at": when,
            "outcome": "CONSENTED",
            "given_by_name": "Casey Quillfeather",
            "relationship_to_child": "Mother",
            "has_parental_responsibility": "Y",
            "covers": ["referral", "school"],
            "consent_method": "WRITTEN",
            "contact_phone": "07700 900321",
            "version": family.version,
        },
    )
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.state == FamilyState.CONSENTED
    preview = client.get(reverse("outreach:referral", args=[family.pk])).content.decode()
    assert "Casey Quillfeather" in preview and "do not receive the offence" in preview
    response = client.post(
        reverse("outreach:referral", args=[family.pk]), {"version": family.version}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("families:list")
    family.refresh_from_db()
    assert family.state == FamilyState.REFERRED


@pytest.mark.parametrize("role", ["analyst", "officer"])
def test_police_lose_the_family_at_referral_on_every_route(client, cases, role):
    """SECURITY 1: the same session gets the family before the referral and only its date after."""
    family = cases.at("CONSENTED")
    identification = family.members.get().identification
    user = cases.analyst if role == "analyst" else cases.officer
    client.force_login(user)
    allowed = {
        "analyst": {
            "families:family",
            "families:timeline",
            "screening:decision",
            "screening:countersign",
            "outreach:assign",
            "outreach:disclosure",
        },
        "officer": {
            "families:family",
            "families:timeline",
            "outreach:contact",
            "outreach:referral",
            "outreach:disclosure",
        },
    }[role]
    for name in allowed:
        assert client.get(reverse(name, args=[family.pk])).status_code == 200, name
    assert "Ada Quillfeather" in client.get(reverse("families:list")).content.decode()
    if role == "analyst":
        assert (
            client.get(
                reverse("identification:identification", args=[identification.identification_id])
            ).status_code
            == 200
        )
        assert "Ada" in client.get(reverse("identification:worklist")).content.decode()
    else:
        assert (
            client.get(
                reverse("outreach:withdraw_consent", args=[family.consents.get().pk])
            ).status_code
            == 200
        )

    outreach.referral_make(family=family, acting_user=cases.officer)

    notice = client.get(reverse("families:family", args=[family.pk]))
    assert notice.status_code == 200
    html = notice.content.decode()
    assert "Referred on" in html
    for secret in ("Ada", "Quillfeather", "OX4", identification.identification_id):
        assert secret not in html
    for name in FAMILY_ROUTES[1:]:
        assert client.get(reverse(name, args=[family.pk])).status_code == 404, name
        if not name.startswith("families:"):  # the action routes also refuse a POST
            assert client.post(reverse(name, args=[family.pk]), {}).status_code == 404, name
    listing = client.get(reverse("families:list")).content.decode()
    assert "Referred on" in listing and "Ada" not in listing
    assert (
        client.get(
            reverse("outreach:withdraw_consent", args=[family.consents.get().pk])
        ).status_code
        == 404
    )
    assert client.get(
        reverse("identification:identification", args=[identification.identification_id])
    ).status_code in (403, 404)
    if role == "analyst":
        worklist = client.get(reverse("identification:worklist")).content.decode()
        assert "Quillfeather" not in worklist
    assert client.get(reverse("outreach:referral_list")).status_code == 403
    assert (
        client.get(reverse("outreach:referral_detail", args=[family.referral.pk])).status_code
        == 404
    )


def test_the_partner_sees_what_was_referred_to_it_and_nothing_else(client, cases, make_user):
    referred = cases.at("REFERRED")
    waiting = cases.at("CONSENTED")
    manager = make_user(Role.CHARITY_MANAGER)
    client.force_login(manager)
    listing = client.get(reverse("outreach:referral_list")).content.decode()
    assert referred.reference in listing and waiting.reference not in listing
    detail = client.get(
        reverse("outreach:referral_detail", args=[referred.referral.pk])
    ).content.decode()
    assert "Casey Quillfeather" in detail
    # Family case pages are police work; the partner has the referral.
    assert client.get(reverse("families:family", args=[waiting.pk])).status_code == 404
    other = make_user(Role.CHARITY_MANAGER, organisation="Another Charity")
    client.force_login(other)
    assert (
        client.get(reverse("outreach:referral_detail", args=[referred.referral.pk])).status_code
        == 404
    )


def test_the_self_referral_page_answers_the_same_for_any_reference(client, cases):
    family = cases.at("SELF_REFERRAL_DETAILS_LEFT")
    reference = family.self_referral.reference
    data = {
        "contact_name": "Jordan Quillfeather",
        "relationship_to_child": "Aunt",
        "has_parental_responsibility": "N",
        "contact_details": "07700 900456",
    }
    unknown = client.post(reverse("self_referral"), data | {"reference": "ZZZZ-ZZZZ"}, follow=True)
    known = client.post(reverse("self_referral"), data | {"reference": reference}, follow=True)
    assert unknown.status_code == known.status_code == 200
    assert unknown.redirect_chain == known.redirect_chain
    assert unknown.content == known.content
    family.refresh_from_db()
    assert family.state == FamilyState.REFERRED


def test_the_self_referral_page_slows_down_probing(client):
    data = {
        "reference": "ZZZZ-ZZZZ",
        "contact_name": "Prober",
        "relationship_to_child": "None",
        "has_parental_responsibility": "N",
        "contact_details": "x",
    }
    for _ in range(5):
        assert client.post(reverse("self_referral"), data).status_code == 302
    assert client.post(reverse("self_referral"), data).status_code == 429


def test_the_identification_page_links_to_its_family_case(client, cases):
    family = cases.family()
    identification = family.members.get().identification
    client.force_login(cases.analyst)
    html = client.get(
        reverse("identification:identification", args=[identification.identification_id])
    ).content.decode()
    assert reverse("families:family", args=[family.pk]) in html
    assert "Waiting for screening" in html


def test_the_timeline_shows_every_event_in_order(client, cases):
    family = cases.at("CONSENTED")
    client.force_login(cases.officer)
    response = client.get(reverse("families:timeline", args=[family.pk]))
    html = response.content.decode()
    titles = [
        "Consent given",
        "Contact attempt: telephone",
        "Outreach officer assigned",
        "Screening decision",
        "Family identified",
        "Received into prison",
    ]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions), "newest first"
    assert "Test Case_Officer will contact the family" in html
    assert "1 child in Oxford" in html
