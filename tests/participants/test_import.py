import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook

from participants.models import Enrollment, Participant
from participants.services.importing import participants_import
from tests import factories

pytestmark = pytest.mark.django_db

EN = ["employee_number", "name", "name_en", "email", "position", "is_incumbent", "region",
      "country", "org_unit", "manager", "time_zone", "language", "cohort"]  # fmt: skip
ZH = ["工号", "姓名", "英文名", "邮箱", "职位", "正职", "区域", "国家", "系统部", "经理", "时区",
      "语言", "期班"]  # fmt: skip


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[object]], encoding: str = "utf-8") -> bytes:
    lines = [",".join("" if v is None else str(v) for v in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def person(n: int, **over: object) -> list[object]:
    values = {
        "employee_number": f"A{n:05d}",
        "name": f"张{n}",
        "name_en": f"Zhang {n}",
        "email": f"zhang{n}@example.com",
        "position": "KAM",
        "is_incumbent": "yes",
        "region": "Middle East",
        "country": "UAE",
        "org_unit": "系统部 1",
        "manager": "",
        "time_zone": "Asia/Dubai",
        "language": "en",
        "cohort": "",
    }
    values.update(over)
    return [values[c] for c in EN]


def test_import_csv_creates_participants(hr_user):
    data = csv_bytes([EN, person(1), person(2, position="cgm", is_incumbent="no")])

    result = participants_import(data=data, by=hr_user)

    assert result.ok, result.errors
    assert result.counts["created"] == 2
    first = Participant.objects.get(employee_number="A00001")
    assert (first.name, first.email, first.position, first.is_incumbent, first.time_zone) == (
        "张1",
        "zhang1@example.com",
        "kam",
        True,
        "Asia/Dubai",
    )
    assert Participant.objects.get(employee_number="A00002").position == "cgm"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_import_csv_with_chinese_headers_in_excel_encodings(hr_user, encoding):
    data = csv_bytes([ZH, person(1, position="客户经理", is_incumbent="是")], encoding)

    result = participants_import(data=data, by=hr_user)

    assert result.ok, result.errors
    assert result.encoding == encoding
    participant = Participant.objects.get()
    assert participant.name == "张1"
    assert participant.org_unit == "系统部 1"
    assert participant.is_incumbent


def test_import_xlsx_with_numeric_employee_numbers(hr_user):
    data = xlsx([ZH, person(1, employee_number=100234, is_incumbent=True)])

    result = participants_import(data=data, by=hr_user)

    assert result.ok, result.errors
    assert result.kind == "xlsx"
    assert Participant.objects.get().employee_number == "100234"


def test_import_upserts_by_employee_number(hr_user):
    participants_import(data=csv_bytes([EN, person(1), person(2)]), by=hr_user)

    result = participants_import(
        data=csv_bytes([EN, person(1, country="Oman"), person(2), person(3)]), by=hr_user
    )

    counts = result.counts
    assert (counts["created"], counts["updated"], counts["unchanged"]) == (1, 1, 1)
    assert result.rows[0].changes == ["country"]
    assert Participant.objects.get(employee_number="A00001").country == "Oman"
    assert Participant.objects.count() == 3


def test_empty_cells_keep_stored_values(hr_user):
    participants_import(data=csv_bytes([EN, person(1)]), by=hr_user)

    participants_import(
        data=csv_bytes([["employee_number", "name", "email", "region"], ["A00001", "张1",
                        "zhang1@example.com", ""]]),
        by=hr_user,
    )  # fmt: skip

    assert Participant.objects.get().region == "Middle East"


def test_every_bad_row_is_reported_and_nothing_is_written(hr_user):
    # given a file where each row has a different mistake
    factories.CohortFactory(code="kam-2027")
    rows = [
        EN,
        person(1),
        person(2, time_zone="Mars/Olympus"),
        person(3, email="not-an-email"),
        person(1, email="other@example.com"),
        person(5, cohort="kam-1999"),
        person(6, manager="Z99999"),
        person(7, position="Astronaut"),
        person(8, language="Klingon"),
        person(9, name=""),
    ]

    result = participants_import(data=csv_bytes(rows), by=hr_user)

    assert not result.ok
    found = {(e.row, e.column) for e in result.errors}
    assert found == {
        (3, "time_zone"),
        (4, "email"),
        (5, "employee_number"),
        (6, "cohort"),
        (7, "manager"),
        (8, "position"),
        (9, "language"),
        (10, "name"),
    }
    messages = {e.row: e.message for e in result.errors}
    assert "Mars/Olympus" in messages[3]
    assert "row 2" in messages[5]
    assert "kam-1999" in messages[6]
    assert "Z99999" in messages[7]
    assert not Participant.objects.exists()


def test_errors_name_the_column_as_written_in_the_file(hr_user):
    result = participants_import(
        data=csv_bytes([ZH, person(1, time_zone="Nowhere")], "utf-8"), by=hr_user
    )

    assert [(e.row, e.column) for e in result.errors] == [(2, "时区")]


def test_duplicate_email_in_file_and_email_of_another_participant(hr_user):
    factories.ParticipantFactory(employee_number="OLD1", email="taken@example.com")

    result = participants_import(
        data=csv_bytes(
            [EN, person(1, email="taken@example.com"), person(2, email="x@example.com"),
             person(3, email="X@example.com")]
        ),
        by=hr_user,
    )  # fmt: skip

    messages = {e.row: e.message for e in result.errors}
    assert "OLD1" in messages[2]
    assert "row 3" in messages[4]


def test_missing_required_column(hr_user):
    result = participants_import(data=csv_bytes([["工号", "姓名"], ["1", "张"]]), by=hr_user)

    assert [e.row for e in result.errors] == [1]
    assert "email" in result.errors[0].message


def test_unknown_columns_are_a_warning(hr_user):
    result = participants_import(data=csv_bytes([[*EN, "备注"], [*person(1), "note"]]), by=hr_user)

    assert result.ok
    assert "备注" in result.warnings[0]


def test_unreadable_files_get_a_clear_message(hr_user):
    assert "empty" in participants_import(data=b"", by=hr_user).errors[0].message
    old_excel = b"\xd0\xcf\x11\xe0" + b"\0" * 100
    assert ".xlsx" in participants_import(data=old_excel, by=hr_user).errors[0].message


def test_dry_run_previews_without_writing(hr_user):
    factories.ParticipantFactory(employee_number="A00001", email="zhang1@example.com")

    result = participants_import(
        data=csv_bytes([EN, person(1), person(2)]), by=hr_user, dry_run=True
    )

    assert result.ok
    assert not result.written
    assert (result.counts["created"], result.counts["updated"]) == (1, 1)
    assert Participant.objects.count() == 1


def test_managers_by_employee_number_or_email(hr_user):
    boss = factories.ParticipantFactory(employee_number="B1", email="boss@example.com")
    rows = [
        EN,
        person(1, manager="A00002"),  # later in the same file
        person(2, manager="boss@example.com"),
        person(3, manager="B1"),
        person(4, manager="Outside.Manager@Example.com"),
    ]

    result = participants_import(data=csv_bytes(rows), by=hr_user)

    assert result.ok, result.errors
    got = {p.employee_number: p for p in Participant.objects.select_related("manager")}
    assert got["A00001"].manager == got["A00002"]
    assert got["A00002"].manager == boss
    assert got["A00003"].manager == boss
    assert got["A00004"].manager is None
    assert got["A00004"].manager_email == "outside.manager@example.com"


def test_own_manager_is_refused(hr_user):
    result = participants_import(data=csv_bytes([EN, person(1, manager="A00001")]), by=hr_user)

    assert [(e.row, e.column) for e in result.errors] == [(2, "manager")]


def test_cohort_column_enrols_in_file_order(hr_user):
    cohort = factories.CohortFactory(code="kam-2027", capacity=2)
    already = factories.ParticipantFactory(employee_number="A00001", email="zhang1@example.com")
    factories.EnrollmentFactory(participant=already, cohort=cohort)
    rows = [EN] + [person(n, cohort="kam-2027") for n in range(1, 5)]

    result = participants_import(data=csv_bytes(rows), by=hr_user)

    assert result.ok, result.errors
    assert [r.enrolment for r in result.rows] == [
        "already enrolled",
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    statuses = dict(
        Enrollment.objects.filter(cohort=cohort).values_list(
            "participant__employee_number", "status"
        )
    )
    assert statuses == {
        "A00001": "confirmed",
        "A00002": "confirmed",
        "A00003": "waitlisted",
        "A00004": "waitlisted",
    }
    assert Enrollment.objects.get(participant__employee_number="A00003").history.count() == 1


def test_closed_cohort_is_an_error(hr_user):
    factories.CohortFactory(code="old", status="completed")

    result = participants_import(data=csv_bytes([EN, person(1, cohort="old")]), by=hr_user)

    assert "completed" in result.errors[0].message


def test_import_links_an_existing_account(hr_user):
    user = factories.UserFactory(email="zhang1@example.com")

    participants_import(data=csv_bytes([EN, person(1)]), by=hr_user)

    assert Participant.objects.get().user == user


def test_import_links_an_existing_account_whatever_its_case(hr_user):
    user = factories.UserFactory(email="Zhang1@Example.com")

    participants_import(data=csv_bytes([EN, person(1)]), by=hr_user)

    assert Participant.objects.get(employee_number="A00001").user == user


def test_import_leaves_an_account_that_another_participant_holds(hr_user):
    user = factories.UserFactory(email="zhang1@example.com")
    holder = factories.ParticipantFactory(email="holder@example.com", user=user)

    result = participants_import(data=csv_bytes([EN, person(1), person(2)]), by=hr_user)

    assert result.written
    assert Participant.objects.get(employee_number="A00001").user is None
    assert Participant.objects.get(employee_number="A00002").user.email == "zhang2@example.com"
    holder.refresh_from_db()
    assert holder.user == user


def test_reimporting_an_unchanged_file_writes_nothing(hr_user):
    factories.CohortFactory(code="kam-2027", capacity=5)
    rows = [
        EN,
        person(1),
        person(2, manager="A00001", cohort="kam-2027"),
        person(3, manager="zhang2@example.com"),
    ]
    data = xlsx(rows)
    assert participants_import(data=data, by=hr_user).written
    stamps = dict(Participant.objects.values_list("employee_number", "updated_at"))

    with CaptureQueriesContext(connection) as queries:
        result = participants_import(data=data, by=hr_user)

    assert result.ok
    assert result.written
    assert result.counts["unchanged"] == 3
    assert [r.enrolment for r in result.rows] == ["", "already enrolled", ""]
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert dict(Participant.objects.values_list("employee_number", "updated_at")) == stamps


def test_import_query_count_does_not_grow_with_rows(hr_user, django_assert_max_num_queries):
    factories.CohortFactory(code="kam-2027", capacity=5)

    def run(first: int, n: int) -> None:
        rows = [EN] + [
            person(i, cohort="kam-2027", manager=f"A{first:05d}")
            for i in range(first + 1, first + n)
        ]
        rows.insert(1, person(first))
        result = participants_import(data=csv_bytes(rows), by=hr_user)
        assert result.ok, result.errors[:3]

    with django_assert_max_num_queries(24):
        run(1000, 5)
    with django_assert_max_num_queries(24):
        run(2000, 60)


def test_management_command_dry_run_and_import(hr_user, tmp_path, capsys):
    path = tmp_path / "people.xlsx"
    path.write_bytes(xlsx([EN, person(1), person(2)]))

    call_command("import_participants", str(path), "--dry-run")
    assert not Participant.objects.exists()
    assert "2 created" in capsys.readouterr().out

    call_command("import_participants", str(path))
    assert Participant.objects.count() == 2


def test_management_command_reports_errors(tmp_path, capsys):
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes([EN, person(1, time_zone="Nowhere")]))

    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_participants", str(path))

    assert "row 2" in capsys.readouterr().err


def test_reimport_changes_flags_managers_and_zones(hr_user):
    participants_import(
        data=csv_bytes([EN, person(1), person(2, manager="A00001", is_incumbent="no")]),
        by=hr_user,
    )

    result = participants_import(
        data=csv_bytes(
            [
                EN,
                person(1, manager="A00002"),
                person(2, is_incumbent="yes", time_zone="utc", manager="Boss@Example.com"),
            ]
        ),
        by=hr_user,
    )

    assert result.ok, result.errors
    assert [sorted(r.changes) for r in result.rows] == [
        ["manager"],
        ["is_incumbent", "manager", "time_zone"],
    ]
    got = {p.employee_number: p for p in Participant.objects.all()}
    assert got["A00001"].manager_id == got["A00002"].pk
    assert (got["A00002"].manager_id, got["A00002"].manager_email) == (None, "boss@example.com")
    assert got["A00002"].is_incumbent is True
    assert got["A00002"].time_zone == "UTC"


def test_managers_going_round_in_a_circle_are_refused(hr_user):
    participants_import(data=csv_bytes([EN, person(1), person(2, manager="A00001")]), by=hr_user)

    # A00003 (new) under A00002, and A00001 now under A00003: a circle through the database
    result = participants_import(
        data=csv_bytes([EN, person(3, manager="A00002"), person(1, manager="A00003")]),
        by=hr_user,
    )

    assert [(e.row, e.column) for e in result.errors] == [(2, "manager"), (3, "manager")]
    assert "chain of managers" in result.errors[0].message
    assert not Participant.objects.filter(employee_number="A00003").exists()


def test_new_participants_managing_each_other_are_refused(hr_user):
    result = participants_import(
        data=csv_bytes([EN, person(1, manager="A00002"), person(2, manager="A00001")]),
        by=hr_user,
    )

    assert len(result.errors) == 2


def test_a_cohort_outside_its_enrolment_window_is_an_error_saying_when(hr_user):
    closed = dt.datetime(2026, 1, 9, 17, tzinfo=dt.UTC)
    factories.CohortFactory(
        code="late",
        name="KAM Late",
        enrolment_opens_at=closed - dt.timedelta(days=30),
        enrolment_closes_at=closed,
    )

    # HR, working in Dubai, imports a row for it
    with timezone.override("Asia/Dubai"):
        result = participants_import(data=csv_bytes([EN, person(1, cohort="late")]), by=hr_user)

    assert not result.ok
    (error,) = result.errors
    assert error.column == "cohort"
    assert "Enrolment in KAM Late closed on 9 Jan 2026, 21:00 (Asia/Dubai)" in error.message
    assert not Enrollment.objects.exists()
