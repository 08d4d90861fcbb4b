"""HR adds a participant and edits a profile on their own pages, without the admin."""

import pytest
from django.test import Client
from django.urls import reverse

from participants.models import Participant, User
from tests import factories

pytestmark = pytest.mark.django_db


def _values(**changes: str) -> dict[str, str]:
    values = {
        "employee_number": "E900001",
        "name": "王芳",
        "name_en": "Wang Fang",
        "email": "Wang.Fang@Example.com",
        "position": Participant.Position.KAM,
        "region": "Europe",
        "country": "UK",
        "org_unit": "KA 3",
        "time_zone": "Europe/London",
        "language": "en",
        "manager": "",
        "manager_email": "",
    }
    return values | changes


@pytest.fixture
def hr(client: Client, hr_user: User) -> Client:
    client.force_login(hr_user)
    return client


def test_hr_adds_a_participant_with_a_new_account(hr: Client) -> None:
    manager = factories.ParticipantFactory(employee_number="M1")

    response = hr.post(
        reverse("participants:participant-create"), _values(manager="M1", is_incumbent="on")
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("participants:account-people")
    added = Participant.objects.select_related("user").get(employee_number="E900001")
    assert added.email == "wang.fang@example.com"
    assert added.manager == manager
    assert added.is_incumbent is True
    assert added.time_zone == "Europe/London"
    assert added.user is not None
    assert added.user.email == "wang.fang@example.com"
    assert "Wang Fang is added." in hr.get(response["Location"]).content.decode()


def test_hr_adds_a_participant_linked_to_the_user_of_that_email(hr: Client) -> None:
    existing = factories.UserFactory(email="wang.fang@example.com")
    users = User.objects.count()
    manager = factories.ParticipantFactory(email="boss@example.com")

    hr.post(reverse("participants:participant-create"), _values(manager="BOSS@example.com"))

    added = Participant.objects.get(employee_number="E900001")
    assert added.user == existing
    assert added.manager == manager
    assert User.objects.count() == users


def test_hr_edits_a_profile(hr: Client) -> None:
    person = factories.ParticipantFactory(with_user=True, region="Asia")
    manager = factories.ParticipantFactory()
    url = reverse("participants:participant-edit", args=[person.pk])
    form = hr.get(url).content.decode()
    assert person.email in form

    response = hr.post(
        url,
        _values(
            employee_number=person.employee_number,
            email=person.email,
            name=person.name,
            region="Middle East",
            time_zone="Asia/Dubai",
            manager=manager.employee_number,
        ),
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.region == "Middle East"
    assert person.time_zone == "Asia/Dubai"
    assert person.manager == manager
    # The manager is shown again as their employee number.
    assert f'value="{manager.employee_number}"' in hr.get(url).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"employee_number": "TAKEN"}, "Participant with this Employee number already exists."),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"time_zone": "Mars/Olympus"}, "“Mars/Olympus” is not a known time zone"),
        ({"manager": "nobody@example.com"}, "No participant has the employee number or email"),
        ({"name": ""}, "This field is required."),
    ],
)
def test_bad_input_adds_nothing_and_says_why(
    hr: Client, changes: dict[str, str], message: str
) -> None:
    factories.ParticipantFactory(employee_number="TAKEN")
    before = Participant.objects.count(), User.objects.count()

    response = hr.post(reverse("participants:participant-create"), _values(**changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Participant.objects.count(), User.objects.count()) == before


def test_bad_input_on_edit_changes_nothing(hr: Client) -> None:
    person = factories.ParticipantFactory(region="Asia", time_zone="Europe/London")
    other = factories.ParticipantFactory()
    url = reverse("participants:participant-edit", args=[person.pk])
    email = person.email
    base = {"employee_number": person.employee_number, "email": email, "region": "Africa"}

    taken = hr.post(url, _values(**(base | {"email": other.email})))
    zone = hr.post(url, _values(**(base | {"time_zone": "Nowhere/Land"})))

    assert "Participant with this Email address already exists." in taken.content.decode()
    assert "“Nowhere/Land” is not a known time zone" in zone.content.decode()
    person.refresh_from_db()
    assert (person.region, person.email, person.time_zone) == ("Asia", email, "Europe/London")


def test_a_participant_cannot_manage_themself(hr: Client) -> None:
    boss = factories.ParticipantFactory(region="Asia")
    report = factories.ParticipantFactory(manager=boss)
    url = reverse("participants:participant-edit", args=[boss.pk])

    response = hr.post(
        url,
        _values(
            employee_number=boss.employee_number,
            email=boss.email,
            region="Africa",
            manager=report.employee_number,
        ),
    )

    assert response.status_code == 200
    assert "cannot manage themself" in response.content.decode()
    boss.refresh_from_db()
    assert (boss.region, boss.manager) == ("Asia", None)


def test_only_hr_may_open_the_pages(client: Client, hr_user: User, trainer_user: User) -> None:
    person = factories.ParticipantFactory(with_user=True)
    urls = [
        reverse("participants:participant-create"),
        reverse("participants:participant-edit", args=[person.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    for user in (person.user, trainer_user):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403
            assert client.post(url, _values()).status_code == 403
    assert not Participant.objects.filter(employee_number="E900001").exists()
    client.force_login(hr_user)
    for url in urls:
        assert client.get(url).status_code == 200
    unknown = reverse("participants:participant-edit", args=[person.pk + 1000])
    assert client.get(unknown).status_code == 404


def test_the_people_list_and_hr_home_lead_to_the_pages(hr: Client) -> None:
    person = factories.ParticipantFactory()
    create = reverse("participants:participant-create")

    people = hr.get(reverse("participants:account-people")).content.decode()
    home = hr.get(reverse("participants:hr-home")).content.decode()

    assert f'href="{create}"' in people
    assert f'href="{reverse("participants:participant-edit", args=[person.pk])}"' in people
    assert f'href="{create}"' in home
    assert f'href="{reverse("admin:index")}"' not in home


def test_hr_home_shows_the_admin_to_a_superuser_only(client: Client, hr_user: User) -> None:
    hr_user.is_superuser = True
    hr_user.save()
    client.force_login(hr_user)

    home = client.get(reverse("participants:hr-home")).content.decode()

    assert f'href="{reverse("admin:index")}"' in home


def test_the_form_reads_in_chinese(hr: Client) -> None:
    hr.cookies["django_language"] = "zh-hans"

    page = hr.get(reverse("participants:participant-create")).content.decode()

    assert "添加学员" in page
    assert 'list="time-zones"' in page
    assert '<option value="Asia/Shanghai">' in page
