"""Changes to the guidance: adding a section, editing one (a new version) and retiring one.

Only a partner organisation's managers change the guidance, and only their own organisation's.
Every change is a new row, so the words any family was given stay on record, and every change is
audited with what it was before and after. Changing a section of the shared starting set makes
the organisation's own copy (the next version); the shared row and other organisations' sheets
stay as they were.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from paramount.access import audit
from paramount.guidance.models import CONDITIONS, SHARED, GuidanceSection
from paramount.guidance.selectors import guidance_organisation

GUIDANCE_PURPOSE = "keeping the telling-the-child guidance up to date"
TITLE_MAX = GuidanceSection._meta.get_field("title").max_length
KEY_MAX = GuidanceSection._meta.get_field("key").max_length
# Words the section pages' addresses use.
RESERVED_KEYS = frozenset({"new"})


class GuidanceError(ValueError):
    """A change to the guidance that cannot be made as asked; the message says why."""


@dataclass(frozen=True)
class SectionContent:
    """What a manager writes: the words, where they come on a sheet, and whom they are for."""

    title: str
    body: str
    position: int = 100
    age_bands: list[str] = field(default_factory=list)
    legal_statuses: list[str] = field(default_factory=list)
    sentence_bands: list[str] = field(default_factory=list)
    offence_kinds: list[str] = field(default_factory=list)
    only_with_press_coverage: bool = False

    @classmethod
    def of(cls, section: GuidanceSection) -> SectionContent:
        return cls(
            title=section.title,
            body=section.body,
            position=section.position,
            only_with_press_coverage=section.only_with_press_coverage,
            **section.conditions,
        )


def _checked(content: SectionContent) -> SectionContent:
    title, body = (content.title or "").strip(), (content.body or "").strip()
    if not title:
        raise GuidanceError("Give the section a title; nothing was saved.")
    if len(title) > TITLE_MAX:
        raise GuidanceError(f"The title is longer than {TITLE_MAX} characters; nothing was saved.")
    if not body:
        raise GuidanceError("Write the section's text; nothing was saved.")
    if content.position < 0:
        raise GuidanceError("The position must be 0 or more; nothing was saved.")
    cleaned: dict[str, list[str]] = {}
    for name, choices in CONDITIONS.items():
        codes = list(dict.fromkeys(getattr(content, name) or []))
        unknown = [code for code in codes if code not in choices.values]
        if unknown:
            raise GuidanceError(
                f"{name.replace('_', ' ')}: {', '.join(unknown)} is not one of "
                f"{', '.join(choices.values)}; nothing was saved."
            )
        # Stored in the order the choices are declared, so two equal versions compare equal.
        cleaned[name] = [code for code in choices.values if code in codes]
    return SectionContent(
        title=title,
        body=body.replace("\r\n", "\n"),
        position=content.position,
        only_with_press_coverage=bool(content.only_with_press_coverage),
        **cleaned,
    )


def _summary(section: GuidanceSection) -> dict[str, Any]:
    """What the audit keeps of a version: everything but the body's words (its length says a
    change happened; the version itself keeps the words)."""
    return {
        "organisation": section.organisation,
        "shared": section.shared,
        "key": section.key,
        "version": section.version,
        "title": section.title,
        "body_characters": len(section.body),
        "position": section.position,
        "only_with_press_coverage": section.only_with_press_coverage,
        "retired": section.retired,
        **section.conditions,
    }


def _current_for_update(organisation: str, key: str) -> GuidanceSection | None:
    """The organisation's current version of the section, locked: its own latest, or the shared
    one it has not changed yet. The shared row is locked first, so two managers of one
    organisation changing a shared section at once queue up and the second sees the first's."""
    shared = (
        GuidanceSection.objects.select_for_update()
        .filter(organisation=SHARED, key=key)
        .order_by("-version")
        .first()
    )
    own = (
        GuidanceSection.objects.select_for_update()
        .filter(organisation=organisation, key=key)
        .order_by("-version")
        .first()
    )
    return own or shared


def _require_note(change_note: str) -> str:
    note = (change_note or "").strip()
    if not note:
        raise GuidanceError("Say what you changed and why (the change note); nothing was saved.")
    return note


def _refuse_stale(current: GuidanceSection, expected_version: int | None) -> None:
    if expected_version is not None and current.version != expected_version:
        raise GuidanceError(
            f"Someone saved version {current.version} of “{current.title}” while you were "
            f"working on version {expected_version}; your changes were not saved. Open the "
            "section again to see their version, then make your change."
        )


def section_add(*, key: str, content: SectionContent, change_note: str, acting_user: Any):
    """A new section (version 1) under a new key, in the manager's organisation's guidance."""
    organisation = guidance_organisation(viewer=acting_user)
    key = slugify(key or "")
    if not key or len(key) > KEY_MAX or key in RESERVED_KEYS:
        raise GuidanceError(
            f"Give the section a short name of letters, numbers and hyphens (at most {KEY_MAX} "
            "characters); nothing was saved."
        )
    content = _checked(content)
    with transaction.atomic():
        if GuidanceSection.objects.filter(
            organisation__in={organisation, SHARED}, key=key
        ).exists():
            raise GuidanceError(
                f"There is already a section named {key}; edit it instead, or choose another "
                "name. Nothing was saved."
            )
        section = GuidanceSection.objects.create(
            organisation=organisation,
            key=key,
            version=1,
            change_note=(change_note or "").strip() or "New section.",
            edited_by=acting_user,
            edited_at=timezone.now(),
            **asdict(content),
        )
        audit.record(
            actor=acting_user,
            action="guidance.section_added",
            subject=section,
            purpose=GUIDANCE_PURPOSE,
            after=_summary(section),
        )
    return section


def section_edit(
    *,
    key: str,
    content: SectionContent,
    change_note: str,
    acting_user: Any,
    expected_version: int | None = None,
) -> GuidanceSection:
    """Save a manager's change as the next version of their organisation's section. Saving a
    retired section brings it back on sheets. ``expected_version`` is the version the manager
    was looking at: if someone saved since, the change is refused rather than silently
    overwriting theirs."""
    organisation = guidance_organisation(viewer=acting_user)
    content = _checked(content)
    note = _require_note(change_note)
    with transaction.atomic():
        current = _current_for_update(organisation, key)
        if current is None:
            raise GuidanceError(f"There is no section named {key}; nothing was saved.")
        _refuse_stale(current, expected_version)
        if SectionContent.of(current) == content and not current.retired:
            raise GuidanceError(
                f"Nothing changed from version {current.version}; no new version was saved."
            )
        section = GuidanceSection.objects.create(
            organisation=organisation,
            key=key,
            version=current.version + 1,
            change_note=note,
            edited_by=acting_user,
            edited_at=timezone.now(),
            **asdict(content),
        )
        audit.record(
            actor=acting_user,
            action="guidance.section_edited",
            subject=section,
            purpose=GUIDANCE_PURPOSE,
            before=_summary(current),
            after=_summary(section),
        )
    return section


def section_retire(
    *, key: str, change_note: str, acting_user: Any, expected_version: int | None = None
) -> GuidanceSection:
    """Take a section off every sheet from now on: a new version, marked retired, with the same
    words (the history keeps them; editing it again brings it back). Only the manager's
    organisation's sheets lose it."""
    organisation = guidance_organisation(viewer=acting_user)
    note = _require_note(change_note)
    with transaction.atomic():
        current = _current_for_update(organisation, key)
        if current is None:
            raise GuidanceError(f"There is no section named {key}; nothing was changed.")
        if current.retired:
            raise GuidanceError(
                f"“{current.title}” is already retired (version {current.version}); nothing "
                "was changed."
            )
        _refuse_stale(current, expected_version)
        section = GuidanceSection.objects.create(
            organisation=organisation,
            key=key,
            version=current.version + 1,
            retired=True,
            change_note=note,
            edited_by=acting_user,
            edited_at=timezone.now(),
            **asdict(SectionContent.of(current)),
        )
        audit.record(
            actor=acting_user,
            action="guidance.section_retired",
            subject=section,
            purpose=GUIDANCE_PURPOSE,
            before=_summary(current),
            after=_summary(section),
        )
    return section
