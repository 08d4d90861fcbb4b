"""API of participant profiles: list, detail, create, update; the import."""

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
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
