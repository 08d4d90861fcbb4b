"""Rater API: a questionnaire reached by its token (no account), and the self-assessment.

`GET/PUT /api/v1/rater/<token>/`, `POST …/submit/`, `POST …/decline/`: no session, no CSRF,
rate-limited per IP and per token (429). The same questionnaire for the logged-in participant's
self-assessment lives at `/api/v1/me/campaigns/<campaign_pk>/self/` (+ `submit/`).
"""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.api.rater_serializers import (
    AnswersIn,
    DeclineIn,
    ErrorOut,
    QuestionnaireOut,
    ResultOut,
)
from assessments.api.token_links import TokenLinkApi
from assessments.models import Invitation
from assessments.rater_access import invitation_by_token, with_rater_headers
from assessments.selectors.questionnaire import (
    Availability,
    invitation_availability,
    questionnaire_for,
)
from assessments.services.responses import response_decline, response_save_draft, response_submit


class Gone(exceptions.APIException):
    status_code = status.HTTP_410_GONE
    default_detail = "This questionnaire can no longer be answered."
    default_code = "gone"


def _availability_detail(availability: Availability) -> str:
    return {
        Availability.SUBMITTED: _("This questionnaire has already been submitted. Thank you!"),
        Availability.DECLINED: _("This invitation was declined; it can no longer be answered."),
        Availability.CLOSED: _("The feedback round has closed; answers are no longer accepted."),
        Availability.NOT_OPEN: _("This questionnaire is not open for answers yet."),
    }.get(availability, "")


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    descriptions = {
        400: "Bad answers or a questionnaire that no longer takes them; nothing was changed.",
        403: "The questionnaire is not open yet.",
        404: "No questionnaire for this link.",
        410: "Submitted, declined or closed: the link is no longer usable.",
        429: "Too many look-ups from this address or for this link; retry after Retry-After.",
    }
    return {code: OpenApiResponse(ErrorOut, description=descriptions[code]) for code in codes}


TOKEN_ERRORS = (400, 404, 429)


class QuestionnaireApiBase(APIView):
    """What the token and the self endpoints share: look-up, headers, the answer operations."""

    def get_invitation(self) -> Invitation:
        raise NotImplementedError  # each endpoint says how it finds its invitation

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        return with_rater_headers(response)

    def _questionnaire(self, invitation: Invitation) -> Response:
        return Response(QuestionnaireOut(questionnaire_for(invitation=invitation)).data)

    def _get(self) -> Response:
        invitation = self.get_invitation()
        availability = invitation_availability(invitation=invitation)
        if availability == Availability.NOT_OPEN:
            raise exceptions.PermissionDenied(
                {"detail": _availability_detail(availability), "reason": availability.value}
            )
        if availability != Availability.OPEN:
            raise Gone({"detail": _availability_detail(availability), "reason": availability.value})
        return self._questionnaire(invitation)

    def _put(self, request: Request) -> Response:
        invitation = self.get_invitation()
        answers = AnswersIn(data=request.data)
        answers.is_valid(raise_exception=True)
        invitation = response_save_draft(
            invitation=invitation,
            scores=answers.validated_data.get("scores", {}),
            comment=answers.validated_data.get("comment"),
        )
        return self._questionnaire(invitation)

    def _submit(self, request: Request) -> Response:
        invitation = self.get_invitation()
        answers = AnswersIn(data=request.data or {})
        answers.is_valid(raise_exception=True)
        invitation = response_submit(
            invitation=invitation,
            scores=answers.validated_data.get("scores"),
            comment=answers.validated_data.get("comment"),
        )
        return Response(ResultOut(invitation).data)


class TokenApiBase(TokenLinkApi, QuestionnaireApiBase):
    """Reached with the token alone: no session, no CSRF, rate-limited before any look-up."""

    def get_invitation(self) -> Invitation:
        invitation = invitation_by_token(str(self.kwargs["token"]))
        if invitation is None or invitation.group == Invitation.Group.SELF:
            raise exceptions.NotFound(_("This link does not match any questionnaire."))
        return invitation


class RaterQuestionnaireApi(TokenApiBase):
    @extend_schema(
        tags=["rater"],
        summary="The questionnaire of a token link, with its draft",
        responses={200: QuestionnaireOut, **_errors(403, 404, 410, 429)},
        auth=[],
    )
    def get(self, request: Request, token: str) -> Response:
        return self._get()

    @extend_schema(
        tags=["rater"],
        summary="Save a draft (any subset of the answers, and the comment)",
        request=AnswersIn,
        responses={200: QuestionnaireOut, **_errors(*TOKEN_ERRORS)},
        auth=[],
    )
    def put(self, request: Request, token: str) -> Response:
        return self._put(request)


class RaterSubmitApi(TokenApiBase):
    @extend_schema(
        tags=["rater"],
        summary="Submit the questionnaire (optionally with the last answers); final",
        request=AnswersIn,
        responses={200: ResultOut, **_errors(*TOKEN_ERRORS)},
        auth=[],
    )
    def post(self, request: Request, token: str) -> Response:
        return self._submit(request)


class RaterDeclineApi(TokenApiBase):
    @extend_schema(
        tags=["rater"],
        summary="Decline to answer, with a reason; final",
        request=DeclineIn,
        responses={200: ResultOut, **_errors(*TOKEN_ERRORS)},
        auth=[],
    )
    def post(self, request: Request, token: str) -> Response:
        invitation = self.get_invitation()
        data = DeclineIn(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = response_decline(invitation=invitation, reason=data.validated_data["reason"])
        return Response(ResultOut(invitation).data)


class SelfApiBase(QuestionnaireApiBase):
    """The logged-in participant's own (self) invitation of a campaign; anyone else gets 404."""

    permission_classes = (IsAuthenticated,)

    def get_invitation(self) -> Invitation:
        participant = getattr(self.request.user, "participant", None)
        invitation = (
            Invitation.objects.select_related("campaign", "campaign__cohort", "subject")
            .filter(
                campaign_id=self.kwargs["campaign_pk"],
                subject=participant,
                group=Invitation.Group.SELF,
            )
            .first()
            if participant is not None
            else None
        )
        if invitation is None:
            raise exceptions.NotFound()
        return invitation


class SelfQuestionnaireApi(SelfApiBase):
    @extend_schema(
        tags=["me"],
        summary="My self-assessment of a campaign, with its draft",
        responses={200: QuestionnaireOut, **_errors(403, 404, 410)},
    )
    def get(self, request: Request, campaign_pk: int) -> Response:
        return self._get()

    @extend_schema(
        tags=["me"],
        summary="Save a draft of my self-assessment",
        request=AnswersIn,
        responses={200: QuestionnaireOut, **_errors(400, 404)},
    )
    def put(self, request: Request, campaign_pk: int) -> Response:
        return self._put(request)


class SelfSubmitApi(SelfApiBase):
    @extend_schema(
        tags=["me"],
        summary="Submit my self-assessment (optionally with the last answers); final",
        request=AnswersIn,
        responses={200: ResultOut, **_errors(400, 404)},
    )
    def post(self, request: Request, campaign_pk: int) -> Response:
        return self._submit(request)
