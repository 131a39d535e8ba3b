"""The encryption keys for data encrypted at rest (SECURITY 21).

Keys come from ``PARAMOUNT_ENCRYPTION_KEYS`` (Fernet keys, comma-separated, the first is the
current one used to encrypt; the rest still decrypt). When it is unset (the demo, the tests) a
key file under ``PARAMOUNT_HOME`` is used, generated once with 0600 permissions. Production sets
the variable from its secret store and never relies on the file.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, MultiFernet

ENVIRONMENT_VARIABLE = "PARAMOUNT_ENCRYPTION_KEYS"
KEY_FILE_NAME = "encryption-keys"


class KeyConfigurationError(RuntimeError):
    """The keys cannot be used; the message says which and what to do."""


def key_file() -> Path:
    from django.conf import settings

    return Path(settings.PARAMOUNT_HOME) / KEY_FILE_NAME


def _parse(text: str, where: str) -> tuple[bytes, ...]:
    keys = tuple(k.strip().encode("ascii") for k in text.replace("\n", ",").split(",") if k.strip())
    if not keys:
        raise KeyConfigurationError(f"{where} holds no keys: give at least one Fernet key")
    for index, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError as error:
            raise KeyConfigurationError(
                f"{where}: key {index} is not a Fernet key (32 url-safe base64 bytes); "
                "make one with `paramount privacy new-key`"
            ) from error
    return keys


def _write_new_file(path: Path, keys: tuple[bytes, ...]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write("\n".join(k.decode("ascii") for k in keys) + "\n")


def _file_keys() -> tuple[bytes, ...]:
    path = key_file()
    if not path.exists():
        # Another process may make it first: then use theirs.
        with contextlib.suppress(FileExistsError):
            _write_new_file(path, (Fernet.generate_key(),))
    return _parse(path.read_text(encoding="ascii"), str(path))


def configured_keys() -> tuple[bytes, ...]:
    """The keys in use, current first."""
    value = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if value:
        return _parse(value, ENVIRONMENT_VARIABLE)
    return _file_keys()


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
    old = _file_keys()
    new = Fernet.generate_key()
    path = key_file()
    replacement = path.with_name(path.name + ".new")
    replacement.unlink(missing_ok=True)
    _write_new_file(replacement, (new, *old))
    replacement.replace(path)
    reset()
    return new


# --- The erasure key ---------------------------------------------------------------------------
#
# An erasure leaves a tombstone: keyed hashes (HMAC-SHA256) of the person key and of each erased
# record's ``source:record_id``, so a request can be checked and a source that sends the record
# again is recognised, while nobody holding only the database can recompute them. The key is kept
# outside the database the same way as the encryption keys: ``PARAMOUNT_ERASURE_KEYS`` (32-byte
# url-safe base64 keys, comma-separated, current first) or, when unset, the key file
# ``PARAMOUNT_HOME/erasure-keys``. Rotation adds a new current key; older keys stay listed for as
# long as tombstones made with them are kept, because a keyed hash cannot be recomputed under a
# new key without the text it hides.

ERASURE_ENVIRONMENT_VARIABLE = "PARAMOUNT_ERASURE_KEYS"
ERASURE_KEY_FILE_NAME = "erasure-keys"


def erasure_key_file() -> Path:
    from django.conf import settings

    return Path(settings.PARAMOUNT_HOME) / ERASURE_KEY_FILE_NAME


def erasure_keys() -> tuple[bytes, ...]:
    """The erasure keys, current first (made on first use when neither is configured)."""
    value = os.environ.get(ERASURE_ENVIRONMENT_VARIABLE, "").strip()
    if value:
        return _parse(value, ERASURE_ENVIRONMENT_VARIABLE)
    path = erasure_key_file()
    if not path.exists():
        with contextlib.suppress(FileExistsError):
            _write_new_file(path, (Fernet.generate_key(),))
    return _parse(path.read_text(encoding="ascii"), str(path))


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
    if os.environ.get(ERASURE_ENVIRONMENT_VARIABLE, "").strip():
        raise KeyConfigurationError(
            f"{ERASURE_ENVIRONMENT_VARIABLE} is set: put the new key first in it instead"
        )
    old = erasure_keys()
    new = Fernet.generate_key()
    path = erasure_key_file()
    replacement = path.with_name(path.name + ".new")
    replacement.unlink(missing_ok=True)
    _write_new_file(replacement, (new, *old))
    replacement.replace(path)
    return new
