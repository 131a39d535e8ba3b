from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from paramount.access.authentication import client_address
from paramount.access.models import POLICE_ROLES, Role
from paramount.access.selectors import access_denied, require_role, viewer_role
from paramount.families.models import FamilyState
from paramount.families.selectors import access_family, family_view_audit
from paramount.families.services import FamilyStateError
from paramount.outreach import selectors, services
from paramount.outreach.forms import (
    AssignOfficerForm,
    ContactAttemptForm,
    DisclosureForm,
    ReferralForm,
    SelfReferralPublicForm,
    WithdrawConsentForm,
)
from paramount.outreach.models import ConsentMethod, ContactOutcome


@require_http_methods(["GET", "POST"])
@login_required
def assign(request, family_id: int):
    family = access_family(viewer=request.user, family_id=family_id)
    require_role(viewer=request.user, roles=[Role.VRU_ANALYST], subject="outreach.assign")
    if request.method == "GET":
        family_view_audit(viewer=request.user, family=family, page="assign_form")
    officers = services.outreach_officers_for(family)
    form = AssignOfficerForm(request.POST or None, officers=officers)
    if request.method == "POST" and form.is_valid():
        try:
            services.officer_assign(
                family=family, officer=form.cleaned_data["officer"], acting_user=request.user
            )
        except FamilyStateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Officer assigned to {family.reference}")
            return redirect("families:family", family_id=family.pk)
    return render(request, "outreach/assign.html", {"family": family, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def contact(request, family_id: int):
    family = access_family(viewer=request.user, family_id=family_id)
    require_role(viewer=request.user, roles=[Role.OUTREACH_OFFICER], subject="outreach.contact")
    if request.method == "GET":
        family_view_audit(viewer=request.user, family=family, page="contact_form")
    form = ContactAttemptForm(request.POST or None, initial={"version": family.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        consent = None
        if data["outcome"] == ContactOutcome.CONSENTED:
            covers = set(data["covers"])
            consent = services.ConsentDetails(
                given_by_name=data["given_by_name"],
                relationship_to_child=data["relationship_to_child"],
                has_parental_responsibility=data["has_parental_responsibility"] == "Y",
                covers_referral="referral" in covers,
                covers_school="school" in covers,
                covers_social_care="social_care" in covers,
                method=ConsentMethod(data["consent_method"]),
                given_at=data["attempted_at"],
                contact_phone=data["contact_phone"],
            )
        try:
            services.contact_attempt_log(
                family=family,
                method=data["method"],
                outcome=data["outcome"],
                attempted_at=data["attempted_at"],
                note=data["note"],
                consent=consent,
                expected_version=data["version"],
                acting_user=request.user,
            )
        except FamilyStateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Contact attempt saved for {family.reference}")
            return redirect("families:family", family_id=family.pk)
    return render(request, "outreach/contact.html", {"family": family, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def referral(request, family_id: int):
    family = access_family(viewer=request.user, family_id=family_id)
    require_role(viewer=request.user, roles=[Role.OUTREACH_OFFICER], subject="outreach.referral")
    if request.method == "GET":
        family_view_audit(viewer=request.user, family=family, page="referral_form")
    form = ReferralForm(request.POST or None, initial={"version": family.version})
    consent = services.active_consent(family, "referral")
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_make(
                family=family,
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
            )
        except FamilyStateError as error:
            form.add_error(None, str(error))
        else:
            # The officer no longer sees the family: back to their list, with the date.
            messages.success(
                request, f"{family.reference} referred. Police access to the family has ended"
            )
            return redirect("families:list")
    preview = services.referral_details(family, consent) if consent else None
    return render(
        request,
        "outreach/referral.html",
        {"family": family, "form": form, "consent": consent, "preview": preview},
    )


@require_http_methods(["GET", "POST"])
@login_required
def withdraw_consent(request, consent_id: int):
    consent = selectors.access_consent(viewer=request.user, consent_id=consent_id)
    family = consent.family
    require_role(
        viewer=request.user,
        roles=[Role.OUTREACH_OFFICER, *selectors.PARTNER_ROLES],
        subject="consent.withdraw",
    )
    if request.method == "GET":
        selectors.consent_view_audit(viewer=request.user, consent=consent)
    form = WithdrawConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(
                consent=consent, note=form.cleaned_data["note"], acting_user=request.user
            )
        except FamilyStateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Consent withdrawal recorded for {family.reference}")
            if family.state == FamilyState.REFERRED:
                return redirect("outreach:referral_detail", referral_id=family.referral.pk)
            return redirect("families:family", family_id=family.pk)
    return render(
        request,
        "outreach/withdraw_consent.html",
        {"family": family, "consent": consent, "form": form},
    )


@require_http_methods(["GET", "POST"])
@login_required
def disclosure(request, family_id: int):
    family = access_family(viewer=request.user, family_id=family_id)
    require_role(viewer=request.user, roles=POLICE_ROLES, subject="outreach.disclosure")
    if request.method == "GET":
        family_view_audit(viewer=request.user, family=family, page="disclosure_form")
    form = DisclosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.disclosure_record(family=family, acting_user=request.user, **form.cleaned_data)
        except FamilyStateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Disclosure recorded for {family.reference}")
            return redirect("families:family", family_id=family.pk)
    return render(request, "outreach/disclosure.html", {"family": family, "form": form})


@require_GET
@login_required
def referral_list(request):
    if viewer_role(request.user) not in selectors.PARTNER_ROLES:
        access_denied(
            viewer=request.user, action="access.denied", subject_type="page", subject_id="referrals"
        )
        raise PermissionDenied
    return render(
        request,
        "outreach/referral_list.html",
        {"referrals": selectors.referral_list(viewer=request.user)},
    )


@require_GET
@login_required
def referral_detail(request, referral_id: int):
    referral = selectors.access_referral(viewer=request.user, referral_id=referral_id)
    return render(request, "outreach/referral_detail.html", {"referral": referral})


@require_http_methods(["GET", "POST"])
def self_referral(request):
    """The public page: no sign-in, no hint of whether a reference exists."""
    form = SelfReferralPublicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.self_referral_submit(
                form=services.SelfReferralForm(
                    reference=data["reference"],
                    contact_name=data["contact_name"],
                    contact_details=data["contact_details"],
                    relationship_to_child=data["relationship_to_child"],
                    has_parental_responsibility={"Y": True, "N": False}.get(
                        data["has_parental_responsibility"]
                    ),
                    best_time=data["best_time"],
                ),
                client=services.client_hash(client_address(request)),
            )
        except services.SelfReferralRateLimited:
            return render(request, "outreach/self_referral_wait.html", status=429)
        return redirect("self_referral_sent")
    return render(request, "outreach/self_referral.html", {"form": form})


@require_GET
def self_referral_sent(request):
    return render(request, "outreach/self_referral_sent.html")
