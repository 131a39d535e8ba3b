"""The analyst's worklist: only their areas, filters, counts, pagination."""

from datetime import date

import pytest
from django.urls import reverse

from paramount.access.models import AuditEvent
from paramount.identification.selectors import identification_counts, identification_list

pytestmark = pytest.mark.django_db

WORKLIST = reverse("identification:worklist")


def test_an_empty_worklist_says_so(signed_in, analyst):
    html = signed_in(analyst).get(WORKLIST).content.decode()
    assert "No children identified yet" in html


def test_the_worklist_shows_only_the_analysts_areas(signed_in, analyst, identifications):
    identifications.build(area="Oxford", child_first_name="Ada")
    identifications.build(area="Oxfordshire", child_first_name="Bea")
    identifications.build(area="Birmingham", child_first_name="Cyd")
    html = signed_in(analyst).get(WORKLIST).content.decode()
    assert "Ada Quillfeather" in html and "Bea Quillfeather" in html
    assert "Cyd" not in html
    assert "2 children identified from 2 receptions" in html


def test_counts_are_children_and_receptions(analyst, identifications):
    first = identifications.build(child_first_name="Ada")
    identifications.build(child_first_name="Ben", movement=first.movement)
    identifications.build(child_first_name="Cas")
    counts = identification_counts(identification_list(viewer=analyst))
    assert (counts.identifications, counts.children, counts.receptions) == (3, 3, 2)


def test_the_table_shows_what_an_analyst_needs(signed_in, analyst, identifications):
    identification = identifications.build(
        band="REVIEW",
        probability=0.87316,
        reception_date=date(2026, 3, 5),
        relationship="STEP_PARENT",
    )
    html = signed_in(analyst).get(WORKLIST).content.decode()
    assert "5 Mar 2026" in html
    assert identification.movement.prison_number in html
    assert "Bram Quillfeather" in html
    assert "Step parent" in html
    assert "govuk-tag--yellow" in html and "Needs review" in html
    assert "87.3%" in html
    assert reverse("identification:identification", args=[identification.identification_id]) in html


def test_newest_reception_first(signed_in, analyst, identifications):
    identifications.build(child_first_name="Older", reception_date=date(2026, 1, 1))
    identifications.build(child_first_name="Newer", reception_date=date(2026, 2, 1))
    html = signed_in(analyst).get(WORKLIST).content.decode()
    assert html.index("Newer") < html.index("Older")


def test_filters(signed_in, analyst, identifications):
    identifications.build(
        area="Oxford", band="CONFIRMED", child_first_name="Ada", reception_date=date(2026, 1, 10)
    )
    identifications.build(
        area="Oxfordshire", band="REVIEW", child_first_name="Bea", reception_date=date(2026, 2, 10)
    )
    identifications.build(
        area="Oxford", band="REVIEW", child_first_name="Cal", reception_date=date(2026, 3, 10)
    )
    client = signed_in(analyst)

    def names(**query):
        html = client.get(WORKLIST, query).content.decode()
        return {name for name in ("Ada", "Bea", "Cal") if f"{name} Quillfeather" in html}

    assert names() == {"Ada", "Bea", "Cal"}
    assert names(area="Oxford") == {"Ada", "Cal"}
    assert names(band="REVIEW") == {"Bea", "Cal"}
    assert names(area="Oxford", band="REVIEW") == {"Cal"}
    assert names(date_from="2026-02-01") == {"Bea", "Cal"}
    assert names(date_to="2026-02-10") == {"Ada", "Bea"}
    assert names(date_from="2026-02-01", date_to="2026-02-28") == {"Bea"}


def test_filtering_to_nothing_says_so(signed_in, analyst, identifications):
    identifications.build(area="Oxford")
    html = signed_in(analyst).get(WORKLIST, {"area": "Oxfordshire"}).content.decode()
    assert "No identifications match these filters" in html


def test_an_area_outside_the_analysts_is_refused_by_the_form(signed_in, analyst, identifications):
    identifications.build(area="Birmingham", child_first_name="Cyd")
    response = signed_in(analyst).get(WORKLIST, {"area": "Birmingham"})
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Cyd" not in html


def test_dates_in_the_wrong_order_are_an_error(signed_in, analyst):
    html = (
        signed_in(analyst)
        .get(WORKLIST, {"date_from": "2026-03-01", "date_to": "2026-02-01"})
        .content.decode()
    )
    assert "There is a problem" in html
    assert "must be the same as or after" in html
    assert "govuk-input--error" in html


def test_a_date_that_is_not_real_is_an_error(signed_in, analyst):
    html = signed_in(analyst).get(WORKLIST, {"date_from": "2026-02-30"}).content.decode()
    assert "must be a real date" in html


def test_the_worklist_is_paginated_by_50(signed_in, analyst, identifications):
    for number in range(51):
        identifications.build(child_first_name=f"Kid{number:02d}")
    client = signed_in(analyst)
    first = client.get(WORKLIST).content.decode()
    assert first.count("govuk-tag--green") == 50
    assert "51 children identified from 51 receptions" in first
    assert "govuk-pagination" in first
    second = client.get(WORKLIST, {"page": 2, "band": "CONFIRMED"}).content.decode()
    assert second.count("govuk-tag--green") == 1
    assert "band=CONFIRMED" in second  # page links keep the filters


def test_others_see_no_identifications(
    outreach, practitioner, manager, admin_user, identifications
):
    identifications.build(area="Oxford")
    for viewer in (outreach, practitioner, manager, admin_user):
        assert not identification_list(viewer=viewer).exists()


def test_showing_the_worklist_is_audited(signed_in, analyst, identifications):
    shown = identifications.build(area="Oxford", band="REVIEW")
    identifications.build(area="Oxford", band="CONFIRMED")
    signed_in(analyst).get(WORKLIST, {"band": "REVIEW"})
    event = AuditEvent.objects.get(action="identification.listed")
    assert event.actor == analyst
    assert event.purpose == "identification review"
    assert event.after == {
        "filters": {"band": "REVIEW"},
        "page": 1,
        "identifications": [shown.identification_id],
    }


def test_a_refused_role_is_refused_whatever_the_filters(signed_in, admin_user):
    response = signed_in(admin_user).get(WORKLIST, {"date_from": "not a date"})
    assert response.status_code == 403
    assert "You cannot see this page" in response.content.decode()
