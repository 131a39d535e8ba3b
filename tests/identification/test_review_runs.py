"""Later identification runs respect analysts' decisions: a rejected (reception, adult) pair is
never created or re-banded again, and a confirmed one stays confirmed.

The feeds are ingested from small CSV files through ``feed_ingest``. The linkage engine is
replaced by a stand-in that returns chosen matches, so the test decides each match's probability
(what the model would say is not what is being tested here). Every name is made up.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from paramount.access.models import AuditEvent
from paramount.feeds.models import PersonRecord, PrisonMovement
from paramount.feeds.services import feed_ingest
from paramount.identification import services
from paramount.identification.models import (
    Identification,
    IdentificationStatus,
    MatchBand,
    ReceptionMatch,
    ReviewOutcome,
    ReviewState,
)
from paramount.identification.services import identification_run, reception_match_review
from paramount.linkage.engine import FieldEvidence, PersonMatch
from paramount.linkage.models import LinkageModel
from paramount.linkage.services import Population

pytestmark = pytest.mark.django_db

PEOPLE = "source,record_id,first_name,middle_names,last_name,previous_last_names,date_of_birth,sex,address_line_1,address_line_2,town,postcode,phone,csc_status,allocated_worker,school_urn,updated_at\n"
RELATIONSHIPS = (
    "source,adult_record_id,child_record_id,relationship,parental_responsibility,lives_with_child\n"
)
MOVEMENTS = "movement_id,movement_type,movement_date,prison_number,pnc_id,first_name,middle_names,last_name,aliases,date_of_birth,sex,establishment_code,establishment_name,legal_status,offence_category,offence_description,pprc_flag,sentence_length_days,release_date,parole_eligibility_date,address_line_1,address_line_2,town,postcode,declared_children\n"


def person(record_id, first, last, born, postcode="OX4 3TP"):
    return f"OXON_CSC,{record_id},{first},,{last},,{born},,1 Madeup Row,,Oxford,{postcode},,,,,\n"


def relationship(adult, child):
    return f"OXON_CSC,{adult},{child},FATHER,Y,Y\n"


def reception(movement_id, first, last, born, prison_number):
    return (
        f"{movement_id},RECEPTION,2026-11-20,{prison_number},,{first},,{last},,{born},M,BNI,"
        "HMP Bullingdon,REMAND,,,,,,,1 Madeup Row,,Oxford,OX4 3TP,Y\n"
    )


# Resolved person of each local record (what the resolution would have decided).
PERSON_KEYS = {
    "A-BRAM": "P-BRAM",
    "C-ADA": "P-ADA",
    "C-BEN": "P-BEN",
    "A-CAL": "P-CAL",
    "C-CEE": "P-CEE",
    "C-DEE": "P-DEE",
    "A-EDDIE": "P-EDDIE",
    "C-FAY": "P-FAY",
}


def ingest(tmp_path, feed: str, name: str, header: str, rows: list[str]):
    path = tmp_path / name
    path.write_text(header + "".join(rows), encoding="utf-8", newline="")
    batch = feed_ingest(feed=feed, path=path, today=timezone.localdate())
    assert batch.quarantined == 0, list(batch.quarantined_rows.values_list("reason", flat=True))
    # The resolution's job, done here so that the test chooses who is who.
    for record_id, key in PERSON_KEYS.items():
        PersonRecord.objects.filter(source="OXON_CSC", record_id=record_id).update(person_key=key)


def evidence(probability: float) -> tuple[FieldEvidence, ...]:
    return (
        FieldEvidence("first_name", "bram", "bram", "exact", 8.0),
        FieldEvidence("last_name", "quillfeather", "quillfeather", "exact", 9.0),
        FieldEvidence("date_of_birth", "1985-06-07", "1985-06-07", "exact", 11.0),
        FieldEvidence("address", "OX43TP", "", "not known", 0.0),
    )


@pytest.fixture
def engine_says(monkeypatch, tmp_path, settings):
    """``engine_says({"M1": ("P-BRAM", 0.9)})``: what the stand-in engine matches next run."""
    settings.PARAMOUNT_HOME = tmp_path
    model = LinkageModel.objects.create(
        created_at=timezone.now(),
        splink_version="test",
        settings={"probability_two_random_records_match": 1e-4},
        population_fingerprint="test",
    )
    answers: dict[str, tuple[str, float]] = {}

    def population_load(**kwargs):
        return Population(model=model, scorer=None, person_of_record={}, resolved=False)

    def match_receptions(scorer, receptions, person_of_record=None, *, review_threshold, **_):
        return [
            PersonMatch(
                movement_id=movement_id,
                person_key=answers[movement_id][0],
                probability=answers[movement_id][1],
                best_record=f"OXON_CSC:{answers[movement_id][0].replace('P-', 'A-')}",
                records=(f"OXON_CSC:{answers[movement_id][0].replace('P-', 'A-')}",),
                fields=evidence(answers[movement_id][1]),
                runner_up_probability=None,
            )
            for movement_id in receptions["unique_id"]
            if movement_id in answers
        ]

    monkeypatch.setattr(services, "population_load", population_load)
    monkeypatch.setattr(services.engine, "match_receptions", match_receptions)
    monkeypatch.setattr(services.engine, "prepare", lambda table: table)

    def say(new_answers):
        answers.clear()
        answers.update(new_answers)

    return say


def match_of(movement_id: str) -> ReceptionMatch:
    return ReceptionMatch.objects.get(movement__movement_id=movement_id)


def test_later_runs_respect_decisions(tmp_path, engine_says, analyst):
    ingest(
        tmp_path,
        "people",
        "people-1.csv",
        PEOPLE,
        [
            person("A-BRAM", "Bram", "Quillfeather", "1985-06-07"),
            person("C-ADA", "Ada", "Quillfeather", "2017-04-02"),
            person("A-CAL", "Cal", "Marchmont", "1980-01-15"),
            person("C-CEE", "Cee", "Marchmont", "2015-09-30"),
        ],
    )
    ingest(
        tmp_path,
        "relationships",
        "relationships-1.csv",
        RELATIONSHIPS,
        [relationship("A-BRAM", "C-ADA"), relationship("A-CAL", "C-CEE")],
    )
    ingest(
        tmp_path,
        "prison_movements",
        "movements-1.csv",
        MOVEMENTS,
        [
            reception("M1", "Bram", "Quillfeather", "1985-06-07", "A1111AA"),
            reception("M2", "Cal", "Marchmont", "1980-01-15", "A2222AA"),
        ],
    )
    engine_says({"M1": ("P-BRAM", 0.90), "M2": ("P-CAL", 0.88)})
    first = identification_run()
    assert (first.receptions, first.identifications) == (2, 2)
    for movement_id in ("M1", "M2"):
        match = match_of(movement_id)
        assert (match.match_band, match.review_state) == (MatchBand.REVIEW, ReviewState.PENDING)

    rejected, confirmed = match_of("M1"), match_of("M2")
    reception_match_review(
        reception_match=rejected,
        decision=ReviewOutcome.REJECTED_DIFFERENT_PERSON,
        reason="The local Bram Quillfeather was abroad on the reception date",
        expected_version=rejected.version,
        acting_user=analyst,
    )
    reception_match_review(
        reception_match=confirmed,
        decision=ReviewOutcome.CONFIRMED_SAME_PERSON,
        reason="",
        expected_version=confirmed.version,
        acting_user=analyst,
    )
    rejected.refresh_from_db()
    confirmed.refresh_from_db()

    # New data: a second child for each adult and a new reception of someone else.
    ingest(
        tmp_path,
        "people",
        "people-2.csv",
        PEOPLE,
        [
            person("C-BEN", "Ben", "Quillfeather", "2019-12-12"),
            person("C-DEE", "Dee", "Marchmont", "2018-03-03"),
            person("A-EDDIE", "Eddie", "Fenwick", "1979-07-07"),
            person("C-FAY", "Fay", "Fenwick", "2016-06-16"),
        ],
    )
    ingest(
        tmp_path,
        "relationships",
        "relationships-2.csv",
        RELATIONSHIPS,
        [
            relationship("A-BRAM", "C-BEN"),
            relationship("A-CAL", "C-DEE"),
            relationship("A-EDDIE", "C-FAY"),
        ],
    )
    ingest(
        tmp_path,
        "prison_movements",
        "movements-2.csv",
        MOVEMENTS,
        [reception("M3", "Eddie", "Fenwick", "1979-07-07", "A3333AA")],
    )
    # The decided receptions are processed again (as after a re-resolution), and this time the
    # model is sure of the rejected pair and less sure of the confirmed one.
    PrisonMovement.objects.filter(movement_id__in=["M1", "M2"]).update(identified_at=None)
    engine_says({"M1": ("P-BRAM", 0.995), "M2": ("P-CAL", 0.81), "M3": ("P-EDDIE", 0.998)})
    second = identification_run()
    assert second.receptions == 3

    # The rejected pair is left exactly as the analyst left it: not re-banded, no new child.
    assert ReceptionMatch.objects.filter(movement__movement_id="M1").count() == 1
    again = match_of("M1")
    assert again.review_state == ReviewState.REJECTED_BY_ANALYST
    assert (again.match_band, again.match_probability) == (MatchBand.REVIEW, 0.90)
    assert (again.version, again.run_id) == (rejected.version, rejected.run_id)
    assert list(
        Identification.objects.filter(movement__movement_id="M1").values_list(
            "child_first_name", "status"
        )
    ) == [("Ada", IdentificationStatus.REJECTED)]

    # The confirmed pair keeps its decision and band, and its new child is identified.
    kept = match_of("M2")
    assert kept.review_state == ReviewState.CONFIRMED_BY_ANALYST
    assert (kept.match_band, kept.match_probability) == (MatchBand.REVIEW, 0.88)
    assert kept.version == confirmed.version
    children = dict(
        Identification.objects.filter(movement__movement_id="M2").values_list(
            "child_first_name", "status"
        )
    )
    assert children == {"Cee": "IDENTIFIED", "Dee": "IDENTIFIED"}
    assert Identification.objects.get(child_first_name="Dee").reception_match == kept

    # A new reception the model is sure of needs no review.
    new = match_of("M3")
    assert (new.match_band, new.review_state) == (MatchBand.CONFIRMED, ReviewState.NOT_NEEDED)
    assert second.identifications == 2  # Dee and Fay; never Ben
    kept_event = AuditEvent.objects.get(action="identification.rejected_matches_kept")
    assert kept_event.after == {"matches": 1}


def test_a_match_nobody_decided_is_updated_and_its_version_moves_on(tmp_path, engine_says):
    ingest(
        tmp_path,
        "people",
        "people.csv",
        PEOPLE,
        [
            person("A-BRAM", "Bram", "Quillfeather", "1985-06-07"),
            person("C-ADA", "Ada", "Quillfeather", "2017-04-02"),
        ],
    )
    ingest(tmp_path, "relationships", "rel.csv", RELATIONSHIPS, [relationship("A-BRAM", "C-ADA")])
    ingest(
        tmp_path,
        "prison_movements",
        "mov.csv",
        MOVEMENTS,
        [reception("M1", "Bram", "Quillfeather", "1985-06-07", "A1111AA")],
    )
    engine_says({"M1": ("P-BRAM", 0.90)})
    identification_run()
    before = match_of("M1")
    PrisonMovement.objects.filter(movement_id="M1").update(identified_at=None)
    engine_says({"M1": ("P-BRAM", 0.997)})
    identification_run()
    after = match_of("M1")
    # A page opened before this run can no longer decide the match (optimistic locking).
    assert after.version == before.version + 1
    assert (after.match_band, after.review_state) == (MatchBand.CONFIRMED, ReviewState.NOT_NEEDED)
    assert after.match_probability == 0.997
