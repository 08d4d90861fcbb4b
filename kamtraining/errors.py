"""Error pages: JSON `{"detail": ...}` under /api/, a translated page everywhere else.

Django answers a 404 for a path no URL matches, and a 500 for an error outside DRF's own
handling, before any API view runs; an API client expects JSON from every /api/ address.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.template.exceptions import TemplateDoesNotExist
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _json(detail: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(_("The request could not be understood."), 400)
    return defaults.bad_request(request, exception, template_name="400.html")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(_("You do not have permission to perform this action."), 403)
    return defaults.permission_denied(request, exception, template_name="403.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(_("Not found."), 404)
    return defaults.page_not_found(request, exception, template_name="404.html")


def server_error(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    if _is_api(request):
        return _json(_("Something went wrong on our side. Please try again later."), 500)
    # Rendered without the request's context: whatever failed may fail again in there.
    try:
        template = loader.get_template("500.html")
    except TemplateDoesNotExist:
        return defaults.server_error(request)
    return HttpResponse(template.render(), status=500)
