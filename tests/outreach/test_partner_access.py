"""Who in the partner organisation reads what (issue 15, findings 1, 6 and 10).

The state-by-state proof is the access matrix (tests/web/test_access_matrix.py); these tests
name each finding so that a regression reads as what it is.
"""

import pytest
from django.urls import reverse

from paramount.access.models import AuditEvent, Role
from paramount.api import services as api
from paramount.privacy.services import person_restrict, person_restriction_lift

pytestmark = pytest.mark.django_db

RATIONALE = "Nothing in the data against contact."  # what the builder's analyst wrote


@pytest.mark.parametrize("role", [Role.CHARITY_MANAGER, Role.CHARITY_PRACTITIONER])
def test_the_partner_never_opens_the_police_case_of_a_referred_family(
    client, support, make_user, role
):
    """Finding 1: charity staff read the screening rationale, social care flags, contact notes
    and the prisoner's details of every referred family at /families/N/."""
    case = support.at("SUPPORTED")
    family = case.referral.family
    user = support.practitioner if role == Role.CHARITY_PRACTITIONER else support.manager
    client.force_login(user)
    for name in ("families:family", "families:timeline", "screening:decision"):
        response = client.get(reverse(name, args=[family.pk]))
        assert response.status_code == 404, name
        assert RATIONALE not in response.content.decode()
    assert AuditEvent.objects.filter(
        actor=user, action="family.access_denied", subject_id=str(family.pk)
    ).exists()
    # What the partner needs is on the referral, which it reads.
    referral = client.get(reverse("outreach:referral_detail", args=[case.referral_id]))
    assert referral.status_code == 200
    assert "Casey Quillfeather" in referral.content.decode()
    assert RATIONALE not in referral.content.decode()


def test_a_practitioner_reads_the_referrals_of_their_own_cases_only(client, support, make_user):
    """Finding 6: any practitioner read every referral (and its consent withdrawal form) while
    getting a 404 on the cases behind them."""
    theirs = support.at("ALLOCATED")
    someone_elses = support.at("ALLOCATED", practitioner=make_user(Role.CHARITY_PRACTITIONER))
    waiting = support.referral()
    client.force_login(support.practitioner)
    listing = client.get(reverse("outreach:referral_list")).content.decode()
    assert theirs.referral.family.reference in listing
    assert someone_elses.referral.family.reference not in listing
    assert waiting.family.reference not in listing
    for referral in (someone_elses.referral, waiting):
        for url in (
            reverse("outreach:referral_detail", args=[referral.pk]),
            reverse("outreach:withdraw_consent", args=[referral.consent_id]),
        ):
            assert client.get(url).status_code == 404, url
    assert (
        client.get(reverse("outreach:referral_detail", args=[theirs.referral_id])).status_code
        == 200
    )
    secret = api.api_token_create(username=support.practitioner.username, name="case system").secret
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    listed = client.get("/api/v1/referrals", **bearer).json()["results"]
    assert [r["id"] for r in listed] == [theirs.referral_id]
    assert client.get(f"/api/v1/referrals/{waiting.pk}", **bearer).status_code == 404


def test_a_restricted_childs_referral_is_withheld_from_the_partner_until_lifted(
    client, support, make_user
):
    """Finding 10: a restricted child still showed on the partner's referral pages and API."""
    referral = support.referral()
    child_key = referral.family.members.get().identification.child_key
    officer = make_user(Role.VRU_ANALYST, username="dpo_stand_in")
    person_restrict(person_key=child_key, reason="Accuracy contested", acting_user=officer)
    manager = support.manager
    client.force_login(manager)
    secret = api.api_token_create(username=manager.username, name="case system").secret
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    detail = reverse("outreach:referral_detail", args=[referral.pk])
    assert client.get(detail).status_code == 404
    assert (
        referral.family.reference
        not in client.get(reverse("outreach:referral_list")).content.decode()
    )
    assert referral.family.reference not in client.get(reverse("support:intake")).content.decode()
    assert client.get(f"/api/v1/referrals/{referral.pk}", **bearer).status_code == 404
    assert client.get("/api/v1/referrals", **bearer).json()["results"] == []
    person_restriction_lift(person_key=child_key, reason="Corrected", acting_user=officer)
    assert client.get(detail).status_code == 200
    assert client.get(f"/api/v1/referrals/{referral.pk}", **bearer).status_code == 200


def test_a_restricted_child_in_no_family_withholds_nobody_elses_referral(
    client, support, identifications, make_user
):
    """A restriction whose child has no family case yet must not hide every referral (a NULL
    in the list of withheld families once made ``NOT IN`` exclude everything)."""
    referral = support.referral()
    waiting = identifications.build(band="REVIEW")  # under review: in no family
    person_restrict(
        person_key=waiting.child_key,
        reason="Accuracy contested",
        acting_user=make_user(Role.VRU_ANALYST),
    )
    client.force_login(support.manager)
    assert client.get(reverse("outreach:referral_detail", args=[referral.pk])).status_code == 200
    case = support.at("ALLOCATED")
    client.force_login(support.practitioner)
    assert client.get(reverse("support:case", args=[case.pk])).status_code == 200
