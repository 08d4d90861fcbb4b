"""The certificate as an A4 PDF, both languages on one page (WeasyPrint, the CJK font)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from certificates.models import Certificate
from certificates.selectors.certificates import certificate_facts
from kamtraining.pdf import html_to_pdf


def certificate_pdf(certificate: Certificate) -> bytes:
    facts = certificate_facts(certificate)
    html = render_to_string(
        "certificates/certificate_pdf.html",
        {
            "facts": facts,
            "certificate": certificate,
            "enrollment": certificate.enrollment,
            "participant": certificate.enrollment.participant,
            "cohort": certificate.enrollment.cohort,
            "course": certificate.enrollment.cohort.course,
            "verify_url": settings.SITE_URL
            + reverse("certificates:verify", args=[certificate.uuid]),
        },
    )
    return html_to_pdf(html)
