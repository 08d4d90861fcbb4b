"""python manage.py backup [--output FILE]: the database and the stored files in one archive."""

import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kamtraining.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump -Fc on PostgreSQL, SQLite's online backup API on SQLite) "
        "and every stored file (MEDIA_ROOT) into one .tar.gz archive."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="archive to write (default: backups/kamtraining-<UTC time>.tar.gz)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = datetime.datetime.now(tz=datetime.UTC)
        archive: Path = options["output"] or Path("backups") / (
            f"kamtraining-{now:%Y%m%d-%H%M%S}.tar.gz"
        )
        try:
            summary = backup_create(archive=archive, media_root=Path(settings.MEDIA_ROOT), now=now)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {summary.tables} tables and {summary.files} files to {summary.archive}"
            )
        )
