"""Usernames stored in one canonical spelling, and the database refusing any other (SECURITY 6).

Existing usernames are rewritten to their canonical form (NFKC, case-folded, NFKC again,
trimmed), each change audited. The migration stops, changing nothing, when two accounts would
end up with the same username or one would use characters outside the plain set; the message
names the user ids so an administrator can rename one and run ``paramount migrate`` again.

The rule is a copy of ``paramount.access.usernames`` as it was when this migration was written,
so that later changes there cannot change what this migration did.
"""

import re
import unicodedata
from collections import defaultdict

from django.db import migrations

_ALLOWED = re.compile(r"[a-z0-9._@-]+")


def _canonical(username):
    folded = unicodedata.normalize("NFKC", username or "").casefold()
    return unicodedata.normalize("NFKC", folded).strip()


def canonicalise_usernames(apps, schema_editor):
    User = apps.get_model("auth", "User")
    by_canonical = defaultdict(list)
    for user_id, username in User.objects.order_by("id").values_list("id", "username"):
        by_canonical[_canonical(username)].append((user_id, username))
    clashes = [ids for ids in by_canonical.values() if len(ids) > 1]
    if clashes:
        listed = "; ".join(" and ".join(str(user_id) for user_id, _ in ids) for ids in clashes)
        raise RuntimeError(
            "Usernames must differ by more than capitals and look-alike characters, but these "
            f"user ids would end up with the same username: {listed}. Nothing was changed. "
            "Rename or remove one of each, then run `paramount migrate` again."
        )
    unusable = sorted(
        user_id
        for canonical, ids in by_canonical.items()
        for user_id, _ in ids
        if not _ALLOWED.fullmatch(canonical)
    )
    if unusable:
        raise RuntimeError(
            "Usernames may use only lower-case letters a to z, digits, and . - _ @, but the "
            f"usernames of user ids {', '.join(map(str, unusable))} do not. Nothing was changed. "
            "Rename them, then run `paramount migrate` again."
        )
    changed = [
        (user_id, username, canonical)
        for canonical, ids in by_canonical.items()
        for user_id, username in ids
        if username != canonical
    ]
    if not changed:
        return
    # The audit trail's own writer keeps the hash chain; imported here only when there is
    # something to record, because it works on the current model, not the historical one.
    from paramount.access import audit

    for user_id, username, canonical in changed:
        User.objects.filter(pk=user_id).update(username=canonical)
        audit.record(
            actor=None,
            action="user.username_canonicalised",
            subject_type="auth.user",
            subject_id=str(user_id),
            purpose="one spelling per account (migration)",
            before={"username": username},
            after={"username": canonical},
        )


# The backstop: whatever writes to the table (a shell, another tool, a future code path), the
# database keeps usernames canonical. PostgreSQL checks a constraint; SQLite cannot add one to
# an existing table, so triggers refuse the insert or update instead.
POSTGRES_ADD = r"""
ALTER TABLE auth_user ADD CONSTRAINT auth_user_username_canonical
    CHECK ((username COLLATE "C") ~ '^[a-z0-9._@-]+$');
"""
POSTGRES_DROP = "ALTER TABLE auth_user DROP CONSTRAINT IF EXISTS auth_user_username_canonical;"
_SQLITE_REFUSED = (
    "WHEN NEW.username = '' OR NEW.username GLOB '*[^a-z0-9._@-]*' "
    "BEGIN SELECT RAISE(ABORT, 'auth_user.username must be canonical: "
    "lower-case letters a to z, digits, and . - _ @ only'); END;"
)
SQLITE_ADD = [
    "CREATE TRIGGER IF NOT EXISTS auth_user_username_canonical_insert "
    f"BEFORE INSERT ON auth_user {_SQLITE_REFUSED}",
    "CREATE TRIGGER IF NOT EXISTS auth_user_username_canonical_update "
    f"BEFORE UPDATE OF username ON auth_user {_SQLITE_REFUSED}",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS auth_user_username_canonical_insert;",
    "DROP TRIGGER IF EXISTS auth_user_username_canonical_update;",
]


def add_backstop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": [POSTGRES_ADD], "sqlite": SQLITE_ADD}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def drop_backstop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": [POSTGRES_DROP], "sqlite": SQLITE_DROP}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0005_audit_keyed_chain"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(canonicalise_usernames, migrations.RunPython.noop),
        migrations.RunPython(add_backstop, drop_backstop),
    ]
