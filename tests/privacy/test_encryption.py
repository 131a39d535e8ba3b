"""SECURITY 21: screening rationale and countersignature notes are encrypted at rest, with key
rotation. Every name and note here is made up."""

import importlib
import os
import stat
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from paramount.access.models import AuditEvent
from paramount.privacy import keys
from paramount.privacy.fields import EncryptionError
from paramount.privacy.services import encrypted_fields, encryption_keys_rotate
from paramount.screening.models import ScreeningDecision, ScreeningOutcome
from paramount.screening.services import ScreeningError, screening_countersign, screening_decide

pytestmark = pytest.mark.django_db

RATIONALE = "Canary Thistlewood: the carer's new partner is known to the offender manager."
NOTE = "Canary note: spoke to the offender manager, who agrees."


def _raw(decision_id):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rationale, countersign_note FROM screening_screeningdecision WHERE id = %s",
            [decision_id],
        )
        return cursor.fetchone()


def _decision(cases, *, countersigned=True):
    family = cases.family(pprc_flag="Y" if countersigned else None)
    decision = screening_decide(
        family=family,
        outcome=ScreeningOutcome.APPROVE_CONTACT,
        rationale=RATIONALE,
        acting_user=cases.analyst,
    )
    if countersigned:
        screening_countersign(
            family=family, outcome="AGREED", note=NOTE, acting_user=cases.second_analyst
        )
    return ScreeningDecision.objects.get(pk=decision.pk)


def test_raw_sql_shows_ciphertext_and_the_orm_reads_the_text(cases, encryption_key):
    decision = _decision(cases)
    rationale, note = _raw(decision.pk)
    assert RATIONALE not in rationale and "Thistlewood" not in rationale
    assert NOTE not in note and "offender" not in note
    assert rationale.startswith("gAAAA") and note.startswith("gAAAA")
    assert Fernet(encryption_key.encode()).decrypt(rationale.encode()).decode() == RATIONALE

    assert decision.rationale == RATIONALE
    assert decision.countersign_note == NOTE


def test_equal_texts_encrypt_differently(cases):
    first = _decision(cases, countersigned=False)
    second = _decision(cases, countersigned=False)
    assert _raw(first.pk)[0] != _raw(second.pk)[0]


def test_after_a_new_key_is_added_first_and_rotated_old_rows_decrypt_under_the_new_key(
    cases, encryption_key, monkeypatch
):
    old_rows = [_decision(cases), _decision(cases, countersigned=False)]
    new_key = Fernet.generate_key().decode()
    monkeypatch.setenv(keys.ENVIRONMENT_VARIABLE, f"{new_key},{encryption_key}")
    keys.reset()

    # Between adding the key and rotating, every row still reads.
    assert [ScreeningDecision.objects.get(pk=d.pk).rationale for d in old_rows] == [RATIONALE] * 2
    # New writes are already under the new key.
    fresh = _decision(cases, countersigned=False)
    Fernet(new_key.encode()).decrypt(_raw(fresh.pk)[0].encode())

    call_command("privacy", "rotate-keys")

    for decision in [*old_rows, fresh]:
        rationale, note = _raw(decision.pk)
        assert Fernet(new_key.encode()).decrypt(rationale.encode()).decode() == RATIONALE
        with pytest.raises(InvalidToken):
            Fernet(encryption_key.encode()).decrypt(rationale.encode())
        Fernet(new_key.encode()).decrypt(note.encode())
    # The old key can now be retired: the new one alone reads everything.
    monkeypatch.setenv(keys.ENVIRONMENT_VARIABLE, new_key)
    keys.reset()
    assert ScreeningDecision.objects.get(pk=old_rows[0].pk).rationale == RATIONALE
    assert ScreeningDecision.objects.get(pk=old_rows[0].pk).countersign_note == NOTE
    rotation = AuditEvent.objects.get(action="privacy.encryption_keys_rotated")
    rotated = rotation.after["rows"]
    assert rotated.pop("screening.ScreeningDecision") == 3
    assert set(rotated.values()) <= {0}, "only the screening decisions had rows to rotate"


def test_rotation_is_safe_to_run_again(cases):
    decision = _decision(cases)
    encryption_keys_rotate()
    result = encryption_keys_rotate()
    assert result.rows["screening.ScreeningDecision"] == 1
    assert ScreeningDecision.objects.get(pk=decision.pk).rationale == RATIONALE


def test_a_value_written_with_a_key_no_longer_configured_fails_loudly_without_showing_it(
    cases, monkeypatch
):
    decision = _decision(cases, countersigned=False)
    monkeypatch.setenv(keys.ENVIRONMENT_VARIABLE, Fernet.generate_key().decode())
    keys.reset()
    with pytest.raises(EncryptionError, match="cannot be read with any configured key") as error:
        ScreeningDecision.objects.get(pk=decision.pk)
    assert "gAAAA" not in str(error.value)


def test_the_database_cannot_be_asked_about_encrypted_text(cases):
    with pytest.raises(FieldError, match="rationale is encrypted"):
        list(ScreeningDecision.objects.filter(rationale=RATIONALE))
    with pytest.raises(FieldError, match="is encrypted"):
        list(ScreeningDecision.objects.filter(countersign_note__icontains="canary"))
    assert not ScreeningDecision.objects.filter(rationale__isnull=True).exists()


def test_an_empty_rationale_is_still_refused_now_the_database_cannot_check_it(cases):
    family = cases.family()
    with pytest.raises(ScreeningError, match="needs a rationale"):
        screening_decide(
            family=family,
            outcome=ScreeningOutcome.APPROVE_CONTACT,
            rationale="   ",
            acting_user=cases.analyst,
        )
    assert not ScreeningDecision.objects.exists()


def test_the_migration_encrypts_existing_plain_text_rows_and_a_rerun_changes_nothing(cases):
    migration = importlib.import_module("paramount.screening.migrations.0002_encrypt_rationale")
    decision = _decision(cases)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE screening_screeningdecision SET rationale = %s, countersign_note = %s "
            "WHERE id = %s",
            ["Plain rationale from before encryption.", "", decision.pk],
        )
    schema_editor = SimpleNamespace(connection=connection)
    migration.encrypt_existing(None, schema_editor)
    rationale, note = _raw(decision.pk)
    assert "before encryption" not in rationale and note.startswith("gAAAA")
    migration.encrypt_existing(None, schema_editor)
    assert _raw(decision.pk) == (rationale, note)
    decision = ScreeningDecision.objects.get(pk=decision.pk)
    assert decision.rationale == "Plain rationale from before encryption."
    assert decision.countersign_note == ""

    migration.decrypt_existing(None, schema_editor)
    assert _raw(decision.pk)[0] == "Plain rationale from before encryption."


def test_the_encrypted_fields_are_found_wherever_they_are_used():
    found = {model._meta.label: names for model, names in encrypted_fields()}
    assert found["screening.ScreeningDecision"] == ["rationale", "countersign_note"]


def test_without_the_variable_a_key_file_is_made_once_with_owner_only_permissions(
    tmp_path, monkeypatch, settings
):
    monkeypatch.delenv(keys.ENVIRONMENT_VARIABLE)
    settings.PARAMOUNT_HOME = tmp_path
    keys.reset()
    first = keys.configured_keys()
    path = tmp_path / keys.KEY_FILE_NAME
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    keys.reset()
    assert keys.configured_keys() == first


def test_new_key_puts_a_current_key_first_in_the_key_file_and_old_values_still_read(
    cases, tmp_path, monkeypatch, settings
):
    monkeypatch.delenv(keys.ENVIRONMENT_VARIABLE)
    settings.PARAMOUNT_HOME = tmp_path
    keys.reset()
    decision = _decision(cases, countersigned=False)
    (old,) = keys.configured_keys()
    call_command("privacy", "new-key")
    new, kept = keys.configured_keys()
    assert kept == old and new != old
    assert stat.S_IMODE(os.stat(tmp_path / keys.KEY_FILE_NAME).st_mode) == 0o600
    assert ScreeningDecision.objects.get(pk=decision.pk).rationale == RATIONALE
    call_command("privacy", "rotate-keys")
    Fernet(new).decrypt(_raw(decision.pk)[0].encode())


def test_a_malformed_key_is_refused_with_what_to_do(monkeypatch):
    monkeypatch.setenv(keys.ENVIRONMENT_VARIABLE, "not-a-key")
    keys.reset()
    with pytest.raises(keys.KeyConfigurationError, match="key 1 is not a Fernet key"):
        keys.fernet()
