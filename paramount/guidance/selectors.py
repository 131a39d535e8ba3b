"""Reads of the guidance: the sheet for a child's circumstances, and the sections and their
history for the managers who edit them.

The content is not personal data. A sheet is read for one child of a case, so the case is
fetched through :func:`paramount.support.selectors.access_case` (and the child through
``access_child``) and each sheet shown or downloaded is audited with the versions it used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from paramount.access import audit
from paramount.access.selectors import Permission, require_permission
from paramount.guidance.models import (
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


def current_sections() -> QuerySet[GuidanceSection]:
    """The current (highest) version of every section, retired ones included, in sheet order."""
    latest = (
        GuidanceSection.objects.filter(key=OuterRef("key")).order_by("-version").values("version")
    )
    return (
        GuidanceSection.objects.filter(version=Subquery(latest[:1]))
        .select_related("edited_by")
        .order_by("position", "key")
    )


def guidance_sheet(
    *,
    age_band: str,
    legal_status: str | None,
    sentence_band: str = SentenceBand.UNKNOWN,
    offence_kind: str = OffenceKind.GENERAL,
    press_coverage: bool = False,
) -> list[GuidanceSection]:
    """The current, unretired sections that apply to these choices, in order.

    The conditions are short lists held as JSON (which SQLite cannot search inside), and there
    are a few dozen sections at most, so they are matched here rather than in SQL.
    """
    return [
        section
        for section in current_sections()
        if section.applies_to(
            age_band=age_band,
            legal_status=legal_status,
            sentence_band=sentence_band,
            offence_kind=offence_kind,
            press_coverage=press_coverage,
        )
    ]


def section_history(*, viewer: Any, key: str) -> list[GuidanceSection]:
    """Every version of one section, newest first, for a manager; an unknown key is a 404."""
    require_permission(viewer=viewer, permission=Permission.MANAGE_SUPPORT)
    versions = list(
        GuidanceSection.objects.filter(key=key).select_related("edited_by").order_by("-version")
    )
    if not versions:
        raise Http404("No such section")
    return versions


def section_list(*, viewer: Any) -> list[GuidanceSection]:
    """Every section's current version, for a manager."""
    require_permission(viewer=viewer, permission=Permission.MANAGE_SUPPORT)
    return list(current_sections())


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
