"""Request bodies bounded before anything reads them: a 413 from the Content-Length alone.

Django bounds form fields and JSON (DATA_UPLOAD_MAX_MEMORY_SIZE), but a multipart upload is
streamed to memory or a temporary file as it is parsed. This middleware answers first, from
the header a client must send, so an oversize body is refused before one byte of it is read
(gunicorn then drops the connection after at most 64 KiB of it). Each upload is checked again
by the view that takes it (kind and size of a practice attachment, an import's rows and
decompressed size): this is the outer wall, set a little above the largest file any view takes.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _

from kamtraining.errors import API_PREFIX


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads an unreadable length as no body at all


def _megabytes(limit: int) -> str:
    return f"{round(limit / (1024 * 1024), 2):g}"


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    """The 413 answer: JSON `{"detail"}` under /api/, a translated page elsewhere."""
    # Before LocaleMiddleware: the language the browser asks for (or its language cookie).
    with translation.override(translation.get_language_from_request(request)):
        detail = _(
            "The request is too large: at most %(size)s MB may be sent at once. "
            "Choose a smaller file and try again."
        ) % {"size": _megabytes(limit)}
        if request.path.startswith(API_PREFIX):
            response: HttpResponse = JsonResponse({"detail": detail}, status=413)
        else:
            page = loader.render_to_string(
                "413.html", {"detail": detail, "LANGUAGE_CODE": translation.get_language()}
            )
            response = HttpResponse(page, status=413)
    return response


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body exceeds settings.UPLOAD_MAX_REQUEST_BYTES."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.UPLOAD_MAX_REQUEST_BYTES
        if limit and _declared_length(request) > limit:
            return too_large(request, limit)
        return self.get_response(request)
