"""REST API of people: participants (+ import), enrolments (+ cancel), a cohort's enrolments,
attendance.

Visibility follows participants.selectors.people: HR everything, a trainer their cohorts'
people, a participant themself; whatever a user cannot see answers 404. Writes go through the
services; a refused write is a 400 with the service's message.
"""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from courses.models import Cohort, Session
from kamtraining.api import Pagination
from participants.access import acting_user, is_hr, may_manage_enrollment
from participants.api import serializers as s
from participants.models import Attendance, Enrollment, Participant
from participants.selectors.attendance import attendance_rates_for_cohort
from participants.selectors.enrollment import enrollment_roster_for_cohort
from participants.selectors.people import (
    attendance_visible_to,
    can_manage_cohort_people,
    enrollments_visible_to,
    participants_visible_to,
)
from participants.services.attendance import attendance_mark
from participants.services.enrollment import (
    enrollment_cancel,
    enrollment_complete,
    enrollment_confirm,
    enrollment_create,
    enrollment_mark_no_show,
)
from participants.services.importing import participants_import
from participants.services.people import (
    participant_create,
    participant_delete,
    participant_update,
)

MAX_IMPORT_BYTES = 20 * 1024 * 1024


class IsHR(BasePermission):
    message = "Only HR may do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and is_hr(request.user))


class ReadOrHR(BasePermission):
    """Read what the scoped queryset shows; write only as HR (403 on a visible object)."""

    message = "Only HR may change this."

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in SAFE_METHODS or getattr(view, "detail", False):
            return True
        return bool(is_hr(request.user))

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        return request.method in SAFE_METHODS or bool(is_hr(request.user))


# Participants ------------------------------------------------------------------------------


class IdFormField(forms.IntegerField):
    # Bounded like a database id: a huge number is a 400, not an overflow in the query.
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=2**63 - 1, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.Filter):
    """An id; one that matches nothing gives an empty list."""

    field_class = IdFormField


class ParticipantFilter(filters.FilterSet):
    search = filters.CharFilter(method="filter_search", label="name, email or employee number")
    cohort = IdFilter(field_name="enrollments__cohort_id", distinct=True)

    class Meta:
        model = Participant
        fields = ("position", "is_incumbent", "region", "country", "time_zone")

    def filter_search(
        self, queryset: QuerySet[Participant], name: str, value: str
    ) -> QuerySet[Participant]:
        from django.db.models import Q

        return queryset.filter(
            Q(name__icontains=value)
            | Q(name_en__icontains=value)
            | Q(email__icontains=value)
            | Q(employee_number__iexact=value)
        )


class ParticipantViewSet(viewsets.ModelViewSet):
    """Participant profiles: HR reads and writes all; trainers read their cohorts' people;
    a participant reads their own profile."""

    serializer_class = s.ParticipantSerializer
    permission_classes = (ReadOrHR,)
    filterset_class = ParticipantFilter
    queryset = Participant.objects.none()

    def get_queryset(self) -> QuerySet[Participant]:
        return participants_visible_to(user=self.request.user).order_by("name", "pk")

    def perform_create(self, serializer: BaseSerializer[Participant]) -> None:
        serializer.instance = participant_create(
            by=acting_user(self.request.user), **serializer.validated_data
        )

    def perform_update(self, serializer: BaseSerializer[Participant]) -> None:
        assert isinstance(serializer.instance, Participant)
        serializer.instance = participant_update(
            participant=serializer.instance,
            by=acting_user(self.request.user),
            **serializer.validated_data,
        )

    def perform_destroy(self, instance: Participant) -> None:
        participant_delete(participant=instance, by=acting_user(self.request.user))


class ParticipantImportApi(APIView):
    """Import participants from a CSV or XLSX (all or nothing); `?dry_run=1` only previews."""

    permission_classes = (IsAuthenticated, IsHR)
    parser_classes = (MultiPartParser, FormParser)

    @extend_schema(
        operation_id="participants_import",
        request={"multipart/form-data": s.ImportUploadSerializer},
        parameters=[
            OpenApiParameter(
                "dry_run",
                OpenApiTypes.BOOL,
                description="Check and preview; write nothing.",
            )
        ],
        responses={
            200: OpenApiResponse(s.ImportResultSerializer, description="Preview (dry run)."),
            201: OpenApiResponse(s.ImportResultSerializer, description="Imported."),
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Bad rows (the import result with its errors) or no file; "
                "nothing was written.",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        upload = s.ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        if file.size > MAX_IMPORT_BYTES:
            return Response(
                {"file": [f"The file is larger than {MAX_IMPORT_BYTES // 2**20} MiB."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        dry_run = request.query_params.get("dry_run", "").lower() in ("1", "true", "yes")
        result = participants_import(
            data=file.read(),
            by=acting_user(request.user),
            dry_run=dry_run,
            encoding=upload.validated_data.get("encoding", ""),
        )
        code: int = status.HTTP_400_BAD_REQUEST
        if result.ok:
            code = status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED
        return Response(result.as_dict(), status=code)


# Enrolments --------------------------------------------------------------------------------


class EnrollmentFilter(filters.FilterSet):
    cohort = IdFilter(field_name="cohort_id")
    participant = IdFilter(field_name="participant_id")

    class Meta:
        model = Enrollment
        fields = ("cohort", "participant", "status")


class EnrollmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Enrolments: HR sees and changes all; trainers read their cohorts'; a participant
    reads their own. Every change is kept in the enrolment's history."""

    permission_classes = (ReadOrHR,)
    filterset_class = EnrollmentFilter
    queryset = Enrollment.objects.none()

    def get_queryset(self) -> QuerySet[Enrollment]:
        qs = enrollments_visible_to(user=self.request.user).order_by("cohort", "created_at", "pk")
        if self.action == "retrieve":
            qs = qs.prefetch_related("history__by")
        return qs

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        if self.action == "retrieve":
            return s.EnrollmentDetailSerializer
        return s.EnrollmentSerializer

    def _done(self, enrollment: Enrollment, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().prefetch_related("history__by").get(pk=enrollment.pk)
        return Response(s.EnrollmentDetailSerializer(fresh).data, status=code)

    @extend_schema(
        request=s.EnrollmentCreateSerializer,
        responses={201: s.EnrollmentDetailSerializer},
        description="Enrol a participant: a free place confirms them, a full cohort "
        "waitlists them (first come, first served). HR only.",
    )
    def create(self, request: Request) -> Response:
        data = s.EnrollmentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cohort = Cohort.objects.filter(pk=data.validated_data["cohort"]).first()
        if cohort is None:
            return Response({"cohort": ["No such cohort."]}, status=status.HTTP_400_BAD_REQUEST)
        enrollment = enrollment_create(
            participant=data.validated_data["participant"],
            cohort=cohort,
            by=acting_user(request.user),
            reason=data.validated_data["reason"],
        )
        return self._done(enrollment, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.ReasonSerializer,
        responses={200: s.EnrollmentDetailSerializer},
        description="Cancel; a confirmed place goes at once to the head of the waitlist "
        "(skipping anyone it would put in a schedule clash). HR only.",
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        enrollment = self.get_object()
        data = s.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cancellation = enrollment_cancel(
            enrollment=enrollment,
            by=acting_user(request.user),
            reason=data.validated_data["reason"],
        )
        return self._done(cancellation.enrollment)

    @extend_schema(request=s.ReasonSerializer, responses={200: s.EnrollmentDetailSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        enrollment = self.get_object()
        data = s.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrollment = enrollment_confirm(
            enrollment=enrollment,
            by=acting_user(request.user),
            reason=data.validated_data["reason"],
        )
        return self._done(enrollment)

    @extend_schema(request=s.CompleteSerializer, responses={200: s.EnrollmentDetailSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str) -> Response:
        enrollment = self.get_object()
        data = s.CompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrollment = enrollment_complete(
            enrollment=enrollment,
            by=acting_user(request.user),
            reason=data.validated_data["reason"],
            override=data.validated_data["override"],
        )
        return self._done(enrollment)

    @extend_schema(request=s.ReasonSerializer, responses={200: s.EnrollmentDetailSerializer})
    @action(detail=True, methods=["post"], url_path="no-show")
    def no_show(self, request: Request, pk: str) -> Response:
        enrollment = self.get_object()
        data = s.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrollment = enrollment_mark_no_show(
            enrollment=enrollment,
            by=acting_user(request.user),
            reason=data.validated_data["reason"],
        )
        return self._done(enrollment)


class CohortEnrollmentsApi(APIView):
    """A cohort's enrolments (roster and waitlist in order): its trainers and HR read them;
    HR enrols."""

    permission_classes = (IsAuthenticated,)
    pagination_class = Pagination

    def _cohort(self, request: Request, pk: int) -> Cohort:
        cohort = get_object_or_404(Cohort, pk=pk)
        if not can_manage_cohort_people(user=request.user, cohort_id=cohort.pk):
            raise_not_found()
        return cohort

    @extend_schema(
        operation_id="cohorts_enrollments_list",
        responses={200: s.CohortEnrollmentSerializer(many=True)},
    )
    def get(self, request: Request, pk: int) -> Response:
        cohort = self._cohort(request, pk)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            enrollment_roster_for_cohort(cohort=cohort), request, view=self
        )
        assert page is not None  # a paginated view always pages
        rates = attendance_rates_for_cohort(cohort=cohort)
        for enrollment in page:
            enrollment.attendance_rate = rates.get(enrollment.pk)  # type: ignore[attr-defined]
        return paginator.get_paginated_response(s.CohortEnrollmentSerializer(page, many=True).data)

    @extend_schema(
        operation_id="cohorts_enrollments_create",
        request=s.CohortEnrolSerializer,
        responses={201: s.EnrollmentDetailSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        cohort = self._cohort(request, pk)
        if not may_manage_enrollment(request.user, cohort):
            raise PermissionDenied(_("Only HR may enrol participants."))
        data = s.CohortEnrolSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrollment = enrollment_create(
            participant=data.validated_data["participant"],
            cohort=cohort,
            by=acting_user(request.user),
            reason=data.validated_data["reason"],
        )
        fresh = Enrollment.objects.prefetch_related("history__by").get(pk=enrollment.pk)
        return Response(s.EnrollmentDetailSerializer(fresh).data, status=status.HTTP_201_CREATED)


def raise_not_found() -> None:
    from rest_framework.exceptions import NotFound

    raise NotFound()


# Attendance --------------------------------------------------------------------------------


class AttendanceFilter(filters.FilterSet):
    cohort = IdFilter(field_name="session__cohort_id")
    session = IdFilter(field_name="session_id")
    enrollment = IdFilter(field_name="enrollment_id")

    class Meta:
        model = Attendance
        fields = ("session", "enrollment", "status")


class AttendanceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Attendance marks: HR and the cohort's trainers read and mark; a participant reads
    their own. POST records or changes the mark of one enrolment at one session."""

    serializer_class = s.AttendanceSerializer
    filterset_class = AttendanceFilter
    queryset = Attendance.objects.none()
    permission_classes = (IsAuthenticated,)

    def get_queryset(self) -> QuerySet[Attendance]:
        return attendance_visible_to(user=self.request.user).order_by(
            "session__starts_at", "enrollment_id", "pk"
        )

    def _mark(
        self, *, enrollment_id: int, session_id: int, status_value: str, note: str
    ) -> Attendance:
        user = self.request.user
        session = Session.objects.filter(pk=session_id).first()
        if session is None or not can_manage_cohort_people(user=user, cohort_id=session.cohort_id):
            raise_not_found()
        assert session is not None
        enrollment = (
            Enrollment.objects.select_related("participant").filter(pk=enrollment_id).first()
        )
        if enrollment is None:
            from django.core.exceptions import ValidationError

            raise ValidationError({"enrollment": "No such enrolment."})
        return attendance_mark(
            enrollment=enrollment,
            session=session,
            status=status_value,
            by=acting_user(user),
            note=note,
        )

    @extend_schema(
        request=s.AttendanceMarkSerializer,
        responses={200: s.AttendanceSerializer, 201: s.AttendanceSerializer},
    )
    def create(self, request: Request) -> Response:
        data = s.AttendanceMarkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        existed = Attendance.objects.filter(
            enrollment_id=data.validated_data["enrollment"],
            session_id=data.validated_data["session"],
        ).exists()
        attendance = self._mark(
            enrollment_id=data.validated_data["enrollment"],
            session_id=data.validated_data["session"],
            status_value=data.validated_data["status"],
            note=data.validated_data["note"],
        )
        fresh = self.get_queryset().get(pk=attendance.pk)
        return Response(
            s.AttendanceSerializer(fresh).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )

    @extend_schema(request=s.AttendanceStatusSerializer, responses={200: s.AttendanceSerializer})
    def update(self, request: Request, pk: str) -> Response:
        attendance = self.get_object()
        data = s.AttendanceStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not can_manage_cohort_people(user=request.user, cohort_id=attendance.session.cohort_id):
            raise PermissionDenied(_("Only the cohort's trainers and HR mark attendance."))
        self._mark(
            enrollment_id=attendance.enrollment_id,
            session_id=attendance.session_id,
            status_value=data.validated_data["status"],
            note=data.validated_data["note"],
        )
        return Response(s.AttendanceSerializer(self.get_queryset().get(pk=attendance.pk)).data)

    @extend_schema(request=s.AttendanceStatusSerializer, responses={200: s.AttendanceSerializer})
    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk)
