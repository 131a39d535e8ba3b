"""Sessions a practitioner logs with a child or the family: who may, which dates and lengths,
notes encrypted at rest and never in the audit trail, the page and the case page's list."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from paramount.access.models import AuditEvent, Role
from paramount.support.models import SessionKind, SupportCase, SupportChild, SupportSession
from paramount.support.services.cases import SupportError
from paramount.support.services.sessions import session_log

pytestmark = pytest.mark.django_db

NOTES = "Talked about the visit to HMP Bullingdon; she drew a picture for her dad."


def _accepted_days_ago(case, days):
    SupportCase.objects.filter(pk=case.pk).update(accepted_at=timezone.now() - timedelta(days=days))
    case.refresh_from_db()
    return case


def _log(case, user, **overrides):
    values = {
        "case": case,
        "child": case.children.first(),
        "kind": SessionKind.ONE_TO_ONE,
        "held_on": timezone.localdate(),
        "duration_minutes": 50,
        "attended": True,
        "notes": NOTES,
        "acting_user": user,
    } | overrides
    return session_log(**values)


def test_a_practitioner_logs_a_session_and_it_is_audited_without_the_notes(support):
    case = support.at("SUPPORTED")
    session = _log(case, support.practitioner)
    assert session.held_by == support.practitioner
    assert session.kind == SessionKind.ONE_TO_ONE
    event = AuditEvent.objects.get(action="support.session_logged", subject_id=str(session.pk))
    assert event.after["duration_minutes"] == 50
    assert event.after["notes_written"] is True
    every_audit_row = " ".join(
        f"{e.before} {e.after} {e.purpose} {e.subject_id}" for e in AuditEvent.objects.all()
    )
    assert "Bullingdon" not in every_audit_row
    assert "picture" not in every_audit_row


def test_notes_are_ciphertext_in_the_database_and_text_through_the_orm(support):
    case = support.at("SUPPORTED")
    session = _log(case, support.practitioner)
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM support_supportsession WHERE id = %s", [session.pk])
        (stored,) = cursor.fetchone()
    assert SupportSession._meta.db_table == "support_supportsession"
    assert "Bullingdon" not in stored
    assert stored.startswith("gAAAA")  # a Fernet token
    assert SupportSession.objects.get(pk=session.pk).notes == NOTES


def test_a_session_with_the_family_has_no_child(support):
    case = support.at("ALLOCATED")
    session = _log(case, support.manager, child=None, kind=SessionKind.CARER)
    assert session.child is None
    assert session.held_by == support.manager


@pytest.mark.parametrize("minutes", [1, 720])
def test_the_shortest_and_longest_sessions_are_accepted(support, minutes):
    case = support.at("SUPPORTED")
    assert _log(case, support.practitioner, duration_minutes=minutes).duration_minutes == minutes


@pytest.mark.parametrize("minutes", [0, -5, 721])
def test_implausible_lengths_are_refused(support, minutes):
    case = support.at("SUPPORTED")
    with pytest.raises(SupportError, match="1 to 720 minutes"):
        _log(case, support.practitioner, duration_minutes=minutes)
    assert not SupportSession.objects.exists()


def test_a_session_in_the_future_is_refused(support):
    case = support.at("SUPPORTED")
    with pytest.raises(SupportError, match="in the future"):
        _log(case, support.practitioner, held_on=timezone.localdate() + timedelta(days=1))


def test_a_session_before_the_case_was_accepted_is_refused(support):
    case = _accepted_days_ago(support.at("SUPPORTED"), 10)
    assert _log(case, support.practitioner, held_on=timezone.localdate() - timedelta(days=10))
    with pytest.raises(SupportError, match="before SUP-.* was accepted"):
        _log(case, support.practitioner, held_on=timezone.localdate() - timedelta(days=11))


def test_mentoring_sessions_are_left_to_the_mentor(support):
    case = support.at("SUPPORTED")
    with pytest.raises(SupportError, match="logged by the volunteer mentor"):
        _log(case, support.practitioner, kind=SessionKind.MENTORING)


def test_a_child_of_another_case_is_refused(support):
    case = support.at("SUPPORTED")
    other = support.at("SUPPORTED")
    with pytest.raises(SupportError, match="not part of this case"):
        _log(case, support.practitioner, child=other.children.first())


@pytest.mark.parametrize("state", ["WAITLISTED", "CLOSED"])
def test_no_session_on_a_waitlisted_or_closed_case(support, state):
    case = support.at(state)
    with pytest.raises(SupportError, match="waiting list|closed"):
        _log(case, support.manager)


def test_no_session_after_the_family_withdrew_consent(support):
    case = support.at("SUPPORTED")
    type(case.referral).objects.filter(pk=case.referral_id).update(
        consent_withdrawn_at=timezone.now()
    )
    case.referral.refresh_from_db()
    with pytest.raises(SupportError, match="withdrew consent"):
        _log(case, support.practitioner)


def test_practitioners_of_other_cases_and_mentors_cannot_log_sessions(support, make_user):
    case = support.at("SUPPORTED")
    other_practitioner = make_user(Role.CHARITY_PRACTITIONER, username="other_practitioner")
    mentor = make_user(Role.VOLUNTEER_MENTOR, username="a_mentor")
    for user in (other_practitioner, mentor):
        with pytest.raises(SupportError, match="Only"):
            _log(case, user)
    assert not SupportSession.objects.exists()


def test_a_practitioner_of_another_case_gets_a_404_on_the_page(support, make_user, signed_in):
    case = support.at("SUPPORTED")
    other = make_user(Role.CHARITY_PRACTITIONER, username="other_practitioner")
    client = signed_in(other)
    url = reverse("support:session", args=[case.pk])
    assert client.get(url).status_code == 404
    response = client.post(
        url,
        {
            "child": "family",
            "kind": SessionKind.FAMILY,
            "held_on": timezone.localdate().isoformat(),
            "duration_minutes": "30",
            "attended": "Y",
        },
    )
    assert response.status_code == 404
    assert not SupportSession.objects.exists()
    assert AuditEvent.objects.filter(
        action="support.access_denied", actor=other, subject_id=str(case.pk)
    ).exists()


def test_the_page_logs_a_session_and_the_case_page_lists_it(support, signed_in):
    case = support.at("SUPPORTED")
    child = case.children.get()
    client = signed_in(support.practitioner)
    url = reverse("support:session", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert f'value="{SessionKind.MENTORING}"' not in page.content.decode()
    response = client.post(
        url,
        {
            "child": str(child.pk),
            "kind": SessionKind.SCHOOL,
            "held_on": timezone.localdate().strftime("%d/%m/%Y"),
            "duration_minutes": "45",
            "attended": "N",
            "notes": NOTES,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("support:case", args=[case.pk])
    session = SupportSession.objects.get()
    assert (session.child, session.kind, session.attended) == (child, SessionKind.SCHOOL, False)
    html = client.get(reverse("support:case", args=[case.pk])).content.decode()
    assert "Session at school" in html
    assert NOTES.replace("'", "&#x27;") in html
    assert support.practitioner.get_full_name() in html
    assert ">45<" in html


def test_the_page_shows_the_rule_broken_and_saves_nothing(support, signed_in):
    case = support.at("SUPPORTED")
    client = signed_in(support.practitioner)
    response = client.post(
        reverse("support:session", args=[case.pk]),
        {
            "child": "family",
            "kind": SessionKind.FAMILY,
            "held_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "duration_minutes": "30",
            "attended": "Y",
        },
    )
    assert response.status_code == 200
    assert "is in the future" in response.content.decode()
    response = client.post(
        reverse("support:session", args=[case.pk]),
        {"child": "family", "kind": SessionKind.FAMILY, "held_on": "31/02/2026", "attended": "Y"},
    )
    html = response.content.decode()
    assert "Enter a real date" in html
    assert "Enter how long the session lasted" in html
    assert not SupportSession.objects.exists()


def test_the_family_row_and_each_child_are_choices(support, signed_in):
    case = support.at("SUPPORTED")
    SupportChild.objects.create(case=case, first_name="Bea", last_name="Quillfeather")
    html = signed_in(support.practitioner).get(reverse("support:session", args=[case.pk]))
    html = html.content.decode()
    assert "Bea Quillfeather" in html
    assert "The family, or the parent or carer" in html
