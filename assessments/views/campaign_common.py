"""What the campaign pages share: a service refusal shown on the page, the rater edit form."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from assessments.forms.campaigns import RaterForm
from assessments.models import Campaign, Invitation
from assessments.selectors.campaigns import RATER_GROUPS
from assessments.services.nominations import (
    invitation_nominate,
    invitation_remove,
    invitation_update,
)
from kamtraining.http import AuthenticatedHttpRequest
from participants.models import Participant


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def run_service(request: AuthenticatedHttpRequest, action: Callable[[], Any], success: str) -> bool:
    """Call a service; show its refusal as an error message instead of a 500."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, error_text(error))
        return False
    messages.success(request, success)
    return True


def form_run_service(form: BaseForm, action: Callable[[], Any]) -> bool:
    """Call a service with a form's data; its refusal becomes the form's errors."""
    try:
        action()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    return True


def invitation_edit_page(
    request: AuthenticatedHttpRequest, invitation: Invitation, back: str
) -> HttpResponse:
    initial = {
        "rater_name": invitation.rater_name,
        "rater_email": invitation.rater_email,
        "group": invitation.group,
        "rater_language": invitation.rater_language,
    }
    form = RaterForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and form_run_service(
            form,
            lambda: invitation_update(invitation=invitation, by=request.user, **form.cleaned_data),
        )
    ):
        messages.success(request, _("Rater updated."))
        return redirect(back)
    return render(
        request,
        "assessments/invitation_edit.html",
        {"invitation": invitation, "form": form, "back": back},
        status=400 if form.is_bound and form.errors else 200,
    )


def subject_invitation(campaign: Campaign, participant: Participant, pk: Any) -> Invitation:
    """One of this participant's raters in this campaign (the self-assessment excluded), or 404."""
    try:
        return Invitation.objects.get(
            pk=int(pk), campaign=campaign, subject=participant, group__in=RATER_GROUPS
        )
    except (TypeError, ValueError, Invitation.DoesNotExist):
        raise Http404 from None


def rater_list_edit(
    request: AuthenticatedHttpRequest,
    *,
    campaign: Campaign,
    participant: Participant,
    here: str,
    added: str,
) -> tuple[RaterForm, HttpResponse | None]:
    """The "add" and "remove" posts of a rater list, the participant's or the staff's: the form
    to show (bound, with its errors, after a refused add) and the redirect once done."""
    action = request.POST.get("action", "add") if request.method == "POST" else None
    if action == "add":
        form = RaterForm(request.POST)
        if form.is_valid() and form_run_service(
            form,
            lambda: invitation_nominate(
                campaign=campaign, subject=participant, by=request.user, **form.cleaned_data
            ),
        ):
            messages.success(request, added)
            return form, redirect(here)
        return form, None
    if action == "remove":
        invitation = subject_invitation(campaign, participant, request.POST.get("invitation"))
        run_service(
            request,
            lambda: invitation_remove(invitation=invitation, by=request.user),
            _("Rater removed."),
        )
        return RaterForm(), redirect(here)
    return RaterForm(), None
