"""The project's URLs plus views that fail, to see what a failure answers."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kamtraining.urls import handler400, handler403, handler404, handler500, urlpatterns

SECRET = "the-secret-in-the-traceback"


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(SECRET)


class BoomApi(APIView):
    permission_classes = ()

    def get(self, request: Request) -> Response:
        raise RuntimeError(SECRET)


urlpatterns = [
    path("api/v1/boom/", BoomApi.as_view()),
    path("boom/", boom),
    *urlpatterns,
]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
