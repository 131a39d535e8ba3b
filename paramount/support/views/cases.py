"""Intake, allocation, the caseload and the case page, assessment, plan, closure."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from paramount import config
from paramount.access.selectors import Permission, has_permission, require_permission
from paramount.support import selectors
from paramount.support.forms.cases import (
    AcceptForm,
    AllocateForm,
    AssessmentForm,
    CloseForm,
    FamilyNeedsForm,
    PlanForm,
    ReopenForm,
)
from paramount.support.models import ClosureReason, FamilyNeed
from paramount.support.services import cases as services
from paramount.support.services.cases import SupportError


def _case_for(request, case_id: int, page: str):
    """The case if the viewer may work on it (404 otherwise, audited); a GET is an audited read."""
    case = selectors.access_case(viewer=request.user, case_id=case_id)
    if request.method == "GET":
        selectors.case_view_audit(viewer=request.user, case=case, page=page)
    return case


def _done(request, case, message: str):
    messages.success(request, message)
    return redirect("support:case", case_id=case.pk)


@require_GET
@login_required
def intake(request):
    require_permission(viewer=request.user, permission=Permission.MANAGE_SUPPORT)
    return render(request, "support/intake.html", selectors.intake(viewer=request.user))


@require_http_methods(["GET", "POST"])
@login_required
def accept(request, referral_id: int):
    require_permission(viewer=request.user, permission=Permission.MANAGE_SUPPORT)
    referral = selectors.access_referral_awaiting_decision(
        viewer=request.user, referral_id=referral_id
    )
    organisation = referral.organisation
    form = AcceptForm(
        request.POST or None,
        practitioners=selectors.practitioners_of(organisation),
        teams=selectors.teams_of(organisation),
    )
    if request.method == "GET":
        selectors.referral_view_audit(viewer=request.user, referral=referral, page="accept_form")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.referral_accept(
                referral=referral,
                acting_user=request.user,
                practitioner=data["practitioner"],
                team=data["team"],
                waitlist_reason=data["waitlist_reason"],
            )
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            if data["decision"] == AcceptForm.WAITLIST:
                return _done(request, case, f"{case.reference} is on the waiting list")
            return _done(request, case, f"Referral accepted as {case.reference} and allocated")
    return render(request, "support/accept.html", {"referral": referral, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def allocate(request, case_id: int):
    case = _case_for(request, case_id, "allocate_form")
    require_permission(viewer=request.user, permission=Permission.MANAGE_SUPPORT)
    form = AllocateForm(
        request.POST or None,
        initial={
            "version": case.version,
            "practitioner": case.practitioner_id and str(case.practitioner_id),
            "team": case.team,
        },
        practitioners=selectors.practitioners_of(case.organisation),
        teams=selectors.teams_of(case.organisation),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_allocate(
                case=case,
                acting_user=request.user,
                practitioner=data["practitioner"],
                team=data["team"],
                expected_version=data["version"],
            )
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, case, f"{case.reference} allocated")
    return render(
        request,
        "support/allocate.html",
        {
            "case": case,
            "form": form,
            "refusal": services.refusal(services.require_may_allocate, case, request.user),
        },
    )


@require_GET
@login_required
def caseload(request):
    require_permission(viewer=request.user, permission=Permission.VIEW_SUPPORT_CASES)
    include_closed = request.GET.get("closed") == "1"
    return render(
        request,
        "support/caseload.html",
        {
            "cases": selectors.caseload(viewer=request.user, include_closed=include_closed),
            "include_closed": include_closed,
            "may_manage": has_permission(request.user, Permission.MANAGE_SUPPORT),
        },
    )


@require_GET
@login_required
def case(request, case_id: int):
    case = _case_for(request, case_id, "case")
    detail = selectors.case_detail(viewer=request.user, case=case)
    return render(request, "support/case.html", {"case": case, "detail": detail})


@require_http_methods(["GET", "POST"])
@login_required
def assessment(request, case_id: int, child_id: int):
    case = _case_for(request, case_id, "assessment_form")
    child = selectors.access_child(viewer=request.user, case=case, child_id=child_id)
    form = AssessmentForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.child_assessment_record(
                case=case, child=child, details=form.details(), acting_user=request.user
            )
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, case, f"Assessment of {child.first_name} saved")
    return render(
        request,
        "support/assessment.html",
        {
            "case": case,
            "child": child,
            "form": form,
            "refusal": services.refusal(services.require_may_assess, case, request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def family_needs(request, case_id: int):
    case = _case_for(request, case_id, "family_needs_form")
    form = FamilyNeedsForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.family_needs_record(
                case=case,
                assessed_on=data["assessed_on"],
                needs=[FamilyNeed(code) for code in data["needs"]],
                detail=data["detail"],
                acting_user=request.user,
            )
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, case, "The family's needs are saved")
    return render(
        request,
        "support/family_needs.html",
        {
            "case": case,
            "form": form,
            "refusal": services.refusal(services.require_may_assess, case, request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan(request, case_id: int):
    case = _case_for(request, case_id, "plan_form")
    children = list(case.children.all())
    current = services.current_plan(case)
    today = timezone.localdate()
    initial = {
        "version": case.version,
        "agreed_on": today,
        "review_on": services.default_review_on(today),
    }
    # A review starts from the current plan's goals.
    for item in current.items.all() if current else []:
        initial.setdefault(f"goal_{item.intervention}", item.goal)
        initial.setdefault(f"child_{item.intervention}", str(item.child_id or ""))
    form = PlanForm(request.POST or None, initial=initial, children=children)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_agree(
                case=case,
                agreed_on=data["agreed_on"],
                review_on=data["review_on"],
                items=form.items(),
                acting_user=request.user,
                expected_version=data["version"],
            )
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            return _done(
                request, case, "The plan review is saved" if current else "The plan is agreed"
            )
    return render(
        request,
        "support/plan.html",
        {
            "case": case,
            "form": form,
            "current": current,
            "refusal": services.refusal(services.require_may_plan, case, request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def close(request, case_id: int):
    case = _case_for(request, case_id, "close_form")
    today = timezone.localdate()
    form = CloseForm(
        request.POST or None,
        initial={
            "version": case.version,
            "closed_on": today,
            "follow_up_on": services.default_follow_up_on(today),
        },
        children=case.children.all(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_close(
                case=case,
                closed_on=data["closed_on"],
                reason=ClosureReason(data["reason"]),
                note=data["note"],
                follow_up_on=data["follow_up_on"],
                final_scores=form.final_scores(),
                acting_user=request.user,
                expected_version=data["version"],
            )
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, case, f"{case.reference} closed")
    return render(
        request,
        "support/close.html",
        {
            "case": case,
            "form": form,
            "follow_up_days": config.current().support.follow_up_days,
            "refusal": services.refusal(services.require_may_close, case, request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def reopen(request, case_id: int):
    case = _case_for(request, case_id, "reopen_form")
    form = ReopenForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.case_reopen(
                case=case,
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, case, f"{case.reference} reopened")
    return render(
        request,
        "support/reopen.html",
        {
            "case": case,
            "form": form,
            "refusal": services.refusal(services.require_may_reopen, case, request.user),
        },
    )
