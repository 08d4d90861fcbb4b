"""API of participant profiles: list, detail, create, update; the import."""

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from participants.access import acting_user
from participants.api import serializers as s
from participants.api.common import IdFilter, IsHR, ReadOrHR
from participants.models import Participant
from participants.selectors.people import (
    participants_visible_to,
)
from participants.services.importing import participants_import
from participants.services.people import (
    participant_create,
    participant_delete,
    participant_update,
)

MAX_IMPORT_BYTES = 20 * 1024 * 1024


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


class _ParticipantsApi(generics.GenericAPIView[Participant]):
    """Participant profiles: HR reads and writes all; trainers read their cohorts' people;
    a participant reads their own profile."""

    permission_classes = (ReadOrHR,)
    filterset_class = ParticipantFilter
    queryset = Participant.objects.none()  # for the schema; get_queryset scopes to the user

    def get_queryset(self) -> QuerySet[Participant]:
        return participants_visible_to(user=self.request.user).order_by("name", "pk")


class ParticipantListCreateApi(_ParticipantsApi, generics.ListAPIView[Participant]):
    serializer_class = s.ParticipantOut

    @extend_schema(request=s.ParticipantIn, responses={201: s.ParticipantOut})
    def post(self, request: Request) -> Response:
        data = s.ParticipantIn(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        participant = participant_create(by=acting_user(request.user), **data.validated_data)
        return Response(s.ParticipantOut(participant).data, status=status.HTTP_201_CREATED)


class ParticipantDetailApi(_ParticipantsApi, generics.RetrieveAPIView[Participant]):
    serializer_class = s.ParticipantOut
    detail = True  # ReadOrHR: a write is refused after the scoped lookup, 403 or 404

    def _update(self, request: Request, *, partial: bool) -> Response:
        participant = self.get_object()
        data = s.ParticipantIn(
            participant,
            data=request.data,
            partial=partial,
            context=self.get_serializer_context(),
        )
        data.is_valid(raise_exception=True)
        participant = participant_update(
            participant=participant, by=acting_user(request.user), **data.validated_data
        )
        return Response(s.ParticipantOut(participant).data)

    @extend_schema(request=s.ParticipantIn, responses={200: s.ParticipantOut})
    def put(self, request: Request, pk: str) -> Response:
        return self._update(request, partial=False)

    @extend_schema(request=s.ParticipantIn, responses={200: s.ParticipantOut})
    def patch(self, request: Request, pk: str) -> Response:
        return self._update(request, partial=True)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: str) -> Response:
        participant_delete(participant=self.get_object(), by=acting_user(request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ParticipantImportApi(APIView):
    """Import participants from a CSV or XLSX (all or nothing); `?dry_run=1` only previews."""

    permission_classes = (IsAuthenticated, IsHR)
    parser_classes = (MultiPartParser, FormParser)

    @extend_schema(
        operation_id="participants_import",
        request={"multipart/form-data": s.ImportUploadIn},
        parameters=[
            OpenApiParameter(
                "dry_run",
                OpenApiTypes.BOOL,
                description="Check and preview; write nothing.",
            )
        ],
        responses={
            200: OpenApiResponse(s.ImportResultOut, description="Preview (dry run)."),
            201: OpenApiResponse(s.ImportResultOut, description="Imported."),
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Bad rows (the import result with its errors) or no file; "
                "nothing was written.",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        upload = s.ImportUploadIn(data=request.data)
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
