from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from paramount.access.models import POLICE_ROLES, Role
from paramount.access.selectors import access_denied, viewer_role
from paramount.families import selectors
from paramount.families.models import FamilyState

# Who works with family cases on these pages. The partner organisation has its referrals pages.
FAMILY_ROLES = POLICE_ROLES


def _require_family_role(request) -> None:
    if viewer_role(request.user) not in FAMILY_ROLES:
        access_denied(
            viewer=request.user, action="access.denied", subject_type="page", subject_id="families"
        )
        raise PermissionDenied


@require_GET
@login_required
def family_list(request):
    _require_family_role(request)
    state = request.GET.get("state") or ""
    if state not in FamilyState.values:
        state = ""
    rows = selectors.family_list(viewer=request.user, state=state or None)
    return render(
        request,
        "families/family_list.html",
        {
            "rows": rows,
            "state": state,
            "states": FamilyState.choices,
            "is_analyst": viewer_role(request.user) == Role.VRU_ANALYST,
        },
    )


@require_GET
@login_required
def overdue(request):
    _require_family_role(request)
    return render(
        request,
        "families/overdue.html",
        {"overdue": selectors.overdue_families(viewer=request.user)},
    )


@require_GET
@login_required
def family(request, family_id: int):
    try:
        family = selectors.access_family(
            viewer=request.user, family_id=family_id, allow_referred_notice=True
        )
    except selectors.FamilyReferred as referred:
        return render(request, "families/referred_notice.html", {"referred": referred})
    detail = selectors.family_detail(viewer=request.user, family=family)
    return render(request, "families/family.html", {"detail": detail, "family": family})


@require_GET
@login_required
def timeline(request, family_id: int):
    family = selectors.access_family(viewer=request.user, family_id=family_id)
    events = selectors.family_timeline(family)
    selectors.family_view_audit(viewer=request.user, family=family, page="timeline")
    return render(
        request, "families/timeline.html", {"family": family, "events": list(reversed(events))}
    )
