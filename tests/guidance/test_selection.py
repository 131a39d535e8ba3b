"""Which sections a sheet holds: each condition, the current version, retirement, age bands."""

from datetime import date

import pytest

from paramount.guidance.models import GuidanceSection
from paramount.guidance.selectors import age_band_for, guidance_sheet

pytestmark = pytest.mark.django_db


ORGANISATION = "Children Heard and Seen"


def keys(**choices) -> list[str]:
    return [section.key for section in guidance_sheet(organisation=ORGANISATION, **choices)]


def test_the_seeded_guidance_is_there_as_version_1_by_nobody_shared_by_every_organisation():
    seeded = GuidanceSection.objects.all()
    assert 15 <= seeded.count() <= 25
    assert set(seeded.values_list("version", flat=True)) == {1}
    assert set(seeded.values_list("organisation", flat=True)) == {""}
    assert not seeded.filter(edited_by__isnull=False).exists()


def test_an_under_5_remand_sheet_has_the_remand_section_and_no_sentence_section():
    sheet = keys(age_band="UNDER_5", legal_status="REMAND")
    assert "explaining-prison-under-5" in sheet
    assert "on-remand-younger" in sheet
    assert "before-you-start" in sheet and "looking-after-yourself" in sheet
    for absent in (
        "on-remand-older",
        "sentenced",
        "long-sentence-younger",
        "short-sentence-younger",
        "explaining-prison-11-to-15",
        "staying-in-touch-older",
    ):
        assert absent not in sheet


@pytest.mark.parametrize(
    ("age_band", "explaining", "not_explaining"),
    [
        ("UNDER_5", "explaining-prison-under-5", "explaining-prison-5-to-10"),
        ("5_TO_10", "explaining-prison-5-to-10", "explaining-prison-under-5"),
        ("11_TO_15", "explaining-prison-11-to-15", "explaining-prison-16-to-17"),
        ("16_TO_17", "explaining-prison-16-to-17", "explaining-prison-11-to-15"),
    ],
)
def test_each_age_band_gets_its_own_explanation(age_band, explaining, not_explaining):
    sheet = keys(age_band=age_band, legal_status="SENTENCED")
    assert explaining in sheet
    assert not_explaining not in sheet


@pytest.mark.parametrize(
    ("sentence_band", "present", "absent"),
    [
        ("SHORT", "short-sentence-older", "long-sentence-older"),
        ("MEDIUM", "medium-sentence", "short-sentence-older"),
        ("LONG", "long-sentence-older", "medium-sentence"),
        ("UNKNOWN", "sentence-length-not-known", "long-sentence-older"),
    ],
)
def test_the_sentence_band_picks_how_to_talk_about_time(sentence_band, present, absent):
    sheet = keys(age_band="11_TO_15", legal_status="SENTENCED", sentence_band=sentence_band)
    assert present in sheet and "sentenced" in sheet
    assert absent not in sheet
    assert "on-remand-older" not in sheet


def test_a_sentence_band_chosen_for_a_remanded_parent_adds_no_sentence_section():
    sheet = keys(age_band="5_TO_10", legal_status="REMAND", sentence_band="LONG")
    assert "long-sentence-younger" not in sheet and "sentenced" not in sheet


@pytest.mark.parametrize(
    ("offence_kind", "specific"),
    [
        ("AGAINST_FAMILY", "offence-against-family"),
        ("SEXUAL", "sexual-offence"),
        ("VIOLENCE", "violent-offence"),
    ],
)
def test_the_offence_adds_its_own_section_to_the_general_one(offence_kind, specific):
    sheet = keys(age_band="11_TO_15", legal_status="SENTENCED", offence_kind=offence_kind)
    assert specific in sheet
    assert "talking-about-the-offence" in sheet
    general = keys(age_band="11_TO_15", legal_status="SENTENCED", offence_kind="GENERAL")
    for section in ("offence-against-family", "sexual-offence", "violent-offence"):
        assert section not in general


def test_press_coverage_adds_its_section_only_when_chosen():
    assert "press-and-social-media" not in keys(age_band="5_TO_10", legal_status="REMAND")
    assert "press-and-social-media" in keys(
        age_band="5_TO_10", legal_status="REMAND", press_coverage=True
    )


def test_an_unknown_legal_status_matches_only_sections_that_do_not_depend_on_it():
    sheet = keys(age_band="5_TO_10", legal_status=None)
    assert "on-remand-younger" not in sheet and "sentenced" not in sheet
    assert "explaining-prison-5-to-10" in sheet


def test_the_sheet_is_in_position_order():
    sheet = guidance_sheet(
        organisation=ORGANISATION,
        age_band="16_TO_17",
        legal_status="SENTENCED",
        sentence_band="LONG",
    )
    positions = [section.position for section in sheet]
    assert positions == sorted(positions)
    assert sheet[0].key == "before-you-start"


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (date(2026, 1, 1), "UNDER_5"),
        (date(2021, 12, 2), "UNDER_5"),  # 4 until tomorrow
        (date(2021, 12, 1), "5_TO_10"),  # 5 today
        (date(2015, 12, 2), "5_TO_10"),
        (date(2015, 12, 1), "11_TO_15"),
        (date(2010, 12, 1), "16_TO_17"),
        (date(2008, 12, 2), "16_TO_17"),
        (date(2008, 12, 1), None),  # 18: no band, the practitioner chooses
        (None, None),
    ],
)
def test_age_band_from_the_date_of_birth(born, band):
    assert age_band_for(born, date(2026, 12, 1)) == band


def test_body_text_becomes_paragraphs_and_bullets():
    section = GuidanceSection(
        body="First paragraph\ncarries on.\n\nYou could say:\n- one\n- two\n  more of two\n\nLast."
    )
    assert section.blocks() == [
        ("paragraph", "First paragraph carries on."),
        ("paragraph", "You could say:"),
        ("bullets", ["one", "two more of two"]),
        ("paragraph", "Last."),
    ]
