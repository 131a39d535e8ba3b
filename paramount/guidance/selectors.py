"""Reads of the guidance: the sheet for a child's circumstances, and the sections and their
history for the managers who edit them.

The content is not personal data. A sheet is read for one child of a case, so the case is
fetched through :func:`paramount.support.selectors.access_case` (and the child through
``access_child``) and each sheet shown or downloaded is audited with the versions it used.

Each organisation has its own guidance: its own versions of a section, and the shared starting
set's for the sections it has not changed. A sheet uses the guidance of the case's organisation;
a manager sees and edits only their organisation's. Another organisation's section does not
exist for them (a 404, audited).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import Http404

from paramount.access import audit
from paramount.access.selectors import (
    Permission,
    access_denied,
    membership_for,
    require_permission,
)
from paramount.guidance.models import (
    SHARED,
    AgeBand,
    GuidanceSection,
    LegalStatus,
    OffenceKind,
    SentenceBand,
)
from paramount.support.models import OffenceFactor, SupportCase, SupportChild
from paramount.support.selectors import SUPPORT_PURPOSE

# Age bands as (band, youngest age in it); a child of 18 or more has no band.
AGE_BANDS: tuple[tuple[AgeBand, int], ...] = (
    (AgeBand.UNDER_5, 0),
    (AgeBand.FIVE_TO_TEN, 5),
    (AgeBand.ELEVEN_TO_FIFTEEN, 11),
    (AgeBand.SIXTEEN_TO_SEVENTEEN, 16),
)
ADULT_AGE = 18
# The referral's legal status (from the prison feed) as the guidance's two situations. Anything
# else (convicted but not yet sentenced, not given) the practitioner chooses.
LEGAL_STATUS_FROM_REFERRAL = {
    "REMAND": LegalStatus.REMAND,
    "SENTENCED": LegalStatus.SENTENCED,
    "RECALL": LegalStatus.SENTENCED,
}


# The audit action of every refused read or change of another organisation's guidance.
REFUSED = "guidance.access_denied"


def current_sections(*, organisation: str) -> list[GuidanceSection]:
    """The current version of every section of the organisation's guidance, retired ones
    included, in sheet order: its own latest version of a section, or the shared starting set's
    for a section it has never changed."""
    latest = (
        GuidanceSection.objects.filter(organisation=OuterRef("organisation"), key=OuterRef("key"))
        .order_by("-version")
        .values("version")
    )
    rows = GuidanceSection.objects.filter(
        organisation__in={organisation, SHARED}, version=Subquery(latest[:1])
    ).select_related("edited_by")
    chosen: dict[str, GuidanceSection] = {}
    for row in rows:
        if row.key not in chosen or chosen[row.key].shared:
            chosen[row.key] = row
    return sorted(chosen.values(), key=lambda section: (section.position, section.key))


def section_versions(*, organisation: str, key: str) -> list[GuidanceSection]:
    """Every version of one section in the organisation's guidance, newest first: its own, then
    the shared ones it started from. Empty when the organisation has no such section."""
    rows = list(
        GuidanceSection.objects.filter(organisation__in={organisation, SHARED}, key=key)
        .select_related("edited_by")
        .order_by("-version")
    )
    own = [row for row in rows if not row.shared]
    if not own:
        return rows
    # The organisation's first version follows the shared version it started from; any shared
    # version saved after that is not part of its history.
    first = own[-1].version
    return own + [row for row in rows if row.shared and row.version < first]


def guidance_organisation(*, viewer: Any) -> str:
    """The organisation whose guidance the viewer manages; refused (403, audited) for anyone
    who is not a manager of a named organisation."""
    require_permission(viewer=viewer, permission=Permission.MANAGE_SUPPORT)
    membership = membership_for(viewer)
    organisation = (membership.organisation if membership else "").strip()
    if not organisation:
        # A manager of no organisation would otherwise be taken for the owner of the shared set.
        access_denied(
            viewer=viewer, action=REFUSED, subject_type="permission", subject_id="organisation"
        )
        raise PermissionDenied
    return membership.organisation


def guidance_sheet(
    *,
    organisation: str,
    age_band: str,
    legal_status: str | None,
    sentence_band: str = SentenceBand.UNKNOWN,
    offence_kind: str = OffenceKind.GENERAL,
    press_coverage: bool = False,
) -> list[GuidanceSection]:
    """The current, unretired sections of the organisation's guidance that apply to these
    choices, in order.

    The conditions are short lists held as JSON (which SQLite cannot search inside), and there
    are a few dozen sections at most, so they are matched here rather than in SQL.
    """
    return [
        section
        for section in current_sections(organisation=organisation)
        if section.applies_to(
            age_band=age_band,
            legal_status=legal_status,
            sentence_band=sentence_band,
            offence_kind=offence_kind,
            press_coverage=press_coverage,
        )
    ]


def section_history(*, viewer: Any, key: str) -> list[GuidanceSection]:
    """Every version of one section of the manager's organisation's guidance, newest first. A
    key it does not have (unknown, or another organisation's) is a 404, audited."""
    organisation = guidance_organisation(viewer=viewer)
    versions = section_versions(organisation=organisation, key=key)
    if not versions:
        access_denied(
            viewer=viewer,
            action=REFUSED,
            subject_type=GuidanceSection._meta.label_lower,
            subject_id=key,
        )
        raise Http404("No such section")
    return versions


def section_list(*, viewer: Any) -> list[GuidanceSection]:
    """The current version of every section of the manager's organisation's guidance."""
    return current_sections(organisation=guidance_organisation(viewer=viewer))


def age_band_for(date_of_birth: date | None, today: date) -> AgeBand | None:
    """The child's age band on ``today``; None when the date of birth is not known or the
    child is 18 or over (the practitioner then chooses)."""
    if date_of_birth is None:
        return None
    age = (
        today.year
        - date_of_birth.year
        - ((today.month, today.day) < (date_of_birth.month, date_of_birth.day))
    )
    if age < 0 or age >= ADULT_AGE:
        return None
    band = AGE_BANDS[0][0]
    for candidate, youngest in AGE_BANDS:
        if age >= youngest:
            band = candidate
    return band


@dataclass(frozen=True)
class SheetStart:
    """What the case already says about the four choices, to pre-fill the form."""

    age_band: str | None
    legal_status: str | None
    sentence_band: str
    offence_kind: str
    press_coverage: bool

    def as_initial(self) -> dict[str, Any]:
        initial = {
            "sentence_band": self.sentence_band,
            "offence_kind": self.offence_kind,
            "press_coverage": "YES" if self.press_coverage else "NO",
        }
        if self.age_band:
            initial["age_band"] = self.age_band
        if self.legal_status:
            initial["legal_status"] = self.legal_status
        return initial


def sheet_start(*, case: SupportCase, child: SupportChild, today: date) -> SheetStart:
    """The choices the case can answer: the age band from the date of birth, the legal status
    from the referral, and press coverage if the child's latest assessment recorded it. The
    sentence length and the offence are left for the practitioner to choose."""
    parent = (case.referral.details or {}).get("parent") or {}
    latest = child.assessments.order_by("assessed_on", "pk").last()
    factors = (latest.offence_factors or []) if latest else []
    return SheetStart(
        age_band=age_band_for(child.date_of_birth, today),
        legal_status=LEGAL_STATUS_FROM_REFERRAL.get(str(parent.get("legal_status") or "")),
        sentence_band=SentenceBand.UNKNOWN,
        offence_kind=OffenceKind.GENERAL,
        press_coverage=OffenceFactor.PRESS_COVERAGE in factors,
    )


def sheet_audit(
    *,
    viewer: Any,
    case: SupportCase,
    child: SupportChild,
    choices: dict[str, Any],
    sections: list[GuidanceSection],
    downloaded: bool,
) -> None:
    """Record that a sheet for the child was shown or downloaded: the choices and which version
    of which sections it held (the words are in those versions)."""
    with transaction.atomic():
        audit.record(
            actor=viewer,
            action="guidance.sheet_downloaded" if downloaded else "guidance.sheet_viewed",
            subject=child,
            purpose=SUPPORT_PURPOSE,
            after={
                "case": case.pk,
                "choices": {name: choices.get(name) for name in sorted(choices)},
                "sections": [[section.key, section.version] for section in sections],
            },
        )
