"""The feeds pages: batches for analysts and administrators; a quarantined row's values for
analysts of the row's area only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from paramount.access.models import AuditEvent, Role
from paramount.feeds.models import Batch, BatchStatus, IngestWarning, QuarantinedRow, Relationship

pytestmark = pytest.mark.django_db

CANARY = "Zebedee Canaryname"


@pytest.fixture
def batch():
    now = timezone.now()
    batch = Batch.objects.create(
        feed="people",
        file_name="people-2026-11-20.csv",
        file_sha256="a" * 64,
        received_at=now,
        finished_at=now,
        status=BatchStatus.INGESTED,
        rows=4,
        new=2,
        updated=0,
        unchanged=0,
        quarantined=2,
        warnings=1,
    )
    QuarantinedRow.objects.create(
        batch=batch,
        row_number=3,
        reason='date_of_birth "2023-02-30" is not a real date',
        raw={
            "source": "OXON_CSC",
            "record_id": "R9",
            "first_name": CANARY,
            "postcode": "ox4 1aa",  # Oxford, typed as a sender might
            "_cells": ["OXON_CSC", "R9", CANARY, "ox4 1aa"],
        },
    )
    QuarantinedRow.objects.create(
        batch=batch,
        row_number=5,
        reason="last_name is missing",
        raw={"source": "OXON_CSC", "_cells": ["OXON_CSC"]},
    )
    IngestWarning.objects.create(
        batch=batch,
        row_number=4,
        column="postcode",
        message='postcode "ZZ99 CANARY" is not a UK postcode; value dropped, row kept',
    )
    return batch


@pytest.fixture
def rejected_batch():
    now = timezone.now()
    return Batch.objects.create(
        feed="prison_movements",
        file_name="movements-bad.csv",
        file_sha256="b" * 64,
        received_at=now,
        finished_at=now,
        status=BatchStatus.REJECTED,
        rejected_reason="line 1: there is no header row",
    )


def test_the_batches_table(signed_in, analyst, batch, rejected_batch):
    html = signed_in(analyst).get(reverse("feeds:batches")).content.decode()
    assert "people-2026-11-20.csv" in html and "movements-bad.csv" in html
    assert "govuk-tag--green" in html and "govuk-tag--red" in html
    assert "line 1: there is no header row" in html
    assert reverse("feeds:batch", args=[batch.pk]) in html


def test_unresolved_relationships_are_counted(signed_in, admin_user, batch):
    Relationship.objects.create(
        batch=batch,
        first_batch=batch,
        row_number=2,
        content_hash="c" * 40,
        source="OXON_CSC",
        adult_record_id="A404",
        child_record_id="C404",
        relationship="MOTHER",
    )
    html = signed_in(admin_user).get(reverse("feeds:batches")).content.decode()
    assert "<strong>1</strong> relationship names a person record that has not arrived yet" in html


def test_analysts_see_quarantined_rows_of_their_area_as_received_and_it_is_audited(
    signed_in, analyst, batch
):
    html = signed_in(analyst).get(reverse("feeds:batch", args=[batch.pk])).content.decode()
    assert CANARY in html
    assert "2023-02-30" in html
    # The warning keeps no postcode of its row: its value is for analysts of every area.
    assert "ZZ99 CANARY" not in html
    assert "only an analyst who works in every area" in html
    event = AuditEvent.objects.get(action="feeds.quarantine_viewed")
    assert event.actor == analyst
    assert event.subject_id == str(batch.pk)
    assert event.after == {"quarantined_rows": [3], "warning_rows": []}


def test_administrators_see_row_numbers_and_reasons_but_no_values(signed_in, admin_user, batch):
    html = signed_in(admin_user).get(reverse("feeds:batch", args=[batch.pk])).content.decode()
    assert "last_name is missing" in html
    assert "date_of_birth [value hidden] is not a real date" in html
    assert CANARY not in html
    assert "2023-02-30" not in html
    assert "ZZ99" not in html
    assert not AuditEvent.objects.filter(action="feeds.quarantine_viewed").exists()


def test_an_analyst_of_another_area_sees_no_names_on_the_batch_page(
    signed_in, birmingham_analyst, batch
):
    html = (
        signed_in(birmingham_analyst).get(reverse("feeds:batch", args=[batch.pk])).content.decode()
    )
    assert CANARY not in html
    assert "ox4 1aa" not in html.lower()
    assert "2023-02-30" not in html and "ZZ99" not in html
    assert "date_of_birth [value hidden] is not a real date" in html
    assert "postcode is in an area you do not work in" in html
    assert not AuditEvent.objects.filter(action="feeds.quarantine_viewed").exists()


def test_rows_whose_area_cannot_be_told_are_shown_only_to_analysts_of_every_area(
    signed_in, make_user, analyst, batch
):
    from paramount import config

    unplaced = {
        6: {"first_name": "Nowhere Canaryname", "postcode": "not known"},
        7: {"first_name": "Leeds Canaryname", "postcode": "LS1 4AP"},  # outside every area
        # More cells than the header: the Oxford postcode may not be under its column.
        8: {
            "first_name": "Shifted Canaryname",
            "postcode": "OX4 1AA",
            "_cells": ["Shifted Canaryname", "OX4 1AA", "extra"],
        },
    }
    for row_number, raw in unplaced.items():
        QuarantinedRow.objects.create(
            batch=batch, row_number=row_number, reason="last_name is missing", raw=raw
        )
    everywhere = make_user(Role.VRU_ANALYST, areas=[area.name for area in config.current().areas])
    oxford = signed_in(analyst).get(reverse("feeds:batch", args=[batch.pk])).content.decode()
    assert "Canaryname" in oxford  # row 3, their own area
    for name in ("Nowhere", "Leeds", "Shifted"):
        assert f"{name} Canaryname" not in oxford
    html = signed_in(everywhere).get(reverse("feeds:batch", args=[batch.pk])).content.decode()
    for name in ("Nowhere", "Leeds", "Shifted", "Zebedee"):
        assert f"{name} Canaryname" in html
    assert "ZZ99 CANARY" in html
    event = AuditEvent.objects.get(action="feeds.quarantine_viewed", actor=everywhere)
    assert event.after == {"quarantined_rows": [3, 5, 6, 7, 8], "warning_rows": [4]}


@pytest.mark.parametrize(
    ("raw", "area"),
    [
        ({"postcode": "OX4 1AA"}, "Oxford"),
        ({"postcode": "ox10 9aa"}, "Oxfordshire"),
        ({"postcode": "B1 1AA"}, "Birmingham"),
        ({"postcode": "LS1 4AP"}, None),
        ({"postcode": "NFA"}, None),
        ({"postcode": ""}, None),
        ({"first_name": "No postcode column"}, None),
        ({"postcode": "B1 1AA", "_cells": ["B1 1AA", "extra"]}, None),
        (["not", "a", "mapping"], None),
    ],
)
def test_the_area_of_a_quarantined_row_is_told_from_its_postcode(raw, area):
    from paramount.feeds.selectors import quarantined_row_area

    assert quarantined_row_area(raw) == area


def test_quarantined_rows_are_paginated(signed_in, analyst, batch):
    QuarantinedRow.objects.bulk_create(
        QuarantinedRow(batch=batch, row_number=100 + n, reason="first_name is missing", raw={})
        for n in range(60)
    )
    client = signed_in(analyst)
    first = client.get(reverse("feeds:batch", args=[batch.pk])).content.decode()
    assert "quarantine_page=2" in first
    second = client.get(
        reverse("feeds:batch", args=[batch.pk]), {"quarantine_page": 2}
    ).content.decode()
    assert second.count("first_name is missing") == 12


def test_a_rejected_batch_page(signed_in, admin_user, rejected_batch):
    html = (
        signed_in(admin_user).get(reverse("feeds:batch", args=[rejected_batch.pk])).content.decode()
    )
    assert "Nothing from this file was ingested" in html


def test_an_unknown_batch_is_404(signed_in, analyst):
    assert signed_in(analyst).get(reverse("feeds:batch", args=[99999])).status_code == 404
