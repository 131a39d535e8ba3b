"""``paramount privacy ropa | sar | rotate-keys | new-key``: the record of processing, subject
access, and encryption keys."""

import json
import os
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from paramount.files import write_private_text
from paramount.privacy import keys
from paramount.privacy.retention import retention_run
from paramount.privacy.selectors import ropa_markdown
from paramount.privacy.services import (
    PrivacyError,
    encryption_keys_rotate,
    person_erase,
    person_restrict,
    person_restriction_lift,
    subject_access_export,
)


def _write(path: str, text: str) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # A subject access export holds decrypted notes: readable by the service account only.
    write_private_text(target, text)


def _write_private(path: str, text: str) -> None:
    """Write a file readable and writable by the service account only (0600), whatever the
    umask, and make an existing file so too before writing into it."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(
        target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600
    )
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write(text)


class Command(BaseCommand):
    help = (
        "Privacy: `ropa [--out FILE]` writes the record of processing; `sar (--person-key KEY | "
        "--name NAME --born YYYY-MM-DD) --out FILE.json` exports one person's data; `new-key` "
        "puts a new current key in the key file; `rotate-keys` re-encrypts everything under the "
        "current key."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        ropa = actions.add_parser("ropa", help="write the record of processing (Markdown)")
        ropa.add_argument("--out", help="file to write (default: print it)")
        sar = actions.add_parser(
            "sar", help="export everything held about one person, by key or name and birth date"
        )
        sar.add_argument("--person-key", default="", help="the resolved person's key")
        sar.add_argument("--name", default="", help='the name the request gives ("First Last")')
        sar.add_argument(
            "--born", type=date.fromisoformat, help="the date of birth the request gives"
        )
        sar.add_argument("--out", required=True, help="JSON file to write (made 0600)")
        sar.add_argument(
            "--received", type=date.fromisoformat, help="day the request arrived (default today)"
        )
        sar.add_argument("--by", help="username answering the request (default: system)")
        actions.add_parser("rotate-keys", help="re-encrypt every encrypted value, current key")
        actions.add_parser("new-key", help="add a new current key to the key file")
        actions.add_parser(
            "new-erasure-key", help="add a new current key to the erasure key file (old ones kept)"
        )
        for name, text in (
            ("erase", "erase one resolved person's local records (UK GDPR Art. 17)"),
            ("restrict", "keep one person's data but withhold it from use (Art. 18)"),
            ("lift-restriction", "lift a person's restriction"),
        ):
            person = actions.add_parser(name, help=text)
            person.add_argument("--person-key", required=True)
            person.add_argument("--reason", required=True, help="the request and its reference")
            person.add_argument("--by", help="username acting (default: system)")
        retention = actions.add_parser(
            "retention", help="show (or, with --apply, do) what retention deletes or anonymises"
        )
        retention.add_argument("--apply", action="store_true", help="do it (default: dry run)")
        retention.add_argument(
            "--today", type=date.fromisoformat, help="measure from this day (default today)"
        )

    def handle(self, *args, action: str, **options):
        if action == "ropa":
            text = ropa_markdown(generated_on=timezone.localdate())
            if options["out"]:
                _write(options["out"], text)
                self.stdout.write(f"record of processing written to {options['out']}")
            else:
                self.stdout.write(text)
        elif action == "sar":
            acting_user = None
            if options["by"]:
                try:
                    acting_user = get_user_model().objects.get(username=options["by"])
                except get_user_model().DoesNotExist:
                    raise CommandError(f"no user {options['by']!r}; nothing exported") from None
            try:
                export = subject_access_export(
                    person_key=options["person_key"],
                    name=options["name"],
                    date_of_birth=options["born"],
                    acting_user=acting_user,
                    received_on=options["received"],
                )
            except ValueError as error:
                raise CommandError(str(error)) from error
            _write_private(
                options["out"],
                json.dumps(export.document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            )
            review = export.document["review"]
            self.stdout.write(
                f"subject access request {export.request.pk}: {review['rows']:,} rows in "
                f"{len(export.document['sections'])} sections written to {options['out']} "
                f"(readable by this account only); due {export.request.due_on:%A %-d %B %Y}. "
                f"Before sending: {len(review['to_confirm']):,} rows found by name to confirm, "
                f"{sum(review['third_party_data'].values()):,} rows with third parties' data to "
                "redact (see review at the top of the file)"
            )
        elif action == "new-key":
            try:
                keys.key_file_add_current()
            except keys.KeyConfigurationError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                f"new current key added to {keys.key_file()}; run `paramount privacy rotate-keys`"
            )
        elif action == "new-erasure-key":
            try:
                keys.erasure_key_file_add_current()
            except keys.KeyConfigurationError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                f"new current erasure key added to {keys.erasure_key_file()}; keep the old ones "
                "listed: erasures made with them are checked with them"
            )
        elif action == "rotate-keys":
            result = encryption_keys_rotate()
            detail = ", ".join(f"{label} {n:,}" for label, n in result.rows.items())
            self.stdout.write(
                f"re-encrypted {result.total:,} rows under the current key ({detail})"
            )
        elif action == "retention":
            self._retention(apply=options["apply"], today=options["today"])
        elif action in ("erase", "restrict", "lift-restriction"):
            self._person(action, options)

    def _retention(self, *, apply: bool, today):
        today = today or timezone.localdate()
        decisions = retention_run(today=today, apply=apply)
        verb = "done" if apply else "dry run, nothing changed"
        self.stdout.write(f"retention on {today:%Y-%m-%d} ({verb}):")
        for d in decisions:
            if d.count:
                done = {"DELETE": "deleted", "ANONYMISE": "anonymised", "CLOSE": "closed"}.get(
                    d.action, "kept"
                )
                would = done if apply else f"would be {done}"
                self.stdout.write(
                    f"  {d.model} [{d.category}]: {d.count:,} {would} (before "
                    f"{d.cut_off:%Y-%m-%d}: {d.reason})"
                )
            else:
                self.stdout.write(f"  {d.model} [{d.category}]: nothing due ({d.reason})")
        if not apply:
            self.stdout.write("run again with --apply to do it")

    def _person(self, action: str, options) -> None:
        acting_user = None
        if options["by"]:
            try:
                acting_user = get_user_model().objects.get(username=options["by"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"no user {options['by']!r}; nothing was changed") from None
        service = {
            "erase": person_erase,
            "restrict": person_restrict,
            "lift-restriction": person_restriction_lift,
        }[action]
        try:
            result = service(
                person_key=options["person_key"], reason=options["reason"], acting_user=acting_user
            )
        except PrivacyError as error:
            raise CommandError(str(error)) from error
        if action == "erase":
            rows = ", ".join(f"{label} {n:,}" for label, n in result.rows.items() if n)
            self.stdout.write(f"erasure {result.pk} recorded: {rows}")
        elif action == "restrict":
            self.stdout.write(
                f"restriction {result.pk}: {len(result.records):,} records withheld from search, "
                "lists, matching and exports until lifted"
            )
        else:
            self.stdout.write(f"restriction {result.pk} lifted: the person's data is in use again")
