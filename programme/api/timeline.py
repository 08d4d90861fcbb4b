"""The learning-zone timeline: `GET /api/v1/me/timeline/`, the same entries as My Zone's."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from participants.models import User
from participants.selectors.zone import participant_for_user
from programme.api import serializers as io
from programme.selectors import Show, TimelineEntry, timeline_for


class MyTimelineApi(GenericAPIView):
    """What is due and what is done for the signed-in participant, sorted by date."""

    serializer_class = io.TimelineEntryOut
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:  # the schema's; the entries come from the selector
        return []

    @extend_schema(
        operation_id="me_timeline_list",
        summary="My learning timeline: to do and done across the 360, plan, practice, certificate",
        parameters=[io.TimelineQueryIn],
        responses=io.TimelineEntryOut(many=True),
    )
    def get(self, request: Request) -> Response:
        query = io.TimelineQueryIn(data=request.query_params)
        query.is_valid(raise_exception=True)
        user: User = request.user  # type: ignore[assignment]
        participant = participant_for_user(user=user)
        entries: list[TimelineEntry] = (
            timeline_for(participant=participant, show=Show(query.validated_data["show"]))
            if participant is not None
            else []
        )
        page: Any = self.paginate_queryset(entries)  # type: ignore[arg-type]
        return self.get_paginated_response(io.TimelineEntryOut(page, many=True).data)
