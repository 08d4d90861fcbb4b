"""API of attendance marks."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    extend_schema,
)
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from courses.models import Session
from participants.access import acting_user
from participants.api import serializers as s
from participants.api.common import IdFilter, raise_not_found
from participants.models import Attendance, Enrollment
from participants.selectors.people import (
    attendance_visible_to,
    can_manage_cohort_people,
)
from participants.services.attendance import attendance_mark


class AttendanceFilter(filters.FilterSet):
    cohort = IdFilter(field_name="session__cohort_id")
    session = IdFilter(field_name="session_id")
    enrollment = IdFilter(field_name="enrollment_id")

    class Meta:
        model = Attendance
        fields = ("session", "enrollment", "status")


def _mark(
    *, user: Any, enrollment_id: int, session_id: int, status_value: str, note: str
) -> Attendance:
    session = Session.objects.filter(pk=session_id).first()
    if session is None or not can_manage_cohort_people(user=user, cohort_id=session.cohort_id):
        raise_not_found()
    assert session is not None
    enrollment = Enrollment.objects.select_related("participant").filter(pk=enrollment_id).first()
    if enrollment is None:
        raise ValidationError({"enrollment": "No such enrolment."})
    return attendance_mark(
        enrollment=enrollment,
        session=session,
        status=status_value,
        by=acting_user(user),
        note=note,
    )


class _AttendanceApi(generics.GenericAPIView[Attendance]):
    """Attendance marks: HR and the cohort's trainers read and mark; a participant reads
    their own. POST records or changes the mark of one enrolment at one session."""

    serializer_class = s.AttendanceOut
    filterset_class = AttendanceFilter
    queryset = Attendance.objects.none()  # for the schema; get_queryset scopes to the user
    permission_classes = (IsAuthenticated,)

    def get_queryset(self) -> QuerySet[Attendance]:
        return attendance_visible_to(user=self.request.user).order_by(
            "session__starts_at", "enrollment_id", "pk"
        )


class AttendanceListCreateApi(_AttendanceApi, generics.ListAPIView[Attendance]):
    @extend_schema(
        request=s.AttendanceMarkIn,
        responses={200: s.AttendanceOut, 201: s.AttendanceOut},
    )
    def post(self, request: Request) -> Response:
        data = s.AttendanceMarkIn(data=request.data)
        data.is_valid(raise_exception=True)
        existed = Attendance.objects.filter(
            enrollment_id=data.validated_data["enrollment"],
            session_id=data.validated_data["session"],
        ).exists()
        attendance = _mark(
            user=request.user,
            enrollment_id=data.validated_data["enrollment"],
            session_id=data.validated_data["session"],
            status_value=data.validated_data["status"],
            note=data.validated_data["note"],
        )
        fresh = self.get_queryset().get(pk=attendance.pk)
        return Response(
            s.AttendanceOut(fresh).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


class AttendanceDetailApi(_AttendanceApi, generics.RetrieveAPIView[Attendance]):
    def _update(self, request: Request) -> Response:
        attendance = self.get_object()
        data = s.AttendanceStatusIn(data=request.data)
        data.is_valid(raise_exception=True)
        if not can_manage_cohort_people(user=request.user, cohort_id=attendance.session.cohort_id):
            raise PermissionDenied(_("Only the cohort's trainers and HR mark attendance."))
        _mark(
            user=request.user,
            enrollment_id=attendance.enrollment_id,
            session_id=attendance.session_id,
            status_value=data.validated_data["status"],
            note=data.validated_data["note"],
        )
        return Response(s.AttendanceOut(self.get_queryset().get(pk=attendance.pk)).data)

    @extend_schema(request=s.AttendanceStatusIn, responses={200: s.AttendanceOut})
    def put(self, request: Request, pk: str) -> Response:
        return self._update(request)

    @extend_schema(request=s.AttendanceStatusIn, responses={200: s.AttendanceOut})
    def patch(self, request: Request, pk: str) -> Response:
        return self._update(request)
