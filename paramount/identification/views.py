from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from paramount.access.selectors import Permission, require_permission, viewer_areas
from paramount.identification import selectors
from paramount.identification.forms import WorklistFilterForm


@require_GET
@login_required
def worklist(request):
    # Refused before the filters are even read, whatever they say.
    require_permission(viewer=request.user, permission=Permission.VIEW_IDENTIFICATIONS)
    form = WorklistFilterForm(request.GET or None, areas=viewer_areas(request.user))
    valid = not form.is_bound or form.is_valid()
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_bound and valid else {}
    worklist = (
        selectors.identification_worklist(
            viewer=request.user, page_number=request.GET.get("page"), **filters
        )
        if valid
        else None
    )
    return render(
        request,
        "identification/worklist.html",
        {"form": form, "filtered": bool(filters), "worklist": worklist},
    )


@require_GET
@login_required
def identification(request, identification_id: str):
    detail = selectors.identification_detail(
        viewer=request.user, identification_id=identification_id
    )
    return render(request, "identification/identification.html", {"detail": detail})
