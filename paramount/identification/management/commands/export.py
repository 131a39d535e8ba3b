from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from paramount.access import audit
from paramount.identification.export import identifications_export
from paramount.identification.models import Identification


class Command(BaseCommand):
    help = "Export data in the contract's shapes: paramount export identifications --out FILE"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        identifications = sub.add_parser("identifications", help="one row per (reception, child)")
        identifications.add_argument("--out", type=Path, required=True)

    def handle(self, *args, what: str, out: Path, **options):
        with transaction.atomic():
            count = identifications_export(identifications=Identification.objects.all(), out=out)
            audit.record(
                actor=None,
                action="identification.exported",
                subject_type="export",
                subject_id=str(out.name),
                purpose="command-line export",
                after={"rows": count},
            )
        self.stdout.write(f"{count:,} identifications written to {out}")
