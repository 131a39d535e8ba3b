"""Volunteer mentoring: matching a mentor with a child, ending it, and the mentor's restricted
view (their mentees' first names and their own sessions, nothing else; 404 everywhere else)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from paramount.access.models import AuditEvent, Role
from paramount.support.models import (
    MentorAssignment,
    SessionKind,
    SupportCase,
    SupportChild,
    SupportSession,
)
from paramount.support.services import sessions
from paramount.support.services.cases import SupportError
from tests.conftest import VerifiedClient

pytestmark = pytest.mark.django_db

OWN_NOTES = "We played chess at the library; Ada won twice."
OTHER_MENTOR_NOTES = "Sibling session at the park with the other volunteer."
PRACTITIONER_NOTES = "Mum worried about the parole hearing in March."


@pytest.fixture
def mentor(make_user):
    return make_user(Role.VOLUNTEER_MENTOR, username="mentor_mo")


@pytest.fixture
def other_mentor(make_user):
    return make_user(Role.VOLUNTEER_MENTOR, username="mentor_other")


def _client(user):
    client = VerifiedClient()
    client.force_login(user)
    return client


def _assign(case, mentor, acting_user, child=None, started_on=None):
    return sessions.mentor_assign(
        case=case,
        child=child or case.children.first(),
        mentor=mentor,
        started_on=started_on or timezone.localdate(),
        acting_user=acting_user,
    )


def _mentor_log(assignment, mentor, notes=OWN_NOTES, **overrides):
    values = {
        "assignment": assignment,
        "held_on": timezone.localdate(),
        "duration_minutes": 60,
        "attended": True,
        "notes": notes,
        "acting_user": mentor,
    } | overrides
    return sessions.mentor_session_log(**values)


# --- matching and ending ----------------------------------------------------------------


def test_a_practitioner_matches_a_mentor_and_it_is_audited(support, mentor):
    case = support.at("SUPPORTED")
    assignment = _assign(case, mentor, support.practitioner)
    assert assignment.ended_on is None
    assert assignment.assigned_by == support.practitioner
    event = AuditEvent.objects.get(action="support.mentor_assigned")
    assert event.after["mentor"] == mentor.pk
    assert event.after["child"] == assignment.child_id


def test_only_active_mentors_of_the_organisation_can_be_matched(support, make_user):
    case = support.at("SUPPORTED")
    practitioner = make_user(Role.CHARITY_PRACTITIONER, username="not_a_mentor")
    elsewhere = make_user(
        Role.VOLUNTEER_MENTOR, username="elsewhere_mentor", organisation="Another Charity"
    )
    gone = make_user(Role.VOLUNTEER_MENTOR, username="gone_mentor")
    gone.is_active = False
    gone.save()
    for user in (practitioner, elsewhere, gone):
        with pytest.raises(SupportError, match="not an active volunteer mentor"):
            _assign(case, user, support.practitioner)
    assert not MentorAssignment.objects.exists()


def test_one_open_match_per_mentor_and_child(support, mentor):
    case = support.at("SUPPORTED")
    first = _assign(case, mentor, support.practitioner)
    with pytest.raises(SupportError, match="already mentors"):
        _assign(case, mentor, support.practitioner)
    sessions.mentor_assignment_end(
        assignment=first, ended_on=timezone.localdate(), acting_user=support.practitioner
    )
    second = _assign(case, mentor, support.practitioner)
    assert second.pk != first.pk
    with pytest.raises(SupportError, match="already ended"):
        sessions.mentor_assignment_end(
            assignment=first, ended_on=timezone.localdate(), acting_user=support.practitioner
        )


def test_matching_is_refused_to_other_people_and_on_bad_dates(support, mentor, make_user):
    case = support.at("SUPPORTED")
    other = make_user(Role.CHARITY_PRACTITIONER, username="other_practitioner")
    with pytest.raises(SupportError, match="Only"):
        _assign(case, mentor, other)
    with pytest.raises(SupportError, match="Only"):
        _assign(case, mentor, mentor)
    with pytest.raises(SupportError, match="in the future"):
        _assign(case, mentor, support.practitioner, started_on=timezone.localdate() + timedelta(1))
    with pytest.raises(SupportError, match="before SUP-.* was accepted"):
        _assign(case, mentor, support.practitioner, started_on=timezone.localdate() - timedelta(1))
    other_case = support.at("SUPPORTED")
    with pytest.raises(SupportError, match="not part of this case"):
        _assign(case, mentor, support.practitioner, child=other_case.children.first())


def test_the_match_page_lists_the_mentors_and_the_case_page_can_end_it(support, mentor, signed_in):
    case = support.at("SUPPORTED")
    child = case.children.get()
    client = signed_in(support.practitioner)
    url = reverse("support:mentor_assign", args=[case.pk, child.pk])
    page = client.get(url).content.decode()
    assert f'value="{mentor.pk}"' in page
    assert f'value="{support.practitioner.pk}"' not in page
    response = client.post(
        url, {"mentor": str(mentor.pk), "started_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    assignment = MentorAssignment.objects.get()
    case_page = client.get(reverse("support:case", args=[case.pk])).content.decode()
    assert mentor.get_full_name() in case_page
    assert reverse("support:mentor_end", args=[assignment.pk]) in case_page
    assert "End mentoring" in case_page
    # Ending is a POST only.
    end = reverse("support:mentor_end", args=[assignment.pk])
    assert client.get(end).status_code == 405
    response = client.post(end)
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.ended_on == timezone.localdate()
    assert AuditEvent.objects.filter(action="support.mentoring_ended").exists()
    assert (
        "End mentoring" not in client.get(reverse("support:case", args=[case.pk])).content.decode()
    )


def test_ending_someone_elses_mentoring_is_a_404(support, mentor, make_user):
    case = support.at("SUPPORTED")
    assignment = _assign(case, mentor, support.practitioner)
    other = make_user(Role.CHARITY_PRACTITIONER, username="other_practitioner")
    for user in (other, mentor):
        assert (
            _client(user).post(reverse("support:mentor_end", args=[assignment.pk])).status_code
            == 404
        )
    assert _client(other).post(reverse("support:mentor_end", args=[999999])).status_code == 404
    assignment.refresh_from_db()
    assert assignment.ended_on is None


# --- the mentor's restricted view -------------------------------------------------------


@pytest.fixture
def mentored(support, mentor, other_mentor):
    """A supported case with two children: the mentor mentors Ada, another mentor mentors her
    brother Cal; the practitioner and the other mentor have logged sessions too."""
    case = support.at("SUPPORTED")
    ada = case.children.get()
    SupportChild.objects.filter(pk=ada.pk).update(first_name="Ada")
    ada.refresh_from_db()
    cal = SupportChild.objects.create(case=case, first_name="Cal", last_name="Quillfeather")
    assignment = _assign(case, mentor, support.practitioner, child=ada)
    other_assignment = _assign(case, other_mentor, support.practitioner, child=cal)
    _mentor_log(assignment, mentor)
    _mentor_log(other_assignment, other_mentor, notes=OTHER_MENTOR_NOTES)
    sessions.session_log(
        case=case,
        child=ada,
        kind=SessionKind.ONE_TO_ONE,
        held_on=timezone.localdate(),
        duration_minutes=40,
        attended=True,
        notes=PRACTITIONER_NOTES,
        acting_user=support.practitioner,
    )
    return case, ada, assignment, other_assignment


def _forbidden_fragments(case, child):
    born = child.date_of_birth
    return [
        child.last_name,
        "Quillfeather",
        case.reference,
        born.isoformat(),
        born.strftime("%-d %B %Y"),
        born.strftime("%d/%m/%Y"),
        "Cal",
        OTHER_MENTOR_NOTES,
        PRACTITIONER_NOTES,
        "Casey",  # the carer who consented
        "Oxford",
        "07700",
    ]


def test_the_mentors_home_lists_first_names_only(mentored, mentor):
    case, ada, assignment, _ = mentored
    response = _client(mentor).get(reverse("support:mentees"))
    assert response.status_code == 200
    html = response.content.decode()
    assert ">Ada<" in html
    assert reverse("support:mentee", args=[assignment.pk]) in html
    for fragment in _forbidden_fragments(case, ada) + [OWN_NOTES]:
        assert fragment not in html, fragment
    assert AuditEvent.objects.filter(action="support.mentees_viewed", actor=mentor).exists()


def test_the_mentee_page_shows_the_first_name_and_only_the_mentors_own_notes(mentored, mentor):
    case, ada, assignment, _ = mentored
    response = _client(mentor).get(reverse("support:mentee", args=[assignment.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ada" in html
    assert "We played chess at the library" in html
    for fragment in _forbidden_fragments(case, ada):
        assert fragment not in html, fragment
    assert AuditEvent.objects.filter(
        action="support.mentee_viewed", actor=mentor, subject_id=str(assignment.pk)
    ).exists()


def test_a_mentor_logs_a_mentoring_session_from_their_page(mentored, mentor):
    case, ada, assignment, _ = mentored
    url = reverse("support:mentee", args=[assignment.pk])
    response = _client(mentor).post(
        url,
        {
            "held_on": timezone.localdate().isoformat(),
            "duration_minutes": "90",
            "attended": "Y",
            "notes": "Baked flapjacks.",
        },
    )
    assert response.status_code == 302
    session = SupportSession.objects.get(duration_minutes=90)
    assert (session.kind, session.held_by, session.child, session.case) == (
        SessionKind.MENTORING,
        mentor,
        ada,
        case,
    )
    assert "Baked flapjacks." in _client(mentor).get(url).content.decode()
    event = AuditEvent.objects.get(action="support.session_logged", subject_id=str(session.pk))
    assert "flapjacks" not in str(event.after)


def test_mentoring_session_rules(mentored, mentor, other_mentor, support):
    case, ada, assignment, other_assignment = mentored
    with pytest.raises(SupportError, match="Only the child's mentor"):
        _mentor_log(other_assignment, mentor)
    with pytest.raises(SupportError, match="Only the child's mentor"):
        _mentor_log(assignment, support.practitioner)
    with pytest.raises(SupportError, match="1 to 720"):
        _mentor_log(assignment, mentor, duration_minutes=721)
    with pytest.raises(SupportError, match="in the future"):
        _mentor_log(assignment, mentor, held_on=timezone.localdate() + timedelta(days=1))
    MentorAssignment.objects.filter(pk=assignment.pk).update(
        started_on=timezone.localdate() - timedelta(days=1)
    )
    SupportCase.objects.filter(pk=case.pk).update(accepted_at=timezone.now() - timedelta(days=30))
    assignment = MentorAssignment.objects.get(pk=assignment.pk)
    with pytest.raises(SupportError, match="before your mentoring started"):
        _mentor_log(assignment, mentor, held_on=timezone.localdate() - timedelta(days=2))


def test_a_mentor_gets_a_404_on_every_case_page(mentored, mentor):
    """Every support page about a case (whoever built it) refuses a mentor as if the case did
    not exist: access_case finds no case for them."""
    from paramount.support import urls

    case, ada, assignment, _ = mentored
    client = _client(mentor)
    ids = {"case_id": case.pk, "child_id": ada.pk, "assignment_id": assignment.pk}
    checked = []
    for pattern in urls.urlpatterns:
        converters = pattern.pattern.converters
        if (
            pattern.name in ("mentees", "mentee")
            or "case_id" not in converters
            and (pattern.name != "mentor_end")
        ):
            continue
        kwargs = {name: ids.get(name, 1) for name in converters}
        url = reverse(f"support:{pattern.name}", kwargs=kwargs)
        get, post = client.get(url).status_code, client.post(url, {}).status_code
        assert get in (404, 405) and post in (404, 405) and 404 in (get, post), pattern.name
        checked.append(pattern.name)
    assert {"case", "session", "mentor_assign", "mentor_end", "wellbeing", "child_wellbeing"} <= (
        set(checked)
    )
    # The caseload is refused by role.
    assert client.get(reverse("support:caseload")).status_code in (403, 404)
    denied = AuditEvent.objects.filter(action="support.access_denied", actor=mentor)
    assert denied.filter(subject_type="support.supportcase", subject_id=str(case.pk)).exists()


def test_another_mentors_assignment_is_a_404_audited(mentored, mentor):
    case, ada, assignment, other_assignment = mentored
    client = _client(mentor)
    url = reverse("support:mentee", args=[other_assignment.pk])
    assert client.get(url).status_code == 404
    response = client.post(
        url,
        {"held_on": timezone.localdate().isoformat(), "duration_minutes": "30", "attended": "Y"},
    )
    assert response.status_code == 404
    assert SupportSession.objects.filter(held_by=mentor).count() == 1
    assert AuditEvent.objects.filter(
        action="support.access_denied",
        actor=mentor,
        subject_type="support.mentorassignment",
        subject_id=str(other_assignment.pk),
    ).exists()


def test_the_mentee_disappears_when_the_mentoring_ends(mentored, mentor, support):
    case, ada, assignment, _ = mentored
    sessions.mentor_assignment_end(
        assignment=assignment, ended_on=timezone.localdate(), acting_user=support.practitioner
    )
    client = _client(mentor)
    assert client.get(reverse("support:mentee", args=[assignment.pk])).status_code == 404
    assert "Ada" not in client.get(reverse("support:mentees")).content.decode()
    assignment.refresh_from_db()
    with pytest.raises(SupportError, match="ended"):
        _mentor_log(assignment, mentor)


def test_the_mentee_disappears_when_the_case_closes(mentored, mentor, support):
    from paramount.support.models import ClosureReason
    from paramount.support.services.cases import case_close

    case, ada, assignment, _ = mentored
    case_close(
        case=case,
        closed_on=timezone.localdate(),
        reason=ClosureReason.GOALS_MET,
        note="",
        acting_user=support.practitioner,
    )
    client = _client(mentor)
    assert client.get(reverse("support:mentee", args=[assignment.pk])).status_code == 404
    assert "Ada" not in client.get(reverse("support:mentees")).content.decode()


def test_staff_do_not_use_the_mentor_pages(mentored, support):
    case, ada, assignment, _ = mentored
    client = _client(support.practitioner)
    assert client.get(reverse("support:mentees")).status_code == 403
    assert client.get(reverse("support:mentee", args=[assignment.pk])).status_code == 403
