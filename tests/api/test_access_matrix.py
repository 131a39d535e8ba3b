"""SECURITY 2-4 for the JSON API: every operation × every user's relation × every state.

The API answers exactly as the pages do: each operation's expected answers are read from the
page it mirrors in ``tests/web/test_access_matrix.py`` (the referral list and a referral, the
feeds overview and a batch), so the pages and the API cannot drift apart. A user without a
token gets 401; an operation not in :data:`MIRRORS` or :data:`OWN` fails the suite.
"""

from __future__ import annotations

import io

import pytest
from access_world import USERS, build_access_world
from django.urls import reverse

from paramount.access.models import AuditEvent
from paramount.api import services
from tests.web.test_access_matrix import (
    FORBIDDEN,
    MISSING,
    OK,
    ROUTES,
    SIGN_IN,
    _instances,
    _url_names,
)

pytestmark = pytest.mark.django_db

# API operation -> the page whose table it follows.
MIRRORS = {
    "api:referral_list": "outreach:referral_list",
    "api:referral_detail": "outreach:referral_detail",
    "api:feed_batches": "feeds:batches",
    "api:feed_batch": "feeds:batch",
}
# Operations that return people (a refusal of any operation is audited too).
PERSONAL = {"api:referral_list", "api:referral_detail"}
# Operations with answers of their own: the public schema, the unknown path, and the upload
# (analysts and administrators; a file with a wrong header is refused as a whole, so an upload
# that is let through ingests nothing).
UPLOADERS = ("analyst", "analyst_other_area", "admin")
OWN = {
    "api:openapi-json": dict.fromkeys(USERS, 200),
    "api:api-root": dict.fromkeys(USERS, 404),
    "api:unknown": dict.fromkeys(USERS, 404),
    "api:feed_upload": {
        **dict.fromkeys(USERS, 403),
        **dict.fromkeys(UPLOADERS, 422),
        "anonymous": 401,
    },
}


def test_every_operation_is_in_the_table():
    operations = {name for name in _url_names() if name.startswith("api:")}
    assert operations == set(MIRRORS) | set(OWN), "say which page the new operation follows"


def _status(outcome: str) -> int:
    return {OK: 200, FORBIDDEN: 403, MISSING: 404, SIGN_IN: 401}[outcome]


@pytest.mark.slow
@pytest.mark.parametrize("user_name", USERS)
def test_each_user_gets_from_the_api_what_the_pages_give(
    client, cases, support, make_user, user_name
):
    world = build_access_world(cases, support, make_user)
    user = world.users[user_name]
    headers = {}
    if user is not None:
        secret = services.api_token_create(username=user.get_username(), name="matrix").secret
        headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    wrong: list[str] = []
    for operation, page in MIRRORS.items():
        route = ROUTES[page]
        for scenario, arguments in _instances(route, world):
            url = reverse(operation, args=arguments)
            before = AuditEvent.objects.filter(actor=user).count() if user else 0
            response = client.get(url, **headers)
            expected = _status(route.expect(user_name, scenario))
            if response.status_code != expected:
                wrong.append(
                    f"{user_name} {operation} [{scenario or '-'}]: expected {expected}, got {response.status_code}"
                )
            elif (
                user is not None
                and (expected != 200 or operation in PERSONAL)
                and AuditEvent.objects.filter(actor=user).count() == before
            ):
                wrong.append(f"{user_name} {operation} [{scenario or '-'}]: not audited")
    for operation, expected in OWN.items():
        if operation == "api:feed_upload":
            file = io.BytesIO(b"source,first_name\nS,Ada\n")
            file.name = "people.csv"
            response = client.post(reverse(operation, args=["people"]), {"file": file}, **headers)
        else:
            args = ["nothing-here"] if operation == "api:unknown" else []
            response = client.get(reverse(operation, args=args), **headers)
        if response.status_code != expected[user_name]:
            wrong.append(
                f"{user_name} {operation}: expected {expected[user_name]}, got {response.status_code}"
            )
    assert not wrong, "\n".join(wrong)
