from django.core.management.base import BaseCommand

from paramount.feeds import selectors


class Command(BaseCommand):
    help = "List received batches, quarantined rows, warnings and unresolved relationships."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        sub.add_parser("batches", help="every file received, newest first")
        for name in ("quarantine", "warnings"):
            p = sub.add_parser(name, help=f"{name} rows, newest batch first")
            p.add_argument("--batch", type=int, help="only this batch")
            p.add_argument("--limit", type=int, default=200)
        sub.add_parser("unresolved", help="relationships naming people rows not yet received")

    def handle(self, *args, what: str, **options):
        getattr(self, f"_{what}")(**options)

    def _batches(self, **options):
        for b in selectors.batch_list():
            line = f"{b.pk:>5}  {b.received_at:%Y-%m-%d %H:%M}  {b.feed:<17} {b.file_name:<30} {b.status:<9}"
            if b.status == "REJECTED":
                line += f" {b.rejected_reason}"
            else:
                line += (
                    f" rows {b.rows:,}: new {b.new:,}, updated {b.updated:,}, unchanged {b.unchanged:,}, "
                    f"quarantined {b.quarantined:,}, warnings {b.warnings:,}"
                )
            self.stdout.write(line)

    def _quarantine(self, batch=None, limit=200, **options):
        for row in selectors.quarantined_rows(batch_id=batch)[:limit]:
            self.stdout.write(
                f"batch {row.batch_id} {row.batch.file_name} row {row.row_number}: {row.reason}"
            )

    def _warnings(self, batch=None, limit=200, **options):
        for row in selectors.ingest_warnings(batch_id=batch)[:limit]:
            where = f"row {row.row_number}" if row.row_number else "file"
            self.stdout.write(f"batch {row.batch_id} {row.batch.file_name} {where}: {row.message}")

    def _unresolved(self, **options):
        for rel in selectors.unresolved_relationships():
            self.stdout.write(
                f"{rel.source}: {rel.adult_record_id} -> {rel.child_record_id} ({rel.relationship})"
            )
