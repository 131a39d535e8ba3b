"""``paramount audit verify|checkpoint|new-key``: check the audit trail against its keyed chain
and its checkpoints, write a checkpoint of its head, or start a new audit key."""

from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from paramount.access import audit_keys
from paramount.access.audit import AuditCheck, audit_verify
from paramount.access.audit_checkpoints import audit_checkpoint_write, checkpoint_path, short
from paramount.key_source import KeyConfigurationError

# More than this many problems are counted, not listed: the first ones say what happened.
_PROBLEMS_LISTED = 10


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise CommandError(
            f"--as-of {text!r} is not a date and time: give it as 2026-12-01T01:00 (UTC)"
        ) from error
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


class Command(BaseCommand):
    help = (
        "The audit trail: `verify` checks every row's keyed hash and every checkpoint (exit 1 "
        "naming what is missing or changed); `checkpoint` appends a checkpoint of its head to the "
        "checkpoint file; `new-key` puts a new current audit key first in the key file."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "checkpoint", "new-key"])
        parser.add_argument(
            "--checkpoints",
            action="append",
            type=Path,
            metavar="FILE",
            help="verify against this checkpoint file (a copy, or one per app server); may be "
            "given more than once; default: the configured file",
        )
        parser.add_argument(
            "--as-of",
            type=_moment,
            metavar="TIME",
            help="verify only against checkpoints written up to TIME (UTC): for a copy restored "
            "from a backup taken then",
        )

    def handle(self, *args, action: str, **options):
        try:
            if action == "verify":
                self._verify(options["checkpoints"] or (), options["as_of"])
            elif action == "checkpoint":
                self._checkpoint()
            else:
                key = audit_keys.key_file_add_current()
                self.stdout.write(
                    f"new current audit key {key.id} added to {audit_keys.SOURCE.file()}; "
                    "restart every process that writes the audit trail. Keep the old keys: the "
                    "rows they signed verify only with them"
                )
        except KeyConfigurationError as error:
            raise CommandError(str(error)) from error

    def _checkpoint(self):
        checkpoint = audit_checkpoint_write()
        if checkpoint is None:
            self.stdout.write(
                f"no audit rows since the last checkpoint in {checkpoint_path()}; nothing written"
            )
            return
        self.stdout.write(
            f"checkpoint written to {checkpoint_path()}: {checkpoint.rows:,} rows, the newest "
            f"row {checkpoint.last_id} (hash {short(checkpoint.last_hash)})"
        )

    def _verify(self, files, as_of):
        check = audit_verify(checkpoint_files=files, as_of=as_of)
        if not check.intact:
            raise CommandError(self._failure(check))
        newest = check.newest_checkpoint
        self.stdout.write(
            f"audit trail intact: {check.rows:,} rows, every hash checks out; "
            + (
                f"{check.checkpoints:,} checkpoints match it (the newest, of "
                f"{newest.at:%Y-%m-%d %H:%M} UTC, names row {newest.last_id})"
                if newest
                else "no checkpoints yet, and no rows for one to cover"
            )
        )
        for use in check.keys:
            signed = (
                f"under audit key {use.key_id}"
                if use.key_id
                else "before the chain was keyed (plain SHA-256, sealed by the rows after them)"
            )
            self.stdout.write(f"  rows {use.first_id}-{use.last_id} ({use.rows:,}) {signed}")
        if check.uncovered_rows:
            self.stdout.write(
                f"  {check.uncovered_rows:,} rows written after the newest checkpoint are not "
                "covered by one yet; the next commit or `paramount audit checkpoint` covers them"
            )

    @staticmethod
    def _failure(check: AuditCheck) -> str:
        lines = []
        if check.first_broken_id is not None:
            lines.append(
                f"audit trail broken at row {check.first_broken_id}: {check.reason}. "
                + (
                    f"The {check.rows_before_break:,} rows before it check out."
                    if check.rows_before_break
                    else "It is the first row."
                )
            )
        if check.checkpoint_problems:
            lines.append("the audit trail does not match its checkpoints:")
            lines.extend(
                f"  - {problem}" for problem in check.checkpoint_problems[:_PROBLEMS_LISTED]
            )
            hidden = len(check.checkpoint_problems) - _PROBLEMS_LISTED
            if hidden > 0:
                lines.append(f"  … and {hidden:,} more")
        lines.append(
            f"{check.rows:,} rows checked. Nothing was changed. Keep the database and the "
            "checkpoint file as they are, and follow docs/operations.md, 'When paramount audit "
            "verify fails'."
        )
        return "\n".join(lines)
