"""Where a set of secret keys comes from: an environment variable, or a key file made on first use.

Production sets the variable (keys separated by commas, the first is the current one, the rest
are older keys still accepted) from its secret store. When it is unset (the demo, the tests) a
file under ``PARAMOUNT_HOME`` is used, created once with owner-only (0600) permissions. The
encryption keys (``paramount.privacy.keys``) and the audit trail's keys
(``paramount.access.audit_keys``) both come from here; this module imports no app.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


class KeyConfigurationError(RuntimeError):
    """The keys cannot be used; the message says which and what to do."""


@dataclass(frozen=True)
class KeySource:
    environment_variable: str
    file_name: str
    # What one key is called in messages ("Fernet key", "audit key").
    kind: str
    # A new random key, as text.
    generate: Callable[[], str]
    # What is wrong with a key ("is not a Fernet key (…)"), or None when it is usable.
    problem: Callable[[str], str | None]
    # The command that makes a key, named in messages.
    how_to_make: str

    def file(self) -> Path:
        from django.conf import settings

        return Path(settings.PARAMOUNT_HOME) / self.file_name

    def from_environment(self) -> bool:
        return bool(os.environ.get(self.environment_variable, "").strip())

    def parse(self, text: str, where: str) -> tuple[str, ...]:
        keys = tuple(k.strip() for k in text.replace("\n", ",").split(",") if k.strip())
        if not keys:
            raise KeyConfigurationError(f"{where} holds no keys: give at least one {self.kind}")
        for index, key in enumerate(keys, start=1):
            problem = self.problem(key)
            if problem:
                raise KeyConfigurationError(
                    f"{where}: key {index} {problem}; make one with {self.how_to_make}"
                )
        return keys

    def configured_keys(self) -> tuple[str, ...]:
        """The keys in use, current first: from the variable when it is set, else the file."""
        if self.from_environment():
            return self.parse(os.environ[self.environment_variable], self.environment_variable)
        return self._file_keys()

    def _file_keys(self) -> tuple[str, ...]:
        path = self.file()
        if not path.exists():
            # Another process may make it first: then use theirs.
            with contextlib.suppress(FileExistsError):
                _write_new_file(path, (self.generate(),))
        return self.parse(path.read_text(encoding="ascii"), str(path))

    def file_add_current(self) -> str:
        """Put a new current key at the front of the key file; the old keys stay after it.

        Only for the key file: when the variable is set, the operator puts the new key first in
        it instead.
        """
        if self.from_environment():
            raise KeyConfigurationError(
                f"{self.environment_variable} is set: put the new key first in it"
            )
        old = self._file_keys()
        new = self.generate()
        path = self.file()
        replacement = path.with_name(path.name + ".new")
        replacement.unlink(missing_ok=True)
        _write_new_file(replacement, (new, *old))
        replacement.replace(path)
        return new


def _write_new_file(path: Path, keys: tuple[str, ...]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write("\n".join(keys) + "\n")
