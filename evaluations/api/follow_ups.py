"""REST API of the follow-up on the job.

The participant lists and answers their own follow-ups signed in; their manager answers by the
token link of the email, with no account: as the rater link, the token is looked up by its hash,
rate-limited before the database is asked (429), and never cached or referred.
"""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.api.token_links import TokenLinkApi
from evaluations.access import owns_follow_up
from evaluations.api import serializers as io
from evaluations.models import FollowUp
from evaluations.selectors.follow_ups import follow_ups_for_participant
from evaluations.services.follow_ups import follow_up_answer
from evaluations.tokens import follow_up_by_token


def _answer(follow_up: FollowUp, data: dict[str, Any]) -> FollowUp:
    observed = data["observed"] if follow_up.respondent == FollowUp.Respondent.MANAGER else ""
    return follow_up_answer(
        follow_up=follow_up,
        applied_percent=data["applied_percent"],
        helped=data["helped"],
        hindered=data["hindered"],
        observed=observed,
    )


class MyFollowUpListApi(GenericAPIView):
    """The signed-in participant's follow-ups, newest first."""

    serializer_class = io.FollowUpOut

    def get_queryset(self) -> Any:
        return FollowUp.objects.none()

    @extend_schema(tags=["follow-ups"], responses=io.FollowUpOut(many=True))
    def get(self, request: Request) -> Response:
        participant = getattr(request.user, "participant", None)
        rows = (
            follow_ups_for_participant(participant_id=participant.pk)
            if participant is not None
            else FollowUp.objects.none()
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(io.FollowUpOut(page, many=True).data)


class MyFollowUpAnswerApi(APIView):
    """Answer one of your own follow-ups, once."""

    path_model = FollowUp  # what the id in the path names (the API fuzz points it at real rows)

    @extend_schema(
        tags=["follow-ups"],
        request=io.FollowUpAnswerIn,
        responses={
            200: io.FollowUpOut,
            400: OpenApiResponse(description="Bad answer, or answered already."),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        found = (
            FollowUp.objects.select_related("goal").filter(pk=pk).first()
            if 0 < pk <= io.MAX_ID
            else None
        )
        if found is None or not owns_follow_up.test(request.user, found):
            raise Http404
        data = io.FollowUpAnswerIn(data=request.data)
        data.is_valid(raise_exception=True)
        answered = _answer(found, data.validated_data)
        answered.goal = found.goal
        return Response(io.FollowUpOut(answered).data)


class FollowUpByTokenApi(TokenLinkApi):
    """The follow-up of a token link (GET) and its answer (POST): no account, no CSRF."""

    def _follow_up(self, token: str) -> FollowUp:
        found = follow_up_by_token(token)
        if found is None:
            raise exceptions.NotFound(_("This link does not match any follow-up."))
        return found

    @extend_schema(tags=["follow-ups"], responses=io.FollowUpByTokenOut, auth=[])
    def get(self, request: Request, token: str) -> Response:
        return Response(io.FollowUpByTokenOut(self._follow_up(token)).data)

    @extend_schema(
        tags=["follow-ups"],
        request=io.FollowUpAnswerIn,
        responses={
            200: io.FollowUpByTokenOut,
            400: OpenApiResponse(description="Bad answer, or answered already."),
        },
        auth=[],
    )
    def post(self, request: Request, token: str) -> Response:
        found = self._follow_up(token)
        data = io.FollowUpAnswerIn(data=request.data)
        data.is_valid(raise_exception=True)
        answered = _answer(found, data.validated_data)
        answered.goal = found.goal
        return Response(io.FollowUpByTokenOut(answered).data)
