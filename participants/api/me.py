"""The logged-in user's own record: `GET /api/v1/me/` and `GET /api/v1/me/schedule/`."""

import datetime as dt
from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from courses.access import is_hr, is_trainer
from courses.models import Cohort, Course, Module, Session
from kamtraining.api import Pagination
from kamtraining.i18n import localized
from participants.models import Attendance, Enrollment, Participant, User
from participants.selectors.zone import (
    LocalSession,
    attendance_for_participant,
    enrollments_for_participant,
    local_session,
    participant_for_user,
    sessions_for_participant,
    zone_info,
)


class ZonedDateTimeField(serializers.DateTimeField):
    """An aware datetime written with the offset of the zone it carries, not the request's."""

    def enforce_timezone(self, value: dt.datetime) -> dt.datetime:
        return value


@extend_schema_serializer(component_name="ParticipantOutput")
class MeParticipantOut(serializers.ModelSerializer[Participant]):
    class Meta:
        model = Participant
        fields = ("id", *Participant.PROFILE_FIELDS)


@extend_schema_serializer(component_name="CohortBriefOutput")
class CohortBriefOut(serializers.ModelSerializer[Cohort]):
    class Meta:
        model = Cohort
        fields = ("id", "code", "name", "time_zone", "starts_on", "ends_on", "status")


@extend_schema_serializer(component_name="CourseBriefOutput")
class CourseBriefOut(serializers.ModelSerializer[Course]):
    class Meta:
        model = Course
        fields = ("id", "code", "title", "title_en")


@extend_schema_serializer(component_name="EnrollmentOutput")
class MyEnrollmentOut(serializers.ModelSerializer[Enrollment]):
    cohort = CohortBriefOut()
    course = CourseBriefOut(source="cohort.course")
    waitlist_position = serializers.SerializerMethodField(
        help_text="Place on the cohort's waitlist (1 = next to be offered a place), else null."
    )

    class Meta:
        model = Enrollment
        fields = ("id", "status", "cohort", "course", "waitlist_position", "created_at")

    def get_waitlist_position(self, enrollment: Enrollment) -> int | None:
        if enrollment.status != Enrollment.Status.WAITLISTED:
            return None
        return getattr(enrollment, "waitlist_position", None)


@extend_schema_serializer(component_name="MeOutput")
class MeOut(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    language = serializers.CharField()
    time_zone = serializers.CharField()
    is_hr = serializers.BooleanField()
    is_trainer = serializers.BooleanField()
    participant = MeParticipantOut(allow_null=True, help_text="Null for staff without a profile.")
    enrollments = MyEnrollmentOut(many=True)


@extend_schema_serializer(component_name="ModuleBriefOutput")
class ModuleBriefOut(serializers.ModelSerializer[Module]):
    title = serializers.SerializerMethodField()
    dimension = serializers.SerializerMethodField(help_text="Code of the role it develops.")

    class Meta:
        model = Module
        fields = ("id", "number", "title", "dimension")

    def get_title(self, module: Module) -> str:
        return localized(module, "title")

    def get_dimension(self, module: Module) -> str | None:
        return module.dimension.code if module.dimension else None


@extend_schema_serializer(component_name="ScheduleItemOutput")
class ScheduleItemOut(serializers.Serializer):
    id = serializers.IntegerField(source="session.pk")
    title = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=Session.Status.choices, source="session.status")
    starts_at = ZonedDateTimeField(help_text="In the participant's time zone.")
    ends_at = ZonedDateTimeField(help_text="In the participant's time zone.")
    time_zone = serializers.CharField(help_text="The participant's time zone.")
    local_starts_at = ZonedDateTimeField(help_text="In the session's own time zone.")
    local_ends_at = ZonedDateTimeField(help_text="In the session's own time zone.")
    local_time_zone = serializers.CharField(
        help_text="The session's own time zone: its own, its room's venue's, else the cohort's."
    )
    cohort_starts_at = ZonedDateTimeField(help_text="In the cohort's time zone.")
    cohort_ends_at = ZonedDateTimeField(help_text="In the cohort's time zone.")
    cohort_time_zone = serializers.CharField()
    cohort = CohortBriefOut(source="session.cohort")
    module = ModuleBriefOut(source="session.module", allow_null=True)
    location = serializers.CharField(help_text="Venue and room, or empty.")
    online_url = serializers.CharField(source="session.online_url")
    sequence = serializers.IntegerField(source="session.sequence")
    attendance = serializers.ChoiceField(
        choices=Attendance.Status.choices,
        allow_null=True,
        help_text="My mark once taken, else null.",
    )

    def get_title(self, item: LocalSession) -> str:
        return str(item.session)


class MeApi(APIView):
    @extend_schema(
        operation_id="me_retrieve",
        summary="The logged-in user, their participant profile and their enrolments",
        responses=MeOut,
    )
    def get(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        participant = participant_for_user(user=user)
        enrollments = (
            list(enrollments_for_participant(participant=participant)) if participant else []
        )
        data = {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "time_zone": user.time_zone,
            "is_hr": is_hr(user),
            "is_trainer": is_trainer(user),
            "participant": participant,
            "enrollments": enrollments,
        }
        return Response(MeOut(data).data)


class MyScheduleApi(ListAPIView):
    """Sessions of the cohorts where I hold a place, in my time zone, theirs and the cohort's."""

    serializer_class = ScheduleItemOut
    pagination_class = Pagination
    filter_backends: list[Any] = []

    queryset = Session.objects.none()  # for the schema; get() scopes to the participant

    @extend_schema(
        operation_id="me_schedule_list",
        summary="My sessions, with times in my time zone, the session's and the cohort's",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        participant = participant_for_user(user=request.user)  # type: ignore[arg-type]
        queryset = (
            sessions_for_participant(participant=participant)
            if participant
            else Session.objects.none()
        )
        page = self.paginate_queryset(queryset)
        assert page is not None  # a paginated view always pages
        zone = zone_info(participant.time_zone if participant else "UTC")
        marks = attendance_for_participant(participant=participant) if participant else {}
        rows: list[LocalSession] = [
            local_session(s, zone=zone, attendance=marks.get(s.pk)) for s in page
        ]
        return self.get_paginated_response(ScheduleItemOut(rows, many=True).data)
