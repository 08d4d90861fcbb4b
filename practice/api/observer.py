"""The observer's API: reached by the token alone, rate-limited, never cached or referred."""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from assessments.api.token_links import TokenLinkApi
from kamtraining.i18n import localized
from practice.api import serializers as io
from practice.models import Observer
from practice.selectors.practices import practice_items
from practice.services.observers import observation_submit
from practice.tokens import observer_by_token

NOTICE = (
    "You answer under your own name: the participant and their trainer see who wrote "
    "each observation. This is not anonymous feedback."
)


def observation_data(observer: Observer) -> dict[str, Any]:
    practice = observer.practice
    assignment = practice.assignment
    act = practice.entries.filter(phase="act").first()
    return {
        "observer": observer.name,
        "role": localized(observer.role, "name"),
        "participant": practice.participant.name,
        "participant_en": practice.participant.name_en,
        "title": assignment.title,
        "brief": assignment.brief,
        "act": act.text if act else "",
        "scale": {
            "min": assignment.scale_min,
            "max": assignment.scale_max,
            "target": assignment.target_level,
        },
        "items": [
            {"id": item.pk, "text": localized(item, "text")} for item in practice_items(practice)
        ],
        "status": observer.status,
        "notice": _(NOTICE),
    }


class ObserverApi(TokenLinkApi):
    def _observer(self, token: str) -> Observer:
        observer = observer_by_token(token)
        if observer is None:
            raise exceptions.NotFound(_("This link does not match any observation."))
        return observer

    @extend_schema(tags=["observer"], responses=io.PracticeObservationOut, auth=[])
    def get(self, request: Request, token: str) -> Response:
        return Response(io.PracticeObservationOut(observation_data(self._observer(token))).data)

    @extend_schema(
        tags=["observer"],
        request=io.PracticeObservationIn,
        responses=io.PracticeObservationOut,
        auth=[],
    )
    def post(self, request: Request, token: str) -> Response:
        observer = self._observer(token)
        data = io.PracticeObservationIn(data=request.data)
        data.is_valid(raise_exception=True)
        scores: dict[int, int | None] = {}
        for key, value in data.validated_data["scores"].items():
            if not (key.isascii() and key.isdigit() and len(key) < 19):
                raise exceptions.ValidationError({"scores": _("Name each item by its id.")})
            scores[int(key)] = value
        observer = observation_submit(
            observer=observer, scores=scores, observation=data.validated_data["observation"]
        )
        return Response(io.PracticeObservationOut(observation_data(observer)).data)
