"""The sheet page and its PDF for the case's workers; the managers' section pages."""

import contextlib
import re
import zlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from paramount.access.models import AuditEvent, Role
from paramount.guidance.models import GuidanceSection

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    """The text drawn on the pages of an fpdf2 core-font PDF: every (compressed) content
    stream inflated and its string operands joined."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S)
    text = []
    for stream in streams:
        with contextlib.suppress(zlib.error):  # fpdf2 compresses page content
            stream = zlib.decompress(stream)
        text += re.findall(rb"\((.*?)(?<!\\)\)\s*Tj", stream)
    return " ".join(part.decode("latin-1") for part in text).replace("\\", "")


def page_count(content: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", content))


def sheet_url(case, child, **query):
    url = reverse("guidance:sheet", kwargs={"case_id": case.pk, "child_id": child.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def pdf_url(case, child, **query):
    url = reverse("guidance:pdf", kwargs={"case_id": case.pk, "child_id": child.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_case_page_links_to_a_sheet_for_each_child(support, signed_in):
    case = support.at("ALLOCATED")
    child = case.children.get()
    page = signed_in(support.practitioner).get(reverse("support:case", args=[case.pk]))
    assert page.status_code == 200
    assert f"Guidance on telling {child.first_name}" in page.content.decode()
    assert sheet_url(case, child) in page.content.decode()


def test_the_sheet_is_pre_filled_from_the_case_and_shown_at_once(support, signed_in):
    # The builder's child is about 7 and the parent was received on remand.
    case = support.at("ALLOCATED")
    child = case.children.get()
    page = signed_in(support.practitioner).get(sheet_url(case, child))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="5_TO_10" checked' in html
    assert 'value="REMAND" checked' in html
    assert 'value="UNKNOWN" checked' in html and 'value="GENERAL" checked' in html
    assert f"Talking with {child.first_name} about prison" in html
    assert GuidanceSection.objects.get(key="on-remand-younger").title in html
    assert GuidanceSection.objects.get(key="explaining-prison-5-to-10").title in html
    assert GuidanceSection.objects.get(key="explaining-prison-under-5").title not in html
    assert "Download as PDF" in html
    event = AuditEvent.objects.filter(action="guidance.sheet_viewed").get()
    assert event.actor == support.practitioner
    assert (event.subject_type, event.subject_id) == ("support.supportchild", str(child.pk))
    assert ["on-remand-younger", 1] in event.after["sections"]
    assert event.after["choices"]["legal_status"] == "REMAND"
    # Which versions, never the words.
    assert "body" not in str(event.after)


def test_the_practitioners_choices_replace_what_the_case_says(support, signed_in):
    case = support.at("ALLOCATED")
    child = case.children.get()
    page = signed_in(support.practitioner).get(
        sheet_url(
            case,
            child,
            age_band="16_TO_17",
            legal_status="SENTENCED",
            sentence_band="LONG",
            offence_kind="AGAINST_FAMILY",
            press_coverage="YES",
        )
    )
    html = page.content.decode()
    for key in ("long-sentence-older", "offence-against-family", "press-and-social-media"):
        assert GuidanceSection.objects.get(key=key).title in html
    assert GuidanceSection.objects.get(key="on-remand-younger").title not in html


def test_without_a_date_of_birth_or_a_known_legal_status_the_practitioner_is_asked(
    support, signed_in
):
    case = support.at("ALLOCATED")
    child = case.children.get()
    child.date_of_birth = None
    child.save()
    details = case.referral.details
    details["parent"]["legal_status"] = "CONVICTED_UNSENTENCED"
    case.referral.details = details
    case.referral.save()
    client = signed_in(support.practitioner)
    html = client.get(sheet_url(case, child)).content.decode()
    assert "Answer the questions above" in html and "There is a problem" not in html
    assert "Talking with" not in html
    assert not AuditEvent.objects.filter(action="guidance.sheet_viewed").exists()
    # Asking for the PDF without the answers goes back to the questions.
    response = client.get(pdf_url(case, child))
    assert response.status_code == 302
    assert response["Location"].startswith(sheet_url(case, child))
    # Choosing only some answers shows what is missing.
    html = client.get(sheet_url(case, child, sentence_band="SHORT")).content.decode()
    assert f"Choose {child.first_name}&#x27;s age" in html
    assert "Choose whether the parent is on remand or sentenced" in html


def test_recall_counts_as_sentenced(support, signed_in):
    case = support.at("ALLOCATED")
    details = case.referral.details
    details["parent"]["legal_status"] = "RECALL"
    case.referral.details = details
    case.referral.save()
    html = signed_in(support.practitioner).get(sheet_url(case, case.children.get())).content
    assert b'value="SENTENCED" checked' in html


def test_the_pdf_is_a_real_pdf_with_the_first_name_and_not_the_surname(support, signed_in):
    case = support.at("ALLOCATED")
    child = case.children.get()
    response = signed_in(support.practitioner).get(
        pdf_url(
            case,
            child,
            age_band="11_TO_15",
            legal_status="SENTENCED",
            sentence_band="LONG",
            offence_kind="SEXUAL",
            press_coverage="YES",
        )
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    content = response.content
    assert content.startswith(b"%PDF-")
    assert content.rstrip().endswith(b"%%EOF")
    assert page_count(content) >= 2
    text = pdf_text(content)
    assert f"Talking with {child.first_name} about prison" in text
    assert "Children Heard and Seen" in text
    # fpdf2 pads the total it fills in later, hence the spaces.
    assert re.search(rf"Page 1 of\s+{page_count(content)}\b", text)
    assert child.last_name not in text and child.last_name.encode() not in content
    assert case.reference not in text
    assert GuidanceSection.objects.get(key="sexual-offence").title in text
    assert GuidanceSection.objects.get(key="on-remand-older").title not in text
    event = AuditEvent.objects.filter(action="guidance.sheet_downloaded").get()
    assert ["sexual-offence", 1] in event.after["sections"]
    assert event.after["choices"]["press_coverage"] is True


def test_the_core_font_text_is_brought_into_latin_1():
    from paramount.guidance.pdf import latin1

    assert latin1("“It’s not your fault” – ever…") == '"It\'s not your fault" - ever...'
    assert latin1("Zoë Łucja Ştefan 日") == "Zoë Lucja Stefan ?"


def test_a_name_beyond_latin_1_is_set_in_a_unicode_font_when_the_server_has_one(support, signed_in):
    from paramount.guidance.pdf import UNICODE_FONT

    case = support.at("ALLOCATED")
    child = case.children.get()
    child.first_name = "Łucja"
    child.save()
    response = signed_in(support.practitioner).get(pdf_url(case, child))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    if all(path.exists() for path in UNICODE_FONT.values()):
        assert b"/FontFile2" in response.content  # the TrueType font is embedded
        assert b"DejaVu" in response.content
    else:
        assert "Talking with Lucja about prison" in pdf_text(response.content)


def test_an_edited_section_reaches_the_pdf(support, signed_in, manager):
    from paramount.guidance.services import SectionContent, section_edit

    current = GuidanceSection.objects.get(key="before-you-start")
    section_edit(
        key="before-you-start",
        content=SectionContent(**{**SectionContent.of(current).__dict__, "title": "Getting ready"}),
        change_note="Shorter title.",
        acting_user=manager,
    )
    case = support.at("ALLOCATED")
    child = case.children.get()
    text = pdf_text(signed_in(support.practitioner).get(pdf_url(case, child)).content)
    assert "Getting ready" in text and "Before you talk" not in text
    event = AuditEvent.objects.filter(action="guidance.sheet_downloaded").get()
    assert ["before-you-start", 2] in event.after["sections"]


def test_the_charity_manager_may_read_a_sheet_for_their_organisations_case(support, signed_in):
    case = support.at("ALLOCATED")
    response = signed_in(support.manager).get(sheet_url(case, case.children.get()))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.VOLUNTEER_MENTOR, 403),
        (Role.VRU_ANALYST, 403),
        (Role.OUTREACH_OFFICER, 403),
        (Role.ADMIN, 403),
        (Role.CHARITY_PRACTITIONER, 404),  # a practitioner the case is not allocated to
    ],
)
def test_nobody_else_reads_a_sheet_and_each_refusal_is_audited(
    support, signed_in, make_user, role, status
):
    case = support.at("ALLOCATED")
    child = case.children.get()
    user = make_user(role)
    client = signed_in(user)
    assert client.get(sheet_url(case, child)).status_code == status
    assert client.get(pdf_url(case, child)).status_code == status
    assert AuditEvent.objects.filter(actor=user, purpose="access refused").count() == 2
    assert not AuditEvent.objects.filter(action__startswith="guidance.sheet").exists()


def test_a_child_of_another_case_is_not_found(support, signed_in):
    case = support.at("ALLOCATED")
    other = support.at("ALLOCATED")
    response = signed_in(support.practitioner).get(sheet_url(case, other.children.get()))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(
        action="support.access_denied", subject_type="support.supportchild"
    ).exists()


# --- the managers' pages -----------------------------------------------------------------


def test_a_manager_sees_every_section_with_its_version_and_conditions(support, signed_in):
    html = signed_in(support.manager).get(reverse("guidance:sections")).content.decode()
    for section in GuidanceSection.objects.all():
        assert section.title in html
    assert "Remand or sentenced: On remand" in html
    assert "Every sheet" in html


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
def test_only_managers_open_the_section_pages(signed_in, make_user, role):
    client = signed_in(make_user(role))
    for url in (
        reverse("guidance:sections"),
        reverse("guidance:add"),
        reverse("guidance:section", args=["sentenced"]),
        reverse("guidance:version", args=["sentenced", 1]),
        reverse("guidance:edit", args=["sentenced"]),
        reverse("guidance:retire", args=["sentenced"]),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("guidance:edit", args=["sentenced"]),
        {"title": "Changed", "body": "Changed.", "position": 1, "change_note": "x"},
    )
    assert response.status_code == 403
    assert GuidanceSection.objects.filter(key="sentenced").count() == 1


def test_editing_through_the_page_makes_a_new_version_and_keeps_the_old_one_viewable(
    signed_in, manager
):
    client = signed_in(manager)
    edit_url = reverse("guidance:edit", args=["sentenced"])
    form = client.get(edit_url)
    assert form.status_code == 200
    old = GuidanceSection.objects.get(key="sentenced")
    assert old.title in form.content.decode()
    response = client.post(
        edit_url,
        {
            "title": "After the sentence",
            "body": "New words.\n\n- a bullet",
            "position": 70,
            "legal_statuses": ["SENTENCED"],
            "only_with_press_coverage": "NO",
            "change_note": "Rewrote it with a family's feedback.",
            "version": 1,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("guidance:section", args=["sentenced"])
    history = client.get(response["Location"]).content.decode()
    assert "After the sentence" in history and "Rewrote it with a family" in history
    assert "Seeded" in history
    version_1 = client.get(reverse("guidance:version", args=["sentenced", 1])).content.decode()
    assert old.title in version_1 and "not the current version" in version_1
    assert client.get(reverse("guidance:version", args=["sentenced", 9])).status_code == 404
    assert client.get(reverse("guidance:section", args=["no-such-section"])).status_code == 404


def test_an_edit_from_a_stale_page_shows_why_it_was_not_saved(signed_in, manager):
    client = signed_in(manager)
    data = {
        "title": "One",
        "body": "Words.",
        "position": 70,
        "only_with_press_coverage": "NO",
        "change_note": "First.",
        "version": 1,
    }
    client.post(reverse("guidance:edit", args=["sentenced"]), data)
    page = client.post(
        reverse("guidance:edit", args=["sentenced"]), {**data, "title": "Two", "change_note": "2"}
    )
    assert page.status_code == 200
    assert "your changes were not saved" in page.content.decode()
    assert GuidanceSection.objects.filter(key="sentenced").count() == 2


def test_retiring_through_the_page(signed_in, manager):
    client = signed_in(manager)
    url = reverse("guidance:retire", args=["violent-offence"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"change_note": "Merged into the general section.", "version": 1})
    assert response.status_code == 302
    latest = GuidanceSection.objects.filter(key="violent-offence").order_by("-version").first()
    assert latest.retired and latest.version == 2
    listing = client.get(reverse("guidance:sections")).content.decode()
    assert "Retired" in listing


def test_adding_through_the_page(signed_in, manager):
    client = signed_in(manager)
    response = client.post(
        reverse("guidance:add"),
        {
            "key": "first-visit",
            "title": "Your first visit",
            "body": "What to expect.",
            "position": 45,
            "age_bands": ["UNDER_5", "5_TO_10"],
            "only_with_press_coverage": "NO",
            "change_note": "",
            "version": 0,
        },
    )
    assert response.status_code == 302
    added = GuidanceSection.objects.get(key="first-visit")
    assert added.age_bands == ["UNDER_5", "5_TO_10"] and added.edited_by == manager


def test_sheet_audit_rows_are_kept_even_for_an_old_case(support, signed_in):
    # The sheet works for a closed case too (the worker may still print it for the family).
    case = support.at("CLOSED")
    child = case.children.get()
    response = signed_in(support.practitioner).get(sheet_url(case, child))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        action="guidance.sheet_viewed", at__gte=timezone.now() - timedelta(minutes=1)
    ).exists()
