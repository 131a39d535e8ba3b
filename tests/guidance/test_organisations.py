"""Guidance belongs to an organisation: a manager sees and changes only their organisation's
sections, a sheet uses the case's organisation's guidance, and the shared starting set stays as
seeded for everyone else (issue 15, finding 4)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

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

OURS = "Children Heard and Seen"
THEIRS = "Another Partner Charity"
REMAND_UNDER_5 = {"age_band": "UNDER_5", "legal_status": "REMAND"}


@pytest.fixture
def their_manager(make_user):
    return make_user(Role.CHARITY_MANAGER, username="their_manager", organisation=THEIRS)


def shared(key: str) -> GuidanceSection:
    """The seeded version of a section: the shared starting set (no editor)."""
    return GuidanceSection.objects.get(key=key, edited_by__isnull=True)


def retitled(key: str, title: str) -> SectionContent:
    content = SectionContent.of(shared(key))
    return SectionContent(**{**content.__dict__, "title": title})


def sheet_keys(organisation: str) -> list[str]:
    return [s.key for s in guidance_sheet(organisation=organisation, **REMAND_UNDER_5)]


def test_another_organisations_edit_does_not_reach_our_sheets(support, signed_in, their_manager):
    section_edit(
        key="before-you-start",
        content=retitled("before-you-start", "Their own opening"),
        change_note="Our charity's wording.",
        acting_user=their_manager,
    )
    case = support.at("ALLOCATED")
    child = case.children.get()
    url = reverse("guidance:sheet", kwargs={"case_id": case.pk, "child_id": child.pk})
    html = signed_in(support.practitioner).get(url).content.decode()
    assert "Their own opening" not in html
    assert shared("before-you-start").title in html
    event = AuditEvent.objects.get(action="guidance.sheet_viewed")
    assert ["before-you-start", 1] in event.after["sections"]


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("guidance:section", ["their-visiting-tips"]),
        ("guidance:version", ["their-visiting-tips", 1]),
        ("guidance:edit", ["their-visiting-tips"]),
        ("guidance:retire", ["their-visiting-tips"]),
    ],
)
def test_another_organisations_section_is_not_found_for_reading_or_changing(
    signed_in, manager, their_manager, name, args
):
    section_add(
        key="their-visiting-tips",
        content=SectionContent(title="Their visiting tips", body="Words of theirs."),
        change_note="",
        acting_user=their_manager,
    )
    client = signed_in(manager)
    assert client.get(reverse(name, args=args)).status_code == 404
    if name in ("guidance:edit", "guidance:retire"):
        response = client.post(
            reverse(name, args=args),
            {
                "title": "Taken over",
                "body": "Our words.",
                "position": 1,
                "only_with_press_coverage": "NO",
                "change_note": "Trying to change another charity's sheet.",
                "version": 1,
            },
        )
        assert response.status_code == 404
    assert list(
        GuidanceSection.objects.filter(key="their-visiting-tips").values_list("version", "title")
    ) == [(1, "Their visiting tips")]
    refusals = AuditEvent.objects.filter(actor=manager, action="guidance.access_denied")
    assert refusals.count() == (2 if name in ("guidance:edit", "guidance:retire") else 1)
    assert set(refusals.values_list("subject_id", flat=True)) == {"their-visiting-tips"}


def test_the_services_refuse_another_organisations_section(manager, their_manager):
    section_add(
        key="their-visiting-tips",
        content=SectionContent(title="Their visiting tips", body="Words of theirs."),
        change_note="",
        acting_user=their_manager,
    )
    with pytest.raises(GuidanceError, match="no section named their-visiting-tips"):
        section_edit(
            key="their-visiting-tips",
            content=SectionContent(title="Taken over", body="Our words."),
            change_note="Trying.",
            acting_user=manager,
        )
    with pytest.raises(GuidanceError, match="no section named their-visiting-tips"):
        section_retire(key="their-visiting-tips", change_note="Trying.", acting_user=manager)
    assert GuidanceSection.objects.filter(key="their-visiting-tips").count() == 1
    # The same short name is free for our own section: names are per organisation.
    ours = section_add(
        key="their-visiting-tips",
        content=SectionContent(title="Our visiting tips", body="Our words."),
        change_note="",
        acting_user=manager,
    )
    assert (ours.organisation, ours.version) == (OURS, 1)


def test_the_section_list_and_history_show_only_our_organisations_versions(
    signed_in, manager, their_manager
):
    section_add(
        key="their-visiting-tips",
        content=SectionContent(title="Their visiting tips", body="Words of theirs."),
        change_note="",
        acting_user=their_manager,
    )
    section_edit(
        key="sentenced",
        content=retitled("sentenced", "Their sentencing words"),
        change_note="A note only they should read.",
        acting_user=their_manager,
    )
    client = signed_in(manager)
    listing = client.get(reverse("guidance:sections")).content.decode()
    assert "Their visiting tips" not in listing and "Their sentencing words" not in listing
    assert shared("sentenced").title in listing
    assert "Shared starting text" in listing
    history = client.get(reverse("guidance:section", args=["sentenced"])).content.decode()
    assert "A note only they should read" not in history
    assert "Their sentencing words" not in history
    assert client.get(reverse("guidance:version", args=["sentenced", 2])).status_code == 404


def test_editing_a_shared_section_makes_our_own_copy_and_leaves_everyone_elses(
    manager, their_manager
):
    ours = section_edit(
        key="sentenced",
        content=retitled("sentenced", "After the sentence"),
        change_note="Plainer title.",
        expected_version=1,
        acting_user=manager,
    )
    assert (ours.organisation, ours.version, ours.edited_by) == (OURS, 2, manager)
    assert shared("sentenced").title != "After the sentence"  # the shared row is untouched
    # The other organisation was looking at the shared version 1 too: theirs is not stale.
    theirs = section_edit(
        key="sentenced",
        content=retitled("sentenced", "Once sentenced"),
        change_note="Their title.",
        expected_version=1,
        acting_user=their_manager,
    )
    assert (theirs.organisation, theirs.version) == (THEIRS, 2)
    event = AuditEvent.objects.get(action="guidance.section_edited", actor=manager)
    assert event.before["shared"] is True and event.before["version"] == 1
    assert event.after["organisation"] == OURS and event.after["shared"] is False
    sentenced = {"age_band": "5_TO_10", "legal_status": "SENTENCED"}
    titles = {
        organisation: {
            s.key: s.title for s in guidance_sheet(organisation=organisation, **sentenced)
        }
        for organisation in (OURS, THEIRS, "A third charity")
    }
    assert titles[OURS]["sentenced"] == "After the sentence"
    assert titles[THEIRS]["sentenced"] == "Once sentenced"
    assert titles["A third charity"]["sentenced"] == shared("sentenced").title


def test_retiring_takes_a_section_off_our_sheets_only(manager, their_manager):
    section_retire(key="on-remand-younger", change_note="Being rewritten.", acting_user=manager)
    assert "on-remand-younger" not in sheet_keys(OURS)
    assert "on-remand-younger" in sheet_keys(THEIRS)
    # Editing it again brings back our copy, numbered after our retired version.
    brought_back = section_edit(
        key="on-remand-younger",
        content=retitled("on-remand-younger", "Rewritten"),
        change_note="Back.",
        acting_user=manager,
    )
    assert (brought_back.organisation, brought_back.version) == (OURS, 3)


def test_a_section_another_organisation_added_is_on_no_sheet_of_ours(manager, their_manager):
    section_add(
        key="their-visiting-tips",
        content=SectionContent(title="Their visiting tips", body="Words of theirs."),
        change_note="",
        acting_user=their_manager,
    )
    assert "their-visiting-tips" in sheet_keys(THEIRS)
    assert "their-visiting-tips" not in sheet_keys(OURS)


def test_a_manager_of_no_named_organisation_manages_no_guidance(signed_in, make_user):
    nameless = make_user(Role.CHARITY_MANAGER, organisation=" ")
    client = signed_in(nameless)
    assert client.get(reverse("guidance:sections")).status_code == 403
    assert client.get(reverse("guidance:section", args=["sentenced"])).status_code == 403
    with pytest.raises(PermissionDenied):
        section_edit(
            key="sentenced",
            content=retitled("sentenced", "Changed"),
            change_note="x",
            acting_user=nameless,
        )
    assert GuidanceSection.objects.filter(key="sentenced").count() == 1
    assert AuditEvent.objects.filter(actor=nameless, action="guidance.access_denied").count() == 3
