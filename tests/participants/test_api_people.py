import io

import pytest
from django.contrib.auth.models import Group

from participants.models import (
    HR_GROUP,
    TRAINERS_GROUP,
    Attendance,
    Enrollment,
    Participant,
    User,
)
from tests import factories

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def world(hr_user, trainer_user):
    """A cohort trained by `trainer_user` with two participants, and another cohort."""
    cohort = factories.CohortFactory(capacity=2)
    cohort.trainers.add(trainer_user)
    other_cohort = factories.CohortFactory()
    me = factories.ParticipantFactory(with_user=True)
    classmate = factories.ParticipantFactory(with_user=True)
    stranger = factories.ParticipantFactory(with_user=True)
    mine = factories.EnrollmentFactory(participant=me, cohort=cohort)
    theirs = factories.EnrollmentFactory(participant=classmate, cohort=cohort)
    elsewhere = factories.EnrollmentFactory(participant=stranger, cohort=other_cohort)
    session = factories.SessionFactory(cohort=cohort)
    other_trainer = factories.UserFactory()
    other_trainer.groups.add(Group.objects.get(name=TRAINERS_GROUP))
    return {
        "hr": hr_user,
        "trainer": trainer_user,
        "other_trainer": other_trainer,
        "cohort": cohort,
        "other_cohort": other_cohort,
        "me": me,
        "classmate": classmate,
        "stranger": stranger,
        "mine": mine,
        "theirs": theirs,
        "elsewhere": elsewhere,
        "session": session,
    }


def ids(response):
    return {row["id"] for row in response.json()["results"]}


# participants ------------------------------------------------------------------------------


def test_participants_are_scoped_by_role(api_as, world):
    everyone = {world["me"].pk, world["classmate"].pk, world["stranger"].pk}
    assert ids(api_as(world["hr"]).get(f"{API}/participants/")) == everyone
    assert ids(api_as(world["trainer"]).get(f"{API}/participants/")) == {
        world["me"].pk,
        world["classmate"].pk,
    }
    assert ids(api_as(world["me"].user).get(f"{API}/participants/")) == {world["me"].pk}
    assert ids(api_as(world["other_trainer"]).get(f"{API}/participants/")) == set()


def test_participant_detail_outside_scope_is_404(api_as, world):
    client = api_as(world["me"].user)
    assert client.get(f"{API}/participants/{world['me'].pk}/").status_code == 200
    assert client.get(f"{API}/participants/{world['classmate'].pk}/").status_code == 404
    assert client.get(f"{API}/participants/999999/").status_code == 404
    trainer = api_as(world["trainer"])
    assert trainer.get(f"{API}/participants/{world['stranger'].pk}/").status_code == 404


def test_anonymous_gets_401_or_403(api_client, world):
    assert api_client.get(f"{API}/participants/").status_code in (401, 403)
    assert api_client.get(f"{API}/enrollments/").status_code in (401, 403)


def test_hr_creates_updates_and_deletes_participants(api_as, world):
    client = api_as(world["hr"])
    created = client.post(
        f"{API}/participants/",
        {
            "employee_number": "N001",
            "name": "新人",
            "email": "New@Example.com",
            "time_zone": "Africa/Lagos",
            "position": "kam",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert Participant.objects.get(pk=pk).email == "new@example.com"

    patched = client.patch(f"{API}/participants/{pk}/", {"country": "Nigeria"}, format="json")
    assert patched.status_code == 200
    assert patched.json()["country"] == "Nigeria"

    assert client.delete(f"{API}/participants/{pk}/").status_code == 204


def test_participant_writes_are_validated(api_as, world):
    client = api_as(world["hr"])
    bad_zone = client.post(
        f"{API}/participants/",
        {"employee_number": "N2", "name": "x", "email": "n2@example.com", "time_zone": "Mars"},
        format="json",
    )
    assert bad_zone.status_code == 400
    assert "time_zone" in bad_zone.json()
    duplicate = client.post(
        f"{API}/participants/",
        {"employee_number": world["me"].employee_number, "name": "x", "email": "n3@example.com"},
        format="json",
    )
    assert duplicate.status_code == 400
    assert "employee_number" in duplicate.json()
    with_history = client.delete(f"{API}/participants/{world['me'].pk}/")
    assert with_history.status_code == 400
    assert "enrolments" in with_history.json()["detail"]


def test_non_hr_cannot_write_participants(api_as, world):
    trainer = api_as(world["trainer"])
    assert trainer.post(f"{API}/participants/", {}, format="json").status_code == 403
    visible = f"{API}/participants/{world['me'].pk}/"
    assert trainer.patch(visible, {"name": "x"}, format="json").status_code == 403
    hidden = f"{API}/participants/{world['stranger'].pk}/"
    assert trainer.patch(hidden, {"name": "x"}, format="json").status_code == 404


def fresh(user: User) -> User:
    """The user as a new request loads it: no roles cached by an earlier request."""
    return User.objects.get(pk=user.pk)


def test_participants_list_query_count_is_constant(api_as, world, django_assert_num_queries):
    client = api_as(world["hr"])
    with django_assert_num_queries(3):
        client.get(f"{API}/participants/")
    for _ in range(20):
        factories.ParticipantFactory(manager=world["me"])
    client = api_as(fresh(world["hr"]))
    with django_assert_num_queries(3):
        assert client.get(f"{API}/participants/").json()["count"] == 23


# import ------------------------------------------------------------------------------------

CSV = (
    "工号,姓名,邮箱,时区,期班\r\n"
    "C1,陈一,chen1@example.com,Asia/Dubai,{code}\r\n"
    "C2,陈二,chen2@example.com,{zone},\r\n"
)


def upload(client, text, *, dry_run=False):
    file = io.BytesIO(text.encode("gb18030"))
    file.name = "people.csv"
    url = f"{API}/participants/import/" + ("?dry_run=1" if dry_run else "")
    return client.post(url, {"file": file}, format="multipart")


def test_import_api_dry_run_then_import(api_as, world):
    client = api_as(world["hr"])
    text = CSV.format(code=world["other_cohort"].code, zone="Europe/London")

    preview = upload(client, text, dry_run=True)
    assert preview.status_code == 200
    assert preview.json()["counts"]["created"] == 2
    assert not Participant.objects.filter(employee_number="C1").exists()

    done = upload(client, text)
    assert done.status_code == 201
    assert done.json()["written"] is True
    assert Enrollment.objects.filter(
        participant__employee_number="C1", cohort=world["other_cohort"]
    ).exists()


def test_import_api_reports_bad_rows(api_as, world):
    response = upload(api_as(world["hr"]), CSV.format(code="nope", zone="Moon/Base"))

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(2, "期班"), (3, "时区")]
    assert not Participant.objects.filter(employee_number="C1").exists()


def test_import_api_is_hr_only(api_as, world):
    text = CSV.format(code="", zone="UTC")
    assert upload(api_as(world["trainer"]), text).status_code == 403
    assert upload(api_as(world["me"].user), text).status_code == 403


def test_import_api_needs_a_file(api_as, world):
    response = api_as(world["hr"]).post(f"{API}/participants/import/", {}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()


# enrolments --------------------------------------------------------------------------------


def test_enrollments_are_scoped_by_role(api_as, world):
    all_three = {world["mine"].pk, world["theirs"].pk, world["elsewhere"].pk}
    assert ids(api_as(world["hr"]).get(f"{API}/enrollments/")) == all_three
    assert ids(api_as(world["trainer"]).get(f"{API}/enrollments/")) == {
        world["mine"].pk,
        world["theirs"].pk,
    }
    assert ids(api_as(world["me"].user).get(f"{API}/enrollments/")) == {world["mine"].pk}
    hidden = f"{API}/enrollments/{world['theirs'].pk}/"
    assert api_as(world["me"].user).get(hidden).status_code == 404


def test_hr_enrols_into_a_full_cohort_and_cancel_promotes(api_as, world):
    client = api_as(world["hr"])
    newcomer = factories.ParticipantFactory()

    response = client.post(
        f"{API}/enrollments/",
        {"participant": newcomer.pk, "cohort": world["cohort"].pk, "reason": "Late nomination"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "waitlisted"
    assert response.json()["history"][0]["reason"] == "Late nomination"
    waiting_id = response.json()["id"]

    cancelled = client.post(
        f"{API}/enrollments/{world['mine'].pk}/cancel/", {"reason": "Project"}, format="json"
    )
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert client.get(f"{API}/enrollments/{waiting_id}/").json()["status"] == "confirmed"


def test_cancel_by_non_hr(api_as, world):
    url = f"{API}/enrollments/{world['mine'].pk}/cancel/"
    assert api_as(world["me"].user).post(url, {}, format="json").status_code == 403
    other = f"{API}/enrollments/{world['theirs'].pk}/cancel/"
    assert api_as(world["me"].user).post(other, {}, format="json").status_code == 404


def test_refused_transitions_are_400(api_as, world):
    client = api_as(world["hr"])
    url = f"{API}/enrollments/{world['mine'].pk}/cancel/"
    client.post(url, {}, format="json")
    again = client.post(url, {}, format="json")
    assert again.status_code == 400
    assert "cannot be cancelled" in again.json()["detail"]
    duplicate = client.post(
        f"{API}/enrollments/",
        {"participant": world["theirs"].participant_id, "cohort": world["cohort"].pk},
        format="json",
    )
    assert duplicate.status_code == 400
    unknown = client.post(
        f"{API}/enrollments/", {"participant": 999999, "cohort": 999999}, format="json"
    )
    assert unknown.status_code == 400


def test_enrollments_list_query_count_is_constant(api_as, world, django_assert_num_queries):
    client = api_as(world["trainer"])
    with django_assert_num_queries(3):
        client.get(f"{API}/enrollments/")
    world["cohort"].capacity = 50
    world["cohort"].save()
    for _ in range(15):
        factories.EnrollmentFactory(cohort=world["cohort"])
    client = api_as(fresh(world["trainer"]))
    with django_assert_num_queries(3):
        assert client.get(f"{API}/enrollments/").json()["count"] == 17


# a cohort's enrolments ---------------------------------------------------------------------


def test_cohort_enrollments_for_its_trainer_and_hr_only(api_as, world):
    url = f"{API}/cohorts/{world['cohort'].pk}/enrollments/"
    rows = api_as(world["trainer"]).get(url).json()["results"]
    assert {r["id"] for r in rows} == {world["mine"].pk, world["theirs"].pk}
    assert {"attendance_rate", "waitlist_position"} <= set(rows[0])
    assert api_as(world["hr"]).get(url).status_code == 200
    assert api_as(world["other_trainer"]).get(url).status_code == 404
    assert api_as(world["me"].user).get(url).status_code == 404
    assert api_as(world["hr"]).get(f"{API}/cohorts/999999/enrollments/").status_code == 404


def test_cohort_enrollments_show_the_waitlist_in_order(api_as, world):
    client = api_as(world["hr"])
    url = f"{API}/cohorts/{world['cohort'].pk}/enrollments/"
    first, second = factories.ParticipantFactory(), factories.ParticipantFactory()
    for person in (first, second):
        assert client.post(url, {"participant": person.pk}, format="json").status_code == 201

    rows = client.get(url).json()["results"]

    assert [(r["participant"], r["waitlist_position"]) for r in rows[2:]] == [
        (first.pk, 1),
        (second.pk, 2),
    ]


def test_only_hr_enrols_through_the_cohort(api_as, world):
    url = f"{API}/cohorts/{world['cohort'].pk}/enrollments/"
    person = factories.ParticipantFactory()
    response = api_as(world["trainer"]).post(url, {"participant": person.pk}, format="json")
    assert response.status_code == 403


def test_cohort_enrollments_query_count_is_constant(api_as, world, django_assert_max_num_queries):
    client = api_as(world["trainer"])
    url = f"{API}/cohorts/{world['cohort'].pk}/enrollments/"
    with django_assert_max_num_queries(8):
        client.get(url)
    for _ in range(15):
        factories.EnrollmentFactory(cohort=world["cohort"])
    with django_assert_max_num_queries(8):
        assert len(client.get(url).json()["results"]) == 17


# attendance --------------------------------------------------------------------------------


def test_trainer_marks_attendance_then_changes_it(api_as, world):
    client = api_as(world["trainer"])
    body = {"enrollment": world["mine"].pk, "session": world["session"].pk, "status": "late"}

    created = client.post(f"{API}/attendance/", body, format="json")
    assert created.status_code == 201
    changed = client.post(f"{API}/attendance/", body | {"status": "present"}, format="json")
    assert changed.status_code == 200
    put = client.put(
        f"{API}/attendance/{created.json()['id']}/", {"status": "excused"}, format="json"
    )
    assert put.status_code == 200
    assert Attendance.objects.get().status == "excused"


def test_attendance_marks_need_the_cohorts_trainer_or_hr(api_as, world):
    body = {"enrollment": world["mine"].pk, "session": world["session"].pk, "status": "present"}
    assert (
        api_as(world["other_trainer"]).post(f"{API}/attendance/", body, format="json").status_code
        == 404
    )
    assert (
        api_as(world["me"].user).post(f"{API}/attendance/", body, format="json").status_code == 404
    )
    assert api_as(world["hr"]).post(f"{API}/attendance/", body, format="json").status_code == 201


def test_attendance_of_another_cohort_is_400(api_as, world):
    body = {"enrollment": world["elsewhere"].pk, "session": world["session"].pk, "status": "late"}
    response = api_as(world["trainer"]).post(f"{API}/attendance/", body, format="json")
    assert response.status_code == 400
    assert "not enrolled" in str(response.json())


def test_participant_reads_only_their_attendance(api_as, world):
    mine = factories.AttendanceFactory(enrollment=world["mine"], session=world["session"])
    factories.AttendanceFactory(enrollment=world["theirs"], session=world["session"])

    assert ids(api_as(world["me"].user).get(f"{API}/attendance/")) == {mine.pk}
    assert len(ids(api_as(world["trainer"]).get(f"{API}/attendance/"))) == 2
    assert ids(api_as(world["other_trainer"]).get(f"{API}/attendance/")) == set()
    put = api_as(world["me"].user).put(
        f"{API}/attendance/{mine.pk}/", {"status": "present"}, format="json"
    )
    assert put.status_code == 403


def test_attendance_list_query_count_is_constant(api_as, world, django_assert_num_queries):
    client = api_as(world["trainer"])
    factories.AttendanceFactory(enrollment=world["mine"], session=world["session"])
    with django_assert_num_queries(4):
        client.get(f"{API}/attendance/")
    for _ in range(12):
        session = factories.SessionFactory(cohort=world["cohort"])
        factories.AttendanceFactory(
            enrollment=world["mine"], session=session, marked_by=world["hr"]
        )
    client = api_as(fresh(world["trainer"]))
    with django_assert_num_queries(4):
        assert client.get(f"{API}/attendance/").json()["count"] == 13


def test_hr_group_fixture_is_hr(world):
    assert world["hr"].groups.filter(name=HR_GROUP).exists()
