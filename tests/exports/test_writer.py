"""The export writer: bilingual headers, BOM, formula injection, safe file names, read back."""

import pytest

from kamtraining.exports import (
    Column,
    Table,
    both_languages,
    csv_response,
    escape_cell,
    export_response,
    safe_filename,
    xlsx_response,
)
from participants.models import Enrollment
from tests.exports.files import csv_rows, xlsx_rows

DANGEROUS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", '=HYPERLINK("http://x")']


def _table() -> Table:
    rows = [[text, 7] for text in DANGEROUS] + [["吴迪", -3], ["plain", 2.5], [None, 0]]
    return Table(
        name='roster/../"K1"', columns=(Column("Name", "姓名"), Column("Count", "数量")), rows=rows
    )


@pytest.mark.parametrize(
    ("respond", "read"), [(csv_response, csv_rows), (xlsx_response, xlsx_rows)], ids=["csv", "xlsx"]
)
def test_export_formula_cells_stay_text(respond, read) -> None:  # type: ignore[no-untyped-def]
    # when
    rows = read(respond(_table()))
    # then
    assert rows[0] == ["Name / 姓名", "Count / 数量"]
    texts = [row[0] for row in rows[1 : 1 + len(DANGEROUS)]]
    # XML stores a carriage return as a line feed; what matters is the leading apostrophe.
    assert [t.replace("\r", "\n") for t in texts] == [
        ("'" + text).replace("\r", "\n") for text in DANGEROUS
    ]
    assert rows[len(DANGEROUS) + 1][0] == "吴迪"
    assert rows[len(DANGEROUS) + 2][0] == "plain"


def test_export_xlsx_keeps_numbers_as_numbers() -> None:
    rows = xlsx_rows(xlsx_response(_table()))
    assert rows[1][1] == 7
    assert rows[-3][1] == -3  # a negative number is a number, not a formula
    assert rows[-2][1] == 2.5
    assert rows[-1] == ["", 0]


def test_export_xlsx_has_no_formula_cell() -> None:
    import io

    from openpyxl import load_workbook

    from tests.exports.files import body_of

    workbook = load_workbook(io.BytesIO(body_of(xlsx_response(_table()))))
    types = {cell.data_type for row in workbook.worksheets[0].iter_rows() for cell in row}
    assert "f" not in types


def test_export_csv_is_streamed_with_bom_and_safe_name() -> None:
    response = csv_response(_table())
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "/" not in disposition.split("filename", 1)[1].replace('filename="', "")
    assert csv_rows(response)[0] == ["Name / 姓名", "Count / 数量"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ('roster/../"K1"', "roster-..-K1.xlsx"),
        ("a\\b:c*d?e<f>g|h", "a-b-c-d-e-f-g-h.xlsx"),
        ("\x00\n", "export.xlsx"),
        ("班级-2026", "班级-2026.xlsx"),
    ],
)
def test_safe_filename_drops_separators_and_controls(name: str, expected: str) -> None:
    assert safe_filename(name, "xlsx") == expected


def test_escape_cell_leaves_numbers_and_plain_text() -> None:
    assert escape_cell(-1) == -1
    assert escape_cell(None) == ""
    assert escape_cell("a=b") == "a=b"
    assert escape_cell(" =x") == " =x"


def test_export_response_unknown_format_is_404() -> None:
    from django.http import Http404

    with pytest.raises(Http404):
        export_response(_table(), "exe")


def test_both_languages_reads_english_and_chinese() -> None:
    label = dict(Enrollment.Status.choices)[Enrollment.Status.WAITLISTED]
    text = both_languages(label)
    english, chinese = text.split(" / ")
    assert english == "Waitlisted"
    assert chinese
    assert chinese != english
