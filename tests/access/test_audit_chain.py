"""SECURITY 12 and 13: audit rows in the change's transaction, append-only, tamper-evident.

Tamper-evident against someone who can write to the database: each row's hash is an HMAC under
an audit key kept outside it, and checkpoints of the trail's head go to a file outside it. The
attacks here are done as such a person would: raw SQL, with the append-only triggers set aside.
"""

import hashlib
import json
import logging
import os
import stat
import threading
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from paramount.access import audit, audit_keys
from paramount.access.models import AuditEvent

pytestmark = pytest.mark.django_db

OLD_KEY = "an-old-audit-key-made-up-for-this-test-0001"
NEW_KEY = "a-new-audit-key-made-up-for-this-test-00002"


@pytest.fixture(autouse=True)
def _keys_read_afresh():
    audit_keys.reset()
    yield
    audit_keys.reset()


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


def _committed(transactions, rows_each=1):
    """Rows written the way the app writes them, each transaction committed (so each is followed
    by a checkpoint). Only in transactional tests."""
    for _ in range(transactions):
        _write(rows_each)
    return list(AuditEvent.objects.order_by("id"))


def _raw(sql, params=()):
    """As an attacker with SQL access would, bypassing the ORM and the append-only triggers."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # What a database superuser can do: run without ordinary triggers.
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(sql, params)
            cursor.execute("SET LOCAL session_replication_role = origin")
            return
        # SQLite has no roles: whoever can write the file drops the triggers, and puts them back.
        cursor.execute(
            "SELECT name, sql FROM sqlite_master "
            "WHERE type = 'trigger' AND tbl_name = 'access_auditevent'"
        )
        triggers = cursor.fetchall()
        for name, _ in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        cursor.execute(sql, params)
        for _, trigger in triggers:
            cursor.execute(trigger)


def _plain_sha256(row, prev_hash):
    """The chain's hash as it was before it was keyed: plain SHA-256 over the row's content,
    which anyone who reads the code can compute."""
    content = {
        "prev_hash": prev_hash,
        "at": row.at.astimezone(UTC).isoformat(),
        "actor_id": row.actor_id,
        "actor_name": row.actor_name,
        "role": row.role,
        "organisation": row.organisation,
        "action": row.action,
        "subject_type": row.subject_type,
        "subject_id": row.subject_id,
        "purpose": row.purpose,
        "before": row.before,
        "after": row.after,
    }
    encoded = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _rebuild_from(row_id, row_hash):
    """Recompute the stored hashes of every row from ``row_id`` on, as an attacker who edited a
    row would, so that each still links to the one before."""
    rows = list(AuditEvent.objects.order_by("id"))
    previous = audit.GENESIS
    for row in rows:
        if row.pk >= row_id:
            digest = row_hash(row, previous)
            _raw(
                "UPDATE access_auditevent SET prev_hash = %s, row_hash = %s WHERE id = %s",
                [previous, digest, row.pk],
            )
            row.row_hash = digest
        previous = row.row_hash


def _verify_fails():
    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify")
    return str(failure.value)


def _checkpoint_lines():
    from paramount.access.audit_checkpoints import checkpoint_path

    return checkpoint_path().read_bytes().splitlines()


# --- the chain --------------------------------------------------------------------------------


def test_each_row_chains_to_the_one_before_under_the_audit_key():
    _write(3)
    rows = list(AuditEvent.objects.order_by("id"))
    assert rows[0].prev_hash == audit.GENESIS
    assert [r.prev_hash for r in rows[1:]] == [r.row_hash for r in rows[:-1]]
    key = audit_keys.current_key()
    assert {r.key_id for r in rows} == {key.id}
    # Not the plain SHA-256 anyone can compute: the HMAC under the key outside the database.
    assert rows[0].row_hash != _plain_sha256(rows[0], audit.GENESIS)
    assert rows[0].row_hash == audit.row_hash(rows[0], audit.GENESIS, key)
    check = audit.audit_verify()
    assert check.first_broken_id is None
    assert check.rows == 3


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


def test_verify_says_when_the_trail_is_intact(capsys):
    _write(2)
    call_command("audit", "checkpoint")
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "audit trail intact: 2 rows, every hash checks out; 1 checkpoints match it" in out
    assert f"under audit key {audit_keys.current_key().id}" in out


def test_verify_fails_when_there_is_no_checkpoint_for_the_rows():
    _write(2)
    message = _verify_fails()
    assert "no checkpoint file at" in message
    assert "yet the audit trail holds 2 rows" in message
    assert "run `paramount audit checkpoint` once" in message


# --- finding 3: rows removed from the end, a chain rebuilt ------------------------------------


@pytest.mark.django_db(transaction=True)
def test_removing_the_newest_rows_is_found_and_named():
    rows = _committed(10)
    last, kept = rows[-1], rows[-6]
    _raw("DELETE FROM access_auditevent WHERE id > %s", [kept.pk])
    message = _verify_fails()
    assert (
        f"names row {last.pk} with hash {last.row_hash[:8]}…; the newest row is {kept.pk}: "
        f"rows {kept.pk + 1}-{last.pk} were removed (5 rows by its count)"
    ) in message
    assert "4 earlier checkpoints name removed rows too" in message


@pytest.mark.django_db(transaction=True)
def test_a_row_removed_from_the_middle_with_the_chain_rebuilt_is_found():
    rows = _committed(6)
    gone = rows[2]
    _raw("DELETE FROM access_auditevent WHERE id = %s", [gone.pk])
    # Whatever the rebuilt chain's hashes, the checkpoint of the removed row names it.
    _rebuild_from(rows[3].pk, _plain_sha256)
    message = _verify_fails()
    assert f"names row {gone.pk} with hash {gone.row_hash[:8]}…; there is no row {gone.pk} now" in (
        message
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("key_id", ["kept", "cleared"])
def test_an_edited_row_with_the_chain_rebuilt_in_plain_sha256_is_found(key_id):
    rows = _committed(6)
    target = rows[2]
    _raw("UPDATE access_auditevent SET purpose = %s WHERE id = %s", ["covering tracks", target.pk])
    if key_id == "cleared":
        _raw("UPDATE access_auditevent SET key_id = '' WHERE id >= %s", [target.pk])
    _rebuild_from(target.pk, _plain_sha256)
    message = _verify_fails()
    assert f"audit trail broken at row {target.pk}" in message
    assert (
        "it was rewritten without the audit key"
        if key_id == "cleared"
        else "its hash was made without the audit key"
    ) in message
    # The checkpoint of that row, written when it was committed, names its true hash.
    assert f"names row {target.pk} with hash {target.row_hash[:8]}…; row {target.pk} now has" in (
        message
    )


@pytest.mark.django_db(transaction=True)
def test_the_whole_trail_rebuilt_in_plain_sha256_is_found_by_the_checkpoints():
    """Every row rewritten as if from before the keyed chain: the chain holds together, the
    checkpoints do not agree with it."""
    rows = _committed(4)
    _raw("UPDATE access_auditevent SET key_id = '', purpose = %s WHERE id = %s", ["x", rows[1].pk])
    _raw("UPDATE access_auditevent SET key_id = ''")
    _rebuild_from(rows[0].pk, _plain_sha256)
    check = audit.audit_verify()
    # The attacker's hashes are exactly the old scheme's: the rows alone verify...
    assert check.first_broken_id is None
    # ...but not against the checkpoints.
    assert not check.intact
    assert any(
        f"names row {rows[-1].pk} with hash {rows[-1].row_hash[:8]}…; row {rows[-1].pk} now has"
        in problem
        for problem in check.checkpoint_problems
    )
    _verify_fails()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("key_id", ["the real key's id", "the attacker's key's id"])
def test_an_edited_row_with_the_chain_rebuilt_under_another_key_is_found(key_id):
    rows = _committed(5)
    target = rows[1]
    guess = audit_keys.AuditKey(
        audit_keys.current_key().id
        if key_id == "the real key's id"
        else audit_keys.key_id(b"guessed"),
        b"a guess at the audit key, which is not in the database",
    )
    _raw("UPDATE access_auditevent SET purpose = %s WHERE id = %s", ["covering tracks", target.pk])
    _raw("UPDATE access_auditevent SET key_id = %s WHERE id >= %s", [guess.id, target.pk])
    _rebuild_from(target.pk, lambda row, previous: audit.row_hash(row, previous, guess))
    message = _verify_fails()
    assert f"audit trail broken at row {target.pk}" in message
    assert (
        "its hash was made without the audit key"
        if key_id == "the real key's id"
        else f"it names audit key {guess.id}, which is not configured"
    ) in message


# --- the checkpoint file ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_checkpoint_follows_each_committed_transaction_once_in_an_owner_only_file():
    from paramount.access.audit_checkpoints import checkpoint_path

    _write(3)
    _write(2)
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        audit.record(actor=None, action="test.rolled_back")
        1 / 0  # noqa: B018
    lines = _checkpoint_lines()
    assert len(lines) == 2
    rows = list(AuditEvent.objects.order_by("id"))
    assert f"rows=5 last_id={rows[-1].pk} last_hash={rows[-1].row_hash} ".encode() in lines[1]
    assert stat.S_IMODE(os.stat(checkpoint_path()).st_mode) == 0o600
    # Nothing new since: the scheduler's checkpoint writes nothing.
    call_command("audit", "checkpoint")
    assert len(_checkpoint_lines()) == 2
    assert audit.audit_verify().intact


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("change", ["removed", "edited", "forged"])
def test_a_removed_edited_or_forged_checkpoint_line_is_found(change):
    from paramount.access.audit_checkpoints import checkpoint_path

    _committed(4)
    lines = _checkpoint_lines()
    assert len(lines) == 4
    if change == "removed":
        del lines[1]
    elif change == "edited":
        lines[1] = lines[1].replace(b" rows=2 ", b" rows=9 ")
    else:
        forger = audit_keys.AuditKey(audit_keys.current_key().id, b"not the audit key")
        signed = lines[1].split(b" mac=")[0]
        lines[1] = signed + b" mac=" + forger.mac(signed).encode()
    checkpoint_path().write_bytes(b"\n".join(lines) + b"\n")
    message = _verify_fails()
    if change == "removed":
        assert "audit-checkpoints.log line 2 does not follow the line before it" in message
    else:
        assert "audit-checkpoints.log line 2: its MAC does not match" in message
        assert "audit-checkpoints.log line 3 does not follow the line before it" in message


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers, and its test database is in memory with table locks",
)
@pytest.mark.django_db(transaction=True)
def test_checkpoints_from_many_writers_at_once_stay_in_one_unbroken_chain():
    errors = []

    def writer():
        try:
            for _ in range(4):
                _write(1)
        except Exception as error:  # reported below, with the thread's own message
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    check = audit.audit_verify()
    assert check.intact, check.checkpoint_problems
    assert check.rows == 16
    assert check.newest_checkpoint.rows == 16


@pytest.mark.django_db(transaction=True)
def test_a_checkpoint_that_cannot_be_written_is_logged_and_the_change_kept(
    settings, tmp_path, caplog
):
    settings.PARAMOUNT_AUDIT_CHECKPOINTS = str(tmp_path)  # a folder: cannot be opened as a file
    with caplog.at_level(logging.ERROR, logger="paramount.access.audit"):
        _write(1)
    assert AuditEvent.objects.count() == 1
    assert "audit checkpoint not written after a commit" in caplog.text
    assert "run `paramount audit checkpoint`" in caplog.text


def test_checkpoints_also_go_to_the_system_log_when_asked(settings):
    settings.PARAMOUNT_AUDIT_SYSLOG = True
    _write(1)
    with mock.patch("paramount.access.audit_checkpoints.syslog.syslog") as system_log:
        call_command("audit", "checkpoint")
    (_, line), _ = system_log.call_args
    assert line.encode() == _checkpoint_lines()[-1]
    assert line.startswith("paramount-audit-checkpoint at=")


def test_verify_as_of_a_backup_leaves_out_later_checkpoints(capsys):
    """A copy restored from last night's backup lacks today's rows; today's checkpoints say so,
    the ones written up to the backup do not."""
    backup = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", return_value=backup.replace(hour=0)):
        _write(2)
        call_command("audit", "checkpoint")
    with mock.patch("django.utils.timezone.now", return_value=backup.replace(hour=9)):
        _write(2)
        call_command("audit", "checkpoint")
    newest = AuditEvent.objects.order_by("id")[1]
    _raw("DELETE FROM access_auditevent WHERE id > %s", [newest.pk])
    assert "were removed" in _verify_fails()
    call_command("audit", "verify", "--as-of", "2026-12-01T01:00")
    assert "audit trail intact: 2 rows" in capsys.readouterr().out


# --- keys -------------------------------------------------------------------------------------


def test_rows_under_an_old_key_still_verify_after_rotation(monkeypatch, capsys):
    monkeypatch.setenv(audit_keys.ENVIRONMENT_VARIABLE, OLD_KEY)
    audit_keys.reset()
    old = audit_keys.current_key()
    _write(2)
    call_command("audit", "checkpoint")
    monkeypatch.setenv(audit_keys.ENVIRONMENT_VARIABLE, f"{NEW_KEY},{OLD_KEY}")
    audit_keys.reset()
    new = audit_keys.current_key()
    _write(2)
    call_command("audit", "checkpoint")
    rows = list(AuditEvent.objects.order_by("id"))
    assert [r.key_id for r in rows] == [old.id, old.id, new.id, new.id]
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert f"rows {rows[0].pk}-{rows[1].pk} (2) under audit key {old.id}" in out
    assert f"rows {rows[2].pk}-{rows[3].pk} (2) under audit key {new.id}" in out
    # The old key taken out too soon: its rows and checkpoint can no longer be checked.
    monkeypatch.setenv(audit_keys.ENVIRONMENT_VARIABLE, NEW_KEY)
    audit_keys.reset()
    message = _verify_fails()
    assert f"it names audit key {old.id}, which is not configured" in message
    assert f"line 1 was signed with audit key {old.id}, which is not configured" in message


def test_new_key_puts_a_current_key_first_in_an_owner_only_key_file(
    monkeypatch, settings, tmp_path
):
    monkeypatch.delenv(audit_keys.ENVIRONMENT_VARIABLE, raising=False)
    settings.PARAMOUNT_HOME = tmp_path
    audit_keys.reset()
    _write(1)
    (old,) = audit_keys.audit_keys()
    call_command("audit", "new-key")
    new, kept = audit_keys.audit_keys()
    assert kept == old and new != old
    assert stat.S_IMODE(os.stat(tmp_path / audit_keys.KEY_FILE_NAME).st_mode) == 0o600
    _write(1)
    call_command("audit", "checkpoint")
    assert audit.audit_verify().intact


def test_a_short_audit_key_is_refused_with_what_to_do(monkeypatch):
    monkeypatch.setenv(audit_keys.ENVIRONMENT_VARIABLE, "too-short")
    audit_keys.reset()
    with pytest.raises(CommandError, match="key 1 is too short.*`paramount audit new-key`"):
        call_command("audit", "verify")


def test_rows_from_before_the_keyed_chain_still_verify_and_are_sealed_by_the_first_keyed_row():
    previous = audit.GENESIS
    for number in range(3):
        row = AuditEvent(at=timezone.now(), actor_name="system", action="test.before", after={})
        row.subject_id = str(number)
        row.prev_hash, row.row_hash = previous, audit.unkeyed_row_hash(row, previous)
        assert row.row_hash == _plain_sha256(row, previous)
        row.save()
        previous = row.row_hash
    _write(2)
    call_command("audit", "checkpoint")
    assert audit.audit_verify().intact
    # Rewriting the unkeyed rows, however well, breaks the first keyed row's link.
    legacy = list(AuditEvent.objects.filter(key_id="").order_by("id"))
    _raw("UPDATE access_auditevent SET purpose = 'x' WHERE id = %s", [legacy[1].pk])
    previous = legacy[0].row_hash
    for row in legacy[1:]:
        row.purpose = "x" if row.pk == legacy[1].pk else row.purpose
        digest = _plain_sha256(row, previous)
        _raw(
            "UPDATE access_auditevent SET row_hash = %s, prev_hash = %s WHERE id = %s",
            [digest, previous, row.pk],
        )
        previous = digest
    check = audit.audit_verify()
    first_keyed = AuditEvent.objects.exclude(key_id="").order_by("id").first()
    assert check.first_broken_id == first_keyed.pk
    assert "its link to the row before does not match" in check.reason


# --- append-only in the database --------------------------------------------------------------


@pytest.mark.parametrize(
    "sql", ["UPDATE access_auditevent SET purpose = 'x'", "DELETE FROM access_auditevent"]
)
def test_the_database_refuses_update_and_delete(sql):
    """PostgreSQL and SQLite alike (SQLite's triggers came with the keyed chain)."""
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
