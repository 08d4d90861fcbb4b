"""Action plan pages: the participant's (My Zone) and the cohort trainer's."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.forms.action_plans import (
    CadenceForm,
    CohortCadenceForm,
    CommentForm,
    ReviewForm,
    goal_formset,
    item_choices,
)
from assessments.models import ActionPlan, Campaign
from assessments.selectors.action_plans import (
    action_plan_get,
    action_plan_history,
    campaign_items,
    focus_items_for,
    local_today,
    report_released_on,
    review_due_on,
    review_every_weeks,
)
from assessments.selectors.report_viewers import debrief_access, own_report, trainer_report
from assessments.services.action_plans import (
    action_plan_comment_add,
    action_plan_save,
    focus_item_set,
)
from assessments.services.plan_reviews import (
    cohort_review_cadence_set,
    review_add,
    review_cadence_set,
)
from kamtraining.http import AuthenticatedHttpRequest
from participants.models import Participant


def _errors(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for messages_ in error.message_dict.values() for message in messages_]
    return list(error.messages)


def _own(request: AuthenticatedHttpRequest, campaign_pk: int) -> tuple[Campaign, Participant]:
    found = own_report(user=request.user, campaign_pk=campaign_pk)
    if found is None:
        raise Http404
    return found


def _context(
    *, campaign: Campaign, participant: Participant, plan: ActionPlan | None, **extra: Any
) -> dict[str, Any]:
    return {
        "campaign": campaign,
        "participant": participant,
        "plan": plan,
        "goals": list(plan.goals.all()) if plan else [],
        "history": action_plan_history(plan=plan) if plan else [],
        "released_on": report_released_on(campaign=campaign),
        "review_due_on": review_due_on(plan=plan) if plan else None,
        "review_every_weeks": review_every_weeks(plan=plan) if plan else None,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def me_action_plan(request: AuthenticatedHttpRequest, campaign_pk: int) -> HttpResponse:
    """Write (or rewrite) the action plan, log reviews, read the trainer's comments."""
    campaign, participant = _own(request, campaign_pk)
    plan = action_plan_get(participant=participant, campaign=campaign)
    focus = focus_items_for(participant=participant, campaign=campaign)
    choices = item_choices(items=campaign_items(campaign=campaign), focus=focus)
    plan_errors: list[str] = []
    if request.method == "POST":
        formset = goal_formset(choices=choices, data=request.POST)
        if formset.is_valid():
            goals = formset.goal_inputs()
            try:
                action_plan_save(
                    participant=participant, campaign=campaign, goals=goals, by=request.user
                )
            except ValidationError as error:
                plan_errors = _errors(error)
            else:
                messages.success(request, _("Your action plan is saved."))
                return redirect("assessments:me-action-plan", campaign_pk=campaign.pk)
    else:
        formset = goal_formset(choices=choices, goals=plan.goals.all() if plan else (), focus=focus)
    context = _context(
        campaign=campaign,
        participant=participant,
        plan=plan,
        focus=focus,
        formset=formset,
        plan_errors=plan_errors,
        review_form=ReviewForm(
            goals=plan.goals.all() if plan else (),
            initial={"reviewed_on": local_today(participant=participant)},
        ),
        comment_form=CommentForm(),
        comment_url=reverse("assessments:me-action-plan-comment", args=[campaign.pk]),
    )
    return render(request, "assessments/action_plan_me.html", context)


def _post_or_back(
    request: AuthenticatedHttpRequest, form: Any, save: Any, back: str, done: str
) -> HttpResponse:
    if not form.is_valid():
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, error)
        return redirect(back)
    try:
        save(form.cleaned_data)
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(back)


def _existing(plan: ActionPlan | None) -> ActionPlan:
    """Reviews and comments belong to a written plan: before that there is nothing to post to."""
    if plan is None:
        raise Http404
    return plan


@login_required
@require_POST
def me_action_plan_review(request: AuthenticatedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign, participant = _own(request, campaign_pk)
    plan = _existing(action_plan_get(participant=participant, campaign=campaign))
    goals = {goal.pk: goal for goal in plan.goals.all()}
    return _post_or_back(
        request,
        ReviewForm(request.POST, goals=goals.values()),
        lambda data: review_add(
            plan=plan,
            by=request.user,
            goal=goals[data["goal"]],
            reviewed_on=data["reviewed_on"],
            progress=data["progress"],
            note=data["note"],
        ),
        reverse("assessments:me-action-plan", args=[campaign.pk]) + "#history",
        _("Your review is logged."),
    )


@login_required
@require_POST
def me_focus_item(
    request: AuthenticatedHttpRequest, campaign_pk: int, item_pk: int
) -> HttpResponse:
    """Mark (focus=1) or unmark (focus=0) one activity of the report to work on in the plan."""
    campaign, participant = _own(request, campaign_pk)
    focus = request.POST.get("focus") == "1"
    try:
        focus_item_set(
            participant=participant,
            campaign=campaign,
            item_id=item_pk,
            focus=focus,
            by=request.user,
        )
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    return redirect(reverse("assessments:me-report", args=[campaign.pk]) + f"#item-{item_pk}")


@login_required
@require_POST
def me_action_plan_comment(request: AuthenticatedHttpRequest, campaign_pk: int) -> HttpResponse:
    campaign, participant = _own(request, campaign_pk)
    plan = _existing(action_plan_get(participant=participant, campaign=campaign))
    return _post_or_back(
        request,
        CommentForm(request.POST),
        lambda data: action_plan_comment_add(plan=plan, by=request.user, text=data["text"]),
        reverse("assessments:me-action-plan", args=[campaign.pk]) + "#history",
        _("Your comment is added."),
    )


def _trainer(
    request: AuthenticatedHttpRequest, campaign_pk: int, participant_pk: int
) -> tuple[Campaign, Participant]:
    found = trainer_report(
        user=request.user, campaign_pk=campaign_pk, participant_pk=participant_pk
    )
    if found is None:
        raise Http404
    return found


@login_required
def trainer_action_plan(
    request: AuthenticatedHttpRequest, campaign_pk: int, participant_pk: int
) -> HttpResponse:
    """A participant's plan and its history, for a trainer of the cohort, with a comment box."""
    campaign, participant = _trainer(request, campaign_pk, participant_pk)
    plan = action_plan_get(participant=participant, campaign=campaign)
    context = _context(
        campaign=campaign,
        participant=participant,
        plan=plan,
        comment_form=CommentForm(),
        cadence_form=CadenceForm(
            initial={"every_weeks": plan.review_every_weeks if plan else None}
        ),
        comment_url=reverse(
            "assessments:trainer-action-plan-comment", args=[campaign.pk, participant.pk]
        ),
    )
    return render(request, "assessments/action_plan_trainer.html", context)


@login_required
@require_POST
def trainer_action_plan_comment(
    request: AuthenticatedHttpRequest, campaign_pk: int, participant_pk: int
) -> HttpResponse:
    campaign, participant = _trainer(request, campaign_pk, participant_pk)
    plan = _existing(action_plan_get(participant=participant, campaign=campaign))
    return _post_or_back(
        request,
        CommentForm(request.POST),
        lambda data: action_plan_comment_add(plan=plan, by=request.user, text=data["text"]),
        reverse("assessments:trainer-action-plan", args=[campaign.pk, participant.pk]) + "#history",
        _("Your comment is added."),
    )


@login_required
@require_POST
def trainer_action_plan_cadence(
    request: AuthenticatedHttpRequest, campaign_pk: int, participant_pk: int
) -> HttpResponse:
    """Set how often this participant reviews the plan (empty: the cohort's cadence)."""
    campaign, participant = _trainer(request, campaign_pk, participant_pk)
    plan = _existing(action_plan_get(participant=participant, campaign=campaign))
    return _post_or_back(
        request,
        CadenceForm(request.POST),
        lambda data: review_cadence_set(
            plan=plan, every_weeks=data["every_weeks"], by=request.user
        ),
        reverse("assessments:trainer-action-plan", args=[campaign.pk, participant.pk]),
        _("The review cadence is saved."),
    )


@login_required
@require_POST
def cohort_review_cadence(request: AuthenticatedHttpRequest, campaign_pk: int) -> HttpResponse:
    """A trainer sets how often the cohort's participants review their plans."""
    found = debrief_access(user=request.user, campaign_pk=campaign_pk)
    if found is None or found[1] != "trainer":
        raise Http404
    campaign = found[0]
    return _post_or_back(
        request,
        CohortCadenceForm(request.POST),
        lambda data: cohort_review_cadence_set(
            cohort=campaign.cohort, every_weeks=data["every_weeks"], by=request.user
        ),
        reverse("assessments:cohort-debrief", args=[campaign.pk]) + "#review-cadence",
        _("The review cadence is saved."),
    )
