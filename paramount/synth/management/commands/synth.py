"""``paramount synth``: write a synthetic region's feeds and truth files to a folder."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from paramount.synth.generator import generate


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f'--as-of "{text}" is not a date in YYYY-MM-DD form') from error


class Command(BaseCommand):
    help = (
        "Generate synthetic prison_movements.csv, people.csv and relationships.csv (and truth "
        "files under truth/) for a region of N households. Same seed, as-of date and N give "
        "byte-identical files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="folder to write into")
        parser.add_argument("--households", required=True, type=int, help="number of households")
        parser.add_argument("--seed", required=True, type=int, help="random seed")
        parser.add_argument(
            "--as-of",
            dest="as_of",
            default=None,
            help="the day the data is as of, YYYY-MM-DD (default: today); all dates are "
            "relative to it",
        )

    def handle(self, *args, **options) -> None:
        households = options["households"]
        if households < 1:
            raise CommandError("--households must be at least 1")
        as_of = _iso_date(options["as_of"]) if options["as_of"] else date.today()
        out_dir: Path = options["out"]
        summary = generate(out_dir, households, options["seed"], as_of)
        self.stdout.write(
            f"Wrote {out_dir}: {summary.people_rows} people rows, "
            f"{summary.relationship_rows} relationships, {summary.movements} prison movements "
            f"({summary.receptions} receptions or recalls); truth: "
            f"{summary.identifications} identifications, {summary.persons} persons "
            f"in {summary.households} households, as of {as_of.isoformat()}."
        )
