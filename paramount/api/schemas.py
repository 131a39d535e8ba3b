"""The API's payloads. Field names follow the models and ``shared/spec/feeds.md``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field


class Error(Schema):
    detail: str | list[dict[str, Any]] = Field(
        description="What went wrong and what to do next (a list of problems for invalid input)."
    )


class BatchOut(Schema):
    id: int
    feed: str
    file_name: str
    file_sha256: str
    received_at: datetime
    finished_at: datetime | None
    status: str = Field(description="INGESTED or REJECTED")
    rejected_reason: str = Field(description="Why the whole file was refused (values hidden).")
    rows: int
    new: int
    updated: int
    unchanged: int
    quarantined: int
    warnings: int
    unknown_columns: list[str]


class BatchPage(Schema):
    count: int
    page: int
    pages: int
    unresolved_relationships: int = Field(
        description="Relationships still waiting for the people rows they name."
    )
    results: list[BatchOut]


class QuarantinedRowOut(Schema):
    row_number: int = Field(description="Row in the file, the header being row 1.")
    reason: str = Field(description="Why the row was quarantined, with any cell value hidden.")


class WarningOut(Schema):
    row_number: int | None
    column: str
    message: str = Field(description="What was dropped and why, with any cell value hidden.")


class BatchDetailOut(Schema):
    batch: BatchOut
    quarantined_count: int
    quarantine_page: int
    quarantine_pages: int
    quarantined: list[QuarantinedRowOut]
    warnings_count: int
    warnings_page: int
    warnings_pages: int
    warnings: list[WarningOut]


class IngestOut(Schema):
    """The counts ``paramount ingest --json`` prints, and the batch they were recorded in."""

    feed: str
    file: str
    rows: int
    new: int
    updated: int
    unchanged: int
    quarantined: int
    warnings: int
    batch: int


class IngestRejected(Schema):
    """A file refused whole (nothing ingested), or a request that is not a feed upload."""

    detail: str | list[dict[str, Any]]
    feed: str | None = None
    file: str | None = None
    rejected: str | None = Field(None, description="The reason, as `paramount ingest --json`.")
    batch: int | None = None


class ChildOut(Schema):
    first_name: str = ""
    last_name: str = ""
    date_of_birth: str = Field("", description="YYYY-MM-DD, or empty when not known.")
    postcode: str | None = ""


class ContactOut(Schema):
    name: str = ""
    relationship_to_child: str = ""
    has_parental_responsibility: bool | None = None
    phone: str = ""


class ParentOut(Schema):
    relationship: list[str] = []
    establishment: str | None = ""
    received_on: str = ""
    legal_status: str = ""
    expected_release_date: str = ""


class ReferralDetailsOut(Schema):
    """The minimum the partner organisation needs, as recorded at referral."""

    family: str = ""
    area: str = ""
    children: list[ChildOut] = []
    contact: ContactOut = ContactOut()
    consent_covers: list[str] = []
    parent: ParentOut = ParentOut()
    safety_flags: list[str] = []


class ReferralSummaryOut(Schema):
    id: int
    family: str = Field(description="The family's reference.")
    area: str
    children: int = Field(description="How many children the referral names.")
    route: str = Field(description="OUTREACH (by an officer) or SELF_REFERRAL (by the family).")
    referred_at: datetime
    consent_withdrawn: bool
    consent_withdrawn_at: datetime | None


class ReferralPage(Schema):
    count: int
    page: int
    pages: int
    results: list[ReferralSummaryOut]


class ReferralOut(Schema):
    id: int
    route: str
    referred_at: datetime
    consent_withdrawn: bool = Field(description="True: the family withdrew consent; stop work.")
    consent_withdrawn_at: datetime | None
    details: ReferralDetailsOut
