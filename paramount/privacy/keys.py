"""The encryption keys for data encrypted at rest (SECURITY 21).

Keys come from ``PARAMOUNT_ENCRYPTION_KEYS`` (Fernet keys, comma-separated, the first is the
current one used to encrypt; the rest still decrypt). When it is unset (the demo, the tests) a
key file under ``PARAMOUNT_HOME`` is used, generated once with 0600 permissions. Production sets
the variable from its secret store and never relies on the file.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, MultiFernet

from paramount.key_source import KeyConfigurationError, KeySource

ENVIRONMENT_VARIABLE = "PARAMOUNT_ENCRYPTION_KEYS"
KEY_FILE_NAME = "encryption-keys"


def _problem(key: str) -> str | None:
    try:
        Fernet(key.encode("ascii"))
    except ValueError:
        return "is not a Fernet key (32 url-safe base64 bytes)"
    return None


SOURCE = KeySource(
    environment_variable=ENVIRONMENT_VARIABLE,
    file_name=KEY_FILE_NAME,
    kind="Fernet key",
    generate=lambda: Fernet.generate_key().decode("ascii"),
    problem=_problem,
    how_to_make="`paramount privacy new-key`",
)


def key_file() -> Path:
    return SOURCE.file()


def configured_keys() -> tuple[bytes, ...]:
    """The keys in use, current first."""
    return tuple(key.encode("ascii") for key in SOURCE.configured_keys())


@lru_cache(maxsize=1)
def fernet() -> MultiFernet:
    return MultiFernet([Fernet(k) for k in configured_keys()])


def reset() -> None:
    """Forget the cached keys (after the variable or the key file changed)."""
    fernet.cache_clear()


def key_file_add_current() -> bytes:
    """Put a new current key at the front of the key file; the old keys still decrypt.

    Only for the key file: when ``PARAMOUNT_ENCRYPTION_KEYS`` is set, the operator adds the new
    key at the front of the variable instead.
    """
    if os.environ.get(ENVIRONMENT_VARIABLE, "").strip():
        raise KeyConfigurationError(
            f"{ENVIRONMENT_VARIABLE} is set: put the new key first in it, then rotate-keys"
        )
    new = SOURCE.file_add_current()
    reset()
    return new.encode("ascii")


# --- The erasure key ---------------------------------------------------------------------------
#
# An erasure leaves a tombstone: keyed hashes (HMAC-SHA256) of the person key and of each erased
# record's ``source:record_id``, so a request can be checked and a source that sends the record
# again is recognised, while nobody holding only the database can recompute them. The key is kept
# outside the database like the encryption keys: ``PARAMOUNT_ERASURE_KEYS`` (32-byte url-safe
# base64 keys, comma-separated, current first) or, when unset, the key file
# ``PARAMOUNT_HOME/erasure-keys``. Rotation adds a new current key; older keys stay listed for as
# long as tombstones made with them are kept, because a keyed hash cannot be recomputed under a
# new key without the text it hides.

ERASURE_ENVIRONMENT_VARIABLE = "PARAMOUNT_ERASURE_KEYS"
ERASURE_KEY_FILE_NAME = "erasure-keys"

ERASURE_SOURCE = KeySource(
    environment_variable=ERASURE_ENVIRONMENT_VARIABLE,
    file_name=ERASURE_KEY_FILE_NAME,
    kind="erasure key",
    generate=lambda: Fernet.generate_key().decode("ascii"),
    problem=_problem,
    how_to_make="`paramount privacy new-erasure-key`",
)


def erasure_key_file() -> Path:
    return ERASURE_SOURCE.file()


def erasure_keys() -> tuple[bytes, ...]:
    """The erasure keys, current first (made on first use when neither is configured)."""
    return tuple(key.encode("ascii") for key in ERASURE_SOURCE.configured_keys())


def erasure_hasher() -> Callable[[str], tuple[str, ...]]:
    """A function hashing a text under every erasure key, current first (the keys read once,
    for checking a whole file's rows)."""
    secrets = [base64.urlsafe_b64decode(key) for key in erasure_keys()]

    def hashes(text: str) -> tuple[str, ...]:
        message = f"paramount-erasure:{text}".encode()
        return tuple(hmac.new(secret, message, hashlib.sha256).hexdigest() for secret in secrets)

    return hashes


def erasure_hashes(text: str) -> tuple[str, ...]:
    """``text`` hashed under every erasure key, current first: a tombstone made under any of
    them is found."""
    return erasure_hasher()(text)


def erasure_hash(text: str) -> str:
    """``text`` hashed under the current erasure key, for a new tombstone."""
    return erasure_hashes(text)[0]


def erasure_key_file_add_current() -> bytes:
    """Put a new current key at the front of the erasure key file; the old ones stay."""
    return ERASURE_SOURCE.file_add_current().encode("ascii")
