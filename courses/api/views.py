"""REST API of the catalogue and schedule: courses, frameworks, cohorts, sessions.

One view per operation. Each parses, lets the scoped queryset and HRWritesOthersRead decide who
may do it, calls a service or selector, and responds. Nothing is deleted through the API:
sessions are cancelled.
"""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from courses.api.serializers import (
    CohortIn,
    CohortOut,
    ConflictOut,
    CourseIn,
    CourseOut,
    FrameworkIn,
    FrameworkOut,
    SessionCreateIn,
    SessionOut,
    SessionUpdateIn,
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


class _CatalogueApi(generics.GenericAPIView[Any]):
    # No docstring: the schema takes an operation's description from the first one up the
    # classes, which is each resource's base below.
    permission_classes = (HRWritesOthersRead,)

    def parse(self, input_class: type[BaseSerializer[Any]], **kwargs: Any) -> dict[str, Any]:
        serializer = input_class(context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def respond(self, obj: Any, status_code: int = status.HTTP_200_OK) -> Response:
        # Read back through the scoped, prefetched queryset: the answer is what a GET shows.
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)


class _ListCreateApi(generics.ListAPIView[Any], _CatalogueApi):
    # List through the output serializer; create through the input one and a service.

    input_class: type[BaseSerializer[Any]]

    def create_object(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError  # pragma: no cover - every subclass writes

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.parse(self.input_class, data=request.data)
        return self.respond(self.create_object(data), status.HTTP_201_CREATED)


class _DetailApi(generics.RetrieveAPIView[Any], _CatalogueApi):
    # Read one object; update it, whole or in part, through the input one and a service.

    detail = True  # HRWritesOthersRead: a write is refused after the scoped lookup, 403 or 404
    input_class: type[BaseSerializer[Any]]

    def update_object(self, instance: Any, data: dict[str, Any]) -> Any:
        raise NotImplementedError  # pragma: no cover - every subclass writes

    def _update(self, request: Request, *, partial: bool) -> Response:
        instance = self.get_object()
        data = self.parse(self.input_class, instance=instance, data=request.data, partial=partial)
        return self.respond(self.update_object(instance, data))

    def put(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._update(request, partial=False)

    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._update(request, partial=True)


def _writes(input_class: type[BaseSerializer[Any]], output: type[BaseSerializer[Any]]) -> Any:
    return {
        "put": extend_schema(request=input_class, responses=output),
        "patch": extend_schema(request=input_class, responses=output),
    }


# Courses


class _CourseApi(_CatalogueApi):
    """The course catalogue. Anyone reads published courses; a trainer also the courses of the
    cohorts they train; HR reads and writes every course."""

    anonymous_read = True
    serializer_class = CourseOut
    queryset = Course.objects.none()  # for the schema; get_queryset scopes to the user

    def get_queryset(self) -> QuerySet[Course]:
        return course_list_for_user(user=self.request.user)


@extend_schema_view(
    get=extend_schema(summary="Courses: the published catalogue (HR: every course)"),
    post=extend_schema(request=CourseIn, responses={201: CourseOut}),
)
class CourseListCreateApi(_CourseApi, _ListCreateApi):
    input_class = CourseIn

    def create_object(self, data: dict[str, Any]) -> Course:
        return course_create(**data, by=self.request.user)


@extend_schema_view(
    get=extend_schema(summary="A course with its modules and their activities"),
    **_writes(CourseIn, CourseOut),
)
class CourseDetailApi(_CourseApi, _DetailApi):
    input_class = CourseIn

    def update_object(self, instance: Course, data: dict[str, Any]) -> Course:
        return course_update(course=instance, **data, by=self.request.user)


# Frameworks


class _FrameworkApi(_CatalogueApi):
    """Competency frameworks (e.g. STROBE): every signed-in user reads them; HR writes."""

    serializer_class = FrameworkOut
    queryset = Framework.objects.none()  # for the schema; get_queryset scopes to the user

    def get_queryset(self) -> QuerySet[Framework]:
        return framework_list_for_user(user=self.request.user)


@extend_schema_view(
    get=extend_schema(summary="Competency frameworks with their dimensions and items"),
    post=extend_schema(request=FrameworkIn, responses={201: FrameworkOut}),
)
class FrameworkListCreateApi(_FrameworkApi, _ListCreateApi):
    input_class = FrameworkIn

    def create_object(self, data: dict[str, Any]) -> Framework:
        return framework_create(**data, by=self.request.user)


@extend_schema_view(
    get=extend_schema(summary="A competency framework with its dimensions and items"),
    **_writes(FrameworkIn, FrameworkOut),
)
class FrameworkDetailApi(_FrameworkApi, _DetailApi):
    input_class = FrameworkIn

    def update_object(self, instance: Framework, data: dict[str, Any]) -> Framework:
        return framework_update(framework=instance, **data, by=self.request.user)


# Cohorts


class _CohortApi(_CatalogueApi):
    """Cohorts (期班): HR reads and writes all; a trainer reads the cohorts they train; anyone
    else sees none. Times are given in the cohort's time zone."""

    serializer_class = CohortOut
    filterset_class = CohortFilter
    queryset = Cohort.objects.none()  # for the schema; get_queryset scopes to the user

    def get_queryset(self) -> QuerySet[Cohort]:
        return cohort_list_for_user(user=self.request.user)


@extend_schema_view(
    get=extend_schema(summary="Cohorts: all for HR, a trainer's own, none for anyone else"),
    post=extend_schema(request=CohortIn, responses={201: CohortOut}),
)
class CohortListCreateApi(_CohortApi, _ListCreateApi):
    input_class = CohortIn

    def create_object(self, data: dict[str, Any]) -> Cohort:
        return cohort_create(**data, by=self.request.user)


@extend_schema_view(get=extend_schema(summary="A cohort"), **_writes(CohortIn, CohortOut))
class CohortDetailApi(_CohortApi, _DetailApi):
    input_class = CohortIn

    def update_object(self, instance: Cohort, data: dict[str, Any]) -> Cohort:
        return cohort_update(cohort=instance, **data, by=self.request.user)


class CohortSessionsApi(_CohortApi):
    detail = True  # HRWritesOthersRead: another method is a 405 as on the cohort itself
    filter_backends = ()  # the cohort is found by id alone; the list has no filters

    @extend_schema(
        summary="The cohort's sessions, earliest first",
        responses=SessionOut(many=True),
        filters=False,
    )
    def get(self, request: Request, pk: str) -> Response:
        cohort = self.get_object()
        page = self.paginate_queryset(session_list_for_cohort(cohort=cohort))
        return self.get_paginated_response(SessionOut(page, many=True).data)


class CohortConflictsApi(_CohortApi):
    detail = True  # HRWritesOthersRead: another method is a 405 as on the cohort itself
    filter_backends = ()  # the cohort is found by id alone; the list has no filters

    @extend_schema(
        summary="Trainer and room double bookings of the cohort's sessions",
        responses=ConflictOut(many=True),
        filters=False,
    )
    def get(self, request: Request, pk: str) -> Response:
        cohort = self.get_object()
        page = self.paginate_queryset(conflicts_for_cohort(cohort=cohort))  # type: ignore[arg-type]
        return self.get_paginated_response(ConflictOut(page, many=True).data)


# Sessions


class _SessionApi(_CatalogueApi):
    """Sessions, scoped like their cohorts. HR schedules, moves and cancels them; a trainer or a
    room booked elsewhere at that time is refused (400, naming the clash) unless
    `allow_conflict` is set with a `conflict_note`, which is recorded."""

    serializer_class = SessionOut
    filterset_class = SessionFilter
    queryset = Session.objects.none()  # for the schema; get_queryset scopes to the user

    def get_queryset(self) -> QuerySet[Session]:
        return session_list_for_user(user=self.request.user)


@extend_schema_view(
    get=extend_schema(summary="Sessions of the cohorts you may see, earliest first"),
    post=extend_schema(
        summary="Schedule a session (a trainer or room booked elsewhere is refused)",
        request=SessionCreateIn,
        responses={201: SessionOut},
    ),
)
class SessionListCreateApi(_SessionApi, _ListCreateApi):
    input_class = SessionCreateIn

    def create_object(self, data: dict[str, Any]) -> Session:
        return session_create(**data, by=self.request.user)


@extend_schema_view(
    get=extend_schema(summary="A session, its times in the cohort's time zone"),
    put=extend_schema(
        summary="Change a session (a change of time bumps its sequence)",
        request=SessionUpdateIn,
        responses=SessionOut,
    ),
    patch=extend_schema(summary="Change part of a session", request=SessionUpdateIn),
)
class SessionDetailApi(_SessionApi, _DetailApi):
    # A session stays in its cohort: the cohort is given on creation only.
    input_class = SessionUpdateIn

    def update_object(self, instance: Session, data: dict[str, Any]) -> Session:
        return session_update(session=instance, **data, by=self.request.user)


class SessionCancelApi(_SessionApi):
    detail = True  # HRWritesOthersRead: refused after the scoped lookup, 403 or 404
    filter_backends = ()  # the session is found by id alone

    @extend_schema(summary="Cancel a session", request=None, responses=SessionOut)
    def post(self, request: Request, pk: str) -> Response:
        session = self.get_object()
        return self.respond(session_cancel(session=session, by=request.user))
