"""Hostile spreadsheets: refused quickly, in little memory, with a short answer."""

import io
import time
from collections.abc import Iterator

import pytest

from participants.importing.readers import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS
from participants.models import Participant
from participants.services.importing import participants_import
from tests.participants.test_import import EN, person
from tests.participants.xlsx_raw import row_xml, xlsx_from_xml, xlsx_rows

pytestmark = pytest.mark.django_db
HEADER = row_xml(1, ["employee_number", "name", "email"])


def _many_rows(count: int) -> Iterator[str]:
    # Rows without their numbers, as a spreadsheet may write them: they compress to nothing.
    yield HEADER
    batch = "<row><c><v>1</v></c></row>" * 10_000
    for _ in range(count // 10_000):
        yield batch


def _one_huge_cell(size: int) -> Iterator[str]:
    yield HEADER
    yield '<row r="2"><c r="A2" t="inlineStr"><is><t>'
    chunk = "x" * 2**20
    for _ in range(size // len(chunk)):
        yield chunk
    yield "</t></is></c></row>"


@pytest.fixture(scope="module")
def two_million_rows() -> bytes:
    return xlsx_from_xml(_many_rows(2_000_000))


@pytest.fixture(scope="module")
def one_200_mb_cell() -> bytes:
    return xlsx_from_xml(_one_huge_cell(200 * 2**20))


def _timed_import(data: bytes, by):
    started = time.perf_counter()
    result = participants_import(data=data, by=by, dry_run=True)
    return result, time.perf_counter() - started


def test_bomb_files_are_small(two_million_rows, one_200_mb_cell):
    # The files are what an attacker uploads: well under the 20 MiB upload limit.
    assert len(two_million_rows) < 2 * 2**20
    assert len(one_200_mb_cell) < 2 * 2**20


def test_two_million_rows_are_refused_fast(hr_user, two_million_rows):
    result, seconds = _timed_import(two_million_rows, hr_user)
    assert seconds < 2
    assert [e.row for e in result.errors] == [0]
    assert not result.rows


def test_rows_are_counted_before_the_sheet_is_parsed(hr_user):
    # given 200,000 rows: small once unpacked, but ten times the limit
    result, seconds = _timed_import(xlsx_from_xml(_many_rows(200_000)), hr_user)
    assert seconds < 1
    assert [e.message for e in result.errors] == [
        f"The file has more than {MAX_ROWS:,} rows; split it into smaller files."
    ]


@pytest.mark.parametrize(("rows", "ok"), [(50, True), (51, False)])
def test_a_sheet_at_the_row_limit_is_read_and_one_more_is_not(hr_user, monkeypatch, rows, ok):
    from participants.importing import readers

    monkeypatch.setattr(readers, "MAX_ROWS", 50)
    for kind in ("csv", "xlsx"):
        people = [[str(v) for v in person(n)] for n in range(2, rows + 2)]
        data = (
            xlsx_rows([EN, *people])
            if kind == "xlsx"
            else "\n".join(",".join(r) for r in [EN, *people]).encode()
        )
        result = participants_import(data=data, by=hr_user, dry_run=True)
        assert result.ok is ok, (kind, result.errors[:3])
        assert result.counts["rows"] == (rows if ok else 0)


def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_parsing(hr_user):
    data = xlsx_from_xml(_one_huge_cell(65 * 2**20))
    result, seconds = _timed_import(data, hr_user)
    assert seconds < 1
    assert "unpacks to 65 MiB" in result.errors[0].message


def test_a_200_mb_cell_is_refused_fast_and_not_echoed(api_as, hr_user, one_200_mb_cell):
    file = io.BytesIO(one_200_mb_cell)
    file.name = "bomb.xlsx"
    started = time.perf_counter()
    response = api_as(hr_user).post(
        "/api/v1/participants/import/?dry_run=1", {"file": file}, format="multipart"
    )
    assert time.perf_counter() - started < 2
    assert response.status_code == 400
    assert len(response.content) < 2000
    assert response.json()["errors"][0]["row"] == 0


def test_rows_past_the_limit_stop_the_reading(hr_user):
    # given a sheet whose second row is numbered 2,000,000: the reader fills in the gap with
    # empty rows, so only counting while reading stops it
    data = xlsx_from_xml([HEADER, row_xml(2_000_000, ["A1", "n", "a@example.com"])])
    result, seconds = _timed_import(data, hr_user)
    assert seconds < 2
    assert [e.message for e in result.errors] == [
        f"The file has more than {MAX_ROWS:,} rows; split it into smaller files."
    ]


def test_a_long_cell_is_refused_with_a_short_excerpt(api_as, hr_user):
    cell = "名" * 5_000 + "THE-END"
    data = xlsx_rows([["employee_number", "name", "email"], ["A1", cell, "a@example.com"]])
    file = io.BytesIO(data)
    file.name = "long.xlsx"
    response = api_as(hr_user).post(
        "/api/v1/participants/import/?dry_run=1", {"file": file}, format="multipart"
    )
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert f"at most {MAX_CELL_CHARS:,}" in error["message"]
    assert "THE-END" not in response.content.decode()
    assert len(error["message"]) < 300
    assert not Participant.objects.exists()


def test_too_many_columns_are_refused(hr_user):
    headers = [*EN, *(f"extra{i}" for i in range(MAX_COLUMNS))]
    result, _seconds = _timed_import(xlsx_rows([headers, person(1)]), hr_user)
    assert "columns" in result.errors[0].message
    assert not result.rows


def test_a_far_right_cell_does_not_widen_every_row(hr_user):
    # given a clean sheet with one stray cell in the last column Excel has (XFD)
    rows = [row_xml(1, EN), row_xml(2, [str(v) for v in person(1)])]
    rows.append('<row r="3"><c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row>')
    result, seconds = _timed_import(xlsx_from_xml(rows), hr_user)
    assert seconds < 2
    assert result.ok, result.errors


def test_a_csv_with_too_many_rows_is_refused(hr_user):
    lines = ["employee_number,name,email"] + ["A1,n,a@example.com"] * (MAX_ROWS + 1)
    result, _seconds = _timed_import("\n".join(lines).encode(), hr_user)
    assert "rows" in result.errors[0].message
    assert not result.rows


def test_a_csv_field_longer_than_the_csv_reader_takes_is_a_clear_error(hr_user):
    data = ("employee_number,name,email\nA1," + "x" * 200_000 + ",a@example.com\n").encode()
    result, _seconds = _timed_import(data, hr_user)
    assert [e.row for e in result.errors] == [0]
    assert len(result.errors[0].message) < 300


def test_a_zip_that_is_not_a_workbook_is_a_clear_error(hr_user):
    result, _seconds = _timed_import(b"PK\x03\x04" + b"\x00" * 100, hr_user)
    assert [e.row for e in result.errors] == [0]


def test_the_import_page_refuses_a_bomb_fast_and_offers_no_confirm(
    client, hr_user, one_200_mb_cell
):
    client.force_login(hr_user)
    file = io.BytesIO(one_200_mb_cell)
    file.name = "bomb.xlsx"
    started = time.perf_counter()
    page = client.post("/hr/participants/import/", {"file": file})
    assert time.perf_counter() - started < 2
    assert page.status_code == 200
    assert "token" not in page.context
    assert len(page.content) < 100_000
