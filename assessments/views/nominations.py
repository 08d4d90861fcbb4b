"""The participant's side of a campaign in My Zone: their campaigns and their rater list."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.models import Campaign
from assessments.selectors.campaigns import (
    campaign_for_participant,
    campaigns_with_self_status,
    nomination_for,
    nominations_for_participant,
)
from assessments.services.nominations import (
    nominations_submit,
)
from assessments.views.campaign_common import (
    invitation_edit_page,
    rater_list_edit,
    run_service,
    subject_invitation,
)
from kamtraining.http import AuthenticatedHttpRequest


@login_required
def campaign_mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The participant's campaigns, and what each nomination still lacks."""
    participant = getattr(request.user, "participant", None)
    if participant is None:
        raise Http404
    return render(
        request,
        "assessments/campaign_mine.html",
        {
            "campaigns": list(campaigns_with_self_status(participant=participant)),
            "nominations": nominations_for_participant(participant=participant),
        },
    )


@login_required
def campaign_nominate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The participant's own rater list: add, remove, see what is missing, submit."""
    campaign, participant = campaign_for_participant(user=request.user, pk=pk)
    here = reverse("assessments:campaign-nominate", kwargs={"pk": campaign.pk})
    form, done = rater_list_edit(
        request, campaign=campaign, participant=participant, here=here, added=_("Rater added.")
    )
    if done is not None:
        return done
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "submit":
            run_service(
                request,
                lambda: nominations_submit(campaign=campaign, subject=participant, by=request.user),
                _("Your list has been sent to your trainer for approval."),
            )
            return redirect(here)
    nomination = nomination_for(campaign=campaign, subject=participant)
    return render(
        request,
        "assessments/campaign_nominate.html",
        {
            "campaign": campaign,
            "nomination": nomination,
            "form": form,
            # A submitted list waits for the trainer: locked for the participant meanwhile.
            "can_edit": campaign.status == Campaign.Status.NOMINATING
            and nomination.awaiting is None,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def invitation_edit_own(
    request: AuthenticatedHttpRequest, pk: int, invitation_pk: int
) -> HttpResponse:
    campaign, participant = campaign_for_participant(user=request.user, pk=pk)
    invitation = subject_invitation(campaign, participant, invitation_pk)
    back = reverse("assessments:campaign-nominate", kwargs={"pk": campaign.pk})
    return invitation_edit_page(request, invitation, back)
