"""SECURITY 24: the API passes schema-driven fuzzing. Schemathesis reads the OpenAPI schema the
app serves and sends generated requests to every operation (valid and invalid input) with a
valid token; each response must not be a server error and must match the schema (status code,
content type, headers, body), and invalid input must be rejected with a 4xx."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation import GenerationMode

from paramount.access.models import Role
from paramount.feeds.models import Batch, BatchStatus, IngestWarning, QuarantinedRow

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


# Loaded from the app itself at collection (serving the schema touches no database).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Schemathesis calls the real WSGI app, which closes the database connection after each
    request; inside the test's transaction that would lose it (PostgreSQL). Django's own test
    client does the same as this."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def client_for_operation(request, make_user, token_for):
    """A token for a role that may use the operation, and a record it may see: an analyst and a
    batch with reasons for the feeds, a charity manager and its referral for the referrals
    (made once per operation, not per generated request)."""
    made = {}

    def made_for(case) -> tuple[str, dict]:
        if not made:
            if case.path.startswith("/api/v1/feeds"):
                made["ids"] = {"batch_id": _batch_with_reasons().pk}
                made["token"] = token_for(make_user(Role.VRU_ANALYST))
            else:
                made["ids"] = {"referral_id": request.getfixturevalue("support").referral().pk}
                made["token"] = token_for(make_user(Role.CHARITY_MANAGER))
        return made["token"], made["ids"]

    return made_for


def _batch_with_reasons():
    from django.utils import timezone

    now = timezone.now()
    batch = Batch.objects.create(
        feed="people", file_name="people.csv", file_sha256="0" * 64, received_at=now,
        finished_at=now, status=BatchStatus.INGESTED, rows=1, quarantined=1, warnings=1,
    )  # fmt: skip
    QuarantinedRow.objects.create(
        batch=batch,
        row_number=2,
        reason='first_name "" is missing',
        raw={"last_name": "Quillfeather"},
    )
    IngestWarning.objects.create(
        batch=batch, row_number=3, column="sex", message='"Q" is not M, F or U'
    )
    return batch


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_conforms_to_its_schema(case, client_for_operation):
    token, ids = client_for_operation(case)
    # A case generated with invalid headers (the Authorization header left out, say) is sent as
    # generated: adding a valid token to it would make it valid and fail the negative check.
    invalid_headers = case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER)
    headers = {} if invalid_headers else {"Authorization": f"Bearer {token}"}
    if case.method != "POST":
        case.call_and_validate(headers=headers)
        positive = case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE
        if positive and set(ids) & set(case.path_parameters or {}):
            # Generated ids rarely name a real record: ask for the one that exists too, with
            # the same generated query, so a full answer is checked against the schema.
            case.path_parameters = {**case.path_parameters, **ids}
            assert case.call_and_validate(headers=headers).status_code == 200
        return
    # A file the schema allows (any bytes) may still break the feed contract: then it is
    # rejected whole, 422 with the reason, exactly like `paramount ingest` (that is not "valid
    # input refused", so that one check gives way to a stricter one here).
    response = case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
    if case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE:
        assert response.status_code in (201, 413, 422), response.text
        body = response.json()
        if response.status_code == 422 and "rejected" not in body:
            # An empty part without a file name is no file at all to Django's parser.
            assert [e["type"] for e in body["detail"]] == ["missing"], response.text
