"""What the API returns, narrowed by the same selectors the pages use.

The API gives least data: feed provenance without any cell value (for every role, analysts
included: a machine client reviews no rows), referrals as the partner organisation receives
them. Every read of personal data is audited here or in the selector it calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from paramount.access import audit
from paramount.access.selectors import (
    Permission,
    access_denied,
    require_permission,
    viewer_role,
)
from paramount.api.models import ApiToken
from paramount.feeds import selectors as feeds
from paramount.feeds.models import Batch
from paramount.outreach import selectors as outreach
from paramount.outreach.models import Referral

PAGE_SIZE = 50


def api_token_list() -> QuerySet[ApiToken]:
    return ApiToken.objects.select_related("user", "user__membership").order_by(
        "name", "-created_at"
    )


def hide_values(message: str) -> str:
    """A reason or warning with any quoted cell value replaced (the feeds pages' rule)."""
    return feeds._hide_values(message)


def batch_page(*, viewer: Any, page: int) -> tuple[Page, int]:
    """A page of batches (newest first) and how many relationships wait for their people;
    refused (403, audited) for roles that do not work with feeds."""
    overview = feeds.feeds_overview(viewer=viewer)
    return (
        Paginator(overview.batches, PAGE_SIZE).get_page(page),
        overview.unresolved_relationships,
    )


@dataclass(frozen=True)
class BatchReasons:
    batch: Batch
    quarantined: Page  # of (row_number, reason with values hidden)
    warnings: Page  # of (row_number, column, message with values hidden)


def batch_reasons(
    *, viewer: Any, batch_id: int, quarantine_page: int, warnings_page: int
) -> BatchReasons:
    """One batch with a page of its quarantine reasons and warnings, values hidden."""
    require_permission(viewer=viewer, permission=Permission.VIEW_FEEDS)
    batch = Batch.objects.filter(pk=batch_id).first()
    if batch is None:
        raise Http404("No batch found")
    quarantined = Paginator(
        feeds.quarantined_rows(batch_id=batch.pk).values_list("row_number", "reason"), PAGE_SIZE
    ).get_page(quarantine_page)
    quarantined.object_list = [(n, hide_values(r)) for n, r in quarantined.object_list]
    warnings = Paginator(
        feeds.ingest_warnings(batch_id=batch.pk).values_list("row_number", "column", "message"),
        PAGE_SIZE,
    ).get_page(warnings_page)
    warnings.object_list = [(n, c, hide_values(m)) for n, c, m in warnings.object_list]
    return BatchReasons(batch=batch, quarantined=quarantined, warnings=warnings)


def referral_page(*, viewer: Any, page: int) -> Page:
    """A page of the referrals the viewer's organisation received, newest first; the read is
    audited with the referrals shown. Refused (403, audited) for roles outside the partner."""
    if viewer_role(viewer) not in outreach.PARTNER_ROLES:
        access_denied(
            viewer=viewer, action="access.denied", subject_type="api", subject_id="referrals"
        )
        raise PermissionDenied
    received = outreach.referrals_received(viewer=viewer).order_by("-referred_at", "-pk")
    shown = Paginator(received, PAGE_SIZE).get_page(page)
    with transaction.atomic():
        audit.record(
            actor=viewer,
            action="referral.list_viewed",
            purpose="referral intake (API)",
            after={"referrals": [r.pk for r in shown.object_list]},
        )
    return shown


def referral(*, viewer: Any, referral_id: int) -> Referral:
    """One referral of the viewer's organisation (audited); 404 (audited) for any other id."""
    return outreach.access_referral(viewer=viewer, referral_id=referral_id)
