"""What every API reached by a token link alone shares: the rater link's rules (DESIGN §6).

No session and no CSRF (the token is the credential), the rate limit before any look-up, and
responses that keep the token out of Referer headers and out of caches. The rater's
questionnaire, the practice observer's page and the manager's follow-up build on it.
"""

from typing import Any

from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.rater_access import rate_limit_check, with_rater_headers


class TokenLinkApi(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        limited = rate_limit_check(request, str(kwargs.get("token", "")))
        if limited is not None:
            raise exceptions.Throttled(wait=limited.retry_after)

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        return with_rater_headers(response)
