"""Files that may hold personal data are readable by the service account only.

Two layers, so neither alone has to be right: the entry points (``paramount`` and the WSGI
application) set a process umask of 077, so whatever Paramount or a library creates is private;
and the code that writes personal data (the linkage cache, exports, the demo region, the SQLite
database) also sets 0600 itself, so the file is private even when the process was started some
other way (a test, a shell that imported Django). Plain Python, no Django: every app may use it.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO

PRIVATE_UMASK = 0o077
PRIVATE_FILE = 0o600
PRIVATE_DIRECTORY = 0o700
# SQLite keeps a database's recent changes and its index of them beside it.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def private_umask() -> None:
    """From now on this process creates files 0600 and directories 0700."""
    os.umask(PRIVATE_UMASK)


def _own(path: Path) -> bool:
    """Whether this process's user owns ``path`` (only the owner may change its mode)."""
    try:
        return path.stat().st_uid == os.getuid()
    except FileNotFoundError:
        return False


def private_directory(path: str | Path) -> Path:
    """``path`` as a directory only its owner can enter, made if missing."""
    path = Path(path)
    path.mkdir(mode=PRIVATE_DIRECTORY, parents=True, exist_ok=True)
    if _own(path) and stat.S_IMODE(path.stat().st_mode) != PRIVATE_DIRECTORY:
        path.chmod(PRIVATE_DIRECTORY)
    return path


def make_private(path: str | Path) -> None:
    """Take group and other permissions off an existing file."""
    path = Path(path)
    if _own(path):
        path.chmod(PRIVATE_FILE)


@contextlib.contextmanager
def open_private(path: str | Path, mode: str = "w", **options) -> Iterator[IO]:
    """Open ``path`` for writing, created (or truncated) with mode 0600 from the first byte."""
    if not mode.startswith("w"):
        raise ValueError("open_private writes files: use mode 'w' or 'wb'")
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    # A file that already existed keeps its old mode through O_CREAT: set it.
    os.fchmod(descriptor, PRIVATE_FILE)
    with os.fdopen(descriptor, mode, **options) as handle:
        yield handle


def write_private_text(path: str | Path, text: str) -> None:
    with open_private(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def sqlite_files_private(database: str | Path) -> None:
    """Make an SQLite database file and the files SQLite keeps beside it private. SQLite gives
    the write-ahead log it creates later the mode of the database file, so once the database
    is 0600 they follow."""
    name = str(database)
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    for suffix in ("", *SQLITE_COMPANIONS):
        candidate = Path(name + suffix)
        if candidate.exists():
            make_private(candidate)


def purge(paths: list[Path]) -> int:
    """Delete the files given (those already gone are not counted); return how many went."""
    removed = 0
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed += 1
    return removed
