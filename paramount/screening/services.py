"""Screening a family: the flags the data raises, the analyst's decision, and four eyes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from paramount.access import audit
from paramount.access.models import Role
from paramount.access.selectors import works_in_area
from paramount.families.models import Family, FamilyState
from paramount.families.services import NOT_OPEN_STATES, FamilyStateError, family_transition
from paramount.feeds.models import PersonRecord
from paramount.screening.models import (
    CountersignOutcome,
    FlagCode,
    FlagSeverity,
    ScreeningDecision,
    ScreeningFlag,
    ScreeningOutcome,
)

RED = FlagSeverity.RED
AMBER = FlagSeverity.AMBER
SEVERITY = {
    FlagCode.PPRC: RED,
    FlagCode.DOMESTIC_ABUSE_OR_SEXUAL: RED,
    FlagCode.CHILD_PROTECTION_PLAN: RED,
    FlagCode.LOOKED_AFTER: RED,
    FlagCode.CHILD_IN_NEED: AMBER,
    FlagCode.NOT_LIVING_WITH_CHILD: AMBER,
    FlagCode.REPEAT_WITH_OPEN_CASE: AMBER,
    FlagCode.NO_FIXED_ABODE: AMBER,
    FlagCode.REMAND: AMBER,
}
CSC_FLAGS = {
    "CP_PLAN": FlagCode.CHILD_PROTECTION_PLAN,
    "CLA": FlagCode.LOOKED_AFTER,
    "CIN": FlagCode.CHILD_IN_NEED,
    "EARLY_HELP": FlagCode.CHILD_IN_NEED,
}
CSC_WORDS = {
    "CP_PLAN": "is on a child protection plan",
    "CLA": "is looked after by the local authority",
    "CIN": "is a child in need",
    "EARLY_HELP": "receives early help",
}


class ScreeningError(FamilyStateError):
    """A screening step that cannot be taken; the message says why and what to do."""


@dataclass(frozen=True)
class _Flag:
    code: FlagCode
    detail: str
    source: str


def _child_records(family: Family) -> list[tuple[str, PersonRecord]]:
    """(child's first name, record) for every source record of every child of the family, in
    one query: children in the order of their identifications, each child's records by source
    and record id."""
    first_name_of: dict[tuple[str, str], str] = {}
    child_of: dict[tuple[str, str], int] = {}
    for child, member in enumerate(family.members.select_related("identification")):
        identification = member.identification
        for part in identification.child_source_records.split("|"):
            if ":" in part:
                key = tuple(part.split(":", 1))
                first_name_of.setdefault(key, identification.child_first_name)
                child_of.setdefault(key, child)
    if not first_name_of:
        return []
    query = Q()
    for source, record_id in first_name_of:
        query |= Q(source=source, record_id=record_id)
    records = sorted(
        PersonRecord.objects.filter(query),
        key=lambda r: (child_of[(r.source, r.record_id)], r.source, r.record_id),
    )
    return [(first_name_of[(r.source, r.record_id)], r) for r in records]


def _flags_for(family: Family) -> list[_Flag]:
    movement = family.movement
    reception = f"prison movement {movement.movement_id}"
    flags: list[_Flag] = []
    if movement.pprc_flag == "Y":
        flags.append(
            _Flag(
                FlagCode.PPRC,
                "The prison flags the received person as a risk to children.",
                reception,
            )
        )
    if movement.offence_category in ("DOMESTIC_ABUSE", "SEXUAL"):
        words = {"DOMESTIC_ABUSE": "domestic abuse", "SEXUAL": "a sexual offence"}
        flags.append(
            _Flag(
                FlagCode.DOMESTIC_ABUSE_OR_SEXUAL,
                f"The offence recorded at reception is {words[movement.offence_category]}.",
                reception,
            )
        )
    for first_name, record in _child_records(family):
        code = CSC_FLAGS.get(record.csc_status or "")
        if code is None:
            continue
        worker = (
            f" Allocated worker: {record.allocated_worker}."
            if record.allocated_worker
            else " No allocated worker is recorded."
        )
        flags.append(
            _Flag(code, f"{first_name} {CSC_WORDS[record.csc_status]}.{worker}", record.reference)
        )
    for member in family.members.select_related("identification"):
        identification = member.identification
        if identification.lives_with_child == "N":
            flags.append(
                _Flag(
                    FlagCode.NOT_LIVING_WITH_CHILD,
                    f"A source records that the received person does not live with "
                    f"{identification.child_first_name}.",
                    f"identification {identification.identification_id}",
                )
            )
    if movement.movement_type == "RECALL":
        flags.append(
            _Flag(
                FlagCode.REPEAT_WITH_OPEN_CASE,
                "This is a recall: the person was released on licence and sent back.",
                reception,
            )
        )
    # Another case of the same prisoner, from an earlier reception or a later one: the two
    # must be worked together, not approached twice.
    others = (
        Family.objects.filter(movement__prison_number=movement.prison_number)
        .exclude(movement_id=movement.pk)
        .exclude(state__in=NOT_OPEN_STATES)
        .select_related("movement")
        .order_by("movement__movement_date", "pk")
    )
    for other in others:
        when = "an earlier" if other.movement.movement_date <= movement.movement_date else "a later"
        flags.append(
            _Flag(
                FlagCode.REPEAT_WITH_OPEN_CASE,
                f"The same prisoner has an open case from {when} reception on "
                f"{other.movement.movement_date:%-d %B %Y} ({other.reference}, "
                f"{FamilyState(other.state).label.lower()}).",
                f"family {other.reference}",
            )
        )
    if (movement.postcode or "").replace(" ", "").upper() == "NFA":
        flags.append(
            _Flag(FlagCode.NO_FIXED_ABODE, "The received person gave no fixed abode.", reception)
        )
    if movement.legal_status == "REMAND":
        flags.append(
            _Flag(
                FlagCode.REMAND,
                "The received person is on remand: not convicted, and may be released at any hearing.",
                reception,
            )
        )
    return flags


def screening_flags_refresh(
    *, family: Family, acting_user: Any | None = None
) -> list[ScreeningFlag]:
    """Recompute the family's flags from the data as it is now (idempotent, audited on change)."""
    with transaction.atomic():
        wanted = {(f.code, f.source): f for f in _flags_for(family)}
        existing = {(f.code, f.source): f for f in family.flags.all()}
        gone = [f for key, f in existing.items() if key not in wanted]
        new = [
            ScreeningFlag(
                family=family,
                code=flag.code,
                severity=SEVERITY[flag.code],
                detail=flag.detail[:500],
                source=flag.source[:255],
                computed_at=timezone.now(),
            )
            for key, flag in wanted.items()
            if key not in existing
        ]
        if gone:
            ScreeningFlag.objects.filter(pk__in=[f.pk for f in gone]).delete()
        ScreeningFlag.objects.bulk_create(new)
        if gone or new:
            audit.record(
                actor=acting_user,
                action="screening.flags_computed",
                subject=family,
                purpose="screening",
                # The kinds of flag only: a flag's source names a child's record.
                before={"flags": sorted(c for c, _ in existing)},
                after={"flags": sorted(c for c, _ in wanted)},
            )
        return list(family.flags.all())


def red_flags(family: Family) -> list[str]:
    return sorted({f.code for f in family.flags.all() if f.severity == FlagSeverity.RED})


def _require_analyst(acting_user: Any, family: Family) -> None:
    if not works_in_area(acting_user, Role.VRU_ANALYST, family.area):
        raise ScreeningError("Only a VRU analyst working in the family's area can screen it.")


@dataclass(frozen=True)
class CscDisclosure:
    """What an analyst tells children's social care when coordinating with them."""

    recipient_name: str
    what: str
    why: str
    lawful_basis: str


def screening_decide(
    *,
    family: Family,
    outcome: ScreeningOutcome,
    rationale: str,
    acting_user: Any,
    reason_code: str = "",
    csc_disclosure: CscDisclosure | None = None,
    expected_version: int | None = None,
) -> ScreeningDecision:
    """Record an analyst's screening decision and move the family on.

    Approving contact despite a red flag does not approve it: the family waits for a second
    analyst (:func:`screening_countersign`). Coordinating with children's social care records
    the disclosure made to them (what, to whom, why, lawful basis) in the same transaction.
    """
    from paramount.outreach.services import disclosure_record

    _require_analyst(acting_user, family)
    rationale = (rationale or "").strip()
    if not rationale:
        raise ScreeningError("Say why: a screening decision needs a rationale.")
    if outcome == ScreeningOutcome.NOT_APPROPRIATE and not reason_code:
        raise ScreeningError("Choose the reason contact is not appropriate.")
    if outcome == ScreeningOutcome.COORDINATE_WITH_CSC and csc_disclosure is None:
        raise ScreeningError(
            "Coordinating with children's social care is a disclosure: say what you told them, "
            "to whom, why and on which lawful basis."
        )
    with transaction.atomic():
        flags_now = red_flags(family)
        needs_second = outcome == ScreeningOutcome.APPROVE_CONTACT and bool(flags_now)
        to_state = {
            ScreeningOutcome.APPROVE_CONTACT: (
                FamilyState.AWAITING_SECOND_ANALYST
                if needs_second
                else FamilyState.APPROVED_FOR_CONTACT
            ),
            ScreeningOutcome.NOT_APPROPRIATE: FamilyState.NOT_APPROPRIATE,
            ScreeningOutcome.COORDINATE_WITH_CSC: FamilyState.COORDINATE_WITH_CSC,
        }[outcome]
        family_transition(
            family=family,
            to_state=to_state,
            acting_user=acting_user,
            action="screening.decided",
            purpose="screening",
            expected_version=expected_version,
            details={"outcome": outcome, "reason_code": reason_code, "red_flags": flags_now},
        )
        decision = ScreeningDecision.objects.create(
            family=family,
            outcome=outcome,
            reason_code=reason_code if outcome == ScreeningOutcome.NOT_APPROPRIATE else "",
            rationale=rationale,
            red_flags=flags_now,
            decided_by=acting_user,
            decided_at=timezone.now(),
            needs_countersignature=needs_second,
        )
        audit.record(
            actor=acting_user,
            action="screening.decision_recorded",
            subject=decision,
            purpose="screening",
            after={"outcome": outcome, "needs_countersignature": needs_second},
        )
        if csc_disclosure is not None and outcome == ScreeningOutcome.COORDINATE_WITH_CSC:
            from paramount.outreach.models import RecipientKind

            disclosure_record(
                family=family,
                recipient_kind=RecipientKind.SOCIAL_CARE,
                recipient_organisation=f"{family.area} children's social care",
                recipient_name=csc_disclosure.recipient_name,
                what=csc_disclosure.what,
                why=csc_disclosure.why,
                lawful_basis=csc_disclosure.lawful_basis,
                acting_user=acting_user,
            )
    return decision


def screening_countersign(
    *,
    family: Family,
    outcome: CountersignOutcome,
    note: str,
    acting_user: Any,
    expected_version: int | None = None,
) -> ScreeningDecision:
    """The second analyst's word on an approval made despite a red flag."""
    _require_analyst(acting_user, family)
    with transaction.atomic():
        decision = (
            ScreeningDecision.objects.select_for_update()
            .filter(family=family, needs_countersignature=True, countersigned_by__isnull=True)
            .first()
        )
        if decision is None or family.state != FamilyState.AWAITING_SECOND_ANALYST:
            raise ScreeningError(f"{family.reference} is not waiting for a second analyst.")
        if decision.decided_by_id == acting_user.pk:
            raise ScreeningError(
                "You approved this contact yourself: a different analyst must countersign it."
            )
        note = (note or "").strip()
        if outcome == CountersignOutcome.REFUSED and not note:
            raise ScreeningError("Say why you refuse, so the first analyst can act on it.")
        family_transition(
            family=family,
            to_state=(
                FamilyState.APPROVED_FOR_CONTACT
                if outcome == CountersignOutcome.AGREED
                else FamilyState.AWAITING_SCREENING
            ),
            acting_user=acting_user,
            action="screening.countersigned",
            purpose="screening",
            expected_version=expected_version,
            details={"outcome": outcome, "decision": decision.pk},
        )
        decision.countersign_outcome = outcome
        decision.countersigned_by = acting_user
        decision.countersigned_at = timezone.now()
        decision.countersign_note = note
        decision.save(
            update_fields=[
                "countersign_outcome",
                "countersigned_by",
                "countersigned_at",
                "countersign_note",
            ]
        )
    return decision
