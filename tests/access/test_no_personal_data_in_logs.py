"""SECURITY 14: no personal data in application logs or error pages.

Canary names go in through the feeds and the pages; every log record of every logger, at every
level, is searched for them afterwards.
"""

import logging

import pytest
from django.test import override_settings
from django.urls import reverse

from paramount.feeds.services import feed_ingest
from tests.feeds.conftest import PEOPLE_HEADER, person_row

pytestmark = pytest.mark.django_db

CANARIES = ("Zebedee", "Canarywhistle", "Quillcanary", "OX4 9ZZ")


def _logged(caplog) -> str:
    return "\n".join(
        f"{record.getMessage()} {record.args!r} {getattr(record, 'exc_text', '') or ''}"
        for record in caplog.records
    )


def test_canaries_never_reach_the_logs(caplog, tmp_path, client, cases, identifications):
    caplog.set_level(logging.DEBUG)
    people = tmp_path / "people.csv"
    people.write_text(
        PEOPLE_HEADER
        + person_row(record_id="K1", first="Zebedee", last="Canarywhistle", postcode="OX4 9ZZ")
        # A malformed row: quarantined, with its raw cells kept (not logged).
        + person_row(record_id="K2", first="Zebedee", last="Canarywhistle", dob="2023-02-30")
        + person_row(record_id="K3", first="", last="Canarywhistle"),
        encoding="utf-8",
    )
    feed_ingest(feed="people", path=people)

    family = cases.at(
        "CONSENTED",
        child_first_name="Zebedee",
        child_last_name="Quillcanary",
        prisoner_first_name="Zebedee",
        prisoner_last_name="Canarywhistle",
    )
    client.force_login(cases.analyst)
    for url in (
        reverse("identification:worklist"),
        reverse("families:list"),
        reverse("families:family", args=[family.pk]),
        reverse("families:timeline", args=[family.pk]),
        reverse("feeds:batches"),
        reverse("families:family", args=[999999]),  # a refused look: 404, logged as such
    ):
        client.get(url)
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "Zebedee Canarywhistle", "password": "x" * 12})
    logged = _logged(caplog)
    assert caplog.records, "the test must capture something to be meaningful"
    for canary in CANARIES:
        assert canary not in logged, canary


@override_settings(DEBUG=False, DEBUG_PROPAGATE_EXCEPTIONS=False)
def test_an_error_page_shows_no_details(client, cases, monkeypatch, caplog):
    from paramount.families import selectors

    def broken(**kwargs):
        raise RuntimeError("Zebedee Canarywhistle broke it")

    monkeypatch.setattr(selectors, "family_list", broken)
    client.raise_request_exception = False
    client.force_login(cases.analyst)
    response = client.get(reverse("families:list"))
    assert response.status_code == 500
    assert "Zebedee" not in response.content.decode()
