from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from paramount.access.selectors import Permission, require_permission, viewer_areas
from paramount.identification import selectors
from paramount.identification.forms import WorklistFilterForm

PAGE_SIZE = 50


@require_GET
@login_required
def worklist(request):
    require_permission(viewer=request.user, permission=Permission.VIEW_IDENTIFICATIONS)
    form = WorklistFilterForm(request.GET or None, areas=viewer_areas(request.user))
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    identifications = selectors.identification_list(viewer=request.user, **filters)
    valid = not form.is_bound or form.is_valid()
    return render(
        request,
        "identification/worklist.html",
        {
            "form": form,
            "filtered": bool(filters),
            "valid": valid,
            "counts": selectors.identification_counts(identifications) if valid else None,
            "page": Paginator(identifications, PAGE_SIZE).get_page(request.GET.get("page")) if valid else None,
        },
    )


@require_GET
@login_required
def identification(request, identification_id: str):
    detail = selectors.identification_detail(viewer=request.user, identification_id=identification_id)
    return render(request, "identification/identification.html", {"detail": detail})
