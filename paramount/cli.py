"""The ``paramount`` console script: Django's management commands behind one stable name."""

import os
import sys

from paramount.files import private_umask


def main(argv: list[str] | None = None) -> None:
    # Everything this process writes may hold personal data: readable by the service account
    # only (docs/operations.md, "Files and permissions").
    private_umask()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paramount.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    execute_from_command_line(["paramount", *args])


if __name__ == "__main__":
    main()
