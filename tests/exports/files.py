"""Read a downloaded export back as rows, the way a spreadsheet would."""

import csv
import io
from typing import Any

from django.http.response import HttpResponseBase
from openpyxl import load_workbook


def body_of(response: HttpResponseBase) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content  # type: ignore[attr-defined]


def csv_rows(response: HttpResponseBase) -> list[list[str]]:
    raw = body_of(response)
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark to read Chinese"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def xlsx_rows(response: HttpResponseBase) -> list[list[Any]]:
    workbook = load_workbook(io.BytesIO(body_of(response)), read_only=True)
    sheet = workbook.worksheets[0]
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def rows_of(response: HttpResponseBase, fmt: str) -> list[list[Any]]:
    return csv_rows(response) if fmt == "csv" else xlsx_rows(response)
