"""Every state of a family case, every legal move and every illegal one (STYLE habit 6)."""

import pytest
from django.db import transaction

from paramount.access.models import AuditEvent
from paramount.families.models import FamilyState
from paramount.families.services import (
    TRANSITIONS,
    FamilyConflict,
    FamilyStateError,
    family_transition,
)

pytestmark = pytest.mark.django_db

ILLEGAL = [
    (state, target)
    for state in FamilyState
    for target in FamilyState
    if target not in TRANSITIONS[state]
]
LEGAL = [(state, target) for state in FamilyState for target in sorted(TRANSITIONS[state])]


def test_every_state_has_a_row():
    assert set(TRANSITIONS) == set(FamilyState)


def test_closed_states_lead_nowhere():
    for state in (FamilyState.NOT_APPROPRIATE, FamilyState.DECLINED, FamilyState.REFERRED):
        assert TRANSITIONS[state] == frozenset()


def _family_in(cases, state):
    family = cases.family()
    type(family).objects.filter(pk=family.pk).update(state=state)
    family.refresh_from_db()
    return family


@pytest.mark.parametrize(("state", "target"), LEGAL)
def test_each_legal_move_is_made_and_audited(cases, state, target):
    family = _family_in(cases, state)
    with transaction.atomic():
        family_transition(
            family=family,
            to_state=target,
            acting_user=cases.analyst,
            action="test.move",
            purpose="test",
        )
    family.refresh_from_db()
    assert family.state == target
    assert family.version == 2
    event = AuditEvent.objects.get(action="test.move")
    assert event.before["state"] == state and event.after["state"] == target


@pytest.mark.parametrize(("state", "target"), ILLEGAL)
def test_each_illegal_move_is_refused_with_a_message(cases, state, target):
    family = _family_in(cases, state)
    with pytest.raises(FamilyStateError) as refused, transaction.atomic():
        family_transition(
            family=family,
            to_state=target,
            acting_user=cases.analyst,
            action="test.move",
            purpose="test",
        )
    message = str(refused.value)
    assert family.reference in message
    assert f"cannot become {FamilyState(target).label.lower()}" in message
    assert "From here it can become" in message
    family.refresh_from_db()
    assert family.state == state
    assert not AuditEvent.objects.filter(action="test.move").exists()


def test_a_change_made_on_an_out_of_date_page_is_refused(cases):
    family = cases.family()
    with transaction.atomic():
        family_transition(
            family=family,
            to_state=FamilyState.APPROVED_FOR_CONTACT,
            acting_user=cases.analyst,
            action="test.move",
            purpose="test",
            expected_version=1,
        )
    with (
        pytest.raises(FamilyConflict, match="changed while you were looking"),
        transaction.atomic(),
    ):
        family_transition(
            family=family,
            to_state=FamilyState.CONTACT_ATTEMPTED,
            acting_user=cases.analyst,
            action="test.move",
            purpose="test",
            expected_version=1,
        )


@pytest.mark.django_db(transaction=True)
def test_a_transition_outside_a_transaction_is_a_programming_error(cases):
    family = cases.family()
    with pytest.raises(RuntimeError, match="inside the transaction"):
        family_transition(
            family=family,
            to_state=FamilyState.APPROVED_FOR_CONTACT,
            acting_user=cases.analyst,
            action="test.move",
            purpose="test",
        )
