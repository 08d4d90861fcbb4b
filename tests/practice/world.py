"""A cohort with a practice assignment, its trainer, HR, two participants and a stranger cohort."""

import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from courses.access import HR_GROUP, TRAINERS_GROUP
from courses.models import Cohort, Item
from participants.models import Participant, User
from practice.models import Assignment, Practice, TriangleRole
from practice.services.assignments import assignment_create
from tests import factories

DUE = dt.date(2027, 5, 1)


@dataclass
class World:
    cohort: Cohort
    other_cohort: Cohort
    items: list[Item]
    trainer: User
    other_trainer: User
    hr: User
    owner: User
    peer: User
    assignment: Assignment
    practice: Practice
    peer_practice: Practice

    def role(self, code: str) -> TriangleRole:
        return TriangleRole.objects.get(code=code)


def _user(group: str) -> User:
    user = factories.UserFactory()
    user.groups.add(Group.objects.get(name=group))
    return user


def participant_in(cohort: Cohort, **kwargs: object) -> Participant:
    participant = factories.ParticipantFactory(with_user=True, **kwargs)
    factories.EnrollmentFactory(participant=participant, cohort=cohort)
    return participant


def build_world(*, participants: int = 2) -> World:
    framework = factories.FrameworkFactory()
    dimension = factories.DimensionFactory(framework=framework)
    items = [factories.ItemFactory(dimension=dimension) for _ in range(3)]
    course = factories.CourseFactory(framework=framework)
    cohort = factories.CohortFactory(course=course)
    other_cohort = factories.CohortFactory(course=course)
    trainer, other_trainer, hr = _user(TRAINERS_GROUP), _user(TRAINERS_GROUP), _user(HR_GROUP)
    cohort.trainers.add(trainer)
    other_cohort.trainers.add(other_trainer)
    people = [participant_in(cohort) for _ in range(participants)]
    participant_in(other_cohort)
    assignment = assignment_create(
        cohort=cohort,
        title="Win the Q3 renewal",
        brief="Plan and run the renewal meeting with the customer's CxO.",
        due_on=DUE,
        items=items[:2],
        by=trainer,
    )
    practices = {p.participant_id: p for p in Practice.objects.filter(assignment=assignment)}
    owner, peer = people[0], people[1]
    assert owner.user is not None
    assert peer.user is not None
    return World(
        cohort=cohort,
        other_cohort=other_cohort,
        items=items,
        trainer=trainer,
        other_trainer=other_trainer,
        hr=hr,
        owner=owner.user,
        peer=peer.user,
        assignment=assignment,
        practice=practices[owner.pk],
        peer_practice=practices[peer.pk],
    )


# Small real files, built byte by byte.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
    b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
WEBP = (
    b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00"
    b"\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def office(kind: str) -> bytes:
    """A minimal Office Open XML package of the kind (docx, xlsx, pptx)."""
    main = {
        "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
        "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
        "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
    }[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/' + main[0] + '" ContentType="application/'
            "vnd.openxmlformats-officedocument." + main[1] + '"/></Types>',
        )
        archive.writestr(main[0], "<xml/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


def upload(
    name: str, content: bytes, content_type: str = "application/octet-stream"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
