"""Campaign pages for trainers and HR: progress, raters, approval, reminders, settings."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from assessments.access import may_add_late_rater, may_manage_campaign
from assessments.forms.campaigns import CampaignForm, OpenForm, RaterForm
from assessments.models import Campaign, Invitation
from assessments.selectors.campaigns import (
    RATER_GROUPS,
    campaign_for_staff,
    campaigns_for_staff,
    late_raters_for,
    nomination_for,
)
from assessments.selectors.progress import (
    campaign_progress,
    campaign_transition_preview,
    invitation_history_for_subject,
    reminder_preview,
)
from assessments.services import campaigns as campaign_services
from assessments.services.late_raters import LATE_ANSWER_DAYS, late_rater_add
from assessments.services.nominations import (
    invitations_send,
    nominations_approve,
)
from assessments.services.reminders import reminders_send_now, reminders_send_pending
from assessments.views.campaign_common import (
    error_text,
    form_run_service,
    invitation_edit_page,
    rater_list_edit,
    run_service,
)
from courses.access import is_hr, is_trainer
from kamtraining.http import AuthenticatedHttpRequest
from participants.models import Participant
from participants.selectors.accounts import login_reach_for_cohort


@login_required
def campaign_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not (is_hr(request.user) or is_trainer(request.user)):
        raise Http404
    campaigns = campaigns_for_staff(user=request.user).select_related("cohort__course")
    context = {
        "campaigns": list(campaigns),
        "audience": "hr" if is_hr(request.user) else "trainer",
        "is_hr": is_hr(request.user),
    }
    return render(request, "assessments/campaign_list.html", context)


@login_required
def campaign_progress_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Per participant and group: nominated, approved, invited, started, submitted, declined."""
    campaign = campaign_for_staff(user=request.user, pk=pk)
    return render(
        request,
        "assessments/campaign_progress.html",
        {
            "campaign": campaign,
            "progress": campaign_progress(campaign=campaign),
            "open_form": OpenForm(),
            "events": list(campaign.events.select_related("by")),
            "is_hr": is_hr(request.user),
            "unreachable": login_reach_for_cohort(cohort_id=campaign.cohort_id),
        },
    )


def _progress_url(campaign: Campaign) -> str:
    return reverse("assessments:campaign-progress", kwargs={"pk": campaign.pk})


def _subject_of(campaign: Campaign, participant_pk: int) -> Participant:
    return get_object_or_404(
        Participant,
        pk=participant_pk,
        feedback_invitations__campaign=campaign,
        feedback_invitations__group=Invitation.Group.SELF,
    )


@login_required
def campaign_raters(
    request: AuthenticatedHttpRequest, pk: int, participant_pk: int
) -> HttpResponse:
    """A participant's list as a trainer or HR sees it: add, edit, remove, approve."""
    campaign = campaign_for_staff(user=request.user, pk=pk)
    participant = _subject_of(campaign, participant_pk)
    here = reverse(
        "assessments:campaign-raters", kwargs={"pk": campaign.pk, "participant_pk": participant.pk}
    )
    form, done = rater_list_edit(
        request,
        campaign=campaign,
        participant=participant,
        here=here,
        added=_("Rater added and approved."),
    )
    if done is not None:
        return done
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "approve":
            run_service(
                request,
                lambda: nominations_approve(
                    campaign=campaign, subject=participant, by=request.user
                ),
                _("Raters approved."),
            )
            return redirect(here)
    return render(
        request,
        "assessments/campaign_raters.html",
        {
            "campaign": campaign,
            "participant": participant,
            "nomination": nomination_for(campaign=campaign, subject=participant),
            "form": form,
            "can_edit": campaign.status in (Campaign.Status.NOMINATING, Campaign.Status.OPEN),
            "history": invitation_history_for_subject(campaign=campaign, subject=participant),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def campaign_late_rater(
    request: AuthenticatedHttpRequest, pk: int, participant_pk: int
) -> HttpResponse:
    """Invite a late rater to a participant's group once the reports are released."""
    campaign = campaign_for_staff(user=request.user, pk=pk)
    if not may_add_late_rater(request.user, campaign):
        raise PermissionDenied
    participant = _subject_of(campaign, participant_pk)
    form = RaterForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form_run_service(
            form,
            lambda: late_rater_add(
                campaign=campaign, subject=participant, by=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Late rater invited: their link is on its way by email."))
        return redirect(request.path)
    return render(
        request,
        "assessments/campaign_late_rater.html",
        {
            "campaign": campaign,
            "participant": participant,
            "form": form,
            "late_raters": late_raters_for(campaign=campaign, subject=participant),
            "can_add": campaign.status == Campaign.Status.RELEASED,
            "answer_days": LATE_ANSWER_DAYS,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def invitation_edit_staff(
    request: AuthenticatedHttpRequest, pk: int, invitation_pk: int
) -> HttpResponse:
    campaign = campaign_for_staff(user=request.user, pk=pk)
    invitation = get_object_or_404(
        Invitation.objects.select_related("subject"),
        pk=invitation_pk,
        campaign=campaign,
        group__in=RATER_GROUPS,
    )
    back = reverse(
        "assessments:campaign-raters",
        kwargs={"pk": campaign.pk, "participant_pk": invitation.subject_id},
    )
    return invitation_edit_page(request, invitation, back)


@require_POST
@login_required
def campaign_approve(
    request: AuthenticatedHttpRequest, pk: int, participant_pk: int
) -> HttpResponseRedirect:
    campaign = campaign_for_staff(user=request.user, pk=pk)
    participant = _subject_of(campaign, participant_pk)
    run_service(
        request,
        lambda: nominations_approve(campaign=campaign, subject=participant, by=request.user),
        _("Raters of %(name)s approved.") % {"name": participant},
    )
    return redirect(_progress_url(campaign))


@login_required
def campaign_remind(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Remind one rater (named by `invitation`), or everyone pending once the preview is confirmed.

    GET shows whom the reminder reaches: counts of raters per participant and the
    self-assessments not done, never which rater.
    """
    campaign = campaign_for_staff(user=request.user, pk=pk)
    if request.method == "POST" and request.POST.get("invitation"):
        try:
            invitation = Invitation.objects.get(
                pk=int(request.POST["invitation"]), campaign=campaign
            )
        except (ValueError, Invitation.DoesNotExist):
            raise Http404 from None
        try:
            count = reminders_send_now(campaign=campaign, by=request.user, invitation=invitation)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                ngettext("%(n)d reminder sent.", "%(n)d reminders sent.", count) % {"n": count},
            )
        return redirect(_progress_url(campaign))
    if request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "1":
        try:
            tally = reminders_send_pending(campaign=campaign, by=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                _("Reminders sent: %(raters)s and %(selves)s.")
                % {
                    "raters": ngettext("%(n)d rater", "%(n)d raters", tally.raters)
                    % {"n": tally.raters},
                    "selves": ngettext(
                        "%(n)d self-assessment", "%(n)d self-assessments", tally.self_assessments
                    )
                    % {"n": tally.self_assessments},
                },
            )
        return redirect(_progress_url(campaign))
    if request.method == "POST":
        return redirect(reverse("assessments:campaign-remind", kwargs={"pk": campaign.pk}))
    return render(
        request,
        "assessments/campaign_remind_confirm.html",
        {
            "campaign": campaign,
            "preview": reminder_preview(campaign=campaign),
            "confirm_field": CONFIRM_FIELD,
        },
    )


@require_POST
@login_required
def campaign_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseRedirect:
    """Send the approved invitations not sent yet (raters added after opening)."""
    campaign = campaign_for_staff(user=request.user, pk=pk)
    try:
        count = invitations_send(campaign=campaign, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            ngettext("%(n)d invitation sent.", "%(n)d invitations sent.", count) % {"n": count},
        )
    return redirect(_progress_url(campaign))


TRANSITIONS: dict[str, tuple[Callable[..., Any], Any]] = {
    "start-nomination": (
        campaign_services.campaign_start_nomination,
        gettext_lazy("Nomination has started."),
    ),
    "open": (
        campaign_services.campaign_open,
        gettext_lazy("The campaign is open; invitations are sent."),
    ),
    "close": (campaign_services.campaign_close, gettext_lazy("The campaign is closed.")),
    "release": (
        campaign_services.campaign_release,
        gettext_lazy("Reports are released to participants."),
    ),
}


CONFIRM_FIELD = "confirm"
# Closing and releasing cannot be undone: HR confirms on a page that shows what will happen.
CONFIRMED_TRANSITIONS = ("close", "release")


@login_required
def campaign_transition(
    request: AuthenticatedHttpRequest, pk: int, transition: str
) -> HttpResponse:
    """HR moves the campaign on; a trainer who can see it is refused (403)."""
    campaign = campaign_for_staff(user=request.user, pk=pk)
    if transition not in TRANSITIONS:
        raise Http404
    if not may_manage_campaign(request.user, campaign):
        raise PermissionDenied
    needs_confirmation = transition in CONFIRMED_TRANSITIONS
    if request.method != "POST" or (needs_confirmation and request.POST.get(CONFIRM_FIELD) != "1"):
        if not needs_confirmation:
            return redirect(_progress_url(campaign))
        if request.method == "POST":
            return redirect(request.path)
        return render(
            request,
            "assessments/campaign_transition_confirm.html",
            {
                "campaign": campaign,
                "transition": transition,
                "preview": campaign_transition_preview(campaign=campaign),
                "confirm_field": CONFIRM_FIELD,
            },
        )
    service, success = TRANSITIONS[transition]
    kwargs: dict[str, Any] = {"campaign": campaign, "by": request.user}
    if transition == "open":
        form = OpenForm(request.POST)
        form.is_valid()
        kwargs.update(
            override=form.cleaned_data.get("override", False),
            note=form.cleaned_data.get("note", ""),
        )
    run_service(request, lambda: service(**kwargs), str(success))
    return redirect(_progress_url(campaign))


# ---- HR: a campaign's settings -------------------------------------------------------------


def _render_campaign_form(
    request: AuthenticatedHttpRequest, form: CampaignForm, campaign: Campaign | None
) -> HttpResponse:
    return render(
        request,
        "assessments/campaign_form.html",
        {"form": form, "campaign": campaign},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def campaign_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """HR sets up a new campaign for a cohort; it starts as a draft."""
    if not is_hr(request.user):
        raise Http404
    initial = {"cohort": request.GET.get("cohort")} if request.GET.get("cohort") else {}
    form = CampaignForm(request.POST or None, initial=initial)
    created: list[Campaign] = []
    if request.method == "POST" and form.is_valid():
        values = form.settings_values()
        if form_run_service(
            form,
            lambda: created.append(
                campaign_services.campaign_create(
                    cohort=form.cleaned_data["cohort"],
                    framework=form.cleaned_data["framework"],
                    by=request.user,
                    **values,
                )
            ),
        ):
            messages.success(request, _("Campaign created as a draft."))
            return redirect(_progress_url(created[0]))
    return _render_campaign_form(request, form, None)


@login_required
def campaign_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """HR changes what the campaign's status still lets change; each change is recorded."""
    campaign = campaign_for_staff(user=request.user, pk=pk)
    if not may_manage_campaign(request.user, campaign):
        raise PermissionDenied
    form = CampaignForm(request.POST or None, instance=Campaign.objects.get(pk=campaign.pk))
    if request.method == "POST" and form.is_valid():
        values = form.settings_values()
        if form_run_service(
            form,
            lambda: campaign_services.campaign_update(campaign=campaign, by=request.user, **values),
        ):
            messages.success(request, _("Campaign settings saved."))
            return redirect(_progress_url(campaign))
    return _render_campaign_form(request, form, campaign)
