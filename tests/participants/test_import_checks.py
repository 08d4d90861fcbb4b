"""The import preview runs every check the commit does: a clean preview means a clean commit."""

import csv
import io

import pytest
from django.core.cache import cache

from participants.importing.parsing import MAX_LENGTHS
from participants.models import Participant
from participants.services.importing import participants_import
from participants.views.imports import IMPORT_CACHE_PREFIX
from tests.participants.test_import import EN, person
from tests.participants.xlsx_raw import xlsx_rows

pytestmark = pytest.mark.django_db
IMPORT_URL = "/hr/participants/import/"
LONG_EMAIL = "a" * 288 + "@example.com"  # 300 characters, which Django's validator accepts


def csv_bytes(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    return xlsx_rows([["" if v is None else str(v) for v in row] for row in rows])


BAD_ROWS = {
    "nul_in_name": (person(1, name="张\x00三"), "name"),
    "email_of_300_characters": (person(1, email=LONG_EMAIL), "email"),
    "line_break_in_region": (person(1, region="Middle\nEast"), "region"),
    "escape_in_employee_number": (person(1, employee_number="A\x1b1"), "employee_number"),
    "cohort_code_too_long": (person(1, cohort="c" * 41), "cohort"),
    "manager_too_long": (person(1, manager="m" * 300 + "@example.com"), "manager"),
}


# XML has no way to hold NUL or ESC, so an XLSX cannot bring them.
CSV_ONLY = {"nul_in_name", "escape_in_employee_number"}


@pytest.mark.parametrize(
    ("kind", "case"),
    [("csv", case) for case in BAD_ROWS]
    + [("xlsx", case) for case in BAD_ROWS if case not in CSV_ONLY],
)
def test_the_preview_reports_what_the_database_would_refuse(hr_user, kind, case):
    row, column = BAD_ROWS[case]
    data = csv_bytes([EN, row]) if kind == "csv" else xlsx_bytes([EN, row])
    # when
    preview = participants_import(data=data, by=hr_user, dry_run=True)
    commit = participants_import(data=data, by=hr_user)
    # then
    assert [(e.row, e.column) for e in preview.errors] == [(2, column)]
    assert [(e.row, e.column) for e in commit.errors] == [(2, column)]
    assert not commit.written
    assert not Participant.objects.exists()


def test_every_column_limit_is_its_model_fields():
    assert MAX_LENGTHS["email"] == Participant._meta.get_field("email").max_length
    assert MAX_LENGTHS["name"] == Participant._meta.get_field("name").max_length
    assert MAX_LENGTHS["employee_number"] == 40


def test_a_control_character_is_not_echoed_in_the_message(hr_user):
    data = csv_bytes([EN, person(1, name="张\x00三")])
    result = participants_import(data=data, by=hr_user, dry_run=True)
    assert "\x00" not in result.errors[0].message
    assert "NUL" in result.errors[0].message


@pytest.mark.parametrize(
    ("case", "message"),
    [("nul_in_name", "control character"), ("email_of_300_characters", "Too long")],
)
def test_the_preview_shows_the_row_error_and_commits_nothing(hr_client, case, message):
    row, _column = BAD_ROWS[case]
    file = io.BytesIO(csv_bytes([EN, row]))
    file.name = "people.csv"
    # when
    page = hr_client.post(IMPORT_URL, {"file": file})
    # then
    assert page.status_code == 200
    assert message in page.content.decode()
    assert "token" not in page.context
    assert not Participant.objects.exists()


@pytest.mark.parametrize("case", ["nul_in_name", "email_of_300_characters"])
def test_the_api_preview_shows_the_row_error_and_commit_changes_nothing(api_as, hr_user, case):
    row, column = BAD_ROWS[case]
    client = api_as(hr_user)
    for query in ("?dry_run=1", ""):
        file = io.BytesIO(csv_bytes([EN, row]))
        file.name = "people.csv"
        response = client.post(
            "/api/v1/participants/import/" + query, {"file": file}, format="multipart"
        )
        assert response.status_code == 400
        assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [(2, column)]
    assert not Participant.objects.exists()


def test_the_import_page_keeps_the_checked_rows_not_the_file(
    hr_client, django_capture_on_commit_callbacks
):
    # given a clean preview
    file = io.BytesIO(csv_bytes([EN, person(1), person(2)]))
    file.name = "people.csv"
    page = hr_client.post(IMPORT_URL, {"file": file})
    token = page.context["token"]
    # then what waits in the cache is the parsed table, for less than an hour
    stored = cache.get(IMPORT_CACHE_PREFIX + token)
    assert "data" not in stored
    assert [cells[0] for _number, cells in stored["table"].rows] == ["A00001", "A00002"]
    from participants.views.imports import IMPORT_KEEP_SECONDS

    assert IMPORT_KEEP_SECONDS < 3600
    # when confirmed, the rows are checked again and written (by the run, inline: no broker)
    with django_capture_on_commit_callbacks(execute=True):
        done = hr_client.post(IMPORT_URL, {"confirm": "1", "token": token})
    assert done.status_code == 302
    assert Participant.objects.count() == 2


def test_the_confirm_step_checks_the_rows_again(hr_client, django_capture_on_commit_callbacks):
    # given a clean preview, then someone takes the email before the confirm
    file = io.BytesIO(csv_bytes([EN, person(1)]))
    file.name = "people.csv"
    token = hr_client.post(IMPORT_URL, {"file": file}).context["token"]
    Participant.objects.create(employee_number="X1", name="Other", email="zhang1@example.com")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        done = hr_client.post(IMPORT_URL, {"confirm": "1", "token": token})
    # then the run's page says why
    page = hr_client.get(done["Location"])
    assert page.status_code == 200
    assert "already belongs to participant X1" in page.content.decode()
    assert Participant.objects.count() == 1


def test_a_clash_at_the_moment_of_writing_is_an_error_not_a_500(hr_user, monkeypatch):
    # given a row that passed every check, and a database that refuses it at the last moment
    from django.db import IntegrityError

    from participants.services.importing import plan

    def clash(**kwargs):
        raise IntegrityError("UNIQUE constraint failed: participants_participant.email")

    monkeypatch.setattr(plan, "_write", clash)
    # when
    result = participants_import(data=csv_bytes([EN, person(1)]), by=hr_user)
    # then
    assert not result.written
    assert "nothing was written" in result.errors[0].message
    assert not Participant.objects.exists()
