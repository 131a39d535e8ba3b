"""Analysts' decisions on uncertain matches: every legal and illegal transition, optimistic
locking, permission, and the audit row written in the same transaction as the decision.

Every name here is made up.
"""

from __future__ import annotations

import csv
import math

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from paramount import config
from paramount.access.models import AuditEvent, Role
from paramount.identification import services
from paramount.identification.export import identifications_export
from paramount.identification.models import (
    Identification,
    IdentificationStatus,
    MatchBand,
    ReceptionMatch,
    ReviewDecision,
    ReviewOutcome,
    ReviewState,
)
from paramount.identification.selectors import match_waterfall
from paramount.identification.services import (
    ReviewConflict,
    ReviewError,
    reception_match_review,
)
from paramount.web import charts

pytestmark = pytest.mark.django_db

SAME = ReviewOutcome.CONFIRMED_SAME_PERSON
DIFFERENT = ReviewOutcome.REJECTED_DIFFERENT_PERSON


def review(match: ReceptionMatch, user, decision=SAME, reason="", version=None):
    return reception_match_review(
        reception_match=match,
        decision=decision,
        reason=reason,
        expected_version=match.version if version is None else version,
        acting_user=user,
    )


def another_child(identification: Identification, *, area="Oxford", first_name="Bea"):
    """A second child identified through the same match."""
    return Identification.objects.create(
        identification_id=f"{identification.identification_id}-2",
        movement=identification.movement,
        reception_match=identification.reception_match,
        child_key=f"{identification.child_key}-SIBLING",
        child_source_records="OXON_CSC:SIBLING",
        child_first_name=first_name,
        child_last_name=identification.child_last_name,
        area=area,
        relationship="FATHER",
        parent_match_probability=identification.parent_match_probability,
        match_band=identification.match_band,
        relationship_records=[],
        created_at=timezone.now(),
        run=identification.run,
    )


@pytest.fixture
def pending(identifications):
    """A match in the review band waiting for a decision, with two children in Oxford."""
    identification = identifications.build(area="Oxford", band=MatchBand.REVIEW)
    another_child(identification)
    return identification.reception_match


def reviewed_events():
    return AuditEvent.objects.filter(action="reception_match.reviewed")


# --- Legal transitions ---------------------------------------------------------------------


def test_confirming_a_pending_match(pending, analyst):
    decision = review(pending, analyst, SAME)
    pending.refresh_from_db()
    assert pending.review_state == ReviewState.CONFIRMED_BY_ANALYST
    assert pending.version == 2
    assert decision.decision == SAME and decision.reason == ""
    assert decision.decided_by == analyst
    assert decision.match_probability == pending.match_probability
    assert decision.model_id == pending.model_id
    # The children stay on the worklist.
    assert set(pending.identifications.values_list("status", flat=True)) == {
        IdentificationStatus.IDENTIFIED
    }
    event = reviewed_events().get()
    assert event.actor == analyst and event.role == Role.VRU_ANALYST
    assert event.subject_id == str(pending.pk)
    assert event.purpose == "identification review"
    assert event.before["review_state"] == "PENDING" and event.before["version"] == 1
    assert event.after["review_state"] == "CONFIRMED_BY_ANALYST" and event.after["version"] == 2
    assert event.after["decision"] == "CONFIRMED_SAME_PERSON"
    assert event.after["decision_id"] == decision.pk


def test_rejecting_a_pending_match_closes_its_identifications(pending, analyst):
    decision = review(pending, analyst, DIFFERENT, reason="  Date of birth is ten years apart.  ")
    pending.refresh_from_db()
    assert pending.review_state == ReviewState.REJECTED_BY_ANALYST
    assert decision.reason == "Date of birth is ten years apart."
    statuses = dict(pending.identifications.values_list("identification_id", "status"))
    assert len(statuses) == 2 and set(statuses.values()) == {IdentificationStatus.REJECTED}
    event = reviewed_events().get()
    assert event.before["identifications"] == dict.fromkeys(statuses, "IDENTIFIED")
    assert event.after["identifications"] == dict.fromkeys(statuses, "REJECTED")
    # The audit trail cannot be anonymised: it says a reason was given, the decision holds it.
    assert event.after["reason_given"] is True
    assert "ten years" not in str(event.before) + str(event.after)


def test_the_caller_s_instance_follows_the_decision(pending, analyst):
    review(pending, analyst, SAME)
    assert pending.review_state == ReviewState.CONFIRMED_BY_ANALYST and pending.version == 2


# --- Illegal transitions, each with its message ---------------------------------------------


def assert_nothing_saved(match: ReceptionMatch, state=ReviewState.PENDING, decisions=0):
    match.refresh_from_db()
    assert match.review_state == state
    assert ReviewDecision.objects.filter(reception_match=match).count() == decisions
    assert reviewed_events().count() == decisions


def test_a_match_accepted_automatically_needs_no_review(identifications, analyst):
    match = identifications.build(band=MatchBand.CONFIRMED).reception_match
    ReceptionMatch.objects.filter(pk=match.pk).update(review_state=ReviewState.NOT_NEEDED)
    match.refresh_from_db()
    with pytest.raises(ReviewError) as error:
        review(match, analyst, DIFFERENT, reason="Looks wrong")
    assert str(error.value) == (
        "This match was accepted automatically because its probability is at or above 99%, "
        "so it does not need a review; nothing was saved"
    )
    assert_nothing_saved(match, ReviewState.NOT_NEEDED)


@pytest.mark.parametrize(
    ("first", "verdict"),
    [
        (SAME, "the prisoner and the local adult are the same person"),
        (DIFFERENT, "the prisoner and the local adult are different people"),
    ],
)
@pytest.mark.parametrize("second", [SAME, DIFFERENT])
def test_a_decided_match_cannot_be_decided_again(pending, analyst, first, verdict, second):
    review(pending, analyst, first, reason="Different school records")
    state = pending.review_state
    with pytest.raises(ReviewError) as error:
        review(pending, analyst, second, reason="Changed my mind")
    message = str(error.value)
    assert message.startswith("This match has already been decided: Test Analyst decided on ")
    assert message.endswith(
        f"that {verdict}. A saved decision cannot be changed; nothing was saved"
    )
    assert not isinstance(error.value, ReviewConflict)
    assert_nothing_saved(pending, state, decisions=1)


def test_a_rejection_needs_a_reason(pending, analyst):
    for reason in ("", "   \n "):
        with pytest.raises(ReviewError) as error:
            review(pending, analyst, DIFFERENT, reason=reason)
        assert str(error.value) == (
            "Give the reason you think the prisoner and the local adult are different people; "
            "nothing was saved"
        )
    assert_nothing_saved(pending)


def test_an_unknown_decision_is_refused(pending, analyst):
    with pytest.raises(ReviewError) as error:
        review(pending, analyst, "MAYBE")
    assert "same person or different people" in str(error.value)
    assert_nothing_saved(pending)


# --- Optimistic locking (SECURITY 27) --------------------------------------------------------


def test_a_decision_on_a_stale_page_after_someone_else_decided(pending, analyst, make_user):
    colleague = make_user(Role.VRU_ANALYST, areas=["Oxford"])
    seen_version = pending.version
    stale = ReceptionMatch.objects.get(pk=pending.pk)  # the second analyst's page
    review(pending, colleague, DIFFERENT, reason="Different middle name and town")
    with pytest.raises(ReviewConflict) as error:
        review(stale, analyst, SAME, version=seen_version)
    assert str(error.value) == (
        "Someone else decided this match while you were looking at it; reload to see their decision"
    )
    assert_nothing_saved(pending, ReviewState.REJECTED_BY_ANALYST, decisions=1)
    assert ReviewDecision.objects.get().decided_by == colleague


def test_a_decision_on_a_page_older_than_the_last_run(pending, analyst):
    # The identification run re-scored the match after the analyst opened it.
    ReceptionMatch.objects.filter(pk=pending.pk).update(version=2, match_probability=0.91)
    with pytest.raises(ReviewConflict) as error:
        review(pending, analyst, SAME, version=1)
    assert str(error.value) == (
        "The identification run updated this match while you were looking at it; reload to see "
        "the new evidence before you decide"
    )
    assert_nothing_saved(pending)


# --- Permission -------------------------------------------------------------------------------


def test_an_analyst_of_another_area_finds_no_match(pending, birmingham_analyst):
    with pytest.raises(Http404):
        review(pending, birmingham_analyst, SAME)
    assert_nothing_saved(pending)
    refused = AuditEvent.objects.get(action="reception_match.access_denied")
    assert refused.actor == birmingham_analyst and refused.subject_id == str(pending.pk)


@pytest.mark.parametrize(
    "role",
    [Role.ADMIN, Role.OUTREACH_OFFICER, Role.CHARITY_PRACTITIONER, Role.CHARITY_MANAGER],
)
def test_other_roles_are_refused(pending, make_user, role):
    with pytest.raises(PermissionDenied):
        review(pending, make_user(role, areas=["Oxford"]), SAME)
    assert_nothing_saved(pending)
    assert AuditEvent.objects.filter(action="access.denied", subject_id="review_matches").exists()


def test_an_analyst_must_work_in_every_area_the_match_concerns(identifications, analyst):
    identification = identifications.build(area="Oxford", band=MatchBand.REVIEW)
    another_child(identification, area="Birmingham")
    match = identification.reception_match
    with pytest.raises(ReviewError) as error:
        review(match, analyst, SAME)
    assert str(error.value) == (
        "This match also concerns children in Birmingham, outside your areas, so you cannot "
        "decide it. An analyst who works in every area concerned must decide it"
    )
    assert_nothing_saved(match)


# --- The audit row and the decision share one transaction (SECURITY 12) ----------------------


def test_a_failing_audit_write_leaves_no_decision(pending, analyst, monkeypatch):
    real_record = services.audit.record

    def record_then_fail(**kwargs):
        real_record(**kwargs)
        raise RuntimeError("the disk filled up")

    monkeypatch.setattr(services.audit, "record", record_then_fail)
    with pytest.raises(RuntimeError):
        review(pending, analyst, DIFFERENT, reason="Different date of birth")
    assert_nothing_saved(pending)
    assert set(pending.identifications.values_list("status", flat=True)) == {"IDENTIFIED"}


def test_a_refused_decision_leaves_no_review_audit_row(pending, analyst):
    before = AuditEvent.objects.count()
    with pytest.raises(ReviewError):
        review(pending, analyst, DIFFERENT, reason="")
    assert AuditEvent.objects.count() == before


# --- Where a rejection shows ------------------------------------------------------------------


def test_the_export_keeps_a_rejected_identification_with_its_status(pending, analyst, tmp_path):
    review(pending, analyst, DIFFERENT, reason="Different person, same name")
    out = tmp_path / "identifications.csv"
    assert identifications_export(identifications=Identification.objects.all(), out=out) == 2
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["status"] for row in rows} == {"REJECTED"}
    assert {row["match_band"] for row in rows} == {"REVIEW"}


def test_the_database_refuses_a_rejection_without_a_reason(pending, analyst):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewDecision.objects.create(
            reception_match=pending,
            decision=DIFFERENT,
            reason="",
            decided_by=analyst,
            decided_at=timezone.now(),
            match_probability=0.9,
            model=pending.model,
        )


def test_the_database_refuses_a_decision_on_an_automatic_match(identifications):
    from django.db import IntegrityError, transaction

    match = identifications.build(band=MatchBand.CONFIRMED).reception_match
    with pytest.raises(IntegrityError), transaction.atomic():
        ReceptionMatch.objects.filter(pk=match.pk).update(
            review_state=ReviewState.REJECTED_BY_ANALYST
        )


# --- The waterfall adds up ------------------------------------------------------------------


def test_the_waterfall_adds_up(pending):
    prior = 2.9e-5
    pending.model.settings = {"probability_two_random_records_match": prior, "comparisons": []}
    pending.model.save()
    waterfall = match_waterfall(pending)
    weights = [f["match_weight"] for f in pending.evidence["fields"]]  # 6.41, 11.02, -2.5, 0
    assert waterfall.prior_weight == pytest.approx(math.log2(prior / (1 - prior)))
    assert waterfall.final_weight == pytest.approx(waterfall.prior_weight + sum(weights))
    assert waterfall.running_totals[-1][1] == pytest.approx(waterfall.final_weight)
    odds = 2**waterfall.final_weight
    assert waterfall.final_probability == pytest.approx(odds / (1 + odds))
    review = config.current().identification.review_threshold
    assert waterfall.review_weight == pytest.approx(math.log2(review / (1 - review)))
    assert waterfall.confirm_weight == pytest.approx(math.log2(99))

    chart = charts.waterfall_chart(
        prior_weight=waterfall.prior_weight,
        prior_detail="prior",
        steps=[
            charts.WaterfallStep(label=s.field, detail=s.agreement, weight=s.match_weight)
            for s in waterfall.steps
        ],
        final_detail="final",
    )
    # Each bar starts where the one before it ended, and the final bar ends at the sum.
    bars = chart.rows
    for before, after, weight in zip(bars, bars[1:-1], weights, strict=False):
        assert after.bar_width == pytest.approx(
            max(abs(weight) * (chart.plot_right - chart.plot_left) / _span(chart), 1.5), abs=0.02
        )
        assert min(after.bar_x, after.bar_x + after.bar_width) <= max(
            before.bar_x, before.bar_x + before.bar_width
        )
    final = bars[-1]
    final_end = final.bar_x + final.bar_width if waterfall.final_weight > 0 else final.bar_x
    assert final_end == pytest.approx(_x(chart, waterfall.final_weight), abs=0.02)
    assert bars[-1].value_text == charts.signed(waterfall.final_weight)


def _span(chart) -> float:
    """The weight range the chart's plot covers, read back from its tick labels."""
    first, last = chart.ticks[0], chart.ticks[-1]
    return _tick_value(last) - _tick_value(first)


def _tick_value(tick) -> float:
    return float(tick.label.replace("\u2212", "-"))


def _x(chart, weight: float) -> float:
    low = _tick_value(chart.ticks[0])
    return chart.plot_left + (weight - low) / _span(chart) * (chart.plot_right - chart.plot_left)


def test_no_waterfall_without_the_model_s_starting_point(pending):
    assert pending.model.settings == {}
    assert match_waterfall(pending) is None


@pytest.mark.django_db(transaction=True)
def test_two_analysts_deciding_at_the_same_moment(identifications, analyst, make_user):
    """Two sessions, two database connections: one decision wins, the other gets the conflict."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections need PostgreSQL")
    match = identifications.build(area="Oxford", band=MatchBand.REVIEW).reception_match
    colleague = make_user(Role.VRU_ANALYST, areas=["Oxford"])
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def decide(name, user, decision, reason):
        try:
            barrier.wait()
            review(ReceptionMatch.objects.get(pk=match.pk), user, decision, reason, version=1)
            outcomes[name] = "saved"
        except ReviewConflict as conflict:
            outcomes[name] = str(conflict)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=("analyst", analyst, SAME, "")),
        threading.Thread(target=decide, args=("colleague", colleague, DIFFERENT, "Not him")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == [
        "Someone else decided this match while you were looking at it; reload to see their "
        "decision",
        "saved",
    ]
    assert ReviewDecision.objects.count() == 1
    assert reviewed_events().count() == 1
