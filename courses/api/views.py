"""REST API of the catalogue and schedule: courses, frameworks, cohorts, sessions.

Each view parses, lets the scoped queryset and HRWritesOthersRead decide who may do it, calls a
service or selector, and responds. Nothing is deleted through the API: sessions are cancelled.
"""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from courses.api.serializers import (
    CohortInputSerializer,
    CohortSerializer,
    ConflictSerializer,
    CourseInputSerializer,
    CourseSerializer,
    FrameworkInputSerializer,
    FrameworkSerializer,
    SessionCreateInputSerializer,
    SessionSerializer,
    SessionUpdateInputSerializer,
)
from courses.filters import CohortFilter, SessionFilter
from courses.models import Cohort, Course, Framework, Session
from courses.selectors.api import (
    cohort_list_for_user,
    course_list_for_user,
    framework_list_for_user,
    session_list_for_cohort,
    session_list_for_user,
)
from courses.selectors.conflicts import conflicts_for_cohort
from courses.services.catalogue import (
    cohort_create,
    cohort_update,
    course_create,
    course_update,
    framework_create,
    framework_update,
)
from courses.services.scheduling import session_cancel, session_create, session_update
from kamtraining.api import HRWritesOthersRead


class _ReadWriteViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Any]
):
    """List and read through the output serializer; create and update through a service.

    Subclasses name their input serializer and the services that write.
    """

    permission_classes = (HRWritesOthersRead,)
    input_serializer_class: type[BaseSerializer[Any]]

    def create_object(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError  # pragma: no cover - every subclass writes

    def update_object(self, instance: Any, data: dict[str, Any]) -> Any:
        raise NotImplementedError  # pragma: no cover - every subclass writes

    def get_input_serializer_class(self, *, updating: bool) -> type[BaseSerializer[Any]]:
        return self.input_serializer_class

    def input_serializer(self, **kwargs: Any) -> BaseSerializer[Any]:
        serializer_class = self.get_input_serializer_class(updating="instance" in kwargs)
        serializer = serializer_class(context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer

    def respond(self, obj: Any, status_code: int = status.HTTP_200_OK) -> Response:
        # Read back through the scoped, prefetched queryset: the answer is what a GET shows.
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.input_serializer(data=request.data)
        return self.respond(self.create_object(serializer.validated_data), status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        serializer = self.input_serializer(
            instance=instance, data=request.data, partial=kwargs.get("partial", False)
        )
        return self.respond(self.update_object(instance, serializer.validated_data))

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)


def _writes(input_serializer: type[BaseSerializer[Any]], output: type[BaseSerializer[Any]]) -> Any:
    return {
        "create": extend_schema(request=input_serializer, responses={201: output}),
        "update": extend_schema(request=input_serializer, responses=output),
        "partial_update": extend_schema(request=input_serializer, responses=output),
    }


@extend_schema_view(
    list=extend_schema(summary="Courses: the published catalogue (HR: every course)"),
    retrieve=extend_schema(summary="A course with its modules and their activities"),
    **_writes(CourseInputSerializer, CourseSerializer),
)
class CourseViewSet(_ReadWriteViewSet):
    """The course catalogue. Anyone reads published courses; a trainer also the courses of the
    cohorts they train; HR reads and writes every course."""

    anonymous_read = True
    serializer_class = CourseSerializer
    input_serializer_class = CourseInputSerializer

    def get_queryset(self) -> QuerySet[Course]:
        return course_list_for_user(user=self.request.user)

    def create_object(self, data: dict[str, Any]) -> Course:
        return course_create(**data, by=self.request.user)

    def update_object(self, instance: Course, data: dict[str, Any]) -> Course:
        return course_update(course=instance, **data, by=self.request.user)


@extend_schema_view(
    list=extend_schema(summary="Competency frameworks with their dimensions and items"),
    retrieve=extend_schema(summary="A competency framework with its dimensions and items"),
    **_writes(FrameworkInputSerializer, FrameworkSerializer),
)
class FrameworkViewSet(_ReadWriteViewSet):
    """Competency frameworks (e.g. STROBE): every signed-in user reads them; HR writes."""

    serializer_class = FrameworkSerializer
    input_serializer_class = FrameworkInputSerializer

    def get_queryset(self) -> QuerySet[Framework]:
        return framework_list_for_user(user=self.request.user)

    def create_object(self, data: dict[str, Any]) -> Framework:
        return framework_create(**data, by=self.request.user)

    def update_object(self, instance: Framework, data: dict[str, Any]) -> Framework:
        return framework_update(framework=instance, **data, by=self.request.user)


@extend_schema_view(
    list=extend_schema(summary="Cohorts: all for HR, a trainer's own, none for anyone else"),
    retrieve=extend_schema(summary="A cohort"),
    **_writes(CohortInputSerializer, CohortSerializer),
)
class CohortViewSet(_ReadWriteViewSet):
    """Cohorts (期班): HR reads and writes all; a trainer reads the cohorts they train; anyone
    else sees none. Times are given in the cohort's time zone."""

    serializer_class = CohortSerializer
    input_serializer_class = CohortInputSerializer
    filterset_class = CohortFilter

    def get_queryset(self) -> QuerySet[Cohort]:
        return cohort_list_for_user(user=self.request.user)

    def create_object(self, data: dict[str, Any]) -> Cohort:
        return cohort_create(**data, by=self.request.user)

    def update_object(self, instance: Cohort, data: dict[str, Any]) -> Cohort:
        return cohort_update(cohort=instance, **data, by=self.request.user)

    @extend_schema(
        summary="The cohort's sessions, earliest first",
        responses=SessionSerializer(many=True),
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=())
    def sessions(self, request: Request, pk: str | None = None) -> Response:
        cohort = self.get_object()
        page = self.paginate_queryset(session_list_for_cohort(cohort=cohort))
        return self.get_paginated_response(SessionSerializer(page, many=True).data)

    @extend_schema(
        summary="Trainer and room double bookings of the cohort's sessions",
        responses=ConflictSerializer(many=True),
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=())
    def conflicts(self, request: Request, pk: str | None = None) -> Response:
        cohort = self.get_object()
        page = self.paginate_queryset(conflicts_for_cohort(cohort=cohort))  # type: ignore[arg-type]
        return self.get_paginated_response(ConflictSerializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Sessions of the cohorts you may see, earliest first"),
    retrieve=extend_schema(summary="A session, its times in the cohort's time zone"),
    create=extend_schema(
        summary="Schedule a session (a trainer or room booked elsewhere is refused)",
        request=SessionCreateInputSerializer,
        responses={201: SessionSerializer},
    ),
    update=extend_schema(
        summary="Change a session (a change of time bumps its sequence)",
        request=SessionUpdateInputSerializer,
        responses=SessionSerializer,
    ),
    partial_update=extend_schema(
        summary="Change part of a session", request=SessionUpdateInputSerializer
    ),
)
class SessionViewSet(_ReadWriteViewSet):
    """Sessions, scoped like their cohorts. HR schedules, moves and cancels them; a trainer or a
    room booked elsewhere at that time is refused (400, naming the clash) unless
    `allow_conflict` is set with a `conflict_note`, which is recorded."""

    serializer_class = SessionSerializer
    filterset_class = SessionFilter

    def get_queryset(self) -> QuerySet[Session]:
        return session_list_for_user(user=self.request.user)

    def get_input_serializer_class(self, *, updating: bool) -> type[BaseSerializer[Any]]:
        # A session stays in its cohort: the cohort is given on creation only.
        return SessionUpdateInputSerializer if updating else SessionCreateInputSerializer

    def create_object(self, data: dict[str, Any]) -> Session:
        return session_create(**data, by=self.request.user)

    def update_object(self, instance: Session, data: dict[str, Any]) -> Session:
        return session_update(session=instance, **data, by=self.request.user)

    @extend_schema(summary="Cancel a session", request=None, responses=SessionSerializer)
    @action(detail=True, methods=["post"], filter_backends=())
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        session = self.get_object()
        return self.respond(session_cancel(session=session, by=request.user))
