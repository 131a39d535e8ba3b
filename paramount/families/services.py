"""Writes of family cases: grouping identified children into families, and the one function
every state change of a family goes through."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.utils import timezone

from paramount.access import audit
from paramount.families.models import Family, FamilyMember, FamilyState
from paramount.identification.models import Identification, IdentificationStatus, ReviewState
from paramount.privacy.selectors import anonymised_identifications_q

S = FamilyState
# Every legal move, as data. Anything else is refused with a message saying what is possible.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.AWAITING_SCREENING: frozenset(
        {
            S.AWAITING_SECOND_ANALYST,
            S.APPROVED_FOR_CONTACT,
            S.NOT_APPROPRIATE,
            S.COORDINATE_WITH_CSC,
            S.WITHDRAWN,
        }
    ),
    S.AWAITING_SECOND_ANALYST: frozenset(
        {S.APPROVED_FOR_CONTACT, S.AWAITING_SCREENING, S.WITHDRAWN}
    ),
    # After talking to children's social care the analyst decides again.
    S.COORDINATE_WITH_CSC: frozenset(
        {S.AWAITING_SECOND_ANALYST, S.APPROVED_FOR_CONTACT, S.NOT_APPROPRIATE}
    ),
    S.APPROVED_FOR_CONTACT: frozenset(
        {S.CONTACT_ATTEMPTED, S.CONSENTED, S.DECLINED, S.UNREACHABLE, S.SELF_REFERRAL_DETAILS_LEFT}
    ),
    S.CONTACT_ATTEMPTED: frozenset(
        {S.CONTACT_ATTEMPTED, S.CONSENTED, S.DECLINED, S.UNREACHABLE, S.SELF_REFERRAL_DETAILS_LEFT}
    ),
    # Families move and phones change: an officer may try again.
    S.UNREACHABLE: frozenset(
        {S.CONTACT_ATTEMPTED, S.CONSENTED, S.DECLINED, S.SELF_REFERRAL_DETAILS_LEFT}
    ),
    S.SELF_REFERRAL_DETAILS_LEFT: frozenset({S.REFERRED, S.CONSENTED, S.DECLINED}),
    # Consent withdrawn before the referral is a decline.
    S.CONSENTED: frozenset({S.REFERRED, S.DECLINED}),
    S.NOT_APPROPRIATE: frozenset(),
    S.DECLINED: frozenset(),
    S.REFERRED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.CLOSED: frozenset(),
}
# States after which police work on the family is over, one way or another.
CLOSED_STATES = frozenset({S.NOT_APPROPRIATE, S.DECLINED, S.REFERRED, S.WITHDRAWN, S.CLOSED})
# Any case still open may be closed by Paramount: left with no activity for the configured
# period (the retention job's backstop), or left with no child by an erasure.
for _state in frozenset(S) - CLOSED_STATES:
    TRANSITIONS[_state] = TRANSITIONS[_state] | {S.CLOSED}
# A family in one of these is not an open case (for the "repeat reception with an open case" flag).
NOT_OPEN_STATES = frozenset({S.NOT_APPROPRIATE, S.DECLINED, S.UNREACHABLE, S.WITHDRAWN, S.CLOSED})


class FamilyStateError(Exception):
    """A change the family's state does not allow; the message says what is possible."""


class FamilyConflict(FamilyStateError):
    """The family changed since the page was loaded."""


def _state_label(state: str) -> str:
    return FamilyState(state).label.lower()


def family_transition(
    *,
    family: Family,
    to_state: FamilyState,
    acting_user: Any | None,
    action: str,
    purpose: str,
    expected_version: int | None = None,
    details: dict | None = None,
) -> Family:
    """Move ``family`` to ``to_state`` if that is legal, audited in the caller's transaction.

    Locks the row, so two people acting on one family at once are serialised; with
    ``expected_version`` a change made on an out-of-date page is refused (SECURITY 27).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("family_transition must run inside the transaction of the change")
    locked = Family.objects.select_for_update().get(pk=family.pk)
    if expected_version is not None and locked.version != expected_version:
        raise FamilyConflict(
            f"{locked.reference} changed while you were looking at it (it is now "
            f"{_state_label(locked.state)}). Nothing was saved: look again and decide."
        )
    allowed = TRANSITIONS[locked.state]
    if to_state not in allowed:
        possible = ", ".join(sorted(_state_label(s) for s in allowed)) or "nothing: it is closed"
        raise FamilyStateError(
            f"{locked.reference} is {_state_label(locked.state)}, so it cannot become "
            f"{_state_label(to_state)}. From here it can become: {possible}."
        )
    before = {"state": locked.state, "version": locked.version}
    locked.state = to_state
    locked.state_changed_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["state", "state_changed_at", "version"])
    audit.record(
        actor=acting_user,
        action=action,
        subject=locked,
        purpose=purpose,
        before=before,
        after={"state": locked.state, "version": locked.version} | (details or {}),
    )
    family.state, family.state_changed_at, family.version = (
        locked.state,
        locked.state_changed_at,
        locked.version,
    )
    return locked


class ClosedBecause(StrEnum):
    """Why Paramount itself closed a case nobody closed."""

    NO_ACTIVITY = "no_activity"
    NO_CHILD_LEFT = "no_child_left"


def family_close(
    *, family: Family, because: ClosedBecause, acting_user: Any | None = None, **details
) -> Family:
    """Close an open family that nobody will act on: left with no activity for the configured
    period (the retention job's backstop), or with no child after an erasure. Audited as
    ``family.closed`` with the reason; from then on the case's retention counts from today."""
    with transaction.atomic():
        return family_transition(
            family=family,
            to_state=FamilyState.CLOSED,
            acting_user=acting_user,
            action="family.closed",
            purpose="retention" if because == ClosedBecause.NO_ACTIVITY else "erasure",
            details={"because": str(because), **details},
        )


def household_key(identification: Identification) -> str:
    postcode = (identification.child_postcode or "").replace(" ", "").upper()
    return postcode or f"child:{identification.child_key}"


def families_sync(
    *, acting_user: Any | None = None, identified_on_reception_day: bool = False
) -> int:
    """Put every identification that may be acted on into its family; returns families created.

    An identification may be acted on once its match is accepted (automatically or by an
    analyst). Children of one reception at one address are one family. Safe to run again: it
    only adds what is missing, and withdraws a family still waiting for screening whose every
    child's match an analyst has since rejected.

    ``identified_on_reception_day`` (the demo, which builds two months of daily runs at once)
    dates each new family on its reception day instead of today.
    """
    from paramount.screening.services import screening_flags_refresh

    today = timezone.localdate()
    created = 0
    with transaction.atomic():
        waiting = list(
            Identification.objects.filter(
                status=IdentificationStatus.IDENTIFIED,
                reception_match__review_state__in=[
                    ReviewState.NOT_NEEDED,
                    ReviewState.CONFIRMED_BY_ANALYST,
                ],
                family_member__isnull=True,
            )
            # An erased person's identification stays only as a count: never a case again.
            .exclude(anonymised_identifications_q())
            .select_related("movement")
            .order_by("movement_id", "identification_id")
        )
        households: dict[tuple[int, str], list[Identification]] = defaultdict(list)
        for identification in waiting:
            households[(identification.movement_id, household_key(identification))].append(
                identification
            )
        touched: list[Family] = []
        prisoners: set[str] = set()
        for (movement_id, key), members in households.items():
            prisoners.add(members[0].movement.prison_number)
            family = Family.objects.filter(movement_id=movement_id, household_key=key).first()
            if family is None:
                now = timezone.now()
                movement = members[0].movement
                identified_on: date = (
                    movement.movement_date if identified_on_reception_day else today
                )
                family = Family.objects.create(
                    movement_id=movement_id,
                    household_key=key,
                    area=members[0].area,
                    state=FamilyState.AWAITING_SCREENING,
                    state_changed_at=now,
                    identified_on=identified_on,
                    created_at=now,
                )
                created += 1
                audit.record(
                    actor=acting_user,
                    action="family.created",
                    subject=family,
                    purpose="identification",
                    after={
                        "movement": movement.movement_id,
                        "identifications": [m.identification_id for m in members],
                        "area": family.area,
                    },
                )
            else:
                audit.record(
                    actor=acting_user,
                    action="family.children_added",
                    subject=family,
                    purpose="identification",
                    after={"identifications": [m.identification_id for m in members]},
                )
            FamilyMember.objects.bulk_create(
                FamilyMember(family=family, identification=m) for m in members
            )
            touched.append(family)
        # The new families' flags, and those of the same prisoners' other cases (each now has an
        # open case to mention).
        related = Family.objects.filter(movement__prison_number__in=prisoners).exclude(
            pk__in=[f.pk for f in touched]
        )
        for family in [*touched, *related]:
            screening_flags_refresh(family=family, acting_user=acting_user)
        _withdraw_rejected(acting_user)
    return created


def _withdraw_rejected(acting_user: Any | None) -> None:
    waiting = Family.objects.filter(
        state__in=[FamilyState.AWAITING_SCREENING, FamilyState.AWAITING_SECOND_ANALYST]
    ).exclude(members__identification__status=IdentificationStatus.IDENTIFIED)
    for family in waiting:
        family_transition(
            family=family,
            to_state=FamilyState.WITHDRAWN,
            acting_user=acting_user,
            action="family.withdrawn",
            purpose="identification review",
            details={"reason": "every child's match was rejected by an analyst"},
        )
