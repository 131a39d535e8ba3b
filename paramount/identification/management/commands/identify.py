from django.core.management.base import BaseCommand

from paramount.families.services import families_sync
from paramount.identification.services import identification_run
from paramount.support.services.release import movements_sync


class Command(BaseCommand):
    help = (
        "Identify the children of every reception not yet processed. Safe to run again at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="print only the summary")

    def handle(self, *args, quiet: bool, **options):
        def progress(message: str) -> None:
            if not quiet:
                self.stdout.write(f"… {message}")

        run = identification_run(progress=progress)
        self.stdout.write(
            f"{run.receptions:,} receptions processed, {run.matched_receptions:,} matched to local adults, "
            f"{run.identifications:,} children identified"
            f"{f' ({run.children_outside_areas:,} more live outside the participating areas)' if run.children_outside_areas else ''}"
            f"{'; local people re-resolved' if run.resolved_people else ''} "
            f"in {run.timings.get('total', 0):.1f} s (run {run.pk})"
        )
        # Children whose match is accepted become family cases, waiting for screening.
        families = families_sync()
        if families:
            self.stdout.write(f"{families:,} new families waiting for screening")
        # Later movements of supported families' parents: alerts and release planning.
        alerts = movements_sync()
        if alerts:
            self.stdout.write(f"{alerts:,} new prison movements of supported families' parents")
