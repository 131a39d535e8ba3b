# Screening rationale and countersignature notes encrypted at rest (SECURITY 21).

from cryptography.fernet import InvalidToken
from django.db import migrations

import paramount.privacy.fields

COLUMNS = ("rationale", "countersign_note")


def _rewrite(schema_editor, change):
    """Apply ``change`` to each stored value, by raw SQL: the historical model's field would try
    to decrypt the plain text it is about to replace."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    table = quote("screening_screeningdecision")
    columns = ", ".join(quote(c) for c in COLUMNS)
    assignments = ", ".join(f"{quote(c)} = %s" for c in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {columns} FROM {table} ORDER BY id")  # noqa: S608
        rows = cursor.fetchall()
        for row_id, *values in rows:
            new = [None if v is None else change(v) for v in values]
            if new != values:
                cursor.execute(
                    f"UPDATE {table} SET {assignments} WHERE id = %s",  # noqa: S608
                    [*new, row_id],
                )


def encrypt_existing(apps, schema_editor):
    from paramount.privacy import fields

    def encrypt(value):
        try:
            fields.keys.fernet().decrypt(value.encode("utf-8"))
            return value  # already encrypted: a re-run changes nothing
        except (InvalidToken, UnicodeEncodeError):
            return fields.encrypt(value)

    _rewrite(schema_editor, encrypt)


def decrypt_existing(apps, schema_editor):
    from paramount.privacy import fields

    _rewrite(schema_editor, fields.decrypt)


class Migration(migrations.Migration):

    dependencies = [
        ("screening", "0001_initial"),
    ]

    operations = [
        # The database would compare ciphertext with "": screening_decide refuses an empty
        # rationale instead.
        migrations.RemoveConstraint(
            model_name="screeningdecision",
            name="screening_decision_has_a_rationale",
        ),
        migrations.AlterField(
            model_name="screeningdecision",
            name="countersign_note",
            field=paramount.privacy.fields.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name="screeningdecision",
            name="rationale",
            field=paramount.privacy.fields.EncryptedTextField(),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing, elidable=False),
    ]
