"""Identification end to end on generated data, through the command-line contract, scored
against the generator's ground truth at pair level (reception, child)."""

import csv
from datetime import date

import pytest
from django.core.management import call_command

from paramount.feeds.models import PersonRecord
from paramount.identification.models import Identification
from paramount.linkage.evaluation import score_export
from paramount.synth.generator import generate

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    out = tmp_path_factory.mktemp("region")
    generate(out, households=12_000, seed=11, as_of=date(2026, 11, 23))
    return out


def run_pipeline(region, tmp_path):
    for feed, name in (("people", "people.csv"), ("relationships", "relationships.csv")):
        call_command("ingest", feed, str(region / name), json=True)
    call_command("ingest", "prison-movements", str(region / "prison_movements.csv"), json=True)
    call_command("identify", quiet=True)
    export = tmp_path / "identifications.csv"
    call_command("export", "identifications", out=export)
    return export


def test_pair_level_precision_and_recall_on_generated_data(region, tmp_path):
    export = run_pipeline(region, tmp_path)
    score = score_export(export, region / "truth")
    print(score.summary())
    assert score.true >= 30, "the generated region should hold enough true pairs to measure"
    # The bar is pair-level F1 >= 0.80; precision and recall each keep a floor of their own.
    assert score.f1 >= 0.80, score.summary()
    assert score.precision >= 0.80, score.summary()
    assert score.recall >= 0.75, score.summary()
    assert score.confirmed_precision >= 0.97, score.summary()
    assert score.duplicates == 0

    # A second run with no new data creates nothing and changes no child_key.
    before = sorted(Identification.objects.values_list("identification_id", "child_key"))
    call_command("identify", quiet=True)
    assert sorted(Identification.objects.values_list("identification_id", "child_key")) == before
    # Resolving every local record again from scratch gives every record the same person key.
    keys = dict(PersonRecord.objects.values_list("id", "person_key"))
    call_command("linkage", "resolve")
    assert dict(PersonRecord.objects.values_list("id", "person_key")) == keys

    with open(export, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["match_band"] for r in rows} <= {"CONFIRMED", "REVIEW"}
    assert all(0 <= int(r["child_age"]) < 18 for r in rows if r["child_age"])
