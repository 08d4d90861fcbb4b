"""A confirmed participant import run in the background, its progress noted on an ImportRun.

The checked rows of the preview (`Table`) are kept as a file in the default storage until the
run is over, then deleted; the run keeps only the result (counts and errors). The import itself
is `participants_import`, unchanged: the same checks run again at commit time.
"""

import json
import logging
from dataclasses import asdict
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participants.access import may_manage_people, require
from participants.models import ImportRun, User
from participants.services.importing import Table, participants_import

logger = logging.getLogger(__name__)

# The progress is written at most this many times per run (each write is one UPDATE).
PROGRESS_STEPS = 100


def _table_json(table: Table) -> bytes:
    return json.dumps(
        {
            "headers": table.headers,
            "rows": table.rows,
            "kind": table.kind,
            "encoding": table.encoding,
        },
        ensure_ascii=False,
    ).encode("utf-8")


def _table_read(run: ImportRun) -> Table:
    with run.file.open("rb") as stored:
        data = json.loads(stored.read().decode("utf-8"))
    return Table(
        headers=[str(h) for h in data["headers"]],
        rows=[(int(number), [str(c) for c in cells]) for number, cells in data["rows"]],
        kind=str(data["kind"]),
        encoding=str(data["encoding"]),
    )


@transaction.atomic
def import_run_create(*, table: Table, file_name: str, by: User) -> ImportRun:
    """Record a confirmed import (pending) with its checked rows kept in the storage."""
    require(by, may_manage_people)
    run = ImportRun(
        started_by=by,
        file_name=file_name[:255],
        language=translation.get_language() or "",
        total=len(table.rows),
    )
    run.file.save("rows.json", ContentFile(_table_json(table)), save=False)
    try:
        run.full_clean()
        run.save()
    except Exception:
        run.file.delete(save=False)
        raise
    return run


@transaction.atomic
def import_run_start(*, table: Table, file_name: str, by: User) -> ImportRun:
    """Record a confirmed import and run it (a Celery task, inline without a broker)."""
    run = import_run_create(table=table, file_name=file_name, by=by)
    from participants.tasks import run_import

    run_id = run.pk
    transaction.on_commit(lambda: run_import.delay(run_id), robust=True)
    return run


class _RunProgress:
    """The import's progress bar (`.total`, `.update(n)`), written to the run's row."""

    def __init__(self, run: ImportRun) -> None:
        self.run = run
        self._total: float | None = run.total or None
        self._written = 0

    @property
    def total(self) -> float | None:
        return self._total

    @total.setter
    def total(self, value: float | None) -> None:
        self._total = value
        self.run.total = int(value or 0)
        ImportRun.objects.filter(pk=self.run.pk).update(total=self.run.total)

    def update(self, n: float | None = 1) -> bool | None:
        self.run.done += int(n or 0)
        step = max(1, self.run.total // PROGRESS_STEPS)
        if self.run.done - self._written >= step or self.run.done >= self.run.total:
            self._written = self.run.done
            ImportRun.objects.filter(pk=self.run.pk).update(done=self.run.done)
        return None


def import_run_execute(*, run_id: int) -> ImportRun | None:
    """Run a pending import, noting progress and then the result; the kept rows are deleted."""
    run = ImportRun.objects.select_related("started_by").filter(pk=run_id).first()
    if run is None or run.is_finished:
        return run
    try:
        with translation.override(run.language or None):
            # Whoever confirmed must still be allowed when the work starts.
            require(run.started_by, may_manage_people)
            table = _table_read(run)
            run.status, run.done, run.total = ImportRun.Status.RUNNING, 0, len(table.rows)
            run.save(update_fields=["status", "done", "total"])
            result = participants_import(table=table, by=run.started_by, progress=_RunProgress(run))
            run.counts = result.counts
            run.errors = [asdict(e) for e in result.errors]
            run.status = ImportRun.Status.DONE if result.ok else ImportRun.Status.FAILED
    except Exception as error:
        logger.exception("Import run %s failed", run_id)
        with translation.override(run.language or None):
            message = _("The import could not finish (%(error)s); nothing was written.") % {
                "error": type(error).__name__
            }
        run.status = ImportRun.Status.FAILED
        run.errors = [{"row": 0, "column": "", "message": message}]
        _finish(run)
        raise
    _finish(run)
    return run


def _finish(run: ImportRun) -> None:
    run.finished_at = timezone.now()
    if run.file:
        run.file.delete(save=False)
    fields: list[str] = ["status", "counts", "errors", "finished_at", "file"]
    run.save(update_fields=fields)


def import_run_summary(run: ImportRun) -> str:
    """The sentence the import page shows once a run is done (as the inline commit did)."""
    values: dict[str, Any] = {
        "rows": 0,
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "confirmed": 0,
        "waitlisted": 0,
        **run.counts,
        "name": run.file_name,
    }
    return (
        _(
            "Imported %(rows)s rows from %(name)s: %(created)s created, "
            "%(updated)s updated, %(unchanged)s unchanged; %(confirmed)s enrolled, "
            "%(waitlisted)s waitlisted."
        )
        % values
    )
