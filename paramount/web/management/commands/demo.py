"""``paramount demo``: a region generated, ingested and identified, then the web app served.

Demo only: refused where ``PARAMOUNT_DEMO_ALLOWED`` is not True (production settings)."""

import json
import time
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from paramount.access.demo import DemoRefused, require_demo_allowed
from paramount.feeds.models import Batch, BatchStatus
from paramount.feeds.services import FeedRejected, feed_ingest

FEED_FILES = (
    ("prison_movements", "prison_movements.csv"),
    ("people", "people.csv"),
    ("relationships", "relationships.csv"),
)


class Command(BaseCommand):
    help = "Set up a demo region (generated data, ingested and identified), create demo users and serve the app."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-serve", action="store_true", help="stop after setting up (for scripts)"
        )
        parser.add_argument("--households", type=int, default=20000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, port: int, no_serve: bool, households: int, seed: int, **options):
        # Before anything is migrated, generated or created: never on a deployment.
        try:
            require_demo_allowed(helper="paramount demo")
        except DemoRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.started = time.perf_counter()
        self.step("Preparing the database")
        call_command("migrate", verbosity=0, interactive=False)

        data_dir = Path(settings.PARAMOUNT_HOME) / "demo"
        self.generate(data_dir, households, seed)

        for feed, name in FEED_FILES:
            self.ingest(feed, data_dir / name)

        self.step(
            "Identifying children from new receptions (a first run also trains the model and resolves people)"
        )
        from paramount.identification.services import identification_run

        run = identification_run(progress=lambda message: self.stdout.write(f"    … {message}"))
        self.stdout.write(
            f"    {run.receptions:,} new receptions processed, {run.identifications:,} children identified "
            f"in {run.timings.get('total', 0):.1f} s"
        )

        self.step("Creating one demo user per role")
        from paramount.access.services import demo_users_ensure

        users = demo_users_ensure()

        self.step("Putting families at every stage from screening to referral")
        from paramount.families.demo import demo_families_stage
        from paramount.families.services import families_sync

        # The demo builds two months of daily runs at once: each family dates from its reception.
        created = families_sync(identified_on_reception_day=True)
        staged = demo_families_stage()
        self.stdout.write(
            f"    {created:,} new families"
            + (f"; {sum(staged.values())} walked through the flow" if staged else "")
        )

        self.step("Supporting referred families: assessments, plans, sessions, wellbeing")
        from paramount.support.demo import demo_support_stage

        supported = demo_support_stage()
        if supported:
            self.stdout.write(
                "    "
                + ", ".join(
                    f"{count} {stage.lower().replace('_', ' ')}"
                    for stage, count in supported.items()
                )
            )
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Paramount demo ready in {time.perf_counter() - self.started:.0f} s."
            )
        )
        self.stdout.write(
            f"Open http://127.0.0.1:{port}/ and sign in as one of these (demo passwords only):"
        )
        for user in users:
            self.stdout.write(
                f"    {user.role_label:<22} username {user.username:<14} password {user.password}"
            )
        self.stdout.write(
            "Signing in also asks for a one-time code from an authenticator app. For a demo user,\n"
            "get the current code in another terminal with:  uv run paramount demo_code USERNAME"
        )
        if no_serve:
            return
        self.stdout.write(
            "Press Ctrl+C to stop the server. Running the demo again reuses everything made so far.\n"
        )
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, use_threading=True)

    def step(self, message: str) -> None:
        self.stdout.write(f"[{time.perf_counter() - self.started:5.0f} s] {message}")
        self.stdout.flush()

    def generate(self, data_dir: Path, households: int, seed: int) -> None:
        marker = data_dir / "demo.json"
        wanted = {"households": households, "seed": seed}
        if (
            marker.exists()
            and json.loads(marker.read_text()).get("households") == households
            and json.loads(marker.read_text()).get("seed") == seed
        ):
            self.step(f"Reusing the generated region in {data_dir}")
            return
        self.step(f"Generating a synthetic region of {households:,} households in {data_dir}")
        from paramount.synth.generator import generate

        summary = generate(data_dir, households=households, seed=seed, as_of=date.today())
        marker.write_text(json.dumps(wanted | {"as_of": date.today().isoformat()}))
        self.stdout.write(
            f"    {summary.people_rows:,} people records, {summary.relationship_rows:,} relationships, "
            f"{summary.movements:,} prison movements ({summary.receptions:,} receptions and recalls)"
        )

    def ingest(self, feed: str, path: Path) -> None:
        import hashlib

        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if Batch.objects.filter(
            feed=feed, file_sha256=digest, status=BatchStatus.INGESTED
        ).exists():
            self.step(f"Already ingested {path.name}")
            return
        self.step(f"Ingesting {path.name}")
        try:
            batch = feed_ingest(feed=feed, path=path)
        except FeedRejected as rejection:
            self.stderr.write(f"    rejected: {rejection}")
            raise
        self.stdout.write(
            f"    {batch.rows:,} rows: {batch.new:,} new, {batch.updated:,} updated, {batch.unchanged:,} unchanged, "
            f"{batch.quarantined:,} quarantined"
        )
