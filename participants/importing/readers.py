"""Turn an uploaded CSV or XLSX into rows of cells, whatever Excel or WPS saved.

CSV encodings tried in order: UTF-8 with BOM, UTF-8, then GB18030 (Excel's default for
Chinese Windows, a superset of GBK and GB2312). XLSX is read with openpyxl in read-only mode.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the pre-2007 .xls format


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


def decode_csv(data: bytes) -> tuple[str, str]:
    """Return the text and the encoding it was in."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            _("The file is neither UTF-8 nor GB18030 text; save it as CSV UTF-8 or as XLSX.")
        ) from error


def _csv_sheet(data: bytes) -> Sheet:
    text, encoding = decode_csv(data)
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        headers = next(reader)
    except StopIteration as error:
        raise UnreadableFile(_("The file is empty.")) from error

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for number, row in enumerate(reader, start=2):
            yield number, list(row)

    return Sheet(
        headers=[h.strip() for h in headers],
        rows=rows(),
        total=max(len(lines) - 1, 0),
        kind="csv",
        encoding=encoding,
    )


def _xlsx_sheet(data: bytes) -> Sheet:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(
            _("The XLSX file could not be opened: %(error)s") % {"error": error}
        ) from error
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    try:
        header_row = next(values)
    except StopIteration as error:
        workbook.close()
        raise UnreadableFile(_("The first sheet of the workbook is empty.")) from error
    headers = ["" if h is None else str(h).strip() for h in header_row]
    total = (sheet.max_row - 1) if sheet.max_row else None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, row in enumerate(values, start=2):
                yield number, list(row)
        finally:
            workbook.close()

    return Sheet(headers=headers, rows=rows(), total=total, kind="xlsx")


def read_sheet(data: bytes) -> Sheet:
    """Open CSV or XLSX content, told apart by its first bytes rather than its name."""
    if not data.strip():
        raise UnreadableFile(_("The file is empty."))
    if data.startswith(ZIP_MAGIC):
        return _xlsx_sheet(data)
    if data.startswith(OLE_MAGIC):
        raise UnreadableFile(
            _("This is an old Excel .xls file; save it as .xlsx (or CSV UTF-8) and upload again.")
        )
    return _csv_sheet(data)
