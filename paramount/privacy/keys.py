"""The encryption keys for data encrypted at rest (SECURITY 21).

Keys come from ``PARAMOUNT_ENCRYPTION_KEYS`` (Fernet keys, comma-separated, the first is the
current one used to encrypt; the rest still decrypt). When it is unset (the demo, the tests) a
key file under ``PARAMOUNT_HOME`` is used, generated once with 0600 permissions. Production sets
the variable from its secret store and never relies on the file.
"""

from __future__ import annotations

import os
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
