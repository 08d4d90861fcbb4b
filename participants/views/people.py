"""HR's pages for one participant: add one (with an account by email), edit a profile."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from courses.forms.scheduling import service_errors_to_form
from kamtraining.http import AuthenticatedHttpRequest
from kamtraining.i18n import time_zone_names
from participants.access import may_manage_people
from participants.forms.people import ParticipantForm
from participants.models import Participant
from participants.services.people import participant_create, participant_update


def _render(
    request: AuthenticatedHttpRequest, form: ParticipantForm, participant: Participant | None
) -> HttpResponse:
    context = {
        "form": form,
        "participant": participant,
        "time_zones": sorted(time_zone_names()),
        "nav_section": "hr",
    }
    return render(request, "participants/participant_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def participant_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Add one participant; their account is created, or an existing one linked, by email."""
    if not may_manage_people(request.user):
        raise PermissionDenied
    form = ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            participant = participant_create(by=request.user, **form.values())
        except ValidationError as error:
            service_errors_to_form(form, error, {})
        else:
            messages.success(request, _("%(name)s is added.") % {"name": participant})
            return redirect("participants:account-people")
    return _render(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def participant_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Change one participant's profile."""
    if not may_manage_people(request.user):
        raise PermissionDenied
    participant = get_object_or_404(Participant.objects.select_related("manager"), pk=pk)
    form = ParticipantForm(request.POST or None, instance=participant)
    if request.method == "POST" and form.is_valid():
        try:
            # The stored profile, not the form's copy (which the form has already changed).
            saved = participant_update(
                participant=Participant(pk=pk), by=request.user, **form.values()
            )
        except ValidationError as error:
            service_errors_to_form(form, error, {})
        else:
            messages.success(request, _("%(name)s's profile is saved.") % {"name": saved})
            return redirect("participants:account-people")
    return _render(request, form, participant)
