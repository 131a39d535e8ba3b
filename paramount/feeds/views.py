from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from paramount.feeds import selectors


@require_GET
@login_required
def batches(request):
    overview = selectors.feeds_overview(viewer=request.user)
    return render(
        request,
        "feeds/batches.html",
        {
            "overview": overview,
            "page": Paginator(overview.batches, selectors.PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
        },
    )


@require_GET
@login_required
def batch(request, batch_id: int):
    detail = selectors.batch_detail(
        viewer=request.user,
        batch_id=batch_id,
        quarantine_page=request.GET.get("quarantine_page", 1),
        warnings_page=request.GET.get("warnings_page", 1),
    )
    return render(request, "feeds/batch.html", {"detail": detail})
