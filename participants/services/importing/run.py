"""The import's entry point: read the sheet, check every row, write all or nothing."""

from django.utils.translation import gettext as _

from participants.access import may_manage_people, require
from participants.importing import columns as col
from participants.importing.parsing import Row, RowParser
from participants.importing.readers import Table, UnreadableFile, read_sheet
from participants.importing.results import (
    ImportResult,
    ProgressBar,
    RowError,
    excerpt,
)
from participants.models import User
from participants.services.importing.plan import _plan_and_apply


def participants_import(
    *,
    data: bytes | None = None,
    by: User | None,
    dry_run: bool = False,
    progress: ProgressBar | None = None,
    encoding: str = "",
    table: Table | None = None,
) -> ImportResult:
    """Check a participant sheet and, unless `dry_run` or a row is bad, write it all at once.

    The sheet is the uploaded `data` (a CSV read in `encoding` when given) or the `table` of a
    clean preview.
    """
    require(by, may_manage_people)
    result = ImportResult(dry_run=dry_run)
    try:
        if table is not None:
            sheet = table.sheet()
        elif data is not None:
            sheet = read_sheet(data, encoding)
        else:
            raise UnreadableFile(_("The file is empty."))
    except UnreadableFile as error:
        result.errors.append(RowError(row=0, column="", message=str(error)))
        return result
    result.kind, result.encoding = sheet.kind, sheet.encoding
    if sheet.readings:
        result.readings = sheet.readings
        result.warnings.append(
            _(
                "This file reads as UTF-8 and as GB18030, and the two readings differ; it was "
                "read as UTF-8. If the names look wrong, upload it again choosing GB18030."
            )
        )
    index, unused, repeated = col.header_map(sheet.headers)
    for header in unused:
        result.warnings.append(
            _("Column “%(header)s” is not one we know; it was ignored.")
            % {"header": excerpt(header)}
        )
    for header in repeated:
        result.errors.append(
            RowError(row=1, column=excerpt(header), message=_("This column appears twice."))
        )
    missing = [c for c in col.REQUIRED if c not in index]
    for column in missing:
        result.errors.append(
            RowError(
                row=1,
                column=str(col.LABELS[column]),
                message=_("Missing column “%(column)s” (or “%(alias)s”).")
                % {"column": column, "alias": col.COLUMNS[column][1]},
            )
        )
    if missing or repeated:
        return result

    parser = RowParser(sheet.headers, index)
    if progress is not None:
        progress.total = sheet.total
    rows: list[Row] = []
    kept = sorted(index.values())
    cells_kept: list[tuple[int, list[str]]] = []
    try:
        for number, cells in sheet.rows:
            parsed = parser.parse(number, cells)
            if parsed is not None:
                rows.append(parsed)
                if dry_run:  # only a preview hands its rows back as text
                    cells_kept.append(
                        (number, [col.text(cells[i]) if i < len(cells) else "" for i in kept])
                    )
            if progress is not None:
                progress.update(1)
    except UnreadableFile as error:
        result.errors.append(RowError(row=0, column="", message=str(error)))
        return result
    if not rows and not parser.errors:
        parser.errors.append(RowError(row=0, column="", message=_("The file has no rows.")))
    result = _plan_and_apply(rows=rows, parser=parser, result=result, by=by)
    if result.ok and dry_run:
        result.table = Table(
            headers=[sheet.headers[i] for i in kept],
            rows=cells_kept,
            kind=sheet.kind,
            encoding=sheet.encoding,
        )
    return result
