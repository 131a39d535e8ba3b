"""School liaison: the family's consent to the school being told, the notification to the
school's safeguarding lead (form, preview, make), and the notification as made, to print."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from paramount.outreach.models import ConsentMethod
from paramount.support import selectors
from paramount.support.forms.school import SchoolConsentForm, SchoolNotificationForm
from paramount.support.services import school
from paramount.support.services.cases import SupportError


@require_http_methods(["GET", "POST"])
@login_required
def school_notification(request, case_id: int, child_id: int):
    case = selectors.access_case(viewer=request.user, case_id=case_id)
    child = selectors.access_child(viewer=request.user, case=case, child_id=child_id)
    consent = school.school_consent(case)
    context = {"case": case, "child": child, "consent": consent}
    if consent is None:
        # Without a consent covering the school there is nothing to fill in: no form at all.
        selectors.case_view_audit(viewer=request.user, case=case, page="school_notification")
        return render(request, "support/school_notification.html", context)
    form = SchoolNotificationForm(request.POST or None)
    step = request.POST.get("step") if request.method == "POST" else None
    selectors.case_view_audit(
        viewer=request.user,
        case=case,
        page="school_notification_preview" if step == "preview" else "school_notification",
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        arguments = {
            "case": case,
            "child": child,
            "school_name": data["school_name"],
            "safeguarding_lead": data["safeguarding_lead"],
            "acting_user": request.user,
        }
        try:
            if data["step"] == "make":
                notification = school.school_notification_make(**arguments)
            else:
                context["preview"] = school.school_notification_preview(**arguments)
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            if data["step"] == "make":
                messages.success(
                    request, f"Notification to {notification.school_name} made and recorded"
                )
                return redirect("support:school_notification_sent", notification_id=notification.pk)
    context["form"] = form
    return render(request, "support/school_notification.html", context)


@require_GET
@login_required
def school_notification_sent(request, notification_id: int):
    notification = school.access_notification(viewer=request.user, notification_id=notification_id)
    selectors.case_view_audit(
        viewer=request.user, case=notification.case, page="school_notification_sent"
    )
    return render(
        request,
        "support/school_notification_sent.html",
        {"notification": notification, "case": notification.case},
    )


@require_GET
@login_required
def school_notification_print(request, notification_id: int):
    notification = school.access_notification(viewer=request.user, notification_id=notification_id)
    selectors.case_view_audit(
        viewer=request.user, case=notification.case, page="school_notification_print"
    )
    return render(
        request,
        "support/school_notification_print.html",
        {"notification": notification, "case": notification.case},
    )


@require_http_methods(["GET", "POST"])
@login_required
def school_consent(request, case_id: int):
    case = selectors.access_case(viewer=request.user, case_id=case_id)
    if request.method == "GET":
        selectors.case_view_audit(viewer=request.user, case=case, page="school_consent")
    form = SchoolConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            school.school_consent_record(
                case=case,
                details=school.SchoolConsentDetails(
                    given_by_name=data["given_by_name"],
                    relationship_to_child=data["relationship_to_child"],
                    has_parental_responsibility=form.parental_responsibility(),
                    method=ConsentMethod(data["method"]),
                    given_on=data["given_on"],
                ),
                acting_user=request.user,
            )
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Consent to tell the school recorded")
            return redirect("support:case", case_id=case.pk)
    return render(
        request,
        "support/school_consent.html",
        {"case": case, "form": form, "consent": school.school_consent(case)},
    )
