"""python manage.py import_participants FILE [--dry-run]: the same import as the admin page."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from participants.access import system_actor
from participants.services.importing import ImportResult, participants_import


def describe(result: ImportResult) -> str:
    counts = result.counts
    return (
        f"{counts['rows']} rows: {counts['created']} created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged; enrolled {counts['confirmed']}, "
        f"waitlisted {counts['waitlisted']}"
    )


class Command(BaseCommand):
    help = "Import participants from a CSV or XLSX file (all or nothing; --dry-run to preview)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="CSV (UTF-8 or GB18030) or XLSX file")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        # Whoever can run manage.py runs the programme's data: the import acts as the system.
        with (
            system_actor(),
            tqdm(desc="rows", unit=" rows", disable=options["verbosity"] == 0) as bar,
        ):
            result = participants_import(
                data=data, by=None, dry_run=options["dry_run"], progress=bar
            )
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if result.errors:
            for problem in result.errors:
                where = f"row {problem.row}" if problem.row else "file"
                column = f", {problem.column}" if problem.column else ""
                self.stderr.write(f"{where}{column}: {problem.message}")
            raise CommandError(
                f"{len(result.errors)} problem(s) found. Nothing was written; fix the file "
                "and run again."
            )
        verb = "Would import" if result.dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{verb} {describe(result)}."))
