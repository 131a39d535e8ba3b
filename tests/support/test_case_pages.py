"""The case-work pages from intake to closure: who sees each page, what each form does, and that
every read is audited. Every name is made up."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from paramount.access.models import AuditEvent, Role
from paramount.support.models import (
    CaseState,
    ChildAssessment,
    FamilyNeedsAssessment,
    Occasion,
    SupportCase,
    SupportPlan,
    SupportTask,
    TaskKind,
    WellbeingScore,
)
from paramount.support.services import cases as case_services

pytestmark = pytest.mark.django_db


def _date(prefix: str, day) -> dict:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def _text(response) -> str:
    return response.content.decode()


def _audited(user, action: str) -> bool:
    return AuditEvent.objects.filter(actor=user, action=action).exists()


def _withdraw_consent(case_or_referral, by):
    from paramount.outreach.services import consent_withdraw

    referral = getattr(case_or_referral, "referral", case_or_referral)
    consent_withdraw(consent=referral.consent, note="The mother asked us to stop.", acting_user=by)


ASSESSMENT = {
    "age_and_stage": "Year 3 at primary school.",
    "knowledge": "OTHER_STORY",
    "what_child_was_told": "Told that dad is working on the oil rigs.",
    "visits": "NONE",
    "calls": "OCCASIONAL",
    "letters": "REGULAR",
    "relationship_with_parent": "Close; misses bedtime stories.",
    "offence_factors": ["WITNESSED_ARREST", "PRESS_COVERAGE"],
    "effects": ["SLEEP", "BULLYING"],
    "effects_detail": "Nightmares since the arrest.",
    "strengths": "Loves football; a close friend at school.",
    "risks": "Older boys repeat the local news story.",
}


# --- intake ---------------------------------------------------------------------------


def test_intake_lists_referrals_awaiting_a_decision_and_the_waiting_list(support, signed_in):
    referral = support.referral(child_first_name="Wren")
    waiting = support.at("WAITLISTED", child_first_name="Hazel")
    response = signed_in(support.manager).get(reverse("support:intake"))
    assert response.status_code == 200
    html = _text(response)
    assert "Wren" in html and "Oxford" in html
    assert reverse("support:accept", args=[referral.pk]) in html
    assert "Referral to the partner organisation" in html
    assert waiting.reference in html and "No practitioner free in the area" in html
    assert "Since today" in html
    event = AuditEvent.objects.get(actor=support.manager, action="support.intake_viewed")
    assert event.after == {"referrals": [referral.pk], "cases": [waiting.pk]}


@pytest.mark.parametrize(
    "role",
    [
        Role.CHARITY_PRACTITIONER,
        Role.VOLUNTEER_MENTOR,
        Role.OUTREACH_OFFICER,
        Role.VRU_ANALYST,
        Role.ADMIN,
    ],
)
def test_intake_is_for_managers_only(make_user, signed_in, role):
    user = make_user(role)
    response = signed_in(user).get(reverse("support:intake"))
    assert response.status_code == 403
    assert _audited(user, "access.denied")


def test_intake_shows_safety_flags(support, signed_in):
    support.referral(child_first_name="Wren", pprc_flag="Y")
    html = _text(signed_in(support.manager).get(reverse("support:intake")))
    assert "Person posing a risk to children" in html


# --- accepting a referral ----------------------------------------------------------------


def test_the_manager_accepts_a_referral_and_allocates_it(support, signed_in):
    referral = support.referral(child_first_name="Wren")
    practitioner = support.practitioner
    client = signed_in(support.manager)
    page = client.get(reverse("support:accept", args=[referral.pk]))
    assert page.status_code == 200
    assert practitioner.get_full_name() in _text(page)
    assert _audited(support.manager, "support.referral_viewed")
    response = client.post(
        reverse("support:accept", args=[referral.pk]),
        {"decision": "ALLOCATE", "practitioner": support.practitioner.pk, "team": ""},
    )
    case = SupportCase.objects.get(referral=referral)
    assert response.status_code == 302
    assert response["Location"] == reverse("support:case", args=[case.pk])
    assert case.state == CaseState.ALLOCATED and case.practitioner == support.practitioner
    assert case.children.get().first_name == "Wren"


def test_the_manager_can_allocate_to_a_typed_team(support, make_user, signed_in):
    referral = support.referral()
    response = signed_in(support.manager).post(
        reverse("support:accept", args=[referral.pk]),
        {"decision": "ALLOCATE", "practitioner": "", "team": "North Oxford"},
    )
    assert response.status_code == 302
    case = SupportCase.objects.get(referral=referral)
    assert case.team == "North Oxford" and case.practitioner is None


def test_waitlisting_needs_a_reason(support, signed_in):
    referral = support.referral()
    client = signed_in(support.manager)
    response = client.post(
        reverse("support:accept", args=[referral.pk]),
        {"decision": "WAITLIST", "waitlist_reason": " "},
    )
    assert response.status_code == 200
    assert "the waiting list needs a reason" in _text(response)
    assert "govuk-error-summary" in _text(response)
    assert not SupportCase.objects.filter(referral=referral).exists()
    response = client.post(
        reverse("support:accept", args=[referral.pk]),
        {"decision": "WAITLIST", "waitlist_reason": "No practitioner free until March."},
    )
    case = SupportCase.objects.get(referral=referral)
    assert case.state == CaseState.WAITLISTED
    assert case.waitlist_reason == "No practitioner free until March."


def test_allocation_needs_someone(support, signed_in):
    referral = support.referral()
    response = signed_in(support.manager).post(
        reverse("support:accept", args=[referral.pk]), {"decision": "ALLOCATE"}
    )
    assert "Choose a practitioner or a team" in _text(response)
    assert not SupportCase.objects.filter(referral=referral).exists()


def test_a_referral_whose_consent_was_withdrawn_cannot_be_accepted(support, signed_in):
    referral = support.referral()
    _withdraw_consent(referral, support.manager)
    client = signed_in(support.manager)
    page = _text(client.get(reverse("support:accept", args=[referral.pk])))
    assert "withdrew consent" in page and "cannot be accepted" in page
    assert "Save the decision" not in page
    response = client.post(
        reverse("support:accept", args=[referral.pk]),
        {"decision": "ALLOCATE", "practitioner": support.practitioner.pk},
    )
    assert "The family withdrew consent before the referral was accepted" in _text(response)
    assert not SupportCase.objects.filter(referral=referral).exists()


def test_a_practitioner_cannot_accept_and_an_accepted_referral_is_gone(support, signed_in):
    referral = support.referral()
    response = signed_in(support.practitioner).get(reverse("support:accept", args=[referral.pk]))
    assert response.status_code == 403
    case = support.at("ALLOCATED")
    response = signed_in(support.manager).get(reverse("support:accept", args=[case.referral.pk]))
    assert response.status_code == 404
    assert _audited(support.manager, "support.access_denied")


# --- allocation ----------------------------------------------------------------------------


def test_the_manager_allocates_a_waitlisted_case(support, signed_in):
    case = support.at("WAITLISTED")
    client = signed_in(support.manager)
    assert client.get(reverse("support:allocate", args=[case.pk])).status_code == 200
    response = client.post(
        reverse("support:allocate", args=[case.pk]),
        {"version": case.version, "practitioner": support.practitioner.pk, "team": ""},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.ALLOCATED and case.practitioner == support.practitioner
    assert case.waitlist_reason == ""


def test_reallocating_from_an_out_of_date_page_is_refused(support, make_user, signed_in):
    case = support.at("ALLOCATED")
    other = make_user(Role.CHARITY_PRACTITIONER)
    stale = case.version
    case_services.case_allocate(case=case, acting_user=support.manager, team="South Oxford")
    response = signed_in(support.manager).post(
        reverse("support:allocate", args=[case.pk]), {"version": stale, "practitioner": other.pk}
    )
    assert response.status_code == 200
    assert "changed while you were looking at it" in _text(response)
    case.refresh_from_db()
    assert case.practitioner is None and case.team == "South Oxford"


def test_a_practitioner_cannot_allocate(support, signed_in):
    case = support.at("ALLOCATED")
    response = signed_in(support.practitioner).get(reverse("support:allocate", args=[case.pk]))
    assert response.status_code == 403


# --- caseload ------------------------------------------------------------------------------


def test_the_caseload_shows_own_and_team_cases_to_a_practitioner(support, make_user, signed_in):
    from paramount.access.models import Membership

    Membership.objects.filter(user=support.practitioner).update(team="North Oxford")
    own = support.at("ALLOCATED", child_first_name="Wren")
    team_case = support.at(
        "ALLOCATED", practitioner=None, team="North Oxford", child_first_name="Hazel"
    )
    other = support.at(
        "ALLOCATED", practitioner=make_user(Role.CHARITY_PRACTITIONER), child_first_name="Linden"
    )
    html = _text(signed_in(support.practitioner).get(reverse("support:caseload")))
    assert own.reference in html and team_case.reference in html
    assert other.reference not in html and "Linden" not in html
    manager_html = _text(signed_in(support.manager).get(reverse("support:caseload")))
    assert other.reference in manager_html
    assert _audited(support.practitioner, "support.caseload_viewed")


def test_the_caseload_hides_closed_cases_unless_asked_and_flags_overdue_reviews(support, signed_in):
    closed = support.at("CLOSED")
    supported = support.at("SUPPORTED")
    plan = supported.plans.get()
    SupportPlan.objects.filter(pk=plan.pk).update(
        agreed_on=plan.agreed_on - timedelta(days=100),
        review_on=timezone.localdate() - timedelta(days=3),
    )
    client = signed_in(support.practitioner)
    html = _text(client.get(reverse("support:caseload")))
    assert closed.reference not in html and "Show closed cases" in html
    assert supported.reference in html and "Overdue" in html
    html = _text(client.get(reverse("support:caseload") + "?closed=1"))
    assert closed.reference in html and "Hide closed cases" in html


def test_the_caseload_counts_open_tasks(support, signed_in):
    case = support.at("SUPPORTED")
    SupportTask.objects.create(
        case=case,
        kind=TaskKind.PRE_RELEASE_PLANNING,
        due_on=timezone.localdate() + timedelta(days=10),
        about_date=timezone.localdate() + timedelta(days=66),
        created_at=timezone.now(),
    )
    response = signed_in(support.practitioner).get(reverse("support:caseload"))
    [row] = [c for c in response.context["cases"] if c.pk == case.pk]
    assert (
        row.open_tasks
        == case.tasks.filter(done_at__isnull=True, superseded_at__isnull=True).count()
    )
    assert row.open_tasks >= 1


def test_the_caseload_is_not_for_police_or_administrators(make_user, signed_in):
    for role in (Role.VRU_ANALYST, Role.OUTREACH_OFFICER, Role.ADMIN, Role.VOLUNTEER_MENTOR):
        assert signed_in(make_user(role)).get(reverse("support:caseload")).status_code == 403


# --- the case page ---------------------------------------------------------------------------


def test_the_case_page_shows_the_assessment_plan_and_nothing_from_the_police_side(
    support, signed_in
):
    case = support.at("SUPPORTED")
    response = signed_in(support.practitioner).get(reverse("support:case", args=[case.pk]))
    assert response.status_code == 200
    html = _text(response)
    assert "Ada Quillfeather, age 7" in html
    assert "Knows part of it" in html and "Told that dad is working away." in html
    assert "Weekly one-to-one sessions" in html and "feel able to talk about it" in html
    assert "Review the plan" in html and "Reassess" in html
    assert "Close the case" in html and "Reallocate" not in html
    # The police side's evidence and the parent's details stay there.
    for police_only in (
        "Bram",
        "A0001BC",
        "2012/0394773H",
        "12 Imaginary Road",
        "Jo Madeup",
        "Nothing in the data against contact.",
        "99.7",
        "REMAND",
    ):
        assert police_only not in html, police_only
    event = AuditEvent.objects.filter(
        actor=support.practitioner, action="support.case_viewed"
    ).last()
    assert event.after == {"page": "case"}


def test_who_sees_the_case_page(support, make_user, signed_in):
    from paramount.access.models import Membership

    case = support.at("ALLOCATED", practitioner=None, team="North Oxford")
    url = reverse("support:case", args=[case.pk])
    teammate = make_user(Role.CHARITY_PRACTITIONER)
    Membership.objects.filter(user=teammate).update(team="North Oxford")
    assert signed_in(teammate).get(url).status_code == 200
    assert signed_in(support.manager).get(url).status_code == 200
    outsider = make_user(Role.CHARITY_PRACTITIONER)
    assert signed_in(outsider).get(url).status_code == 404
    assert _audited(outsider, "support.access_denied")
    for role in (Role.VRU_ANALYST, Role.OUTREACH_OFFICER, Role.ADMIN, Role.VOLUNTEER_MENTOR):
        user = make_user(role)
        assert signed_in(user).get(url).status_code in (403, 404)
        assert _audited(user, "support.access_denied")


def test_a_manager_sees_the_allocate_button(support, signed_in):
    case = support.at("WAITLISTED")
    html = _text(signed_in(support.manager).get(reverse("support:case", args=[case.pk])))
    assert reverse("support:allocate", args=[case.pk]) in html
    assert reverse("support:assessment", args=[case.pk, case.children.get().pk]) not in html


@pytest.mark.parametrize(
    "name,args",
    [
        ("support:allocate", ()),
        ("support:assessment", ("child",)),
        ("support:family_needs", ()),
        ("support:plan", ()),
        ("support:close", ()),
        ("support:reopen", ()),
    ],
)
def test_every_case_form_is_404_to_someone_not_allocated(support, make_user, signed_in, name, args):
    case = support.at("ALLOCATED")
    child = case.children.get()
    url = reverse(name, args=[case.pk, *(child.pk for _ in args)])
    outsider = make_user(Role.CHARITY_PRACTITIONER)
    assert signed_in(outsider).get(url).status_code == 404
    assert signed_in(outsider).post(url, {}).status_code == 404
    analyst = make_user(Role.VRU_ANALYST)
    assert signed_in(analyst).get(url).status_code == 404


@pytest.mark.parametrize(
    "name,page",
    [
        ("support:assessment", "assessment_form"),
        ("support:family_needs", "family_needs_form"),
        ("support:plan", "plan_form"),
        ("support:close", "close_form"),
        ("support:reopen", "reopen_form"),
    ],
)
def test_every_case_form_read_is_audited(support, signed_in, name, page):
    case = support.at("ALLOCATED")
    args = [case.pk, case.children.get().pk] if name == "support:assessment" else [case.pk]
    assert signed_in(support.practitioner).get(reverse(name, args=args)).status_code == 200
    assert AuditEvent.objects.filter(
        actor=support.practitioner, action="support.case_viewed", after={"page": page}
    ).exists()


def test_a_child_of_another_case_is_a_404(support, signed_in):
    case = support.at("ALLOCATED")
    other = support.at("ALLOCATED")
    response = signed_in(support.practitioner).get(
        reverse("support:assessment", args=[case.pk, other.children.get().pk])
    )
    assert response.status_code == 404


# --- assessment and family needs -------------------------------------------------------------


def test_assessing_the_child_and_the_family_makes_the_case_assessed(support, signed_in):
    case = support.at("ALLOCATED")
    child = case.children.get()
    client = signed_in(support.practitioner)
    today = timezone.localdate()
    response = client.post(
        reverse("support:assessment", args=[case.pk, child.pk]),
        ASSESSMENT | _date("assessed_on", today),
    )
    assert response.status_code == 302
    assessment = ChildAssessment.objects.get(child=child)
    assert assessment.knowledge == "OTHER_STORY"
    assert assessment.offence_factors == ["PRESS_COVERAGE", "WITNESSED_ARREST"]
    assert assessment.what_child_was_told == "Told that dad is working on the oil rigs."
    response = client.post(
        reverse("support:family_needs", args=[case.pk]),
        {"needs": ["HOUSING", "HARASSMENT"], "detail": "Windows broken twice."}
        | _date("assessed_on", today),
    )
    assert response.status_code == 302
    assert FamilyNeedsAssessment.objects.get(case=case).needs == ["HARASSMENT", "HOUSING"]
    case.refresh_from_db()
    assert case.state == CaseState.ASSESSED
    html = _text(client.get(reverse("support:case", args=[case.pk])))
    assert "Saw the arrest" in html and "Press or social media coverage" in html
    assert "Bullying" in html and "Nightmares since the arrest." in html
    assert "Housing" in html and "Windows broken twice." in html
    assert "Agree the plan" in html


def test_the_assessment_form_explains_its_errors(support, signed_in):
    case = support.at("ALLOCATED")
    child = case.children.get()
    response = signed_in(support.practitioner).post(
        reverse("support:assessment", args=[case.pk, child.pk]),
        {"assessed_on_day": "31", "assessed_on_month": "2", "assessed_on_year": "2026"},
    )
    html = _text(response)
    assert response.status_code == 200 and "govuk-error-summary" in html
    assert "Enter a real date" in html
    assert "Choose what the child knows" in html
    assert not ChildAssessment.objects.filter(child=child).exists()


def test_an_assessment_in_the_future_is_refused(support, signed_in):
    case = support.at("ALLOCATED")
    child = case.children.get()
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = signed_in(support.practitioner).post(
        reverse("support:assessment", args=[case.pk, child.pk]),
        ASSESSMENT | _date("assessed_on", tomorrow),
    )
    assert "is in the future" in _text(response)
    assert not ChildAssessment.objects.filter(child=child).exists()


def test_a_waitlisted_case_cannot_be_assessed(support, signed_in):
    case = support.at("WAITLISTED")
    html = _text(
        signed_in(support.manager).get(
            reverse("support:assessment", args=[case.pk, case.children.get().pk])
        )
    )
    assert "is on the waiting list: allocate it first" in html
    assert "Save the assessment" not in html


# --- the plan ------------------------------------------------------------------------------


def test_the_plan_cannot_be_agreed_before_the_assessment(support, signed_in):
    case = support.at("ALLOCATED")
    client = signed_in(support.practitioner)
    html = _text(client.get(reverse("support:plan", args=[case.pk])))
    assert "Assess every child and the family&#x27;s needs before agreeing a plan" in html
    today = timezone.localdate()
    response = client.post(
        reverse("support:plan", args=[case.pk]),
        {"version": case.version, "goal_ONE_TO_ONE": "Sleep better."}
        | _date("agreed_on", today)
        | _date("review_on", today + timedelta(days=30)),
    )
    assert "Assess every child and the family&#x27;s needs before agreeing a plan" in _text(
        response
    )
    assert not case.plans.exists()
    assert "Agree the plan" not in _text(client.get(reverse("support:case", args=[case.pk])))


def test_agreeing_the_plan(support, signed_in):
    case = support.at("ASSESSED")
    child = case.children.get()
    client = signed_in(support.practitioner)
    page = client.get(reverse("support:plan", args=[case.pk]))
    form = page.context["form"]
    today = timezone.localdate()
    assert form["agreed_on"].value() == today
    assert form["review_on"].value() == case_services.default_review_on(today)
    response = client.post(
        reverse("support:plan", args=[case.pk]),
        {
            "version": case.version,
            "goal_ONE_TO_ONE": "Talk about dad without getting upset.",
            "child_ONE_TO_ONE": child.pk,
            "goal_PARENT_GROUP": "Mum meets other parents in the same position.",
            "child_PARENT_GROUP": "",
            "child_MENTORING": child.pk,  # no goal: not chosen
        }
        | _date("agreed_on", today)
        | _date("review_on", today + timedelta(days=56)),
    )
    assert response.status_code == 302
    plan = case.plans.get()
    assert plan.review_on == today + timedelta(days=56)
    items = {item.intervention: item.child for item in plan.items.all()}
    assert items == {"ONE_TO_ONE": child, "PARENT_GROUP": None}
    case.refresh_from_db()
    assert case.state == CaseState.SUPPORTED
    html = _text(client.get(reverse("support:case", args=[case.pk])))
    assert "The whole family" in html and "Mum meets other parents" in html
    assert "Review the plan" in html


def test_a_plan_needs_at_least_one_goal(support, signed_in):
    case = support.at("ASSESSED")
    today = timezone.localdate()
    response = signed_in(support.practitioner).post(
        reverse("support:plan", args=[case.pk]),
        {"version": case.version}
        | _date("agreed_on", today)
        | _date("review_on", today + timedelta(days=5)),
    )
    assert "Choose at least one intervention" in _text(response)
    assert not case.plans.exists()


def test_a_plan_from_an_out_of_date_page_is_refused(support, signed_in):
    case = support.at("SUPPORTED")
    today = timezone.localdate()
    data = (
        {"version": case.version - 1, "goal_PEER_GROUP": "Meet other children."}
        | _date("agreed_on", today)
        | _date("review_on", today + timedelta(days=30))
    )
    response = signed_in(support.practitioner).post(reverse("support:plan", args=[case.pk]), data)
    assert "changed while you were looking at it" in _text(response)
    assert case.plans.count() == 1 and case.plans.get().superseded_at is None


def test_reviewing_the_plan_keeps_the_old_one(support, signed_in):
    case = support.at("SUPPORTED")
    client = signed_in(support.practitioner)
    page = client.get(reverse("support:plan", args=[case.pk]))
    assert "feel able to talk about it" in _text(page)  # the review starts from the goals
    today = timezone.localdate()
    response = client.post(
        reverse("support:plan", args=[case.pk]),
        {"version": case.version, "goal_RESIDENTIAL": "A weekend away with other families."}
        | _date("agreed_on", today)
        | _date("review_on", today + timedelta(days=84)),
    )
    assert response.status_code == 302
    assert case.plans.count() == 2
    assert (
        case.plans.filter(superseded_at__isnull=True).get().items.get().intervention
        == "RESIDENTIAL"
    )


# --- closure and reopening -------------------------------------------------------------------


def _close_data(case, **overrides):
    today = timezone.localdate()
    child = case.children.get()
    return (
        {
            "version": case.version,
            "reason": "GOALS_MET",
            "note": "Sleeping well again.",
            f"score_{child.pk}": "8",
            f"scored_by_{child.pk}": "CHILD",
            f"sdq_{child.pk}": "9",
        }
        | _date("closed_on", today)
        | _date("follow_up_on", today + timedelta(days=90))
        | overrides
    )


def test_closing_makes_a_follow_up_task_and_final_scores(support, signed_in):
    case = support.at("SUPPORTED")
    client = signed_in(support.practitioner)
    form = client.get(reverse("support:close", args=[case.pk])).context["form"]
    today = timezone.localdate()
    assert form["follow_up_on"].value() == today + timedelta(days=90)
    response = client.post(reverse("support:close", args=[case.pk]), _close_data(case))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    task = SupportTask.objects.get(case=case, kind=TaskKind.FOLLOW_UP, superseded_at__isnull=True)
    assert task.due_on == today + timedelta(days=90)
    score = WellbeingScore.objects.get(child__case=case)
    assert (score.occasion, score.scored_by, score.score, score.sdq_total) == (
        Occasion.CLOSURE,
        "CHILD",
        8,
        9,
    )
    html = _text(client.get(reverse("support:case", args=[case.pk])))
    assert "Support goals met" in html and "Sleeping well again." in html
    assert "Reopen the case" in html and "Close the case" not in html


def test_a_final_score_needs_who_gave_it(support, signed_in):
    case = support.at("SUPPORTED")
    child = case.children.get()
    response = signed_in(support.practitioner).post(
        reverse("support:close", args=[case.pk]), _close_data(case, **{f"scored_by_{child.pk}": ""})
    )
    assert "Say who gave Ada&#x27;s score" in _text(response)
    case.refresh_from_db()
    assert case.state == CaseState.SUPPORTED


def test_closing_from_an_out_of_date_page_is_refused(support, signed_in):
    case = support.at("SUPPORTED")
    response = signed_in(support.practitioner).post(
        reverse("support:close", args=[case.pk]), _close_data(case, version=case.version - 1)
    )
    assert "changed while you were looking at it" in _text(response)
    case.refresh_from_db()
    assert case.state == CaseState.SUPPORTED
    assert (
        not case.closures.exists() and not WellbeingScore.objects.filter(child__case=case).exists()
    )


def test_withdrawn_consent_blocks_work_but_not_closure(support, signed_in):
    case = support.at("ALLOCATED")
    _withdraw_consent(case, support.manager)
    child = case.children.get()
    client = signed_in(support.practitioner)
    html = _text(client.get(reverse("support:case", args=[case.pk])))
    assert "withdrew consent" in html
    assert reverse("support:assessment", args=[case.pk, child.pk]) not in html
    assert reverse("support:close", args=[case.pk]) in html
    response = client.post(
        reverse("support:assessment", args=[case.pk, child.pk]),
        ASSESSMENT | _date("assessed_on", timezone.localdate()),
    )
    assert "nothing more can be recorded" in _text(response)
    assert not ChildAssessment.objects.filter(child=child).exists()
    response = client.post(
        reverse("support:close", args=[case.pk]), _close_data(case, reason="CONSENT_WITHDRAWN")
    )
    assert "no final wellbeing scores can be recorded" in _text(response)
    assert not WellbeingScore.objects.filter(child__case=case).exists()
    response = client.post(
        reverse("support:close", args=[case.pk]),
        _close_data(
            case,
            reason="CONSENT_WITHDRAWN",
            note="",
            **{f"score_{child.pk}": "", f"scored_by_{child.pk}": "", f"sdq_{child.pk}": ""},
        ),
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    html = _text(client.get(reverse("support:reopen", args=[case.pk])))
    assert "nothing more can be recorded" in html and "Reopen the case</button>" not in html


def test_reopening_keeps_the_closure_history_on_the_page(support, signed_in):
    case = support.at("CLOSED")
    client = signed_in(support.practitioner)
    response = client.post(
        reverse("support:reopen", args=[case.pk]), {"version": case.version, "reason": " "}
    )
    assert "Say why the case is being reopened" in _text(response)
    response = client.post(
        reverse("support:reopen", args=[case.pk]),
        {"version": case.version, "reason": "Dad's release date moved; the family asked again."},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.SUPPORTED
    html = _text(client.get(reverse("support:case", args=[case.pk])))
    assert "Closures" in html and "Support goals met" in html
    assert "the family asked again." in html
    assert "Close the case" in html
    # Closed again the same day: a new closure row, one follow-up task for the day renewed.
    case.refresh_from_db()
    assert (
        client.post(reverse("support:close", args=[case.pk]), _close_data(case)).status_code == 302
    )
    assert case.closures.count() == 2
    assert (
        SupportTask.objects.filter(
            case=case, kind=TaskKind.FOLLOW_UP, superseded_at__isnull=True
        ).count()
        == 1
    )


def test_reopening_from_an_out_of_date_page_is_refused(support, signed_in):
    case = support.at("CLOSED")
    response = signed_in(support.practitioner).post(
        reverse("support:reopen", args=[case.pk]),
        {"version": case.version - 1, "reason": "Asked again."},
    )
    assert "changed while you were looking at it" in _text(response)
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
