from django.core.management.base import BaseCommand

from paramount.linkage.services import linkage_model_train


class Command(BaseCommand):
    help = "Linkage model management: paramount linkage train"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        sub.add_parser(
            "train", help="train a new model on the current local records and use it from now on"
        )

    def handle(self, *args, what: str, **options):
        model = linkage_model_train()
        summary = model.training_summary
        self.stdout.write(
            f"Trained linkage model {model.pk} on {summary.get('records', 0):,} records in {summary.get('seconds', 0)} s"
        )
