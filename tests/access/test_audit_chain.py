"""SECURITY 12 and 13: audit rows in the change's transaction, append-only, tamper-evident."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from paramount.access import audit
from paramount.access.models import AuditEvent

pytestmark = pytest.mark.django_db


def _write(count, **values):
    with transaction.atomic():
        for number in range(count):
            audit.record(
                actor=None,
                action="test.event",
                subject_id=str(number),
                after={"n": number, "t": (1, 2)},
                **values,
            )


def test_each_row_chains_to_the_one_before():
    _write(3)
    rows = list(AuditEvent.objects.order_by("id"))
    assert rows[0].prev_hash == audit.GENESIS
    assert [r.prev_hash for r in rows[1:]] == [r.row_hash for r in rows[:-1]]
    assert audit.audit_verify().intact
    assert audit.audit_verify().rows == 3


def _raw(sql, params):
    """As an attacker with SQL access would, bypassing the ORM (and on PostgreSQL, the trigger)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # What a database superuser can do: run without ordinary triggers.
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")


def test_an_edited_row_is_named_by_verify():
    _write(5)
    target = AuditEvent.objects.order_by("id")[2]
    _raw("UPDATE access_auditevent SET purpose = %s WHERE id = %s", ["covering tracks", target.pk])
    check = audit.audit_verify()
    assert check.first_broken_id == target.pk
    assert "was changed" in check.reason
    with pytest.raises(CommandError, match=f"audit trail broken at row {target.pk}"):
        call_command("audit", "verify")


def test_a_deleted_row_is_found():
    _write(5)
    rows = list(AuditEvent.objects.order_by("id"))
    _raw("DELETE FROM access_auditevent WHERE id = %s", [rows[1].pk])
    check = audit.audit_verify()
    assert check.first_broken_id == rows[2].pk
    assert "removed or changed" in check.reason


def test_verify_says_when_the_chain_is_intact(capsys):
    _write(2)
    call_command("audit", "verify")
    assert "audit trail intact: 2 rows" in capsys.readouterr().out


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    "sql", ["UPDATE access_auditevent SET purpose = 'x'", "DELETE FROM access_auditevent"]
)
def test_postgresql_refuses_update_and_delete(sql):
    _write(1)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AuditEvent.objects.get().purpose == ""


@pytest.mark.django_db(transaction=True)
def test_a_failing_change_leaves_no_audit_row():
    """SECURITY 12: the audit row commits or rolls back with its change."""
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit.record(actor=None, action="test.outside")

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        audit.record(actor=None, action="test.rolled_back")
        raise Boom
    assert not AuditEvent.objects.filter(action="test.rolled_back").exists()
    with transaction.atomic():
        audit.record(actor=None, action="test.committed")
    assert AuditEvent.objects.filter(action="test.committed").exists()
