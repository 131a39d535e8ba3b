"""The review queue, deciding a match on the identification page, and the model page."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from paramount.access.models import AuditEvent, Role
from paramount.identification.models import (
    Identification,
    MatchBand,
    ReceptionMatch,
    ReviewDecision,
    ReviewState,
)
from paramount.linkage.engine.link import IDENTITY_AGREEMENT, IDENTITY_FIELD
from paramount.linkage.engine.prepare import ALIAS, SWAPPED
from paramount.linkage.models import LinkageModel

pytestmark = pytest.mark.django_db

QUEUE = reverse("identification:review")
MODEL = reverse("linkage:model")
PRIOR = 2.9e-5

# A saved model in Splink's shape, cut down to two comparisons. Made-up numbers.
MODEL_SETTINGS = {
    "probability_two_random_records_match": PRIOR,
    "comparisons": [
        {
            "output_column_name": "first_name",
            "comparison_description": "CustomComparison",
            "comparison_levels": [
                {"label_for_charts": "not known", "is_null_level": True},
                {
                    "label_for_charts": "exact",
                    "m_probability": 0.506,
                    "u_probability": 0.00176,
                    "tf_adjustment_column": "first_name",
                },
                {
                    "label_for_charts": "same name, other form (nickname)",
                    "m_probability": 0.0332,
                    "u_probability": 0.000632,
                },
                {"label_for_charts": "different", "m_probability": 0.405, "u_probability": 0.994},
            ],
        },
        {
            "output_column_name": "date_of_birth",
            "comparison_levels": [
                {"label_for_charts": "not known", "is_null_level": True},
                {"label_for_charts": "exact", "m_probability": 0.548, "u_probability": 0.000148},
                {"label_for_charts": "different", "m_probability": 0.43, "u_probability": 0.9975},
            ],
        },
    ],
}


def page_url(identification):
    return reverse("identification:identification", args=[identification.identification_id])


def with_model_settings(identification):
    LinkageModel.objects.filter(pk=identification.reception_match.model_id).update(
        settings=MODEL_SETTINGS
    )
    return identification


def decide(client, identification, decision, reason="", version=None, follow=False):
    match = ReceptionMatch.objects.get(pk=identification.reception_match_id)
    return client.post(
        page_url(identification),
        {
            "decision": decision,
            "reason": reason,
            "version": match.version if version is None else version,
        },
        follow=follow,
    )


# --- The review queue -----------------------------------------------------------------------


def test_the_queue_lists_pending_review_matches_in_the_analysts_areas_oldest_first(
    signed_in, analyst, identifications
):
    newer = identifications.build(
        band=MatchBand.REVIEW, child_first_name="Newer", reception_date=date(2026, 3, 2)
    )
    older = identifications.build(
        band=MatchBand.REVIEW,
        area="Oxfordshire",
        child_first_name="Older",
        reception_date=date(2026, 3, 1),
    )
    identifications.build(band=MatchBand.CONFIRMED, child_first_name="Sure")
    identifications.build(band=MatchBand.REVIEW, area="Birmingham", child_first_name="Faraway")
    decided = identifications.build(band=MatchBand.REVIEW, child_first_name="Decided")
    ReceptionMatch.objects.filter(pk=decided.reception_match_id).update(
        review_state=ReviewState.CONFIRMED_BY_ANALYST
    )
    html = signed_in(analyst).get(QUEUE).content.decode()
    assert "2 matches waiting for review, from 2 receptions, concerning 2 children" in html
    assert html.index("Older Quillfeather") < html.index("Newer Quillfeather")
    for absent in ("Sure", "Faraway", "Decided"):
        assert f"{absent} Quillfeather" not in html
    assert page_url(older) in html and page_url(newer) in html
    assert "87.3%" in html
    assert "1 Mar 2026" in html


def test_showing_the_queue_is_audited(signed_in, analyst, identifications):
    shown = identifications.build(band=MatchBand.REVIEW)
    signed_in(analyst).get(QUEUE)
    event = AuditEvent.objects.get(action="reception_match.review_listed")
    assert event.actor == analyst and event.purpose == "identification review"
    assert event.after == {"page": 1, "identifications": [shown.identification_id]}


def test_an_empty_queue_says_so(signed_in, birmingham_analyst, identifications):
    identifications.build(band=MatchBand.REVIEW, area="Oxford")
    html = signed_in(birmingham_analyst).get(QUEUE).content.decode()
    assert "No matches are waiting for review" in html
    assert "Quillfeather" not in html
    assert not AuditEvent.objects.filter(action="reception_match.review_listed").exists()


def test_the_navigation_shows_review_with_its_count_and_the_model(
    signed_in, analyst, admin_user, identifications, client
):
    identifications.build(band=MatchBand.REVIEW)
    identifications.build(band=MatchBand.REVIEW)
    html = signed_in(analyst).get(QUEUE).content.decode()
    assert re.search(
        r'href="/identifications/review/" aria-current="page">Review '
        r'<span class="moj-notification-badge">2<span class="govuk-visually-hidden"> waiting',
        html,
    )
    assert 'href="/linkage/model/"' in html
    # The worklist is not marked current on the review page.
    assert 'href="/identifications/" aria-current="page"' not in html
    client.logout()
    html = signed_in(admin_user).get(reverse("feeds:batches")).content.decode()
    assert 'href="/identifications/review/"' not in html and 'href="/linkage/model/"' not in html


# --- The identification page under review --------------------------------------------------


def test_a_pending_match_shows_both_records_the_waterfall_and_the_form(
    signed_in, analyst, identifications
):
    identification = with_model_settings(identifications.build(band=MatchBand.REVIEW))
    html = signed_in(analyst).get(page_url(identification)).content.decode()
    # Side by side: the reception and each of the adult's records, the closest first.
    assert "side by side" in html and "Closest record" in html
    assert html.index("TVP_POLICE:R") < html.index("Also compared")
    assert "7 June 1985" in html and "12 Imaginary Road, Oxford" in html
    # The waterfall as a picture with a text equivalent, and as a table.
    svg = re.search(r"<svg[^>]*>", html).group(0)
    assert 'role="img"' in svg and "aria-label=" in svg
    assert "Waterfall chart of match weights: starting point \u221215.07" in html
    assert "Final match weight" in html and "\u22120.14" in html  # -15.07 + 6.41 + 11.02 - 2.5 + 0
    assert "1 in 34,483 pairs of records are the same person" in html
    assert "<script" not in html.split("</header>")[1]
    # The form.
    assert 'name="decision" type="radio" value="CONFIRMED_SAME_PERSON"' in html
    assert 'name="decision" type="radio" value="REJECTED_DIFFERENT_PERSON"' in html
    assert '<textarea class="govuk-textarea" id="reason" name="reason"' in html
    assert 'name="version" value="1"' in html
    assert "Save decision" in html
    assert "Nobody has decided this match yet" in html


def test_a_confirmed_band_match_has_no_form(signed_in, analyst, identifications):
    identification = identifications.build(band=MatchBand.CONFIRMED)
    ReceptionMatch.objects.filter(pk=identification.reception_match_id).update(
        review_state=ReviewState.NOT_NEEDED
    )
    html = signed_in(analyst).get(page_url(identification)).content.decode()
    assert "Save decision" not in html and 'name="decision"' not in html


def test_saving_a_decision_redirects_to_the_queue_with_a_banner(
    signed_in, analyst, identifications
):
    identification = identifications.build(band=MatchBand.REVIEW)
    client = signed_in(analyst)
    response = decide(client, identification, "CONFIRMED_SAME_PERSON")
    assert response.status_code == 302 and response["Location"] == QUEUE
    html = client.get(QUEUE).content.decode()
    assert "govuk-notification-banner--success" in html
    assert f"Decision saved for {identification.identification_id}: same person" in html
    assert "No matches are waiting for review" in html
    # The banner is shown once.
    assert "govuk-notification-banner" not in client.get(QUEUE).content.decode()
    page = client.get(page_url(identification)).content.decode()
    assert "Confirmed by an analyst" in page and "Test Analyst" in page
    assert "Save decision" not in page


def test_rejecting_shows_the_history_and_takes_the_child_off_the_worklist(
    signed_in, analyst, identifications
):
    identification = identifications.build(band=MatchBand.REVIEW, child_first_name="Ada")
    identifications.build(band=MatchBand.REVIEW, child_first_name="Bea")
    client = signed_in(analyst)
    response = decide(
        client,
        identification,
        "REJECTED_DIFFERENT_PERSON",
        reason="Local Bram lives in Leeds",
        follow=True,
    )
    html = response.content.decode()
    assert "Decision saved" in html and "different people" in html
    assert Identification.objects.get(pk=identification.pk).status == "REJECTED"
    page = client.get(page_url(identification)).content.decode()
    assert "Match rejected" in page and "Rejected by an analyst" in page
    assert "Local Bram lives in Leeds" in page and "Different person" in page
    worklist = reverse("identification:worklist")
    assert "Ada Quillfeather" not in client.get(worklist).content.decode()
    assert "Bea Quillfeather" in client.get(worklist).content.decode()
    rejected_only = client.get(worklist, {"status": "REJECTED"}).content.decode()
    assert "Ada Quillfeather" in rejected_only and "Bea Quillfeather" not in rejected_only
    everything = client.get(worklist, {"status": "ALL"}).content.decode()
    assert "Ada Quillfeather" in everything and "Bea Quillfeather" in everything


def test_a_rejection_without_a_reason_is_shown_as_an_error(signed_in, analyst, identifications):
    identification = identifications.build(band=MatchBand.REVIEW)
    response = decide(signed_in(analyst), identification, "REJECTED_DIFFERENT_PERSON")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "There is a problem" in html and 'href="#reason"' in html
    assert "Give the reason you think the prisoner and the local adult are different people" in html
    assert "govuk-textarea--error" in html
    assert (
        'value="REJECTED_DIFFERENT_PERSON" aria-describedby="decision-different-hint" checked'
        in html
    )
    assert not ReviewDecision.objects.exists()


def test_no_choice_is_an_error(signed_in, analyst, identifications):
    identification = identifications.build(band=MatchBand.REVIEW)
    response = decide(signed_in(analyst), identification, "")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#decision"' in html
    assert "Select whether the prisoner and the local adult are the same person" in html


def test_a_stale_page_gets_a_clear_conflict(signed_in, analyst, make_user, identifications):
    identification = identifications.build(band=MatchBand.REVIEW)
    colleague = signed_in(make_user(Role.VRU_ANALYST, areas=["Oxford"]))
    assert decide(colleague, identification, "CONFIRMED_SAME_PERSON").status_code == 302
    colleague.logout()
    response = decide(
        signed_in(analyst), identification, "REJECTED_DIFFERENT_PERSON", reason="No", version=1
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Someone else decided this match while you were looking at it; reload to see their "
        "decision" in html
    )
    assert ReviewDecision.objects.count() == 1


def test_a_missing_version_asks_for_a_reload(signed_in, analyst, identifications):
    identification = identifications.build(band=MatchBand.REVIEW)
    response = signed_in(analyst).post(
        page_url(identification), {"decision": "CONFIRMED_SAME_PERSON", "version": "abc"}
    )
    assert response.status_code == 200
    assert "This page is out of date; reload it and decide again" in response.content.decode()
    assert not ReviewDecision.objects.exists()


@pytest.mark.parametrize(
    ("role", "areas"),
    [
        (Role.VRU_ANALYST, ["Birmingham"]),
        (Role.ADMIN, ["Oxford"]),
        (Role.OUTREACH_OFFICER, ["Oxford"]),
        (Role.CHARITY_PRACTITIONER, ["Oxford"]),
        (Role.CHARITY_MANAGER, ["Oxford"]),
    ],
)
def test_only_analysts_of_the_area_can_decide(signed_in, make_user, identifications, role, areas):
    identification = identifications.build(band=MatchBand.REVIEW, area="Oxford")
    response = decide(
        signed_in(make_user(role, areas=areas)), identification, "CONFIRMED_SAME_PERSON"
    )
    assert response.status_code == 404
    assert identification.child_first_name not in response.content.decode()
    assert not ReviewDecision.objects.exists()
    assert AuditEvent.objects.filter(action="identification.access_denied").exists()


def test_signed_out_decisions_go_to_sign_in(client, identifications):
    identification = identifications.build(band=MatchBand.REVIEW)
    response = decide(client, identification, "CONFIRMED_SAME_PERSON")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not ReviewDecision.objects.exists()


def test_an_analyst_covering_only_some_of_the_areas_is_told_why_not(
    signed_in, make_user, identifications
):
    identification = identifications.build(band=MatchBand.REVIEW, area="Oxford")
    Identification.objects.create(
        identification_id="ID-SIBLING",
        movement=identification.movement,
        reception_match=identification.reception_match,
        child_key="P-SIBLING",
        child_source_records="BHAM_CSC:S1",
        child_first_name="Sib",
        child_last_name="Quillfeather",
        area="Birmingham",
        relationship="FATHER",
        parent_match_probability=identification.parent_match_probability,
        match_band=MatchBand.REVIEW,
        relationship_records=[],
        created_at=timezone.now(),
        run=identification.run,
    )
    client = signed_in(make_user(Role.VRU_ANALYST, areas=["Oxford"]))
    html = client.get(page_url(identification)).content.decode()
    assert "Save decision" not in html
    assert "also concerns children in Birmingham" in html


# --- The model page ------------------------------------------------------------------------


def test_the_model_page_shows_m_u_and_weights(signed_in, analyst, identifications):
    identification = with_model_settings(identifications.build(band=MatchBand.REVIEW))
    model = LinkageModel.objects.get(pk=identification.reception_match.model_id)
    LinkageModel.objects.filter(pk=model.pk).update(
        splink_version="5.0.0", training_summary={"records": 11325, "seconds": 6.32}
    )
    html = signed_in(analyst).get(MODEL).content.decode()
    assert f"Model {model.pk}, in use" in html and "5.0.0" in html
    assert "11,325" in html and "6.32" in html
    assert "1 in 34,483 pairs of records picked at random" in html
    assert "First name" in html and "Date of birth" in html
    # exact first name: m 50.6%, u 0.176%, weight log2(0.506 / 0.00176) = 8.17
    assert "50.6%" in html and "0.176%" in html and "+8.17" in html
    assert "288 times as likely for the same person" in html  # 0.506 / 0.00176 = 287.5
    # different first name: log2(0.405 / 0.994) = -1.30
    assert "\u22121.30" in html and "2.5 times as likely for different people" in html
    assert "No evidence either way" in html
    svgs = re.findall(r"<svg[^>]*>", html)
    assert len(svgs) == 2 and all('role="img"' in svg for svg in svgs)
    assert "Bar chart of match weights for first name: Exact +8.17" in html
    # The models table: the identifications it produced in the analyst's areas.
    assert re.search(rf"Model {model.pk} \(in use\).*?<td[^>]*>\s*1\s*</td>", html, re.S)


def test_an_earlier_model_can_be_shown(signed_in, analyst, identifications):
    identification = with_model_settings(identifications.build(band=MatchBand.REVIEW))
    LinkageModel.objects.create(
        created_at=timezone.now(), splink_version="5.0.1", settings={}, population_fingerprint="x"
    )
    client = signed_in(analyst)
    current = client.get(MODEL).content.decode()
    assert "This model records no comparisons" in current
    earlier_id = identification.reception_match.model_id
    assert f'href="/linkage/model/?model={earlier_id}"' in current
    earlier = client.get(MODEL, {"model": earlier_id}).content.decode()
    assert "This is an earlier model" in earlier and "+8.17" in earlier
    assert client.get(MODEL, {"model": "999999"}).status_code == 404
    assert client.get(MODEL, {"model": "not-a-number"}).status_code == 404


def test_the_model_page_before_any_model(signed_in, analyst):
    html = signed_in(analyst).get(MODEL).content.decode()
    assert "No linkage model has been trained yet" in html


def test_the_queue_and_the_page_say_why_a_sure_match_needs_a_person(
    signed_in, analyst, identifications
):
    identification = identifications.build(band="REVIEW", probability=0.9995)
    match = identification.reception_match
    match.evidence = match.evidence | {
        "review_reason": "the prisoner's address and the local address differ"
    }
    match.save()
    client = signed_in(analyst)
    queue = client.get(QUEUE).content.decode()
    assert "Here because the prisoner&#x27;s address and the local address differ" in queue
    page = client.get(page_url(identification)).content.decode()
    assert "a person must decide because the prisoner&#x27;s address and the local address" in page


@pytest.mark.parametrize(
    ("agreement", "shown"),
    [
        (IDENTITY_AGREEMENT[ALIAS], "Matched as Mark Chatden (an alias given)"),
        (IDENTITY_AGREEMENT[SWAPPED], "Matched as Mark Chatden (turned round)"),
    ],
)
def test_the_queue_says_when_a_match_was_made_under_another_name(
    signed_in, analyst, identifications, agreement, shown
):
    identification = identifications.build(band="REVIEW", probability=0.95)
    match = identification.reception_match
    compared = {
        "field": IDENTITY_FIELD,
        "reception_value": "Mark Chatden",
        "local_value": "mark chatden",
        "agreement": agreement,
        "match_weight": 0.0,
    }
    match.evidence = match.evidence | {"fields": [*match.evidence.get("fields", []), compared]}
    match.save()
    queue = signed_in(analyst).get(QUEUE).content.decode()
    assert shown in queue


def test_the_queue_says_nothing_of_another_name_when_the_given_name_matched(
    signed_in, analyst, identifications
):
    identifications.build(band="REVIEW", probability=0.95)
    assert "Matched as" not in signed_in(analyst).get(QUEUE).content.decode()
