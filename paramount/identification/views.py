from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from paramount.access.selectors import Permission, require_permission, viewer_areas
from paramount.families.services import families_sync
from paramount.identification import selectors, services
from paramount.identification.forms import ReviewDecisionForm, WorklistFilterForm
from paramount.identification.models import ReviewOutcome


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
def review_queue(request):
    queue = selectors.review_queue(viewer=request.user, page_number=request.GET.get("page"))
    return render(request, "identification/review_queue.html", {"queue": queue})


# What the success banner says after each decision. No names: messages may travel in a cookie.
DECIDED = {
    ReviewOutcome.CONFIRMED_SAME_PERSON: "Decision saved for {id}: same person",
    ReviewOutcome.REJECTED_DIFFERENT_PERSON: (
        "Decision saved for {id}: different people. Its children have left the worklist"
    ),
}


@require_http_methods(["GET", "POST"])
@login_required
def identification(request, identification_id: str):
    form = None
    if request.method == "POST":
        # Authorised while fetching: a viewer who may not see it gets a 404 before anything else.
        identification = selectors.access_identification(
            viewer=request.user, identification_id=identification_id
        )
        form = ReviewDecisionForm(request.POST)
        if form.is_valid():
            try:
                services.reception_match_review(
                    reception_match=identification.reception_match,
                    decision=form.cleaned_data["decision"],
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                    acting_user=request.user,
                )
            except services.ReviewError as error:
                # A conflict included: the page is shown again with the error summary and the
                # match as it is now (a colleague's decision in its history).
                form.add_error(None, str(error))
            else:
                # A confirmed match's children become a family case straight away.
                families_sync(acting_user=request.user)
                messages.success(
                    request,
                    DECIDED[form.cleaned_data["decision"]].format(id=identification_id),
                )
                return redirect("identification:review")
    detail = selectors.identification_detail(
        viewer=request.user, identification_id=identification_id
    )
    if form is None:
        form = ReviewDecisionForm(initial={"version": detail.review.version})
    return render(request, "identification/identification.html", {"detail": detail, "form": form})
