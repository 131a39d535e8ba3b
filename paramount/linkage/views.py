from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from paramount.linkage import selectors


@require_GET
@login_required
def model(request):
    overview = selectors.linkage_model_overview(
        viewer=request.user, model_id=request.GET.get("model")
    )
    return render(request, "linkage/model.html", {"overview": overview})
