"""The feeds pages: batches for analysts and administrators; row values for analysts only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from paramount.access.models import AuditEvent
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
            "_cells": ["OXON_CSC", "R9", CANARY],
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


def test_analysts_see_quarantined_rows_as_received_and_it_is_audited(signed_in, analyst, batch):
    html = signed_in(analyst).get(reverse("feeds:batch", args=[batch.pk])).content.decode()
    assert CANARY in html
    assert "2023-02-30" in html
    assert "ZZ99 CANARY" in html
    event = AuditEvent.objects.get(action="feeds.quarantine_viewed")
    assert event.actor == analyst
    assert event.subject_id == str(batch.pk)
    assert event.after == {"quarantined_rows": [3, 5], "warning_rows": [4]}


def test_administrators_see_row_numbers_and_reasons_but_no_values(signed_in, admin_user, batch):
    html = signed_in(admin_user).get(reverse("feeds:batch", args=[batch.pk])).content.decode()
    assert "last_name is missing" in html
    assert "date_of_birth [value hidden] is not a real date" in html
    assert CANARY not in html
    assert "2023-02-30" not in html
    assert "ZZ99" not in html
    assert not AuditEvent.objects.filter(action="feeds.quarantine_viewed").exists()


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
