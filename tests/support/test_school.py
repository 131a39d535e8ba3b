"""School liaison: a notification to the school's safeguarding lead only under a consent that
covers the school; without one nothing is produced, stored or shared. Every name is made up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from paramount.access.models import AuditEvent, Role
from paramount.outreach import services as outreach
from paramount.outreach.models import (
    Consent,
    ConsentMethod,
    Disclosure,
    LawfulBasis,
    RecipientKind,
)
from paramount.support.models import SchoolNotification
from paramount.support.services import school
from paramount.support.services.cases import SupportError

pytestmark = pytest.mark.django_db

SCHOOL = "Imaginary Road Primary School"
LEAD = "Morgan Inkwell"
OFFENCE = "Assault occasioning actual bodily harm on Imaginary Road"


def with_offence(case):
    """Give the parent's reception an offence and sentence, so a leak would show."""
    movement = case.referral.family.movement
    movement.offence_category = "VIOLENCE"
    movement.offence_description = OFFENCE
    movement.legal_status = "SENTENCED"
    movement.sentence_length_days = 730
    movement.release_date = timezone.localdate() + timedelta(days=365)
    movement.save()
    return case


def nothing_shared():
    return not SchoolNotification.objects.exists() and not Disclosure.objects.exists()


def make(case, user):
    return school.school_notification_make(
        case=case,
        child=case.children.get(),
        school_name=SCHOOL,
        safeguarding_lead=LEAD,
        acting_user=user,
    )


# --- the service --------------------------------------------------------------------------


def test_without_consent_covering_the_school_nothing_is_made(support):
    case = support.at("SUPPORTED")  # consent to the referral only
    with pytest.raises(school.NoSchoolConsent) as refusal:
        make(case, support.practitioner)
    message = str(refusal.value)
    assert "consent that covers telling the school" in message
    assert "Record consent to tell the school" in message
    assert nothing_shared()
    assert not AuditEvent.objects.filter(action="support.school_notification_made").exists()
    with pytest.raises(school.NoSchoolConsent):
        school.school_notification_preview(
            case=case,
            child=case.children.get(),
            school_name=SCHOOL,
            safeguarding_lead=LEAD,
            acting_user=support.practitioner,
        )


def test_with_consent_the_notification_is_stored_and_the_disclosure_recorded(support):
    case = with_offence(support.at("SUPPORTED", consent={"covers_school": True}))
    consent = case.referral.consent
    notification = make(case, support.practitioner)

    disclosure = notification.disclosure
    assert disclosure.recipient_kind == RecipientKind.SCHOOL
    assert disclosure.lawful_basis == LawfulBasis.CONSENT
    assert disclosure.consent_id == consent.pk == notification.consent_id
    assert disclosure.recipient_organisation == SCHOOL and disclosure.recipient_name == LEAD
    assert disclosure.disclosed_by == support.practitioner
    assert disclosure.family == case.referral.family

    message = notification.message
    child = case.children.get()
    assert f"{child.first_name}'s father is in custody" in message
    assert f"To: {LEAD}, designated safeguarding lead, {SCHOOL}" in message
    assert "Casey Quillfeather (Mother) agreed on" in message
    assert "What the school can do to help:" in message
    for secret in (OFFENCE, "VIOLENCE", "Bullingdon", "BNI", "SENTENCED", "730", "REMAND"):
        assert secret not in message
    release_date = case.referral.family.movement.release_date
    assert release_date.strftime("%-d %B %Y") not in message
    assert secret not in disclosure.what
    assert AuditEvent.objects.filter(
        action="support.school_notification_made", subject_id=str(notification.pk)
    ).exists()
    assert AuditEvent.objects.filter(
        action="disclosure.recorded", subject_id=str(disclosure.pk)
    ).exists()


def test_after_the_consent_is_withdrawn_nothing_is_made(support):
    case = support.at("SUPPORTED")
    consent = school.school_consent_record(
        case=case,
        details=school.SchoolConsentDetails(
            given_by_name="Casey Quillfeather",
            relationship_to_child="Mother",
            has_parental_responsibility=True,
            method=ConsentMethod.WRITTEN,
            given_on=timezone.localdate(),
        ),
        acting_user=support.practitioner,
    )
    outreach.consent_withdraw(
        consent=consent, note="Changed her mind about the school.", acting_user=support.practitioner
    )
    with pytest.raises(school.NoSchoolConsent):
        make(case, support.practitioner)
    assert nothing_shared()


def test_a_school_consent_does_not_outlive_the_withdrawn_referral(support):
    # The family withdrew consent to support: all work stops, school liaison with it.
    case = support.at("SUPPORTED")
    school.school_consent_record(
        case=case,
        details=school.SchoolConsentDetails(
            given_by_name="Casey Quillfeather",
            relationship_to_child="Mother",
            has_parental_responsibility=True,
            method=ConsentMethod.VERBAL,
            given_on=timezone.localdate(),
        ),
        acting_user=support.practitioner,
    )
    outreach.consent_withdraw(
        consent=case.referral.consent, note="No more support.", acting_user=support.practitioner
    )
    case.referral.refresh_from_db()
    with pytest.raises(SupportError, match="withdrew consent"):
        make(case, support.practitioner)
    assert nothing_shared()


def test_only_the_cases_workers_may_notify_the_school(support, make_user):
    case = support.at("SUPPORTED", consent={"covers_school": True})
    stranger = make_user(Role.CHARITY_PRACTITIONER, username="stranger")
    with pytest.raises(SupportError):
        make(case, stranger)
    assert nothing_shared()


def test_a_closed_case_makes_no_notification(support):
    case = support.at("CLOSED", consent={"covers_school": True})
    with pytest.raises(SupportError, match="reopen it first"):
        make(case, support.practitioner)
    assert nothing_shared()


def test_the_partner_records_disclosures_only_about_families_referred_to_it(support, make_user):
    case = support.at("SUPPORTED", consent={"covers_school": True})
    elsewhere = make_user(
        Role.CHARITY_PRACTITIONER, username="elsewhere", organisation="Another Charity"
    )
    with pytest.raises(outreach.OutreachError, match="not referred to your organisation"):
        outreach.disclosure_record(
            family=case.referral.family,
            recipient_kind=RecipientKind.SCHOOL,
            recipient_organisation=SCHOOL,
            what="That the parent is in custody.",
            why="To support the child.",
            lawful_basis=LawfulBasis.CONSENT,
            acting_user=elsewhere,
        )
    assert not Disclosure.objects.exists()


# --- the pages ----------------------------------------------------------------------------


def test_the_page_without_consent_says_so_and_shows_no_form(support, signed_in):
    case = support.at("SUPPORTED")
    child = case.children.get()
    client = signed_in(support.practitioner)
    url = reverse("support:school_notification", args=[case.pk, child.pk])
    html = client.get(url).content.decode()
    assert "has not given consent that covers telling the school" in html
    assert 'name="school_name"' not in html and 'name="safeguarding_lead"' not in html
    assert reverse("support:school_consent", args=[case.pk]) in html
    posted = client.post(
        url, {"school_name": SCHOOL, "safeguarding_lead": LEAD, "step": "make"}
    ).content.decode()
    assert 'name="school_name"' not in posted
    assert nothing_shared()
    assert AuditEvent.objects.filter(
        action="support.case_viewed", after__page="school_notification"
    ).exists()
    case_page = client.get(reverse("support:case", args=[case.pk])).content.decode()
    assert "Record consent to tell the school" in case_page
    assert url not in case_page


def test_form_preview_make_and_print(support, signed_in):
    case = with_offence(support.at("SUPPORTED", consent={"covers_school": True}))
    child = case.children.get()
    client = signed_in(support.practitioner)
    url = reverse("support:school_notification", args=[case.pk, child.pk])
    assert 'name="school_name"' in client.get(url).content.decode()

    missing = client.post(url, {"school_name": "", "safeguarding_lead": LEAD, "step": "preview"})
    assert "Enter the school&#x27;s name" in missing.content.decode()

    preview = client.post(
        url, {"school_name": SCHOOL, "safeguarding_lead": LEAD, "step": "preview"}
    )
    html = preview.content.decode()
    assert "Make the notification" in html
    assert f"{child.first_name}&#x27;s father is in custody" in html
    assert nothing_shared()
    assert AuditEvent.objects.filter(
        action="support.case_viewed", after__page="school_notification_preview"
    ).exists()

    made = client.post(url, {"school_name": SCHOOL, "safeguarding_lead": LEAD, "step": "make"})
    notification = SchoolNotification.objects.get()
    assert made.status_code == 302
    assert made.url == reverse("support:school_notification_sent", args=[notification.pk])
    assert notification.made_by == support.practitioner
    assert notification.message == school.school_notification_text(
        case=case,
        child=child,
        school_name=SCHOOL,
        safeguarding_lead=LEAD,
        consent=notification.consent,
        author=support.practitioner,
    )
    assert client.get(made.url).status_code == 200

    case_page = client.get(reverse("support:case", args=[case.pk])).content.decode()
    print_url = reverse("support:school_notification_print", args=[notification.pk])
    assert print_url in case_page and SCHOOL in case_page
    printed = client.get(print_url).content.decode()
    assert "govuk-frontend.min.css" in printed
    for paragraph in notification.message.split("\n"):
        assert paragraph.replace("'", "&#x27;") in printed
    assert OFFENCE not in printed and "Bullingdon" not in printed
    assert AuditEvent.objects.filter(
        action="support.case_viewed", after__page="school_notification_print"
    ).exists()


def test_recording_consent_on_the_page_opens_school_liaison(support, signed_in):
    case = support.at("SUPPORTED")
    child = case.children.get()
    client = signed_in(support.practitioner)
    url = reverse("support:school_consent", args=[case.pk])
    assert client.get(url).status_code == 200
    today = timezone.localdate()
    refused = client.post(
        url,
        {
            "given_by_name": "Casey Quillfeather",
            "relationship_to_child": "Mother",
            "has_parental_responsibility": "Y",
            "method": "VERBAL",
            "given_on_day": today.day,
            "given_on_month": today.month,
            "given_on_year": today.year,
        },
    )
    assert "Confirm what the family agreed to" in refused.content.decode()
    assert not Consent.objects.filter(covers_school=True).exists()
    response = client.post(
        url,
        {
            "given_by_name": "Casey Quillfeather",
            "relationship_to_child": "Mother",
            "has_parental_responsibility": "Y",
            "method": "VERBAL",
            "given_on_day": today.day,
            "given_on_month": today.month,
            "given_on_year": today.year,
            "agreed": "on",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(covers_school=True)
    assert (consent.covers_referral, consent.covers_social_care) == (False, False)
    assert consent.recorded_by == support.practitioner
    assert consent.has_parental_responsibility is True
    assert consent.family == case.referral.family
    assert AuditEvent.objects.filter(action="consent.given", subject_id=str(consent.pk)).exists()
    assert AuditEvent.objects.filter(action="support.school_consent_recorded").exists()
    form = client.get(reverse("support:school_notification", args=[case.pk, child.pk]))
    assert 'name="school_name"' in form.content.decode()
    case_page = client.get(reverse("support:case", args=[case.pk])).content.decode()
    assert reverse("outreach:withdraw_consent", args=[consent.pk]) in case_page


def test_the_page_after_withdrawal_shows_no_form(support, signed_in):
    case = support.at("SUPPORTED", consent={"covers_school": True})
    child = case.children.get()
    client = signed_in(support.practitioner)
    school_consent = school.school_consent_record(
        case=case,
        details=school.SchoolConsentDetails(
            given_by_name="Casey Quillfeather",
            relationship_to_child="Mother",
            has_parental_responsibility=True,
            method=ConsentMethod.VERBAL,
            given_on=timezone.localdate(),
        ),
        acting_user=support.practitioner,
    )
    # Both consents that covered the school withdrawn (the referral's too: all work stops).
    for consent in (school_consent, case.referral.consent):
        outreach.consent_withdraw(consent=consent, note="No.", acting_user=support.practitioner)
    html = client.get(
        reverse("support:school_notification", args=[case.pk, child.pk])
    ).content.decode()
    assert 'name="school_name"' not in html
    assert nothing_shared()


def test_notifications_of_a_case_the_viewer_may_not_work_on_do_not_exist(
    support, make_user, signed_in
):
    case = support.at("SUPPORTED", consent={"covers_school": True})
    notification = make(case, support.practitioner)
    child = case.children.get()
    for role in (Role.CHARITY_PRACTITIONER, Role.VOLUNTEER_MENTOR, Role.OUTREACH_OFFICER):
        client = signed_in(make_user(role))
        for url in (
            reverse("support:school_notification_print", args=[notification.pk]),
            reverse("support:school_notification_sent", args=[notification.pk]),
            reverse("support:school_notification", args=[case.pk, child.pk]),
            reverse("support:school_consent", args=[case.pk]),
        ):
            assert client.get(url).status_code == 404, (role, url)
    assert (
        AuditEvent.objects.filter(
            action="support.access_denied", subject_type="support.schoolnotification"
        ).count()
        == 6
    )
    assert SchoolNotification.objects.count() == 1
