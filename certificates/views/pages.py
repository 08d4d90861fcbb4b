"""Pages: my checklist, a cohort's completion (HR decides, trainers read), the PDF, /verify/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from certificates import forms
from certificates.access import may_manage_completion, may_view_completion
from certificates.models import Certificate
from certificates.pdf import certificate_pdf
from certificates.selectors.certificates import certificate_by_uuid, certificate_get
from certificates.selectors.checklist import checklists_for_cohort, rule_for
from certificates.services.certificates import certificate_revoke
from certificates.services.completion import (
    completion_complete,
    completion_complete_bulk,
    completion_refuse,
)
from certificates.services.rules import rule_update
from courses.models import Cohort
from kamtraining.pdf import PdfUnavailable
from participants.access import acting_user
from participants.models import Enrollment

MAX_ID = 2**63 - 1


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isascii() and v.isdigit() and 0 < int(v) <= MAX_ID]


@login_required
def my_completion(request: HttpRequest) -> HttpResponse:
    participant = getattr(request.user, "participant", None)
    checklists = []
    if participant is not None:
        enrollments = Enrollment.objects.filter(
            participant=participant, status__in=Enrollment.HOLDS_PLACE
        ).select_related("cohort")
        for enrollment in enrollments:
            checklists.extend(
                checklists_for_cohort(cohort=enrollment.cohort, enrollment_ids=[enrollment.pk])
            )
    return render(request, "certificates/my_completion.html", {"checklists": checklists})


def _cohort_or_404(request: HttpRequest, pk: int) -> Cohort:
    cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=pk)
    if not may_view_completion.test(request.user, cohort):
        raise Http404
    return cohort


def _act(request: HttpRequest, cohort: Cohort) -> None:
    action = request.POST.get("action", "")
    user = acting_user(request.user)
    if not may_manage_completion.test(user, cohort):
        raise PermissionDenied
    if action == "rule":
        form = forms.RuleForm(request.POST)
        form.is_valid()
        rule_update(cohort=cohort, by=user, **form.cleaned_data)
        messages.success(request, _("The completion rule is saved."))
        return
    if action == "bulk":
        result = completion_complete_bulk(
            cohort=cohort,
            by=user,
            enrollment_ids=_ids(request.POST.getlist("enrollment")),
        )
        messages.success(request, _("%(count)d completed.") % {"count": len(result.completed)})
        return
    enrollment = get_object_or_404(
        Enrollment, cohort=cohort, pk=(_ids([request.POST.get("enrollment", "")]) or [0])[0]
    )
    note = request.POST.get("note", "")
    if action == "exception":
        completion_complete(enrollment=enrollment, by=user, exception=True, note=note)
        messages.success(request, _("Completed as an exception."))
    elif action == "refuse":
        completion_refuse(enrollment=enrollment, by=user, reason=note)
        messages.success(request, _("The refusal is recorded."))
    elif action == "revoke":
        certificate = get_object_or_404(Certificate, enrollment=enrollment)
        certificate_revoke(certificate=certificate, by=user, reason=note)
        messages.success(request, _("The certificate is revoked."))
    else:
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def cohort_completion(request: HttpRequest, cohort_pk: int) -> HttpResponse:
    cohort = _cohort_or_404(request, cohort_pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            _act(request, cohort)
            return redirect("certificates:cohort-completion", cohort.pk)
        except ValidationError as error:
            errors = [str(m) for m in error.messages]
    rule = rule_for(cohort)
    return render(
        request,
        "certificates/cohort_completion.html",
        {
            "cohort": cohort,
            "rule": rule,
            "rule_form": forms.RuleForm(
                initial={
                    "requires_attendance": rule.requires_attendance,
                    "requires_self_assessment": rule.requires_self_assessment,
                    "requires_practice": rule.requires_practice,
                }
            ),
            "checklists": checklists_for_cohort(cohort=cohort),
            "may_manage": may_manage_completion.test(request.user, cohort),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@login_required
def certificate_download(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = certificate_get(user=request.user, pk=pk) if 0 < pk <= MAX_ID else None
    if certificate is None:
        raise Http404
    try:
        content = certificate_pdf(certificate)
    except PdfUnavailable:
        return HttpResponse(_("PDFs cannot be made on this server."), status=503)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.uuid}.pdf"'
    return response


def verify(request: HttpRequest, uuid: str) -> HttpResponse:
    """Public: valid or revoked, with the name, course, cohort and dates, nothing else."""
    certificate = certificate_by_uuid(uuid)
    if certificate is None:
        raise Http404
    return render(request, "certificates/verify.html", {"certificate": certificate})
