"""Public JSON a credential's verifier reads: the issuer's profile with its key, an achievement."""

import contextlib

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from certificates.selectors.certificates import course_dimensions
from certificates.services.signing import SigningKeyMissing, public_jwk
from courses.models import Cohort


def issuer(request: HttpRequest) -> JsonResponse:
    profile = {
        "@context": "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "id": settings.SITE_URL + reverse("certificates:issuer"),
        "type": ["Profile"],
        "name": settings.CERTIFICATE_ISSUER_NAME,
        "jwks": settings.SITE_URL + reverse("api:certificate-jwks"),
    }
    with contextlib.suppress(SigningKeyMissing):
        profile["publicKey"] = public_jwk()
    return JsonResponse(profile)


def achievement(request: HttpRequest, cohort_pk: int) -> JsonResponse:
    if not 0 < cohort_pk < 2**63:
        raise Http404
    cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=cohort_pk)
    course = cohort.course
    return JsonResponse(
        {
            "id": settings.SITE_URL + reverse("certificates:achievement", args=[cohort.pk]),
            "type": ["Achievement"],
            "name": f"{course.title_en or course.title} · {course.title}",
            "alignment": [
                {"targetCode": d.code, "targetName": d.name_en or d.name}
                for d in course_dimensions(course)
            ],
        }
    )
