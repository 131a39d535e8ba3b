"""SECURITY 24 and the API's promises: tokens, per-role access, audit, least data, uploads."""

import io
import json
import logging
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from paramount.access.models import AuditEvent, Membership, Role
from paramount.api import services
from paramount.api.models import ApiToken
from paramount.feeds.models import Batch, BatchStatus, PersonRecord, QuarantinedRow
from tests.feeds.conftest import PEOPLE_HEADER, person_row

pytestmark = pytest.mark.django_db

BATCHES = "/api/v1/feeds/batches"
REFERRALS = "/api/v1/referrals"


def _refusals(reason=None):
    events = AuditEvent.objects.filter(action="api.token_refused", purpose="access refused")
    return [e for e in events if reason is None or e.after == {"reason": reason}]


# --- authentication ------------------------------------------------------------------------


def test_no_token_is_401_in_json_with_a_bearer_challenge(api_client, client, make_user):
    response = api_client.get(BATCHES)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"] == "Bearer"
    assert "Authorization: Bearer" in response.json()["detail"]
    # A signed-in browser session is not a client's credential either.
    client.force_login(make_user(Role.VRU_ANALYST))
    assert client.get(BATCHES).status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-token", "Bearer pmt_000000000000_guess", "Basic dXNlcjpwYXNz", "Bearer"],
)
def test_a_wrong_token_is_401(client, make_user, token_for, header):
    token_for(make_user(Role.VRU_ANALYST))
    assert client.get(BATCHES, HTTP_AUTHORIZATION=header).status_code == 401


def test_a_right_id_with_a_wrong_secret_is_401_and_audited(api_client, make_user, token_for):
    token = token_for(make_user(Role.VRU_ANALYST))
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert api_client.get(BATCHES, token=forged).status_code == 401
    assert len(_refusals("unknown token")) == 1
    assert api_client.get(BATCHES, token=token).status_code == 200


def test_revoked_expired_inactive_and_roleless_tokens_are_401_and_audited(
    api_client, make_user, token_for
):
    analyst = make_user(Role.VRU_ANALYST)
    revoked = token_for(analyst, name="revoked")
    services.api_token_revoke(name="revoked")
    expired = token_for(analyst, name="expired")
    past = timezone.now() - timedelta(days=2)
    ApiToken.objects.filter(name="expired").update(
        created_at=past, expires_at=past + timedelta(days=1)
    )
    leaver = make_user(Role.VRU_ANALYST)
    inactive = token_for(leaver, name="inactive")
    leaver.is_active = False
    leaver.save()
    roleless_user = make_user(Role.CHARITY_MANAGER)
    roleless = token_for(roleless_user, name="roleless")
    Membership.objects.filter(user=roleless_user).delete()

    for token in (revoked, expired, inactive, roleless):
        response = api_client.get(BATCHES, token=token)
        assert response.status_code == 401
        assert response.json()["detail"].startswith("Send a valid API token")
    assert [
        len(_refusals(r)) for r in ("revoked", "expired", "owner inactive", "owner has no role")
    ] == [1, 1, 1, 1]
    assert _refusals("revoked")[0].actor == analyst


def test_the_token_is_stored_only_as_a_keyed_hash(make_user):
    user = make_user(Role.VRU_ANALYST)
    issued = services.api_token_create(username=user.username, name="case-system")
    row = ApiToken.objects.values().get(pk=issued.token.pk)
    assert issued.secret not in json.dumps(row, default=str)
    assert row["token_hash"] == services.token_hash(issued.secret) != issued.secret
    secret_part = issued.secret.split("_", 2)[2]
    assert all(secret_part not in str(value) for value in row.values())
    assert all(issued.secret not in json.dumps(e.after) for e in AuditEvent.objects.all())


def test_a_used_token_records_when(api_client, make_user, token_for):
    token = token_for(make_user(Role.ADMIN))
    assert ApiToken.objects.get().last_used_at is None
    api_client.get(BATCHES, token=token)
    assert ApiToken.objects.get().last_used_at is not None


def test_a_token_never_reaches_the_log(client, make_user, token_for, caplog, settings):
    settings.DEBUG = True  # Ninja's own bearer parser logs a malformed header in DEBUG
    token = token_for(make_user(Role.VRU_ANALYST))
    with caplog.at_level(logging.DEBUG):
        client.get(BATCHES, HTTP_AUTHORIZATION=f"Token {token}")
        client.get(BATCHES, HTTP_AUTHORIZATION=f"Bearer {token}x")
        client.get(BATCHES, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert token not in caplog.text


# --- the command line ----------------------------------------------------------------------


def test_token_commands_create_list_and_revoke(make_user, api_client):
    user = make_user(Role.CHARITY_MANAGER, username="casesys_owner")
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api",
        "token",
        "create",
        "--user",
        user.username,
        "--name",
        "case-system",
        "--days",
        "7",
        stdout=out,
        stderr=err,
    )
    token = out.getvalue().strip()
    assert token.startswith("pmt_") and "only time it is shown" in err.getvalue()
    assert ApiToken.objects.get().expires_at < timezone.now() + timedelta(days=7, minutes=1)
    assert api_client.get(REFERRALS, token=token).status_code == 200

    listing = io.StringIO()
    call_command("api", "token", "list", stdout=listing)
    assert "case-system" in listing.getvalue() and "CHARITY_MANAGER" in listing.getvalue()
    assert token not in listing.getvalue() and token.split("_", 2)[2] not in listing.getvalue()

    call_command("api", "token", "revoke", "case-system", stdout=io.StringIO())
    assert api_client.get(REFERRALS, token=token).status_code == 401
    assert (
        AuditEvent.objects.filter(action__in=["api.token_created", "api.token_revoked"]).count()
        == 2
    )


def test_token_commands_refuse_what_cannot_work(make_user):
    from django.core.management.base import CommandError

    make_user(None, username="nobody_yet")
    make_user(Role.ADMIN, username="ops")
    with pytest.raises(CommandError, match="no role yet"):
        call_command("api", "token", "create", "--user", "nobody_yet", "--name", "x")
    with pytest.raises(CommandError, match="no active user"):
        call_command("api", "token", "create", "--user", "ghost", "--name", "x")
    with pytest.raises(CommandError, match="1 to 365 days"):
        call_command("api", "token", "create", "--user", "ops", "--name", "x", "--days", "0")
    call_command(
        "api",
        "token",
        "create",
        "--user",
        "ops",
        "--name",
        "x",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    with pytest.raises(CommandError, match="already called 'x'"):
        call_command("api", "token", "create", "--user", "ops", "--name", "x")
    with pytest.raises(CommandError, match="no live token called 'y'"):
        call_command("api", "token", "revoke", "y")


# --- feeds -----------------------------------------------------------------------------------


def _batch_with_a_quarantined_row():
    now = timezone.now()
    batch = Batch.objects.create(
        feed="people", file_name="people.csv", file_sha256="0" * 64, received_at=now,
        finished_at=now, status=BatchStatus.INGESTED, rows=1, quarantined=1,
    )  # fmt: skip
    QuarantinedRow.objects.create(
        batch=batch,
        row_number=2,
        reason='date_of_birth "2023-02-30" is not a real date',
        raw={"last_name": "Quillfeather", "date_of_birth": "2023-02-30"},
    )
    return batch


@pytest.mark.parametrize("role", [Role.VRU_ANALYST, Role.ADMIN])
def test_feed_roles_see_provenance_without_any_value(api_client, make_user, token_for, role):
    batch = _batch_with_a_quarantined_row()
    token = token_for(make_user(role))
    listing = api_client.get(BATCHES, token=token)
    assert listing.status_code == 200
    assert listing.json()["count"] == 1 and listing.json()["results"][0]["quarantined"] == 1
    detail = api_client.get(f"{BATCHES}/{batch.pk}", token=token)
    assert detail.status_code == 200
    assert detail.json()["quarantined"] == [
        {"row_number": 2, "reason": "date_of_birth [value hidden] is not a real date"}
    ]
    for response in (listing, detail):
        assert "Quillfeather" not in response.content.decode()
        assert "2023-02-30" not in response.content.decode()
    assert api_client.get(f"{BATCHES}/{batch.pk + 1}", token=token).status_code == 404


@pytest.mark.parametrize(
    "role",
    [Role.CHARITY_MANAGER, Role.CHARITY_PRACTITIONER, Role.OUTREACH_OFFICER, Role.VOLUNTEER_MENTOR],
)
def test_other_roles_cannot_see_batches_and_the_refusal_is_audited(
    api_client, make_user, token_for, role
):
    batch = _batch_with_a_quarantined_row()
    user = make_user(role)
    token = token_for(user)
    for url in (BATCHES, f"{BATCHES}/{batch.pk}"):
        response = api_client.get(url, token=token)
        assert response.status_code == 403
        assert "refusal was recorded" in response.json()["detail"]
    assert (
        AuditEvent.objects.filter(
            actor=user, action="access.denied", purpose="access refused"
        ).count()
        == 2
    )


def _upload(api_client, token, content: bytes, *, feed="people", name="people.csv"):
    file = io.BytesIO(content)
    file.name = name
    return api_client.post(f"/api/v1/feeds/{feed}/files", {"file": file}, token=token)


def test_upload_ingests_like_the_command_line(api_client, make_user, token_for):
    analyst = make_user(Role.VRU_ANALYST)
    token = token_for(analyst)
    csv = PEOPLE_HEADER + person_row("C1") + person_row("C2", first="") + person_row("C3", sex="Q")
    response = _upload(api_client, token, csv.encode())
    assert response.status_code == 201, response.content
    payload = response.json()
    batch = Batch.objects.get(pk=payload.pop("batch"))
    assert payload == {
        "feed": "people", "file": "people.csv", "rows": 3, "new": 2, "updated": 0, "unchanged": 0,
        "quarantined": 1, "warnings": 1,
    }  # fmt: skip
    assert batch.file_name == "people.csv" and PersonRecord.objects.count() == 2
    assert AuditEvent.objects.get(action="feed.ingested").actor == analyst
    again = _upload(api_client, token, csv.encode()).json()
    assert (again["new"], again["unchanged"], again["quarantined"]) == (0, 2, 1)


def test_upload_reports_a_rejected_file_with_its_reason(api_client, make_user, token_for):
    token = token_for(make_user(Role.ADMIN))
    response = _upload(api_client, token, b"source,first_name\nS,Ada\n", name="../../etc/passwd")
    assert response.status_code == 422
    payload = response.json()
    assert payload["feed"] == "people" and payload["file"] == "passwd"
    assert "record_id" in payload["rejected"] and "nothing ingested" in payload["detail"]
    assert Batch.objects.get(pk=payload["batch"]).status == BatchStatus.REJECTED
    assert PersonRecord.objects.count() == 0
    movements = _upload(api_client, token, b"\xff\xfe\x00garbage", feed="prison-movements")
    assert movements.status_code == 422 and "UTF-8" in movements.json()["rejected"]


def test_upload_larger_than_the_limit_is_413_and_ingests_nothing(
    api_client, make_user, token_for, settings
):
    settings.PARAMOUNT_API_UPLOAD_MAX_BYTES = 100
    token = token_for(make_user(Role.VRU_ANALYST))
    csv = PEOPLE_HEADER + person_row("C1")
    response = _upload(api_client, token, csv.encode())
    assert response.status_code == 413
    assert "at most 100 bytes" in response.json()["detail"]
    big = _upload(api_client, token, (PEOPLE_HEADER + person_row("C1") * 400).encode())
    assert big.status_code == 413 and "paramount ingest" in big.json()["detail"]
    # A body announced larger than the limit is refused before it is read.
    huge = _upload(api_client, token, (PEOPLE_HEADER + person_row("C1") * 2000).encode())
    assert huge.status_code == 413 and "bytes per file" in huge.json()["detail"]
    assert not Batch.objects.exists()


@pytest.mark.parametrize("role", [Role.CHARITY_MANAGER, Role.OUTREACH_OFFICER])
def test_only_analysts_and_administrators_upload(api_client, make_user, token_for, role):
    user = make_user(role)
    response = _upload(api_client, token_for(user), (PEOPLE_HEADER + person_row("C1")).encode())
    assert response.status_code == 403
    assert not Batch.objects.exists()
    assert AuditEvent.objects.filter(
        actor=user, action="access.denied", subject_id="api.feed_upload"
    ).exists()


def test_upload_of_an_unknown_feed_or_without_a_file_is_refused(api_client, make_user, token_for):
    token = token_for(make_user(Role.VRU_ANALYST))
    assert _upload(api_client, token, b"x", feed="payroll").status_code == 422
    assert api_client.post("/api/v1/feeds/people/files", {}, token=token).status_code == 422
    assert not Batch.objects.exists()


# --- referrals ---------------------------------------------------------------------------------


def test_the_partner_lists_and_reads_its_referrals_audited(
    api_client, support, make_user, token_for
):
    referral = support.referral()
    manager = make_user(Role.CHARITY_MANAGER)
    token = token_for(manager)
    listing = api_client.get(REFERRALS, token=token)
    assert listing.status_code == 200
    assert listing.json()["results"] == [
        {
            "id": referral.pk, "family": referral.details["family"], "area": "Oxford", "children": 1,
            "route": "OUTREACH", "referred_at": listing.json()["results"][0]["referred_at"],
            "consent_withdrawn": False, "consent_withdrawn_at": None,
        }
    ]  # fmt: skip
    assert "Quillfeather" not in listing.content.decode()  # a summary: no names in the list
    listed = AuditEvent.objects.get(actor=manager, action="referral.list_viewed")
    assert listed.after == {"referrals": [referral.pk]}

    detail = api_client.get(f"{REFERRALS}/{referral.pk}", token=token)
    assert detail.status_code == 200
    body = detail.json()
    assert body["details"]["contact"]["name"] == "Casey Quillfeather"
    assert body["details"]["children"][0]["first_name"] == "Ada"
    assert body["consent_withdrawn"] is False
    assert (
        AuditEvent.objects.filter(
            actor=manager, action="referral.viewed", subject_id=str(referral.pk)
        ).count()
        == 1
    )


def test_the_partner_is_told_when_consent_was_withdrawn(api_client, support, make_user, token_for):
    from paramount.outreach.services import consent_withdraw

    referral = support.referral()
    manager = make_user(Role.CHARITY_MANAGER)
    consent_withdraw(consent=referral.consent, note="Moved away.", acting_user=manager)
    token = token_for(manager)
    assert api_client.get(REFERRALS, token=token).json()["results"][0]["consent_withdrawn"] is True
    detail = api_client.get(f"{REFERRALS}/{referral.pk}", token=token).json()
    assert detail["consent_withdrawn"] is True and detail["consent_withdrawn_at"]


@pytest.mark.parametrize(
    "role", [Role.VRU_ANALYST, Role.OUTREACH_OFFICER, Role.ADMIN, Role.VOLUNTEER_MENTOR]
)
def test_roles_outside_the_partner_never_reach_referrals(
    api_client, support, make_user, token_for, role
):
    """Police roles lose a family at referral: over the API they never had its referral."""
    referral = support.referral()
    user = make_user(role)
    token = token_for(user)
    listing = api_client.get(REFERRALS, token=token)
    assert listing.status_code == 403
    detail = api_client.get(f"{REFERRALS}/{referral.pk}", token=token)
    assert detail.status_code == 404
    assert "Quillfeather" not in listing.content.decode() + detail.content.decode()
    refused = AuditEvent.objects.filter(actor=user, purpose="access refused")
    assert {e.action for e in refused} == {"access.denied", "referral.access_denied"}
    assert refused.get(action="referral.access_denied").subject_id == str(referral.pk)


def test_the_officer_who_referred_the_family_cannot_read_it_back(api_client, support, token_for):
    referral = support.referral()
    officer = support.cases.officer
    response = api_client.get(f"{REFERRALS}/{referral.pk}", token=token_for(officer))
    assert response.status_code == 404


def test_another_organisations_referral_is_404_and_audited(
    api_client, support, make_user, token_for
):
    referral = support.referral()
    other = make_user(Role.CHARITY_MANAGER, organisation="Another Charity")
    token = token_for(other)
    assert api_client.get(REFERRALS, token=token).json()["results"] == []
    response = api_client.get(f"{REFERRALS}/{referral.pk}", token=token)
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Not found: there is no such record, or none your role may see."
    }
    denied = AuditEvent.objects.get(actor=other, action="referral.access_denied")
    assert denied.subject_id == str(referral.pk) and denied.purpose == "access refused"
    assert not AuditEvent.objects.filter(actor=other, action="referral.viewed").exists()


# --- every response ------------------------------------------------------------------------------


def test_every_response_has_the_security_headers_and_json_errors(api_client, make_user, token_for):
    token = token_for(make_user(Role.VRU_ANALYST))
    responses = [
        api_client.get(BATCHES, token=token),
        api_client.get(BATCHES),
        api_client.get(REFERRALS, token=token),
        api_client.get("/api/v1/nothing-here", token=token),
        api_client.get("/api/v1/", token=token),
        api_client.post(BATCHES, token=token),
        api_client.get("/api/v1/openapi.json"),
    ]
    assert [r.status_code for r in responses] == [200, 401, 403, 404, 404, 405, 200]
    for response in responses:
        assert response["Content-Type"].startswith("application/json")
        assert response["Content-Security-Policy"].startswith("default-src 'self'")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cache-Control"] == "no-store"
        if response.status_code >= 400:
            assert isinstance(response.json()["detail"], str)
    assert responses[5]["Allow"] == "GET"


def test_the_schema_is_served_and_the_cdn_docs_page_is_not(api_client):
    schema = api_client.get("/api/v1/openapi.json").json()
    assert schema["info"]["version"] == "1"
    assert set(schema["paths"]) == {
        "/api/v1/feeds/batches", "/api/v1/feeds/batches/{batch_id}", "/api/v1/feeds/{feed}/files",
        "/api/v1/referrals", "/api/v1/referrals/{referral_id}",
    }  # fmt: skip
    assert schema["components"]["securitySchemes"]["ApiTokenAuth"]["scheme"] == "bearer"
    docs = api_client.get("/api/v1/docs")
    assert docs.status_code == 404 and b"cdn" not in docs.content.lower()
