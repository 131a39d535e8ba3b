import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from paramount.feeds.contract import FEEDS
from paramount.feeds.services import FeedRejected, feed_ingest


class Command(BaseCommand):
    help = "Ingest one feed file: paramount ingest {prison-movements,people,relationships} FILE [--json]"

    def add_arguments(self, parser):
        parser.add_argument("feed", choices=sorted(FEEDS), help="which feed the file belongs to")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--json", action="store_true", help="print one JSON object instead of the summary"
        )

    def handle(self, *args, feed: str, file: Path, json: bool, **options):
        spec = FEEDS[feed]
        if not file.is_file():
            raise CommandError(f"{file}: no such file; nothing ingested")
        try:
            batch = feed_ingest(feed=spec.name, path=file)
        except FeedRejected as rejection:
            if json:
                self._print_json(
                    {
                        "feed": spec.name,
                        "file": str(file),
                        "rejected": rejection.batch.rejected_reason,
                    }
                )
            else:
                self.stderr.write(
                    f"{file}: rejected, nothing ingested: {rejection.batch.rejected_reason}"
                )
            sys.exit(2)
        counts = {
            k: getattr(batch, k)
            for k in ("rows", "new", "updated", "unchanged", "quarantined", "warnings")
        }
        if json:
            self._print_json({"feed": spec.name, "file": str(file), **counts})
            return
        self.stdout.write(
            f"{file}: {batch.rows:,} rows — {batch.new:,} new, {batch.updated:,} updated, "
            f"{batch.unchanged:,} unchanged, {batch.quarantined:,} quarantined; {batch.warnings:,} warnings "
            f"(batch {batch.pk})"
        )
        if batch.quarantined or batch.warnings:
            self.stdout.write(
                f"See why with: paramount feeds quarantine --batch {batch.pk}"
                f"{'  and  paramount feeds warnings --batch ' + str(batch.pk) if batch.warnings else ''}"
                "  (or on the Feeds page of the web app)"
            )

    def _print_json(self, payload: dict) -> None:
        self.stdout.write(json.dumps(payload, ensure_ascii=False))
