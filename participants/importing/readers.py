"""Turn an uploaded CSV or XLSX into rows of cells, whatever Excel or WPS saved.

CSV encodings tried in order: UTF-8 with BOM, UTF-8, then GB18030 (Excel's default for
Chinese Windows, a superset of GBK and GB2312); bytes that read as both UTF-8 and GB18030 are
reported with a sample of each reading, and the person importing may name the encoding.
XLSX is read with openpyxl in read-only mode.

Every file is bounded in rows, columns, cell length and (for XLSX) decompressed size, checked
before parsing where the file declares it and while parsing where it does not: a small upload
must not hold a worker for minutes or fill its memory.
"""

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from participants.importing.results import excerpt

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the pre-2007 .xls format

MAX_ROWS = 20_000  # data rows, blank ones included
MAX_COLUMNS = 50
MAX_CELL_CHARS = 1_000  # far past every column's own limit; longer is not a spreadsheet of people
# All the parts of the workbook together. openpyxl reads a sheet that does not declare its
# size twice (once to size it), at some MiB a second: this bounds the time as well.
MAX_XLSX_UNCOMPRESSED = 32 * 1024 * 1024
MAX_XLSX_PARTS = 1_000
ENCODINGS = ("utf-8", "gb18030")
SAMPLE_CHARS = 80


class UnreadableFile(ValueError):
    """The file is not a CSV or XLSX we can read; the message says what to do."""


@dataclass
class Sheet:
    """The header row and an iterator over the data rows (1-based sheet row numbers)."""

    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    total: int | None  # data rows, when the format tells us cheaply
    kind: str  # "csv" or "xlsx"
    encoding: str = ""
    # When the bytes read as more than one encoding: encoding → a sample line in that reading.
    readings: dict[str, str] = field(default_factory=dict)


@dataclass
class Table:
    """A checked sheet kept as text between the preview and the commit (bounded, no file)."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]
    kind: str
    encoding: str = ""

    def sheet(self) -> Sheet:
        return Sheet(
            headers=list(self.headers),
            rows=iter([(number, list(cells)) for number, cells in self.rows]),
            total=len(self.rows),
            kind=self.kind,
            encoding=self.encoding,
        )


def _too_many_rows() -> UnreadableFile:
    return UnreadableFile(
        _("The file has more than %(limit)s rows; split it into smaller files.")
        % {"limit": f"{MAX_ROWS:,}"}
    )


def _too_many_columns() -> UnreadableFile:
    return UnreadableFile(
        _("The file has more than %(limit)s columns; keep only the participant columns.")
        % {"limit": MAX_COLUMNS}
    )


def _check_cell(number: int, column: int, value: Any) -> None:
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        raise UnreadableFile(
            _(
                "Row %(row)s, column %(column)s holds %(length)s characters; a cell may hold "
                "at most %(limit)s. It begins: “%(start)s”"
            )
            % {
                "row": number,
                "column": column + 1,
                "length": f"{len(value):,}",
                "limit": f"{MAX_CELL_CHARS:,}",
                "start": excerpt(value),
            }
        )


def _bounded(rows: Iterator[tuple[int, list[Any]]], width: int) -> Iterator[tuple[int, list[Any]]]:
    """Stop at the row limit; refuse an overlong cell; drop cells right of the headers."""
    for count, (number, cells) in enumerate(rows, start=1):
        if count > MAX_ROWS:
            raise _too_many_rows()
        cells = cells[:width]
        for column, value in enumerate(cells):
            if type(value) is str and len(value) <= MAX_CELL_CHARS:
                continue  # nearly every cell: no call
            _check_cell(number, column, value)
        yield number, cells


def _headers(cells: list[Any]) -> list[str]:
    headers = ["" if h is None else str(h).strip() for h in cells]
    while headers and not headers[-1]:
        headers.pop()
    if len(headers) > MAX_COLUMNS:
        raise _too_many_columns()
    for column, header in enumerate(headers):
        _check_cell(1, column, header)
    return headers


def _first_difference(one: str, other: str) -> tuple[str, str]:
    """The first line on which two readings of the same bytes differ, in each reading."""
    for a, b in zip(one.splitlines(), other.splitlines(), strict=False):
        if a != b:
            return excerpt(a, SAMPLE_CHARS), excerpt(b, SAMPLE_CHARS)
    return excerpt(one, SAMPLE_CHARS), excerpt(other, SAMPLE_CHARS)


def decode_csv(data: bytes, encoding: str = "") -> tuple[str, str, dict[str, str]]:
    """Return the text, the encoding it was in, and each reading when it reads as two."""
    if encoding:
        if encoding not in ENCODINGS:
            raise UnreadableFile(_("Unknown encoding %(name)s.") % {"name": excerpt(encoding)})
        body = data[3:] if encoding == "utf-8" and data.startswith(b"\xef\xbb\xbf") else data
        try:
            return body.decode(encoding), encoding, {}
        except UnicodeDecodeError as error:
            raise UnreadableFile(
                _("The file is not %(name)s text; choose another encoding or let it be detected.")
                % {"name": encoding.upper()}
            ) from error
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig", {}
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        readings: dict[str, str] = {}
        try:
            other = data.decode("gb18030")
        except UnicodeDecodeError:
            other = text
        if other != text:
            readings["utf-8"], readings["gb18030"] = _first_difference(text, other)
        return text, "utf-8", readings
    try:
        return data.decode("gb18030"), "gb18030", {}
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            _("The file is neither UTF-8 nor GB18030 text; save it as CSV UTF-8 or as XLSX.")
        ) from error


def _csv_sheet(data: bytes, encoding: str) -> Sheet:
    text, encoding, readings = decode_csv(data, encoding)
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    lines = text.count("\n") + 1
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        headers = _headers(next(reader))
    except StopIteration as error:
        raise UnreadableFile(_("The file is empty.")) from error
    except csv.Error as error:
        raise UnreadableFile(
            _("The CSV file could not be read: %(error)s") % {"error": excerpt(str(error))}
        ) from error

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, row in enumerate(reader, start=2):
                yield number, list(row)
        except csv.Error as error:
            raise UnreadableFile(
                _("The CSV file could not be read: %(error)s") % {"error": excerpt(str(error))}
            ) from error

    return Sheet(
        headers=headers,
        rows=_bounded(rows(), len(headers)),
        total=max(min(lines - 1, MAX_ROWS), 0),
        kind="csv",
        encoding=encoding,
        readings=readings,
    )


def _check_zip(data: bytes) -> None:
    """Refuse a workbook whose parts would decompress past the limit, before opening it.

    The sizes are those the archive declares; Python's zipfile stops a part that inflates past
    its declared size, so a lying archive fails rather than grows.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UnreadableFile(_("The XLSX file is damaged and could not be opened.")) from error
    total = sum(part.file_size for part in parts)
    if len(parts) > MAX_XLSX_PARTS or total > MAX_XLSX_UNCOMPRESSED:
        raise UnreadableFile(
            _(
                "The workbook unpacks to %(size)s MiB; at most %(limit)s MiB is read. Save only "
                "the participants sheet, as CSV UTF-8 or a plain XLSX."
            )
            % {
                "size": f"{total / 2**20:,.0f}",
                "limit": MAX_XLSX_UNCOMPRESSED // 2**20,
            }
        )


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s/>]")
_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")


def _count_rows(archive: zipfile.ZipFile, name: str, limit: int) -> int:
    """Count a sheet's row elements as it decompresses, stopping past `limit`."""
    overlap = 16  # longer than a row tag: one cut by a chunk boundary is seen whole later
    count = 0
    tail = b""
    with archive.open(name) as part:
        while chunk := part.read(2**20):
            window = tail + chunk
            edge = len(window) - overlap
            count += sum(1 for match in _ROW_TAG.finditer(window) if match.start() < edge)
            tail = window[max(edge, 0) :]
            if count > limit:
                return count
    return count + len(_ROW_TAG.findall(tail))


def _check_rows(data: bytes) -> None:
    """Refuse a sheet of too many rows before openpyxl reads it (it reads it whole to size it)."""
    limit = MAX_ROWS + 1  # the header row too
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            counts = (
                _count_rows(archive, name, limit)
                for name in archive.namelist()
                if _SHEET_PART.match(name)
            )
            too_many = any(count > limit for count in counts)
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError) as error:
        raise UnreadableFile(_("The XLSX file is damaged and could not be opened.")) from error
    if too_many:
        raise _too_many_rows()


def _xlsx_sheet(data: bytes) -> Sheet:
    from openpyxl import load_workbook

    _check_zip(data)
    _check_rows(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(
            _("The XLSX file could not be opened: %(error)s") % {"error": excerpt(str(error))}
        ) from error
    try:
        sheet = workbook.worksheets[0]
        # One column past the limit is read, so that a wider sheet is told apart.
        values = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
        header_row = next(values)
        headers = _headers(list(header_row))
        total = (sheet.max_row - 1) if sheet.max_row else None
    except StopIteration as error:
        workbook.close()
        raise UnreadableFile(_("The first sheet of the workbook is empty.")) from error
    except UnreadableFile:
        workbook.close()
        raise
    except Exception as error:
        workbook.close()
        raise UnreadableFile(
            _("The XLSX file could not be read: %(error)s") % {"error": excerpt(str(error))}
        ) from error

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, row in enumerate(values, start=2):
                yield number, list(row)
        except UnreadableFile:
            raise
        except Exception as error:  # a part that is cut short or lies about its size
            raise UnreadableFile(
                _("The XLSX file could not be read: %(error)s") % {"error": excerpt(str(error))}
            ) from error
        finally:
            workbook.close()

    return Sheet(
        headers=headers,
        rows=_bounded(rows(), len(headers)),
        total=min(total, MAX_ROWS) if total is not None else None,
        kind="xlsx",
    )


def read_sheet(data: bytes, encoding: str = "") -> Sheet:
    """Open CSV or XLSX content, told apart by its first bytes rather than its name.

    `encoding` ("utf-8" or "gb18030") reads a CSV in that encoding instead of detecting it.
    """
    if not data.strip():
        raise UnreadableFile(_("The file is empty."))
    if data.startswith(ZIP_MAGIC):
        return _xlsx_sheet(data)
    if data.startswith(OLE_MAGIC):
        raise UnreadableFile(
            _("This is an old Excel .xls file; save it as .xlsx (or CSV UTF-8) and upload again.")
        )
    return _csv_sheet(data, encoding)
