from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from paramount.access.models import Role
from paramount.access.selectors import require_role
from paramount.families.selectors import access_family, family_view_audit
from paramount.families.services import FamilyStateError
from paramount.screening import services
from paramount.screening.forms import CountersignForm, ScreeningDecisionForm
from paramount.screening.models import ScreeningOutcome


@require_http_methods(["GET", "POST"])
@login_required
def decision(request, family_id: int):
    family = access_family(viewer=request.user, family_id=family_id)
    require_role(viewer=request.user, roles=[Role.VRU_ANALYST], subject="screening.decision")
    if request.method == "GET":
        family_view_audit(viewer=request.user, family=family, page="decision_form")
    form = ScreeningDecisionForm(request.POST or None, initial={"version": family.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        csc = (
            services.CscDisclosure(
                recipient_name=data["csc_recipient_name"],
                what=data["csc_what"],
                why=data["csc_why"],
                lawful_basis=data["csc_lawful_basis"],
            )
            if data["outcome"] == ScreeningOutcome.COORDINATE_WITH_CSC
            else None
        )
        try:
            services.screening_decide(
                family=family,
                outcome=data["outcome"],
                reason_code=data["reason_code"],
                rationale=data["rationale"],
                csc_disclosure=csc,
                expected_version=data["version"],
                acting_user=request.user,
            )
        except FamilyStateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Screening decision saved for {family.reference}")
            return redirect("families:family", family_id=family.pk)
    flags = list(family.flags.all())
    return render(
        request,
        "screening/decision.html",
        {
            "family": family,
            "form": form,
            "flags": flags,
            "red": [f for f in flags if f.severity == "RED"],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def countersign(request, family_id: int):
    family = access_family(viewer=request.user, family_id=family_id)
    require_role(viewer=request.user, roles=[Role.VRU_ANALYST], subject="screening.countersign")
    if request.method == "GET":
        family_view_audit(viewer=request.user, family=family, page="countersign_form")
    form = CountersignForm(request.POST or None, initial={"version": family.version})
    pending = family.screening_decisions.filter(
        needs_countersignature=True, countersigned_by__isnull=True
    ).first()
    if request.method == "POST" and form.is_valid():
        try:
            services.screening_countersign(
                family=family,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
            )
        except FamilyStateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Countersignature saved for {family.reference}")
            return redirect("families:family", family_id=family.pk)
    return render(
        request,
        "screening/countersign.html",
        {
            "family": family,
            "form": form,
            "pending": pending,
            "flags": list(family.flags.filter(severity="RED")),
        },
    )
