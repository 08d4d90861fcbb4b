"""A CSV whose bytes read as both UTF-8 and GB18030: the preview says so, and HR chooses."""

import io

import pytest

from participants.models import Participant
from participants.services.importing import participants_import

pytestmark = pytest.mark.django_db
IMPORT_URL = "/hr/participants/import/"
# These two characters in GB18030 are also valid UTF-8, reading as "뾁A".
NAME = "刖丄"
TEXT = f"employee_number,name,email\r\nA1,{NAME},a@example.com\r\n"
DATA = TEXT.encode("gb18030")


def test_the_bytes_really_read_both_ways():
    assert DATA.decode("utf-8") != DATA.decode("gb18030") == TEXT


def test_the_preview_shows_both_readings(hr_user):
    result = participants_import(data=DATA, by=hr_user, dry_run=True)
    assert result.encoding == "utf-8"
    assert result.readings == {
        "utf-8": "A1,뾁A,a@example.com",
        "gb18030": f"A1,{NAME},a@example.com",
    }
    assert any("GB18030" in warning for warning in result.warnings)


def test_an_unambiguous_file_has_no_readings(hr_user):
    result = participants_import(data=TEXT.encode("utf-8-sig"), by=hr_user, dry_run=True)
    assert result.readings == {}


def test_hr_chooses_gb18030(hr_user):
    result = participants_import(data=DATA, by=hr_user, encoding="gb18030")
    assert result.ok, result.errors
    assert result.readings == {}
    assert Participant.objects.get().name == NAME


def test_a_wrong_choice_is_a_clear_error(hr_user):
    result = participants_import(data=b"\xff\xfe,", by=hr_user, encoding="utf-8", dry_run=True)
    assert "not UTF-8 text" in result.errors[0].message


def test_the_api_takes_the_encoding_and_shows_readings(api_as, hr_user):
    client = api_as(hr_user)

    def post(**extra):
        file = io.BytesIO(DATA)
        file.name = "people.csv"
        return client.post(
            "/api/v1/participants/import/?dry_run=1", {"file": file, **extra}, format="multipart"
        )

    guessed = post().json()
    assert guessed["readings"]["gb18030"] == f"A1,{NAME},a@example.com"
    chosen = post(encoding="gb18030").json()
    assert chosen["readings"] == {}
    assert chosen["rows"][0]["name"] == NAME
    assert chosen["encoding"] == "gb18030"


def test_the_import_page_shows_both_readings_and_offers_the_other_encoding(
    hr_client, django_capture_on_commit_callbacks
):
    file = io.BytesIO(DATA)
    file.name = "people.csv"
    page = hr_client.post(IMPORT_URL, {"file": file})
    html = page.content.decode()
    assert 'id="import-readings"' in html
    assert NAME in html
    assert "뾁A" in html
    assert page.context["form"].initial == {"encoding": "gb18030"}
    # when HR uploads it again as GB18030 and confirms
    file = io.BytesIO(DATA)
    file.name = "people.csv"
    again = hr_client.post(IMPORT_URL, {"file": file, "encoding": "gb18030"})
    assert 'id="import-readings"' not in again.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the run (inline, no broker)
        hr_client.post(IMPORT_URL, {"confirm": "1", "token": again.context["token"]})
    assert Participant.objects.get().name == NAME
