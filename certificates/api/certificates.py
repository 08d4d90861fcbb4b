"""REST API of certificates: list, detail, PDF, signed credential, revoke; public status and key."""

from typing import Any

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from certificates.api import serializers as io
from certificates.models import Certificate
from certificates.pdf import certificate_pdf
from certificates.selectors.certificates import (
    certificate_by_uuid,
    certificate_get,
    certificates_for_user,
)
from certificates.services.certificates import certificate_revoke
from certificates.services.credential import credential_sign
from certificates.services.signing import SigningKeyMissing, public_jwk
from kamtraining.pdf import PdfUnavailable
from participants.access import acting_user


def certificate_or_404(request: Request, pk: int) -> Certificate:
    certificate = certificate_get(user=request.user, pk=pk) if 0 < pk <= io.MAX_ID else None
    if certificate is None:
        raise Http404
    return certificate


def _no_key() -> Response:
    return Response(
        {"detail": _("No signing key is configured (CERTIFICATE_SIGNING_KEY): no credential.")},
        status=status.HTTP_503_SERVICE_UNAVAILABLE,
    )


class CertificateListApi(GenericAPIView):
    """The certificates the user may read: own, their cohorts', or all (HR); `?cohort=`."""

    serializer_class = io.CertificateOut

    def get_queryset(self) -> Any:
        return Certificate.objects.none()

    @extend_schema(responses=io.CertificateOut(many=True))
    def get(self, request: Request) -> Response:
        cohort = request.query_params.get("cohort", "")
        cohort_id = (
            int(cohort) if cohort.isascii() and cohort.isdigit() and len(cohort) < 19 else None
        )
        page = self.paginate_queryset(certificates_for_user(user=request.user, cohort_id=cohort_id))
        return self.get_paginated_response(io.CertificateOut(page, many=True).data)


class CertificateDetailApi(APIView):
    @extend_schema(responses=io.CertificateOut)
    def get(self, request: Request, pk: int) -> Response:
        return Response(io.CertificateOut(certificate_or_404(request, pk)).data)


class CertificatePdfApi(APIView):
    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request: Request, pk: int) -> HttpResponse:
        certificate = certificate_or_404(request, pk)
        try:
            content = certificate_pdf(certificate)
        except PdfUnavailable:
            return Response(
                {"detail": _("PDFs cannot be made on this server.")},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="certificate-{certificate.uuid}.pdf"'
        )
        return response


class CredentialApi(APIView):
    """The Open Badges 3.0 credential (JWT-VC), signed; 503 when no signing key is configured."""

    @extend_schema(responses={200: io.CredentialOut, 503: OpenApiTypes.OBJECT})
    def get(self, request: Request, pk: int) -> Response:
        certificate = certificate_or_404(request, pk)
        try:
            token = credential_sign(certificate)
        except SigningKeyMissing:
            return _no_key()
        from openbadgeslib.ob3.verifier import OB3Verifier

        payload = OB3Verifier._decode_unverified(token)
        return Response({"jwt": token, "credential": payload.get("vc", payload)})


class RevokeApi(APIView):
    """Revoke a certificate, with a reason (HR); the page and the status say revoked at once."""

    @extend_schema(request=io.ReasonIn, responses=io.CertificateOut)
    def post(self, request: Request, pk: int) -> Response:
        certificate = certificate_or_404(request, pk)
        data = io.ReasonIn(data=request.data)
        data.is_valid(raise_exception=True)
        certificate = certificate_revoke(
            certificate=certificate,
            by=acting_user(request.user),
            reason=data.validated_data["reason"],
        )
        return Response(io.CertificateOut(certificate).data)


class StatusApi(APIView):
    """Public: whether the certificate (and its credential) is valid or revoked."""

    permission_classes = (AllowAny,)
    authentication_classes = ()

    @extend_schema(responses=io.StatusOut, auth=[])
    def get(self, request: Request, uuid: str) -> Response:
        certificate = certificate_by_uuid(uuid)
        if certificate is None:
            raise Http404
        return Response(
            {
                "id": f"urn:uuid:{certificate.uuid}",
                "status": "revoked" if certificate.is_revoked else "valid",
                "revoked_at": certificate.revoked_at,
            }
        )


class JwksApi(APIView):
    """Public: the key set a verifier checks credential signatures with."""

    permission_classes = (AllowAny,)
    authentication_classes = ()

    @extend_schema(responses=OpenApiTypes.OBJECT, auth=[])
    def get(self, request: Request) -> Response:
        # Without a configured key the set is empty: nothing can have been signed.
        try:
            return Response({"keys": [public_jwk()]})
        except SigningKeyMissing:
            return Response({"keys": []})
