"""Sessions, volunteer mentoring and wellbeing: the practitioners' pages on a case, and the
mentor's own restricted pages (their mentees' first names and their own sessions)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from paramount.access.selectors import Permission, get_or_refuse, require_permission
from paramount.support import selectors
from paramount.support.forms.sessions import (
    MentorAssignForm,
    MentorSessionForm,
    SessionForm,
    WellbeingForm,
)
from paramount.support.models import MentorAssignment, Occasion, Scorer, SessionKind
from paramount.support.services import sessions as services
from paramount.support.services import wellbeing
from paramount.support.services.cases import SupportError
from paramount.web import charts

SCORER_SERIES = {Scorer.CHILD: "child", Scorer.CARER: "carer", Scorer.PRACTITIONER: "practitioner"}


@require_http_methods(["GET", "POST"])
@login_required
def session(request, case_id: int):
    case = selectors.access_case(viewer=request.user, case_id=case_id)
    if request.method == "GET":
        selectors.case_view_audit(viewer=request.user, case=case, page="session_form")
    children = list(case.children.all())
    form = SessionForm(request.POST or None, children=children)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_log(
                case=case,
                child=data["child"],
                kind=SessionKind(data["kind"]),
                held_on=data["held_on"],
                duration_minutes=data["duration_minutes"],
                attended=data["attended"],
                notes=data["notes"],
                acting_user=request.user,
            )
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Session of {data['held_on']:%-d %B %Y} saved")
            return redirect("support:case", case_id=case.pk)
    return render(request, "support/session.html", {"case": case, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def mentor_assign(request, case_id: int, child_id: int):
    case = selectors.access_case(viewer=request.user, case_id=case_id)
    child = selectors.access_child(viewer=request.user, case=case, child_id=child_id)
    if request.method == "GET":
        selectors.case_view_audit(viewer=request.user, case=case, page="mentor_assign")
    mentors = list(selectors.mentors_of(case.organisation))
    form = MentorAssignForm(request.POST or None, mentors=mentors)
    if request.method == "POST" and form.is_valid():
        mentor = form.cleaned_data["mentor"]
        try:
            services.mentor_assign(
                case=case,
                child=child,
                mentor=mentor,
                started_on=form.cleaned_data["started_on"],
                acting_user=request.user,
            )
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            name = mentor.get_full_name() or mentor.get_username()
            messages.success(request, f"{name} now mentors {child.first_name}")
            return redirect("support:case", case_id=case.pk)
    return render(
        request,
        "support/mentor_assign.html",
        {"case": case, "child": child, "form": form, "mentors": mentors},
    )


@require_POST
@login_required
def mentor_end(request, assignment_id: int):
    assignment = get_or_refuse(
        MentorAssignment.objects.select_related("child", "mentor"),
        viewer=request.user,
        pk=assignment_id,
        action=selectors.REFUSED,
        message="No mentoring found",
    )
    # The assignment exists for the viewer only if its case does (a 404, audited, otherwise).
    case = selectors.access_case(viewer=request.user, case_id=assignment.child.case_id)
    try:
        services.mentor_assignment_end(
            assignment=assignment, ended_on=timezone.localdate(), acting_user=request.user
        )
    except SupportError as error:
        messages.error(request, str(error))
    else:
        name = assignment.mentor.get_full_name() or assignment.mentor.get_username()
        messages.success(request, f"{name}'s mentoring of {assignment.child.first_name} has ended")
    return redirect("support:case", case_id=case.pk)


# --- the mentor's own pages -------------------------------------------------------------


@require_GET
@login_required
def mentees(request):
    require_permission(viewer=request.user, permission=Permission.MENTOR)
    return render(
        request, "support/mentees.html", {"mentees": services.mentee_list(viewer=request.user)}
    )


@require_http_methods(["GET", "POST"])
@login_required
def mentee(request, assignment_id: int):
    require_permission(viewer=request.user, permission=Permission.MENTOR)
    form = MentorSessionForm(request.POST or None)
    if request.method == "POST":
        assignment = selectors.access_mentee(viewer=request.user, assignment_id=assignment_id)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.mentor_session_log(
                    assignment=assignment,
                    held_on=data["held_on"],
                    duration_minutes=data["duration_minutes"],
                    attended=data["attended"],
                    notes=data["notes"],
                    acting_user=request.user,
                )
            except SupportError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Session of {data['held_on']:%-d %B %Y} saved")
                return redirect("support:mentee", assignment_id=assignment.pk)
    person, own_sessions = services.mentee_detail(viewer=request.user, assignment_id=assignment_id)
    return render(
        request,
        "support/mentee.html",
        {"mentee": person, "sessions": own_sessions, "form": form},
    )


# --- wellbeing --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def wellbeing_score(request, case_id: int, child_id: int):
    case = selectors.access_case(viewer=request.user, case_id=case_id)
    child = selectors.access_child(viewer=request.user, case=case, child_id=child_id)
    if request.method == "GET":
        selectors.case_view_audit(viewer=request.user, case=case, page="wellbeing_form")
    form = WellbeingForm(request.POST or None, initial={"scored_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            wellbeing.wellbeing_record(
                case=case,
                details=wellbeing.ScoreDetails(
                    child=child,
                    scored_on=data["scored_on"],
                    occasion=Occasion(data["occasion"]),
                    scored_by=Scorer(data["scored_by"]),
                    score=data["score"],
                    sdq_total=data["sdq_total"],
                ),
                acting_user=request.user,
            )
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{child.first_name}'s score of {data['score']} saved")
            return redirect("support:child_wellbeing", case_id=case.pk, child_id=child.pk)
    return render(request, "support/wellbeing.html", {"case": case, "child": child, "form": form})


def _series(scores, value) -> list[tuple[str, str, list]]:
    """One series per scorer, in the order of ``Scorer``, of (day, value) for scores that
    have the value."""
    return [
        (
            SCORER_SERIES[scorer],
            scorer.label,
            [
                (s.scored_on, value(s))
                for s in scores
                if s.scored_by == scorer and value(s) is not None
            ],
        )
        for scorer in Scorer
    ]


@require_GET
@login_required
def child_wellbeing(request, case_id: int, child_id: int):
    case = selectors.access_case(viewer=request.user, case_id=case_id)
    child = selectors.access_child(viewer=request.user, case=case, child_id=child_id)
    selectors.case_view_audit(viewer=request.user, case=case, page="child_wellbeing")
    scores = wellbeing.child_scores(child)
    chart = charts.line_chart(
        title=f"{child.first_name}'s wellbeing scores",
        series=_series(scores, lambda s: s.score),
        maximum=wellbeing.SCORE_MAXIMUM,
        step=2,
        axis_title="Wellbeing score",
        benchmark=(
            f"Benchmark: {wellbeing.WELLBEING_BENCHMARK} out of {wellbeing.SCORE_MAXIMUM}",
            wellbeing.WELLBEING_BENCHMARK,
        ),
    )
    sdq_chart = None
    if any(s.sdq_total is not None for s in scores):
        sdq_chart = charts.line_chart(
            title=f"{child.first_name}'s SDQ total difficulties scores (higher is more difficulty)",
            series=_series(scores, lambda s: s.sdq_total),
            maximum=wellbeing.SDQ_MAXIMUM,
            step=10,
            axis_title="SDQ total difficulties",
        )
    return render(
        request,
        "support/child_wellbeing.html",
        {
            "case": case,
            "child": child,
            "scores": scores,
            "chart": chart,
            "sdq_chart": sdq_chart,
            "benchmark": wellbeing.WELLBEING_BENCHMARK,
            "may_record": services.work_refusal(case, request.user) is None,
        },
    )
