"""One identification: reception, evidence, the adult's and the child's records; audited."""

import pytest
from django.urls import reverse

from paramount.access.models import AuditEvent

pytestmark = pytest.mark.django_db


def page_url(identification):
    return reverse("identification:identification", args=[identification.identification_id])


def test_the_page_shows_the_reception_evidence_and_records(signed_in, analyst, identifications):
    identification = identifications.build(band="REVIEW", child_first_name="Ada")
    html = signed_in(analyst).get(page_url(identification)).content.decode()
    movement = identification.movement
    # The reception
    for text in (
        movement.prison_number,
        "HMP Bullingdon",
        "2012/0394773H",
        "BRAM QUILL",
        "Remand",
        "12 Imaginary Road",
    ):
        assert text in html, text
    # The evidence, weights for and against
    assert "app-weight--for" in html and "+11.02" in html
    assert "app-weight--against" in html and "\u22122.50" in html
    assert "87.3%" in html
    assert "needs a person to confirm" in html
    # The adult's records and the child's records with each source's values
    for record in identification.child_source_records.split("|"):
        assert record in html
    assert "Child in need" in html and "Jo Madeup" in html and "123456" in html
    # The relationship rows behind it
    assert "Parental responsibility" in html


def test_a_risk_to_children_flag_is_a_warning(signed_in, analyst, identifications):
    identification = identifications.build(pprc_flag="Y")
    html = signed_in(analyst).get(page_url(identification)).content.decode()
    assert "govuk-warning-text" in html
    assert "posing a risk to children" in html


def test_viewing_writes_an_audit_row(signed_in, analyst, identifications):
    identification = identifications.build()
    client = signed_in(analyst)
    client.get(page_url(identification))
    client.get(page_url(identification))
    events = AuditEvent.objects.filter(action="identification.viewed")
    assert events.count() == 2
    event = events.first()
    assert event.actor == analyst
    assert event.subject_id == identification.identification_id
    assert event.purpose == "identification review"
    assert event.role == "VRU_ANALYST" and event.organisation == "Thames Valley Police VRU"


def test_an_analyst_of_another_area_gets_404_and_no_view_is_recorded(
    signed_in, birmingham_analyst, identifications
):
    identification = identifications.build(area="Oxford")
    response = signed_in(birmingham_analyst).get(page_url(identification))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="identification.viewed").exists()
    assert AuditEvent.objects.filter(
        action="identification.access_denied", actor=birmingham_analyst
    ).exists()


def test_admin_sees_no_case_content(signed_in, admin_user, identifications):
    identification = identifications.build()
    response = signed_in(admin_user).get(page_url(identification))
    assert response.status_code == 404
    assert identification.child_first_name not in response.content.decode()


def test_an_unknown_identification_is_404(signed_in, analyst):
    assert (
        signed_in(analyst)
        .get(reverse("identification:identification", args=["ID-NOPE"]))
        .status_code
        == 404
    )


def test_not_found_is_a_plain_english_page(signed_in, analyst):
    response = signed_in(analyst).get(reverse("identification:identification", args=["ID-NOPE"]))
    html = response.content.decode()
    assert "Page not found" in html and "govuk-heading-l" in html


def test_no_personal_data_reaches_the_logs(
    signed_in, analyst, admin_user, identifications, caplog, client
):
    """SECURITY 14: canary names never appear in what the application logs, refusals included."""
    identification = identifications.build(
        prisoner_first_name="Canaryprisoner",
        child_first_name="Canarychild",
        child_last_name="Canarysurname",
    )
    caplog.set_level("DEBUG")
    analyst_client = signed_in(analyst)
    analyst_client.get(reverse("identification:worklist"))
    analyst_client.get(page_url(identification))
    client.logout()
    admin_client = signed_in(admin_user)
    admin_client.get(page_url(identification))
    admin_client.get(reverse("identification:worklist"))
    assert "Canary" not in caplog.text


def test_the_family_shows_siblings_found_for_the_same_reception_in_the_viewers_areas(
    signed_in, analyst, identifications
):
    ada = identifications.build(child_first_name="Ada", child_postcode="OX4 3TP")
    identifications.build(movement=ada.movement, child_first_name="Ben", child_postcode="OX4 3TP")
    identifications.build(movement=ada.movement, child_first_name="Cleo", child_postcode="OX1 1AA")
    identifications.build(
        movement=ada.movement, area="Birmingham", child_first_name="Dev", child_postcode="B1 1AA"
    )
    html = signed_in(analyst).get(page_url(ada)).content.decode()
    family = html.split("The family: other children found for this reception")[1]
    assert "Ben Quillfeather" in family and "Same household" in family
    assert "Cleo Quillfeather" in family and "Lives elsewhere" in family
    # A sibling outside the analyst's areas is not shown, not even by name.
    assert "Dev" not in html


def test_sources_that_disagree_about_the_relationship_are_shown(
    signed_in, analyst, identifications
):
    ada = identifications.build()
    ada.relationship_records = [
        {"source": "OXON_CSC", "adult_record_id": "A1", "child_record_id": "C1",
         "relationship": "FATHER", "parental_responsibility": "Y", "lives_with_child": "N"},
        {"source": "OXON_EDU", "adult_record_id": "A2", "child_record_id": "C2",
         "relationship": "STEP_PARENT", "parental_responsibility": "", "lives_with_child": "N"},
    ]  # fmt: skip
    ada.save()
    html = signed_in(analyst).get(page_url(ada)).content.decode()
    assert "The sources disagree on how the adult is related to the child" in html
    assert "OXON_CSC says father; OXON_EDU says step parent" in html
    # Agreeing (lives with: N and N) or silent (parental responsibility: one blank) is no warning.
    assert "whether the adult lives with the child" not in html
    assert "parental responsibility:" not in html
