"""Release planning: the viewer's tasks and alerts, marking a task done, acknowledging an
alert."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from paramount.access.selectors import Permission, require_permission
from paramount.support import selectors
from paramount.support.forms.release import AlertAcknowledgeForm, TaskDoneForm
from paramount.support.services import release
from paramount.support.services.cases import SupportError
from paramount.support.services.cases import task_done as task_done_service


def _back(return_to: str, case_id: int):
    if return_to == "tasks":
        return redirect("support:tasks")
    return redirect("support:case", case_id=case_id)


@require_GET
@login_required
def tasks(request):
    require_permission(viewer=request.user, permission=Permission.VIEW_SUPPORT_CASES)
    return render(request, "support/tasks.html", release.work_list(viewer=request.user))


@require_http_methods(["GET", "POST"])
@login_required
def task_done(request, task_id: int):
    task = release.access_task(viewer=request.user, task_id=task_id)
    case = task.case
    if request.method == "GET":
        selectors.case_view_audit(viewer=request.user, case=case, page="task_done")
    form = TaskDoneForm(request.POST or None, initial={"return_to": request.GET.get("from", "")})
    is_open = task.done_at is None and task.superseded_at is None
    if request.method == "POST" and is_open and form.is_valid():
        try:
            task_done_service(task=task, note=form.cleaned_data["note"], acting_user=request.user)
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{task.get_kind_display()} marked as done")
            return _back(form.cleaned_data["return_to"], case.pk)
    return render(
        request,
        "support/task_done.html",
        {"task": task, "case": case, "form": form, "is_open": is_open},
    )


@require_POST
@login_required
def alert_acknowledge(request, alert_id: int):
    alert = release.access_alert(viewer=request.user, alert_id=alert_id)
    form = AlertAcknowledgeForm(request.POST)
    form.is_valid()
    try:
        release.alert_acknowledge(alert=alert, acting_user=request.user)
    except SupportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Alert acknowledged: {alert.get_kind_display().lower()}")
    return _back(form.cleaned_data.get("return_to", ""), alert.case_id)
