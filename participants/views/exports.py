"""Downloads of the trainer's pages: roster and attendance (CSV, XLSX), a session's sign-in sheet.

Each answers exactly as the page it is offered on: signed out → the login page; anyone who
may not see the cohort's private pages → 404, so nobody learns what exists.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

from kamtraining.exports import export_response, safe_filename
from kamtraining.http import AuthenticatedHttpRequest
from kamtraining.pdf import PdfUnavailable, html_to_pdf
from participants import exports
from participants.selectors import trainer as trainer_selectors
from participants.views.staff import _staff_cohort_or_404, _staff_session_or_404


@login_required
def roster_export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    cohort = _staff_cohort_or_404(request.user, pk)
    return export_response(exports.roster_table(cohort=cohort), fmt)


@login_required
def attendance_export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    cohort = _staff_cohort_or_404(request.user, pk)
    return export_response(exports.attendance_table(cohort=cohort), fmt)


def _sign_in_context(request: AuthenticatedHttpRequest, pk: int) -> dict[str, Any]:
    session = _staff_session_or_404(request.user, pk)
    return {
        "session": session,
        "cohort": session.cohort,
        "rows": trainer_selectors.attendance_sheet(session=session),
    }


@login_required
def sign_in_sheet(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A printable sign-in sheet: one line per person holding a place, a box to sign."""
    context = {**_sign_in_context(request, pk), "pdf": False}
    return render(request, "participants/session_sign_in.html", context)


@login_required
def sign_in_sheet_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    context = _sign_in_context(request, pk)
    html = render_to_string(
        "participants/session_sign_in.html", {**context, "pdf": True}, request=request
    )
    try:
        pdf = html_to_pdf(html, static_stylesheets=("css/sign_in.css",))
    except PdfUnavailable:
        return HttpResponse(
            "PDF export is not available on this server (WeasyPrint needs Pango).",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    session = context["session"]
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = safe_filename(f"sign-in-{session.cohort.code}-{session.pk}", "pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response
