"""Groups and events: the list, making and cancelling an event, the event's page with answers
and attendance, and inviting a family from its case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from paramount.access.selectors import Permission, has_permission, require_permission
from paramount.events import selectors, services
from paramount.events.forms import AttendanceForm, CancelForm, EventForm, InviteForm, ResponseForm
from paramount.support import selectors as support_selectors
from paramount.support.services.cases import SupportError


@require_GET
@login_required
def event_list(request):
    require_permission(viewer=request.user, permission=Permission.VIEW_SUPPORT_CASES)
    return render(
        request,
        "events/list.html",
        {
            "events": selectors.event_list(viewer=request.user),
            "may_manage": has_permission(request.user, Permission.MANAGE_SUPPORT),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def event_new(request):
    require_permission(viewer=request.user, permission=Permission.MANAGE_SUPPORT)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.event_create(
                details=services.EventDetails(
                    kind=data["kind"],
                    title=data["title"],
                    description=data["description"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    location=data["location"],
                    capacity=data["capacity"],
                ),
                acting_user=request.user,
            )
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{event.title} is on: invite families from their cases")
            return redirect("events:event", event_id=event.pk)
    return render(request, "events/new.html", {"form": form})


@require_GET
@login_required
def event(request, event_id: int):
    event = selectors.access_event(viewer=request.user, event_id=event_id)
    detail = selectors.event_detail(viewer=request.user, event=event)
    return render(
        request,
        "events/event.html",
        {
            "event": event,
            "detail": detail,
            "started": services.has_started(event),
            "may_manage": has_permission(request.user, Permission.MANAGE_SUPPORT),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def cancel(request, event_id: int):
    event = selectors.access_event(viewer=request.user, event_id=event_id)
    require_permission(viewer=request.user, permission=Permission.MANAGE_SUPPORT)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_cancel(
                event=event, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"{event.title} is cancelled. Tell the families who were invited"
            )
            return redirect("events:event", event_id=event.pk)
    return render(request, "events/cancel.html", {"event": event, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def invite(request, case_id: int):
    case = support_selectors.access_case(viewer=request.user, case_id=case_id)
    if request.method == "GET":
        support_selectors.case_view_audit(viewer=request.user, case=case, page="event_invite")
    children = list(case.children.all())
    events = list(selectors.events_open_to_invitations(viewer=request.user))
    form = InviteForm(request.POST or None, events=events, children=children)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitations = services.invitation_send(
                event=data["event"],
                case=case,
                children=data["children"],
                include_carer=data["include_carer"],
                acting_user=request.user,
            )
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            count = len(invitations)
            messages.success(
                request,
                f"{count} invitation{'s' if count != 1 else ''} to {data['event'].title} "
                f"recorded for {case.reference}",
            )
            return redirect("support:case", case_id=case.pk)
    return render(
        request,
        "events/invite.html",
        {"case": case, "form": form, "events": events, "children": children},
    )


@require_POST
@login_required
def respond(request, invitation_id: int):
    invitation = selectors.access_invitation(viewer=request.user, invitation_id=invitation_id)
    form = ResponseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose their answer: coming or not coming. Nothing was recorded")
    else:
        try:
            services.invitation_respond(
                invitation=invitation,
                response=form.cleaned_data["response"],
                acting_user=request.user,
            )
        except SupportError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Answer recorded for {invitation.case.reference}")
    return redirect("events:event", event_id=invitation.event_id)


@require_POST
@login_required
def attendance(request, invitation_id: int):
    invitation = selectors.access_invitation(viewer=request.user, invitation_id=invitation_id)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say whether they came. Nothing was recorded")
    else:
        try:
            services.attendance_record(
                invitation=invitation,
                attended=form.cleaned_data["attended"],
                acting_user=request.user,
            )
        except SupportError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Attendance recorded for {invitation.case.reference}")
    return redirect("events:event", event_id=invitation.event_id)
