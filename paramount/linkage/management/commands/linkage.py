from pathlib import Path

from django.core.management.base import BaseCommand

from paramount.linkage.services import linkage_model_train


class Command(BaseCommand):
    help = (
        "Linkage model management: paramount linkage train; "
        "paramount linkage labels --out FILE (analysts' review decisions, to evaluate the model)"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        sub.add_parser(
            "train", help="train a new model on the current local records and use it from now on"
        )
        sub.add_parser(
            "resolve", help="re-resolve every local record into people now, whatever has changed"
        )
        labels = sub.add_parser(
            "labels",
            help="write analysts' review decisions as labels (one row per decided match)",
        )
        labels.add_argument("--out", type=Path, required=True)

    def handle(self, *args, what: str, **options):
        if what == "labels":
            return self.labels(options["out"])
        if what == "resolve":
            return self.resolve()
        model = linkage_model_train()
        summary = model.training_summary
        self.stdout.write(
            f"Trained linkage model {model.pk} on {summary.get('records', 0):,} records in {summary.get('seconds', 0)} s"
        )

    def resolve(self) -> None:
        from paramount import config
        from paramount.linkage.services import population_load

        population = population_load(
            resolve_threshold=config.current().identification.resolve_threshold, force=True
        )
        if population is None:
            self.stdout.write("No local records yet; nothing to resolve")
            return
        persons = len(set(population.person_of_record.values()))
        self.stdout.write(
            f"Resolved {len(population.person_of_record):,} local records into {persons:,} people "
            f"({', '.join(f'{k} {v} s' for k, v in population.timings.items())})"
        )

    def labels(self, out: Path) -> None:
        from paramount.identification.labels import band_precision, labels_export, labels_read

        count = labels_export(out=out)
        self.stdout.write(f"{count:,} labels written to {out}")
        for band in band_precision(labels_read(out)).values():
            self.stdout.write(
                f"    {band.band}: {band.labelled:,} decided, {band.same_person:,} same person, "
                f"{band.different_people:,} different people; precision {band.precision:.3f}"
            )
