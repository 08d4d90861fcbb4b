"""Errors answer JSON under /api/ and a translated page elsewhere, never a debug page."""

import pytest
from django.test import Client

from tests.error_urls import SECRET

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    settings.DEBUG = False


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing/", "/api/v1/", "/api/nothing"])
def test_an_unknown_api_path_is_a_json_404(hr_user, path):
    client = Client()
    client.force_login(hr_user)
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_an_unknown_api_path_is_a_json_404_without_an_account():
    response = Client().get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_an_unknown_page_is_the_sites_404_page():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert b"Page not found" in response.content
    assert b"KAM Training" in response.content


def test_the_404_page_speaks_chinese():
    response = Client(headers={"accept-language": "zh-hans"}).get("/no-such-page/")
    assert response.status_code == 404
    assert "找不到" in response.content.decode()


@pytest.mark.parametrize("path", ["/api/v1/boom/", "/boom/"])
def test_a_server_error_tells_nothing_of_its_cause(failing_urls, path):
    client = Client(raise_request_exception=False)
    response = client.get(path)
    assert response.status_code == 500
    assert SECRET.encode() not in response.content
    assert b"Traceback" not in response.content
    if path.startswith("/api/"):
        assert response["Content-Type"] == "application/json"
        assert set(response.json()) == {"detail"}
    else:
        assert response["Content-Type"].startswith("text/html")
        assert b"Server error" in response.content


def _chinese_reader(hr_user):  # type: ignore[no-untyped-def]
    """A logged-in user who reads Chinese, on a browser that asks for English."""
    hr_user.language = "zh-hans"
    hr_user.save(update_fields=["language"])
    client = Client(headers={"accept-language": "en"}, raise_request_exception=False)
    client.force_login(hr_user)
    return client


def test_the_404_page_follows_a_chinese_users_language_and_is_styled(hr_user):
    response = _chinese_reader(hr_user).get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="zh-hans"' in html
    assert "<h1>找不到页面</h1>" in html
    assert "此地址没有页面，或您无权查看。" in html
    assert "Page not found" not in html
    assert "css/app.css" in html  # the site's own page, with its header
    assert 'class="site-header"' in html


def test_the_403_page_follows_a_chinese_users_language(trainer_user):
    client = _chinese_reader(trainer_user)
    response = client.get("/hr/")  # the programme office is HR's
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>不允许</h1>" in html
    assert "Not allowed" not in html
    assert 'class="site-header"' in html


def test_the_500_page_follows_a_chinese_users_language(failing_urls, hr_user):
    response = _chinese_reader(hr_user).get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>服务器错误</h1>" in html
    assert "我们这边出了问题，请稍后再试。" in html
    assert SECRET not in html
    assert "css/app.css" in html


def test_an_id_past_the_databases_range_is_a_404():
    # An id no database integer can hold names nothing: found by fuzzing as a participant.
    from tests import factories

    enrollment = factories.EnrollmentFactory(participant__with_user=True)
    client = Client()
    client.force_login(enrollment.participant.user)
    huge = 10**30
    response = client.post(
        f"/api/v1/me/campaigns/{huge}/self/submit/", {"scores": {}}, content_type="application/json"
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
