"""The JSON API, version 1, mounted at ``/api/v1/`` (SECURITY 24).

Each operation authenticates a token (:mod:`paramount.api.auth`), calls the selector or the
service the pages and the command line use, and returns least data. Errors are JSON
``{"detail": ...}``; the schema is served at ``/api/v1/openapi.json``. Ninja's docs page is off
everywhere: it loads its script from a CDN, which the content security policy forbids.
"""

from __future__ import annotations

import functools
import re
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import URLPattern, path
from ninja import File, NinjaAPI, Query, Status
from ninja.decorators import decorate_view
from ninja.errors import AuthenticationError
from ninja.files import UploadedFile
from pydantic import Field

from paramount.access.models import Role
from paramount.access.selectors import require_role
from paramount.api import schemas, selectors
from paramount.api.auth import ApiTokenAuth
from paramount.feeds.contract import FEEDS
from paramount.feeds.services import FeedRejected, feed_ingest

# A feed file sent over the API; larger files go through `paramount ingest` on the server.
DEFAULT_UPLOAD_MAX_BYTES = 20 * 1024 * 1024


def upload_max_bytes() -> int:
    return int(getattr(settings, "PARAMOUNT_API_UPLOAD_MAX_BYTES", DEFAULT_UPLOAD_MAX_BYTES))


FeedName = StrEnum("FeedName", {name.replace("-", "_"): name for name in sorted(FEEDS)})

UNAUTHORISED = (
    "Send a valid API token as 'Authorization: Bearer <token>'. A revoked or expired token is "
    "refused: ask your administrator for a new one (paramount api token create)."
)
FORBIDDEN = "Your role may not do this; the refusal was recorded. Nothing was changed."
NOT_FOUND = "Not found: there is no such record, or none your role may see."

COMMON_ERRORS = {401: schemas.Error, 403: schemas.Error, 404: schemas.Error, 422: schemas.Error}


class ParamountAPI(NinjaAPI):
    """Ninja's API whose every URL answers errors in JSON and is never cached."""

    @property
    def urls(self):
        patterns, app_name, namespace = NinjaAPI.urls.fget(self)
        wrapped = [
            URLPattern(p.pattern, _json_errors(p.callback), p.default_args, p.name)
            for p in patterns
        ]
        # Anything else under /api/v1/ is a JSON 404 too, not the HTML page.
        wrapped.append(path("<path:unknown>", _json_errors(_unknown), name="unknown"))
        return wrapped, app_name, namespace


def _unknown(request: HttpRequest, unknown: str):
    raise Http404


def _json_errors(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            response = JsonResponse({"detail": NOT_FOUND}, status=404)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            detail = response.reason_phrase
            if response.status_code == 405:
                detail = f"{request.method} is not allowed here; use {response.get('Allow', 'GET')}"
            replaced = JsonResponse({"detail": detail}, status=response.status_code)
            if response.has_header("Allow"):
                replaced["Allow"] = response["Allow"]
            response = replaced
        response["Cache-Control"] = "no-store"
        return response

    return wrapped


api = ParamountAPI(
    title="Paramount API",
    version="1",
    description=(
        "Feed provenance and uploads for the VRU, referrals for the partner organisation. "
        "Every request carries a per-client token: `Authorization: Bearer <token>`."
    ),
    auth=ApiTokenAuth(),
    urls_namespace="api",
    docs_url=None,
)


def _error(request, status: int, detail: str, **headers):
    response = api.create_response(request, {"detail": detail}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    return _error(request, 401, UNAUTHORISED, **{"WWW-Authenticate": "Bearer"})


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, FORBIDDEN)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, NOT_FOUND)


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return _error(request, 413, _too_big_message(None))


@api.exception_handler(MultiPartParserError)
def _bad_multipart(request, exc):
    return _error(request, 400, "The body is not valid multipart/form-data; nothing ingested.")


@api.exception_handler(SuspiciousOperation)
def _suspicious(request, exc):
    return _error(request, 400, "The request could not be read; nothing was changed.")


def _too_big_message(size: int | None) -> str:
    limit = upload_max_bytes()
    told = f"is {size:,} bytes" if size is not None else "is too large"
    return (
        f"The upload {told}; the API takes at most {limit:,} bytes per file. Nothing was "
        "ingested: split the file, or ingest it on the server with `paramount ingest`."
    )


def _limit_upload_size(run):
    """Refuse an announced oversized body before it is read (413)."""

    @functools.wraps(run)
    def limited(request, *args, **kwargs):
        try:
            announced = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            announced = 0
        if announced > upload_max_bytes() + 64 * 1024:  # room for the multipart envelope
            return _error(request, 413, _too_big_message(announced))
        return run(request, *args, **kwargs)

    return limited


def _only_query(*names: str):
    """Refuse query parameters the operation does not take (422), rather than ignore them: a
    client's typo (``?pgae=2``) must not silently return something else."""

    def decorator(run):
        @functools.wraps(run)
        def checked(request, *args, **kwargs):
            unknown = sorted(set(request.GET) - set(names))
            if unknown:
                return api.create_response(
                    request,
                    {
                        "detail": [
                            {
                                "loc": ["query", name],
                                "msg": "This operation takes no such parameter; nothing was done.",
                                "type": "extra_forbidden",
                            }
                            for name in unknown
                        ]
                    },
                    status=422,
                )
            return run(request, *args, **kwargs)

        return checked

    return decorator


def _batch(batch) -> dict:
    return {
        "id": batch.pk,
        "feed": batch.feed,
        "file_name": batch.file_name,
        "file_sha256": batch.file_sha256,
        "received_at": batch.received_at,
        "finished_at": batch.finished_at,
        "status": batch.status,
        "rejected_reason": selectors.hide_values(batch.rejected_reason),
        "rows": batch.rows,
        "new": batch.new,
        "updated": batch.updated,
        "unchanged": batch.unchanged,
        "quarantined": batch.quarantined,
        "warnings": batch.warnings,
        "unknown_columns": [str(c) for c in batch.unknown_columns or []],
    }


PAGE_LIMIT = 1_000_000
PAGE_HELP = "Page number, 50 items a page."
# Ids are 64-bit in the database; a larger number could only be a mistake (and would be a
# database error rather than a 404).
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]


@decorate_view(_only_query("page"))
@api.get(
    "/feeds/batches",
    response={200: schemas.BatchPage, **COMMON_ERRORS},
    url_name="feed_batches",
    tags=["feeds"],
    summary="Every file received on the feeds, newest first",
)
def feed_batches(request, page: int = Query(1, ge=1, le=PAGE_LIMIT, description=PAGE_HELP)):
    """Provenance only: counts, status and reasons. For VRU analysts and administrators."""
    shown, unresolved = selectors.batch_page(viewer=request.auth, page=page)
    return Status(
        200,
        {
            "count": shown.paginator.count,
            "page": shown.number,
            "pages": shown.paginator.num_pages,
            "unresolved_relationships": unresolved,
            "results": [_batch(b) for b in shown.object_list],
        },
    )


@decorate_view(_only_query("quarantine_page", "warnings_page"))
@api.get(
    "/feeds/batches/{batch_id}",
    response={200: schemas.BatchDetailOut, **COMMON_ERRORS},
    url_name="feed_batch",
    tags=["feeds"],
    summary="One batch, with why rows were quarantined or cells dropped (values hidden)",
)
def feed_batch(
    request,
    batch_id: RecordId,
    quarantine_page: int = Query(1, ge=1, le=PAGE_LIMIT, description=PAGE_HELP),
    warnings_page: int = Query(1, ge=1, le=PAGE_LIMIT, description=PAGE_HELP),
):
    reasons = selectors.batch_reasons(
        viewer=request.auth,
        batch_id=batch_id,
        quarantine_page=quarantine_page,
        warnings_page=warnings_page,
    )
    quarantined, warnings = reasons.quarantined, reasons.warnings
    return Status(
        200,
        {
            "batch": _batch(reasons.batch),
            "quarantined_count": quarantined.paginator.count,
            "quarantine_page": quarantined.number,
            "quarantine_pages": quarantined.paginator.num_pages,
            "quarantined": [{"row_number": n, "reason": r} for n, r in quarantined.object_list],
            "warnings_count": warnings.paginator.count,
            "warnings_page": warnings.number,
            "warnings_pages": warnings.paginator.num_pages,
            "warnings": [
                {"row_number": n, "column": c, "message": m} for n, c, m in warnings.object_list
            ],
        },
    )


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]")


def _safe_file_name(name: str | None) -> str:
    """The sender's file name for the batch's provenance, reduced to harmless characters."""
    base = _UNSAFE_NAME.sub("_", Path(name or "").name).strip(" .")[:200]
    return base or "upload.csv"


@decorate_view(_limit_upload_size, _only_query())
@api.post(
    "/feeds/{feed}/files",
    response={
        201: schemas.IngestOut,
        400: schemas.Error,
        401: schemas.Error,
        403: schemas.Error,
        413: schemas.Error,
        422: schemas.IngestRejected,
    },
    url_name="feed_upload",
    tags=["feeds"],
    summary="Send one feed file (CSV, as in the feed contract) to be ingested",
)
def feed_upload(request, feed: FeedName, file: File[UploadedFile]):
    """Ingested exactly as `paramount ingest FEED FILE`: rows that fail are quarantined with a
    reason, the rest ingested; a file that fails as a whole is rejected (422) and nothing of it
    kept. For VRU analysts and administrators."""
    require_role(
        viewer=request.auth, roles=[Role.ADMIN, Role.VRU_ANALYST], subject="api.feed_upload"
    )
    if file.size is not None and file.size > upload_max_bytes():
        return _error(request, 413, _too_big_message(file.size))
    spec = FEEDS[feed.value]
    name = _safe_file_name(file.name)
    with tempfile.TemporaryDirectory(prefix="paramount-upload-") as directory:
        received = Path(directory) / name
        with received.open("wb") as out:
            for chunk in file.chunks():
                out.write(chunk)
        try:
            batch = feed_ingest(feed=spec.name, path=received, acting_user=request.auth)
        except FeedRejected as rejection:
            reason = rejection.batch.rejected_reason
            return Status(
                422,
                {
                    "detail": f"{name}: rejected, nothing ingested: {reason}",
                    "feed": spec.name,
                    "file": name,
                    "rejected": reason,
                    "batch": rejection.batch.pk,
                },
            )
    counts = {
        k: getattr(batch, k)
        for k in ("rows", "new", "updated", "unchanged", "quarantined", "warnings")
    }
    return Status(201, {"feed": spec.name, "file": name, **counts, "batch": batch.pk})


def _withdrawn(referral) -> dict:
    return {
        "consent_withdrawn": referral.consent_withdrawn_at is not None,
        "consent_withdrawn_at": referral.consent_withdrawn_at,
    }


@decorate_view(_only_query("page"))
@api.get(
    "/referrals",
    response={200: schemas.ReferralPage, **COMMON_ERRORS},
    url_name="referral_list",
    tags=["referrals"],
    summary="The referrals your organisation received, newest first",
)
def referral_list(request, page: int = Query(1, ge=1, le=PAGE_LIMIT, description=PAGE_HELP)):
    """A summary of each (open one for its details). For the partner organisation's staff."""
    shown = selectors.referral_page(viewer=request.auth, page=page)
    return Status(
        200,
        {
            "count": shown.paginator.count,
            "page": shown.number,
            "pages": shown.paginator.num_pages,
            "results": [
                {
                    "id": r.pk,
                    "family": str(r.details.get("family", "")),
                    "area": str(r.details.get("area", "")),
                    "children": len(r.details.get("children") or []),
                    "route": r.route,
                    "referred_at": r.referred_at,
                    **_withdrawn(r),
                }
                for r in shown.object_list
            ],
        },
    )


@decorate_view(_only_query())
@api.get(
    "/referrals/{referral_id}",
    response={200: schemas.ReferralOut, **COMMON_ERRORS},
    url_name="referral_detail",
    tags=["referrals"],
    summary="One referral: the children, who to contact, what the family agreed to",
)
def referral_detail(request, referral_id: RecordId):
    """404 for an id that is not your organisation's (the attempt is recorded)."""
    referral = selectors.referral(viewer=request.auth, referral_id=referral_id)
    return Status(
        200,
        {
            "id": referral.pk,
            "route": referral.route,
            "referred_at": referral.referred_at,
            **_withdrawn(referral),
            "details": referral.details,
        },
    )
