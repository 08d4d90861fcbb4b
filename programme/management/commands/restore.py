"""python manage.py restore FILE [--replace]: a backup back into the configured database."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from kamtraining.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into the configured database and MEDIA_ROOT. "
        "The database must be empty (no tables) unless --replace is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="a .tar.gz written by `manage.py backup`")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="overwrite a database that already holds tables with the backup's contents",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The restore writes through connections of its own; this process's must not hold
        # a transaction or a stale view of the file.
        connections.close_all()
        try:
            summary = backup_restore(
                archive=options["archive"],
                media_root=Path(settings.MEDIA_ROOT),
                target=connections["default"].settings_dict,
                replace=options["replace"],
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {summary.tables} tables and {summary.files} files from {summary.archive}"
            )
        )
