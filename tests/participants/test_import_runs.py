"""A confirmed import runs as an ImportRun (inline without a broker): its page shows the
progress while it runs and ends with the same summary the import gave when it ran inline."""

import io
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from participants.models import HR_GROUP, ImportRun, Participant, User
from participants.services.import_runs import import_run_execute
from participants.services.importing import participants_import
from tests import factories

pytestmark = pytest.mark.django_db
IMPORT_URL = "/hr/participants/import/"
HEADER = ["工号", "姓名", "邮箱", "时区"]
ROWS = [
    ["E1", "吴迪", "wudi@example.com", "Asia/Dubai"],
    ["E2", "李雷", "lilei@example.com", "Asia/Shanghai"],
    ["E3", "韩梅梅", "hanmeimei@example.com", "UTC"],
]


def _xlsx(rows: list[list[str]]) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in [HEADER, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "people.xlsx"
    return buffer


def _page(run: ImportRun) -> str:
    return reverse("participants:import-run", args=[run.pk])


def _status(run: ImportRun) -> str:
    return reverse("participants:import-run-status", args=[run.pk])


def _kept_files() -> list[str]:
    if not default_storage.exists("import-runs"):
        return []
    return default_storage.listdir("import-runs")[1]


def _preview(client: Client, rows: list[list[str]] = ROWS) -> Any:
    preview = client.post(IMPORT_URL, {"file": _xlsx(rows)})
    assert preview.status_code == 200
    return preview


def _hr(**extra: Any) -> User:
    user = factories.UserFactory(is_staff=True, **extra)
    user.groups.add(Group.objects.get(name=HR_GROUP))
    return user


def test_without_a_broker_the_run_finishes_in_the_request_and_shows_the_summary(
    hr_client: Client, hr_user: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given a clean preview of a file of three people, one of whom is known already
    factories.ParticipantFactory(employee_number="E1", name="吴迪", email="wudi@example.com")
    token = _preview(hr_client).context["token"]

    # when HR confirms
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(IMPORT_URL, {"confirm": "1", "token": token})

    # then the run is over before the answer, which leads to the finished run
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _page(run)
    assert (run.status, run.started_by, run.file_name) == ("done", hr_user, "people.xlsx")
    assert (run.done, run.total) == (3, 3)
    assert run.counts["created"] == 2
    assert set(Participant.objects.values_list("employee_number", flat=True)) == {
        "E1",
        "E2",
        "E3",
    }
    html = hr_client.get(response["Location"]).content.decode()
    assert 'id="import-summary"' in html
    assert "Imported 3 rows from people.xlsx: 2 created, 1 updated" in html
    assert 'http-equiv="refresh"' not in html
    assert "data-progress-status" not in html
    # and the rows kept for the run are gone from the storage
    assert not run.file
    assert _kept_files() == []
    # and the token is used up
    again = hr_client.post(IMPORT_URL, {"confirm": "1", "token": token}, follow=True)
    assert "expired" in again.content.decode()
    assert ImportRun.objects.count() == 1


def test_the_summary_equals_what_the_inline_import_gives(
    hr_client: Client, hr_user: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given people already stored (one unchanged, one to update) and a cohort to enrol in
    cohort = factories.CohortFactory(capacity=1)
    factories.ParticipantFactory(
        employee_number="E1", name="吴迪", email="wudi@example.com", time_zone="Asia/Dubai"
    )
    factories.ParticipantFactory(employee_number="E2", name="李雷", email="lilei@example.com")
    rows = [[*row, cohort.code] for row in ROWS]
    header = [*HEADER, "期班"]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in [header, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "cohort.xlsx"
    preview = hr_client.post(IMPORT_URL, {"file": buffer})
    table = preview.context["result"].table
    # what the import gives inline, on the same data (then undone)
    with transaction.atomic():
        inline = participants_import(table=table, by=hr_user)
        transaction.set_rollback(True)
    assert inline.ok
    assert Participant.objects.count() == 2

    # when the same preview is confirmed as a run
    with django_capture_on_commit_callbacks(execute=True):
        hr_client.post(IMPORT_URL, {"confirm": "1", "token": preview.context["token"]})

    # then the run holds the same counts and its page the same sentence the commit gave
    run = ImportRun.objects.get()
    assert run.counts == inline.counts
    assert inline.counts["waitlisted"] == 2
    sentence = (
        "Imported {rows} rows from cohort.xlsx: {created} created, {updated} updated, "
        "{unchanged} unchanged; {confirmed} enrolled, {waitlisted} waitlisted."
    ).format(**inline.counts)
    assert sentence in hr_client.get(_page(run)).content.decode()


def test_a_run_whose_data_changed_since_the_preview_fails_and_shows_why(
    hr_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    # given a clean preview, then someone else takes one of its emails
    token = _preview(hr_client).context["token"]
    factories.ParticipantFactory(employee_number="X9", email="lilei@example.com")

    # when HR confirms
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(IMPORT_URL, {"confirm": "1", "token": token})

    # then nothing is written, the page names the row, and the kept rows are deleted
    run = ImportRun.objects.get()
    response = hr_client.get(response["Location"])
    assert run.status == "failed"
    assert run.errors
    assert run.errors[0]["row"] == 3
    html = response.content.decode()
    assert 'id="import-errors"' in html
    assert "<td>3</td>" in html
    assert "Nothing was imported" in html
    assert Participant.objects.count() == 1
    assert not run.file
    assert _kept_files() == []


def test_with_a_broker_the_run_waits_and_keeps_its_rows_until_it_is_done(
    hr_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    # given a confirmed import whose task has not started yet (a worker would take it)
    token = _preview(hr_client).context["token"]
    with django_capture_on_commit_callbacks(execute=False) as scheduled:
        response = hr_client.post(IMPORT_URL, {"confirm": "1", "token": token}, follow=True)
    run = ImportRun.objects.get()
    assert len(scheduled) == 1

    # then the page shows it waiting, and refreshes itself; the rows are kept in the storage
    html = response.content.decode()
    assert run.status == "pending"
    assert "Waiting to start" in html
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert f'data-progress-status="{_status(run)}"' in html
    assert not Participant.objects.exists()
    assert default_storage.exists(run.file.name)
    kept = run.file.name

    # when the task runs
    import_run_execute(run_id=run.pk)

    # then the people are in and the kept rows are gone
    run.refresh_from_db()
    assert run.status == "done"
    assert Participant.objects.count() == 3
    assert not default_storage.exists(kept)
    assert not run.file
    # and running it again changes nothing
    assert import_run_execute(run_id=run.pk) == run


@pytest.mark.parametrize(
    ("status", "done", "shows", "refreshes"),
    [
        ("pending", 0, "Waiting to start", True),
        ("running", 1, "Running", True),
        ("done", 2, "Imported 2 rows from people.xlsx: 2 created", False),
        ("failed", 2, "Row 2 is wrong.", False),
    ],
)
def test_the_page_shows_each_state_of_the_run(
    hr_client: Client,
    hr_user: User,
    status: str,
    done: int,
    shows: str,
    refreshes: bool,
) -> None:
    # given a run of two rows in this state
    counts = {"rows": 2, "created": 2, "updated": 0, "unchanged": 0}
    run = ImportRun.objects.create(
        started_by=hr_user,
        file_name="people.xlsx",
        language="en",
        status=status,
        done=done,
        total=2,
        counts=counts if status == "done" else {},
        errors=[{"row": 2, "column": "email", "message": "Row 2 is wrong."}]
        if status == "failed"
        else [],
    )

    # when HR looks at its page and its figures
    page = hr_client.get(_page(run))
    figures = hr_client.get(_status(run)).json()

    # then
    html = page.content.decode()
    assert page.status_code == 200
    assert shows in html
    assert f'value="{run.percent}"' in html
    assert f"<span data-progress-done>{done}</span> / <span data-progress-total>2</span>" in html
    assert ('<noscript><meta http-equiv="refresh"' in html) is refreshes
    assert ("data-progress-status=" in html) is refreshes
    assert ('id="import-summary"' in html) is (status == "done")
    assert ('id="import-errors"' in html) is (status == "failed")
    assert "js/job_progress.js" in html
    assert "<script>" not in html  # no inline script (CSP)
    assert figures == {
        "status": status,
        "status_display": run.get_status_display(),
        "done": done,
        "total": 2,
        "percent": run.percent,
        "finished": status in ("done", "failed"),
    }
    assert run.percent == {"pending": 0, "running": 50, "done": 100, "failed": 100}[status]


def test_the_page_speaks_chinese(hr_client: Client, hr_user: User) -> None:
    run = ImportRun.objects.create(
        started_by=hr_user, file_name="people.xlsx", language="zh-hans", total=4, done=1
    )
    html = hr_client.get(_page(run), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "导入 people.xlsx" in html
    assert "行已检查" in html
    assert "本页会自动更新" in html


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),  # to the login page
        ("starter", 200),
        ("other_hr", 404),
        ("superuser", 404),  # not theirs
        ("staff_not_hr", 404),
        ("starter_no_longer_hr", 404),
    ],
)
def test_only_the_hr_user_who_started_the_run_may_follow_it(who: str, expected: int) -> None:
    starter = _hr()
    run = ImportRun.objects.create(
        started_by=starter, file_name="people.xlsx", language="en", total=2
    )
    client = Client()
    if who == "starter":
        client.force_login(starter)
    elif who == "other_hr":
        client.force_login(_hr())
    elif who == "superuser":
        client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    elif who == "staff_not_hr":
        client.force_login(factories.UserFactory(is_staff=True))
    elif who == "starter_no_longer_hr":
        starter.groups.clear()
        client.force_login(starter)
    for url in (_page(run), _status(run)):
        assert client.get(url).status_code == expected, url


def test_a_run_started_by_someone_no_longer_hr_fails_and_writes_nothing(
    hr_client: Client, hr_user: User, django_capture_on_commit_callbacks: Any
) -> None:
    token = _preview(hr_client).context["token"]
    with django_capture_on_commit_callbacks(execute=False):
        hr_client.post(IMPORT_URL, {"confirm": "1", "token": token})
    run = ImportRun.objects.get()
    hr_user.groups.clear()

    with pytest.raises(PermissionDenied):  # the task fails (and is logged)
        import_run_execute(run_id=run.pk)

    run.refresh_from_db()
    assert run.status == "failed"
    assert "PermissionDenied" in run.errors[0]["message"]
    assert not Participant.objects.exists()
    assert not run.file
    assert _kept_files() == []
