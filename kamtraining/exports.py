"""Tables as downloads: CSV or XLSX, streamed, with bilingual headers and no formula injection.

- Headers carry both languages ("Name / 姓名") whatever the viewer's language: a file is
  forwarded between the programme office in one language and trainers in the other, and a
  column must read the same to both.
- CSV is UTF-8 with a byte-order mark (Excel reads Chinese only with it), streamed row by row.
- XLSX is written by openpyxl in write-only mode into a temporary file, then streamed from it.
- A cell that a spreadsheet would read as a formula (it starts with = + - @, a tab or a carriage
  return) is written with a leading apostrophe, so it stays text. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils.http import content_disposition_header

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    en: str
    zh: str

    @property
    def header(self) -> str:
        return f"{self.en} / {self.zh}"


@dataclass(frozen=True)
class Table:
    """What an export holds: a file name (without extension), its columns and its rows."""

    name: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]


def escape_cell(value: Any) -> Any:
    """The value as a spreadsheet should store it: text that looks like a formula stays text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_filename(name: str, extension: str) -> str:
    """A file name any system accepts: no path separators, quotes or control characters."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]+', "-", name).strip(" .-") or "export"
    return f"{cleaned[:120]}.{extension}"


def _disposition(filename: str) -> str:
    return content_disposition_header(True, filename) or "attachment"


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(table: Table) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([escape_cell(c.header) for c in table.columns])
    for row in table.rows:
        yield writer.writerow([escape_cell(value) for value in row])


def csv_response(table: Table) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in _csv_lines(table)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = _disposition(safe_filename(table.name, CSV))
    return response


def xlsx_response(table: Table) -> FileResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=re.sub(r"[\\/*?:\[\]]", "-", table.name)[:31] or "Sheet")
    sheet.append([escape_cell(c.header) for c in table.columns])
    for row in table.rows:
        sheet.append([escape_cell(value) for value in row])
    # Spooled: small exports stay in memory, large ones go to disk; closed with the response.
    stream = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115
    workbook.save(stream)
    stream.seek(0)
    return FileResponse(
        stream,
        as_attachment=True,
        filename=safe_filename(table.name, XLSX),
        content_type=XLSX_TYPE,
    )


def export_response(table: Table, fmt: str) -> StreamingHttpResponse | FileResponse:
    """The table in the asked format; an unknown format is a page that does not exist."""
    if fmt == CSV:
        return csv_response(table)
    if fmt == XLSX:
        return xlsx_response(table)
    raise Http404


def both_languages(label: Any) -> str:
    """A translatable label in English and Chinese ("Confirmed / 已确认"), once if they agree."""
    from django.utils import translation

    with translation.override("en"):
        en = str(label)
    with translation.override("zh-hans"):
        zh = str(label)
    return en if en == zh else f"{en} / {zh}"
