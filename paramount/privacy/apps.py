from django.apps import AppConfig
from django.db.backends.signals import connection_created

from paramount.files import sqlite_files_private


def _database_files_private(sender, connection, **kwargs) -> None:
    """An SQLite database holds everything: its file, and the log SQLite keeps beside it, are
    readable by the service account only, however the process was started."""
    if connection.vendor == "sqlite":
        sqlite_files_private(connection.settings_dict["NAME"])


class PrivacyConfig(AppConfig):
    name = "paramount.privacy"
    label = "privacy"
    verbose_name = "Privacy"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from paramount.feeds.services import row_refusal_register
        from paramount.privacy.selectors import erased_record_refusal

        connection_created.connect(_database_files_private, dispatch_uid="privacy-sqlite-files")
        # Erased records are refused at ingest (SECURITY 18).
        row_refusal_register(erased_record_refusal)
