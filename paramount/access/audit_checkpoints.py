"""Checkpoints of the audit trail's head, kept outside the database (SECURITY 13).

The hash chain shows a row edited or removed in the middle of the trail, but not rows removed
from its end. A checkpoint names the newest row (its id and hash) and how many rows there were
up to it, at a time; ``paramount audit verify`` checks every checkpoint against the rows still
there. One is written after each committed transaction that wrote audit rows, and by
``paramount audit checkpoint``.

The lines go to an append-only file (``PARAMOUNT_AUDIT_CHECKPOINTS``, by default
``PARAMOUNT_HOME/audit-checkpoints.log``) and, with ``PARAMOUNT_AUDIT_SYSLOG=1``, to the system
log. Each line is an HMAC under the audit key and carries the SHA-256 of the line before it, so
an edited, forged or removed line is found as well. A line holds ids, hashes, a count and a time:
no personal data.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import os
import re
import syslog
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from paramount.access.audit_keys import ENVIRONMENT_VARIABLE, current_key, key_by_id
from paramount.access.models import AuditEvent

FILE_NAME = "audit-checkpoints.log"
PREFIX = "paramount-audit-checkpoint"
# What the first line of a file links to.
FIRST_LINE = "0" * 64
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_LINE = re.compile(
    rb"(?P<signed>" + PREFIX.encode("ascii") + rb" at=(?P<at>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"
    rb" rows=(?P<rows>\d+) last_id=(?P<last_id>\d+) last_hash=(?P<last_hash>[0-9a-f]{64})"
    rb" key_id=(?P<key_id>[0-9a-f]{12}) prev=(?P<prev>[0-9a-f]{64}))"
    rb" mac=(?P<mac>[0-9a-f]{64})"
)
# Enough of the file's end to hold its last line (a line is about 330 bytes).
_TAIL_BYTES = 4096


@dataclass(frozen=True)
class Checkpoint:
    at: datetime
    rows: int
    last_id: int
    last_hash: str
    key_id: str
    # Where it was read from, for messages ("audit-checkpoints.log line 7").
    source: str = ""

    def describe(self) -> str:
        where = f" ({self.source})" if self.source else ""
        return f"the checkpoint of {self.at:%Y-%m-%d %H:%M:%S} UTC{where}"


@dataclass(frozen=True)
class _Line:
    checkpoint: Checkpoint
    signed: bytes
    prev: str
    mac: str


def checkpoint_path() -> Path:
    configured = settings.PARAMOUNT_AUDIT_CHECKPOINTS
    return Path(configured) if configured else Path(settings.PARAMOUNT_HOME) / FILE_NAME


def short(digest: str) -> str:
    return f"{digest[:8]}…"


def _line_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _parse(raw: bytes, source: str = "") -> _Line | None:
    found = _LINE.fullmatch(raw)
    if found is None:
        return None
    return _Line(
        Checkpoint(
            at=datetime.strptime(found["at"].decode(), _TIME_FORMAT).replace(tzinfo=UTC),
            rows=int(found["rows"]),
            last_id=int(found["last_id"]),
            last_hash=found["last_hash"].decode(),
            key_id=found["key_id"].decode(),
            source=source,
        ),
        signed=found["signed"],
        prev=found["prev"].decode(),
        mac=found["mac"].decode(),
    )


def _authentic(line: _Line) -> bool:
    key = key_by_id(line.checkpoint.key_id)
    return key is not None and hmac.compare_digest(key.mac(line.signed), line.mac)


def _tail(descriptor: int) -> tuple[bytes, bool]:
    """The file's last line, and whether the file ends with a newline (or is empty)."""
    size = os.fstat(descriptor).st_size
    if size == 0:
        return b"", True
    start = max(0, size - _TAIL_BYTES)
    data = os.pread(descriptor, size - start, start)
    lines = data.rstrip(b"\n").split(b"\n")
    complete = start == 0 or len(lines) > 1
    return (lines[-1] if complete else b""), data.endswith(b"\n")


def _head(previous: Checkpoint | None) -> tuple[int, str, int] | None:
    """The newest row's id and hash, and how many rows there are up to it.

    One query, so it is one snapshot, and cheap on a long trail: it counts only the rows after
    the previous checkpoint when that checkpoint's row is still as it named it. Audit rows are
    written under a lock and commit in id order, so no row below a committed one appears later.
    """
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    since = previous.last_id if previous else 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT newest.id, newest.row_hash, "  # noqa: S608 (the table name is the model's)
            f"(SELECT row_hash FROM {table} WHERE id = %s), "
            f"(SELECT count(*) FROM {table} WHERE id > %s AND id <= newest.id) "
            f"FROM (SELECT id, row_hash FROM {table} ORDER BY id DESC LIMIT 1) newest",
            [since, since],
        )
        found = cursor.fetchone()
    if found is None:
        return None
    last_id, last_hash, since_hash, added = found
    if previous is None:
        return last_id, last_hash, added
    if last_id >= since and since_hash == previous.last_hash:
        return last_id, last_hash, previous.rows + added
    return last_id, last_hash, AuditEvent.objects.filter(id__lte=last_id).count()


def audit_checkpoint_write() -> Checkpoint | None:
    """Append a checkpoint of the trail's head as it is now.

    Returns None, writing nothing, when the trail is empty or its head is the one the last
    checkpoint names.
    """
    path = checkpoint_path()
    flags = os.O_RDWR | os.O_APPEND | os.O_CREAT
    try:
        descriptor = os.open(path, flags, 0o600)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, flags, 0o600)
    try:
        # One writer at a time, reading the head while it holds the lock: the lines then follow
        # the trail in order, each linked to the one before it.
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        tail, ends_with_newline = _tail(descriptor)
        previous = _parse(tail) if tail else None
        if previous is not None and not _authentic(previous):
            previous = None
        head = _head(previous.checkpoint if previous else None)
        if head is None:
            return None
        last_id, last_hash, rows = head
        if previous and (previous.checkpoint.last_id, previous.checkpoint.last_hash) == (
            last_id,
            last_hash,
        ):
            return None
        key = current_key()
        at = timezone.now().astimezone(UTC).replace(microsecond=0)
        signed = (
            f"{PREFIX} at={at.strftime(_TIME_FORMAT)} rows={rows} last_id={last_id} "
            f"last_hash={last_hash} key_id={key.id} prev={_line_hash(tail) if tail else FIRST_LINE}"
        )
        line = f"{signed} mac={key.mac(signed.encode('ascii'))}"
        # A line cut short (a crash mid-write) stays a line of its own: verify names it.
        os.write(descriptor, ("" if ends_with_newline else "\n").encode() + f"{line}\n".encode())
    finally:
        os.close(descriptor)
    if settings.PARAMOUNT_AUDIT_SYSLOG:
        syslog.openlog("paramount-audit", syslog.LOG_PID, syslog.LOG_AUTH)
        syslog.syslog(syslog.LOG_NOTICE, line)
    return Checkpoint(at, rows, last_id, last_hash, key.id, str(path))


class CheckpointFile:
    """The checkpoints of one file, in order, each line's MAC and link checked as it is read.

    Iterating yields the authentic checkpoints in the order of the rows they name (written
    after ``as_of`` are left out); what is wrong with the file collects in ``problems``.
    """

    def __init__(self, path: Path, *, as_of: datetime | None = None):
        self.path = path
        self.as_of = as_of
        self.exists = path.exists()
        self.problems: list[str] = []
        self.used = 0
        # The checkpoint naming the newest row, of those read in order.
        self.newest: Checkpoint | None = None
        # Lines naming an older row than a line before them: checked on their own.
        self.out_of_order: list[Checkpoint] = []

    def __iter__(self) -> Iterator[Checkpoint]:
        if not self.exists:
            return
        expected_prev = FIRST_LINE
        highest = 0
        with self.path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                raw = raw.removesuffix(b"\n")
                where = f"{self.path.name} line {number}"
                line = _parse(raw, where)
                if line is not None and line.prev != expected_prev:
                    self.problems.append(
                        f"{where} does not follow the line before it: "
                        + (
                            "lines before it were removed"
                            if number == 1
                            else f"line {number - 1} was changed, or lines between them were removed"
                        )
                    )
                expected_prev = _line_hash(raw)
                if line is None:
                    self.problems.append(
                        f"{where} is not a checkpoint line: it was edited or cut short"
                    )
                    continue
                checkpoint = line.checkpoint
                if key_by_id(checkpoint.key_id) is None:
                    self.problems.append(
                        f"{where} was signed with audit key {checkpoint.key_id}, which is not "
                        f"configured: add that key (after the current one) to "
                        f"{ENVIRONMENT_VARIABLE}, or the line was forged"
                    )
                    continue
                if not _authentic(line):
                    self.problems.append(
                        f"{where}: its MAC does not match: the line was edited, or written "
                        "without the audit key"
                    )
                    continue
                if self.as_of is not None and checkpoint.at > self.as_of:
                    continue
                self.used += 1
                if checkpoint.last_id < highest:
                    self.problems.append(
                        f"{where} names row {checkpoint.last_id}, older than row {highest} named "
                        "by a line before it: rows were removed from the end of the trail between "
                        "the two, or the database was restored to an earlier point"
                    )
                    self.out_of_order.append(checkpoint)
                    continue
                highest = checkpoint.last_id
                self.newest = checkpoint
                yield checkpoint
