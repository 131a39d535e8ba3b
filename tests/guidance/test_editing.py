"""Managers edit the guidance: each save a new version, history kept, retiring, only managers."""

import pytest
from django.core.exceptions import PermissionDenied

from paramount.access.models import AuditEvent, Role
from paramount.guidance.models import GuidanceSection
from paramount.guidance.selectors import guidance_sheet
from paramount.guidance.services import (
    GuidanceError,
    SectionContent,
    section_add,
    section_edit,
    section_retire,
)

pytestmark = pytest.mark.django_db

# The ``manager`` fixture's organisation, whose sheets these tests read.
OUR_ORGANISATION = "Children Heard and Seen"
REMAND_UNDER_5 = {"organisation": OUR_ORGANISATION, "age_band": "UNDER_5", "legal_status": "REMAND"}


def current(key: str) -> GuidanceSection:
    return GuidanceSection.objects.filter(key=key).order_by("-version").first()


def edited(key: str, **changes) -> SectionContent:
    content = SectionContent.of(current(key))
    return SectionContent(**{**content.__dict__, **changes})


def test_an_edit_makes_version_2_which_the_sheet_uses_and_the_history_keeps_version_1(manager):
    old = current("on-remand-younger")
    saved = section_edit(
        key="on-remand-younger",
        content=edited("on-remand-younger", title="Waiting for the court"),
        change_note="Plainer title.",
        expected_version=1,
        acting_user=manager,
    )
    assert (saved.version, saved.edited_by, saved.title) == (2, manager, "Waiting for the court")
    sheet = {section.key: section for section in guidance_sheet(**REMAND_UNDER_5)}
    assert sheet["on-remand-younger"].version == 2
    assert sheet["on-remand-younger"].title == "Waiting for the court"
    history = GuidanceSection.objects.filter(key="on-remand-younger").order_by("version")
    assert [(v.version, v.title) for v in history] == [(1, old.title), (2, "Waiting for the court")]
    event = AuditEvent.objects.get(action="guidance.section_edited")
    assert event.actor == manager
    assert event.before["version"] == 1 and event.after["version"] == 2
    assert event.after["title"] == "Waiting for the court"


def test_changing_the_conditions_moves_a_section_between_sheets(manager):
    section_edit(
        key="on-remand-younger",
        content=edited("on-remand-younger", age_bands=["5_TO_10"]),
        change_note="Under-fives get their own remand section.",
        acting_user=manager,
    )
    assert "on-remand-younger" not in [s.key for s in guidance_sheet(**REMAND_UNDER_5)]
    assert "on-remand-younger" in [
        s.key
        for s in guidance_sheet(
            organisation=OUR_ORGANISATION, age_band="5_TO_10", legal_status="REMAND"
        )
    ]


def test_an_edit_from_an_out_of_date_page_is_refused_and_nothing_is_saved(manager):
    section_edit(
        key="sentenced",
        content=edited("sentenced", title="After the sentence"),
        change_note="First edit.",
        expected_version=1,
        acting_user=manager,
    )
    with pytest.raises(GuidanceError, match="Someone saved version 2"):
        section_edit(
            key="sentenced",
            content=edited("sentenced", title="Another title"),
            change_note="Second edit, from a page showing version 1.",
            expected_version=1,
            acting_user=manager,
        )
    assert current("sentenced").title == "After the sentence"


@pytest.mark.parametrize(
    ("changes", "note", "message"),
    [
        ({"title": "  "}, "x", "title"),
        ({"body": ""}, "x", "text"),
        ({"age_bands": ["TODDLER"]}, "x", "TODDLER is not one of"),
        ({}, "", "change note"),
        ({}, "No change.", "Nothing changed"),
    ],
)
def test_an_edit_that_cannot_be_saved_says_why_and_saves_nothing(manager, changes, note, message):
    with pytest.raises(GuidanceError, match=message):
        section_edit(
            key="sentenced",
            content=edited("sentenced", **changes),
            change_note=note,
            acting_user=manager,
        )
    assert GuidanceSection.objects.filter(key="sentenced").count() == 1


def test_retiring_takes_a_section_off_every_sheet_and_editing_brings_it_back(manager):
    assert "on-remand-younger" in [s.key for s in guidance_sheet(**REMAND_UNDER_5)]
    retired = section_retire(
        key="on-remand-younger", change_note="Being rewritten.", acting_user=manager
    )
    assert retired.version == 2 and retired.retired
    assert "on-remand-younger" not in [s.key for s in guidance_sheet(**REMAND_UNDER_5)]
    assert AuditEvent.objects.filter(action="guidance.section_retired", actor=manager).exists()
    with pytest.raises(GuidanceError, match="already retired"):
        section_retire(key="on-remand-younger", change_note="Again.", acting_user=manager)
    section_edit(
        key="on-remand-younger",
        content=edited("on-remand-younger", title="Rewritten"),
        change_note="Rewritten and back.",
        acting_user=manager,
    )
    sheet = {s.key: s for s in guidance_sheet(**REMAND_UNDER_5)}
    assert sheet["on-remand-younger"].version == 3


def test_a_manager_can_add_a_section(manager):
    section = section_add(
        key="First visit",
        content=SectionContent(
            title="Your first visit", body="What to expect.", position=45, age_bands=["UNDER_5"]
        ),
        change_note="",
        acting_user=manager,
    )
    assert (section.key, section.version) == ("first-visit", 1)
    assert "first-visit" in [s.key for s in guidance_sheet(**REMAND_UNDER_5)]
    assert AuditEvent.objects.filter(action="guidance.section_added").exists()
    with pytest.raises(GuidanceError, match="already a section"):
        section_add(
            key="first-visit",
            content=SectionContent(title="Again", body="Again."),
            change_note="",
            acting_user=manager,
        )


@pytest.mark.parametrize(
    "role",
    [
        Role.CHARITY_PRACTITIONER,
        Role.VOLUNTEER_MENTOR,
        Role.VRU_ANALYST,
        Role.OUTREACH_OFFICER,
        Role.ADMIN,
    ],
)
def test_only_managers_change_the_guidance(make_user, role):
    user = make_user(role)
    content = edited("sentenced", title="Changed")
    with pytest.raises(PermissionDenied):
        section_edit(key="sentenced", content=content, change_note="x", acting_user=user)
    with pytest.raises(PermissionDenied):
        section_retire(key="sentenced", change_note="x", acting_user=user)
    with pytest.raises(PermissionDenied):
        section_add(key="new-one", content=content, change_note="x", acting_user=user)
    assert GuidanceSection.objects.filter(key="sentenced").count() == 1
    assert not GuidanceSection.objects.filter(key="new-one").exists()
    assert AuditEvent.objects.filter(action="access.denied", actor=user).count() == 3
