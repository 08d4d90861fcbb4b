"""HR's participant import pages: upload → preview (a dry run) → confirm → the run's page,
in the product's layout, with no admin access needed."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from participants.models import HR_GROUP, ImportRun, Participant
from tests import factories
from tests.participants.zone_data import make_trainer

pytestmark = pytest.mark.django_db
IMPORT_URL = "/hr/participants/import/"
HEADER = ["工号", "姓名", "邮箱", "时区"]


def xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "people.xlsx"
    return buffer


@pytest.fixture
def hr_page_client(client: Client, hr_user) -> Client:
    """HR without admin access (not staff): the import needs none."""
    assert not hr_user.is_staff
    client.force_login(hr_user)
    return client


def _links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html[html.index("<main") :])


def test_the_urls_are_hrs():
    assert reverse("participants:participant-import") == IMPORT_URL
    assert reverse("participants:import-run", args=[7]) == f"{IMPORT_URL}7/"
    assert reverse("participants:import-run-status", args=[7]) == f"{IMPORT_URL}7/status/"


def test_import_shows_bad_rows_then_imports_the_fixed_file(
    hr_page_client, django_capture_on_commit_callbacks
):
    # given a file with one bad row
    bad = xlsx([HEADER, ["E1", "吴迪", "wudi@example.com", "Asia/Dubai"],
                ["E2", "李雷", "lilei@example.com", "Asia/Duabi"]])  # fmt: skip

    # when it is uploaded, the error names the row and column and nothing is written
    response = hr_page_client.post(IMPORT_URL, {"file": bad})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Asia/Duabi" in page
    assert "<td>3</td><td>时区</td>" in page
    assert 'name="confirm"' not in page
    assert 'role="alert"' in page
    assert not Participant.objects.exists()

    # when the fixed file is uploaded, it is previewed and kept for the confirm step
    good = xlsx([HEADER, ["E1", "吴迪", "wudi@example.com", "Asia/Dubai"],
                 ["E2", "李雷", "lilei@example.com", "Asia/Dubai"]])  # fmt: skip
    preview = hr_page_client.post(IMPORT_URL, {"file": good})
    html = preview.content.decode()
    assert 'name="confirm"' in html
    assert html.count("<tr>") >= 2
    assert not Participant.objects.exists()
    token = preview.context["token"]

    # then confirming imports it without uploading again, and leads to the run's page
    with django_capture_on_commit_callbacks(execute=True):  # the run (inline, no broker)
        done = hr_page_client.post(IMPORT_URL, {"confirm": "1", "token": token})
    run = ImportRun.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("participants:import-run", args=[run.pk])
    assert set(Participant.objects.values_list("employee_number", flat=True)) == {"E1", "E2"}
    followed = hr_page_client.get(done["Location"]).content.decode()
    assert "2 created" in followed
    assert reverse("participants:account-people") in _links(followed)


def test_the_pages_are_the_products_not_the_admins(
    hr_page_client, hr_user, django_capture_on_commit_callbacks
):
    upload = hr_page_client.get(IMPORT_URL)
    preview = hr_page_client.post(
        IMPORT_URL, {"file": xlsx([HEADER, ["E1", "吴迪", "wudi@example.com", "UTC"]])}
    )
    run = ImportRun.objects.create(started_by=hr_user, file_name="people.xlsx", total=1)
    running = hr_page_client.get(reverse("participants:import-run", args=[run.pk]))
    for response in (upload, preview, running):
        html = response.content.decode()
        assert response.status_code == 200
        assert [t.name for t in response.templates][:1] in (
            ["participants/import.html"],
            ["participants/import_run.html"],
        )
        assert "base.html" in [t.name for t in response.templates]
        assert not [link for link in _links(html) if "/admin/" in link]
        assert '<meta name="viewport"' in html
        assert "<script>" not in html  # no inline script (CSP)
        assert 'aria-current="page">Programme office' in html  # HR's section of the menu
    assert 'accept=".csv,.xlsx' in upload.content.decode()
    assert 'aria-describedby="id_file_helptext"' in upload.content.decode()
    assert 'id="id_file_helptext"' in upload.content.decode()


def test_import_confirm_with_an_unknown_or_used_token(hr_page_client):
    response = hr_page_client.post(IMPORT_URL, {"confirm": "1", "token": "forged"}, follow=True)
    assert response.redirect_chain == [(IMPORT_URL, 302)]
    assert "expired" in response.content.decode()
    assert not Participant.objects.exists()


def test_import_token_belongs_to_its_uploader(hr_page_client, client):
    good = xlsx([HEADER, ["E1", "吴迪", "wudi@example.com", "UTC"]])
    token = hr_page_client.post(IMPORT_URL, {"file": good}).context["token"]
    other = factories.UserFactory()
    other.groups.add(Group.objects.get(name=HR_GROUP))
    other_client = Client()
    other_client.force_login(other)

    response = other_client.post(IMPORT_URL, {"confirm": "1", "token": token}, follow=True)

    assert "expired" in response.content.decode()
    assert not Participant.objects.exists()
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_import_page_needs_hr(client, method):
    file = xlsx([HEADER, ["E1", "吴迪", "wudi@example.com", "UTC"]])
    response = getattr(client, method)(IMPORT_URL, {"file": file} if method == "post" else {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    # a role page: someone without the role is told so (staff, a trainer, a participant)
    for user in (
        factories.UserFactory(is_staff=True),
        make_trainer(),
        factories.ParticipantFactory(with_user=True).user,
    ):
        client.force_login(user)
        file.seek(0)
        response = getattr(client, method)(IMPORT_URL, {"file": file} if method == "post" else {})
        assert response.status_code == 403
    assert not Participant.objects.filter(employee_number="E1").exists()


def test_the_page_reads_in_chinese(hr_page_client):
    hr_page_client.cookies["django_language"] = "zh-hans"
    html = hr_page_client.get(IMPORT_URL).content.decode()
    assert '<html lang="zh-hans"' in html
    assert "导入学员" in html
    assert "确认之前不会写入任何数据" in html
    preview = hr_page_client.post(
        IMPORT_URL, {"file": xlsx([HEADER, ["E1", "吴迪", "wudi@example.com", "Mars/Base"]])}
    ).content.decode()
    assert "文件中的问题（按行和列）" in preview


# The session, the user and their groups (the page, the menu); the preview adds the lookups of
# the file's people and cohorts in bulk, never one per row.
QUERIES_UPLOAD = 4
QUERIES_PREVIEW = 6  # the accounts are looked up only when a commit writes


@pytest.mark.parametrize("size", [2, 40])
def test_the_upload_and_preview_cost_the_same_queries_however_many_rows(
    hr_page_client, django_assert_num_queries, size: int
) -> None:
    factories.ParticipantFactory.create_batch(3)
    rows = [[f"E{i}", f"人{i}", f"p{i}@example.com", "UTC"] for i in range(size)]
    with django_assert_num_queries(QUERIES_UPLOAD):
        assert hr_page_client.get(IMPORT_URL).status_code == 200
    with django_assert_num_queries(QUERIES_PREVIEW):
        preview = hr_page_client.post(IMPORT_URL, {"file": xlsx([HEADER, *rows])})
    assert preview.context["result"].counts["created"] == size


def test_a_missing_run_looks_like_someone_elses(hr_page_client):
    for name in ("participants:import-run", "participants:import-run-status"):
        assert hr_page_client.get(reverse(name, args=[987654])).status_code == 404
