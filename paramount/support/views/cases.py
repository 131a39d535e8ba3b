"""Intake, allocation, the caseload and the case page, assessment, plan, closure."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from paramount.access.selectors import Permission, require_permission
from paramount.support import selectors


@require_GET
@login_required
def caseload(request):
    require_permission(viewer=request.user, permission=Permission.VIEW_SUPPORT_CASES)
    return render(
        request, "support/caseload.html", {"cases": selectors.caseload(viewer=request.user)}
    )


@require_GET
@login_required
def case(request, case_id: int):
    case = selectors.access_case(viewer=request.user, case_id=case_id)
    selectors.case_view_audit(viewer=request.user, case=case, page="case")
    detail = selectors.case_detail(viewer=request.user, case=case)
    return render(request, "support/case.html", {"case": case, "detail": detail})
