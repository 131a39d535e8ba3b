"""The audit trail's keys: each row's hash and each checkpoint line is an HMAC-SHA256 under one.

The keys live outside the database (``PARAMOUNT_AUDIT_KEYS`` from the secret store, or the key
file ``PARAMOUNT_HOME/audit-keys`` on a single machine), so someone who can write to the
database, or read its backups, cannot compute a hash that verifies. The first key is current
and signs new rows; older keys stay in the list so the rows they signed still verify. A row
names its key by id, a fingerprint that reveals nothing of the key.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from functools import lru_cache

from paramount.key_source import KeyConfigurationError, KeySource

ENVIRONMENT_VARIABLE = "PARAMOUNT_AUDIT_KEYS"
KEY_FILE_NAME = "audit-keys"
MINIMUM_LENGTH = 32


def _problem(key: str) -> str | None:
    if not key.isascii() or not key.isprintable():
        return "is not plain printable ASCII text"
    if len(key) < MINIMUM_LENGTH:
        return f"is too short: an audit key has at least {MINIMUM_LENGTH} characters"
    return None


SOURCE = KeySource(
    environment_variable=ENVIRONMENT_VARIABLE,
    file_name=KEY_FILE_NAME,
    kind="audit key",
    generate=lambda: secrets.token_urlsafe(32),
    problem=_problem,
    how_to_make="`paramount audit new-key`",
)


@dataclass(frozen=True)
class AuditKey:
    id: str
    secret: bytes

    def mac(self, message: bytes) -> str:
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()


def key_id(secret: bytes) -> str:
    """The key's fingerprint: 12 hex digits, derived under the key so it reveals nothing."""
    return hmac.new(secret, b"paramount audit key id", hashlib.sha256).hexdigest()[:12]


@lru_cache(maxsize=1)
def audit_keys() -> tuple[AuditKey, ...]:
    """The configured keys, current first."""
    found = []
    for text in SOURCE.configured_keys():
        secret = text.encode("ascii")
        found.append(AuditKey(key_id(secret), secret))
    return tuple(found)


def current_key() -> AuditKey:
    return audit_keys()[0]


def key_by_id(wanted: str) -> AuditKey | None:
    return next((key for key in audit_keys() if key.id == wanted), None)


def reset() -> None:
    """Forget the cached keys (after the variable or the key file changed)."""
    audit_keys.cache_clear()


def key_file_add_current() -> AuditKey:
    """Put a new current key first in the key file; rows signed by the old keys still verify."""
    if SOURCE.from_environment():
        raise KeyConfigurationError(
            f"{ENVIRONMENT_VARIABLE} is set: put the new key first in it and restart every "
            "process that writes the audit trail"
        )
    SOURCE.file_add_current()
    reset()
    return current_key()
