"""Pages of practice: lists, one practice (participant and trainer), a cohort's assignments.

Every form posts to the practice page with an `action`; each works without JavaScript.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessments.models import Goal
from courses.access import is_hr, may_view_cohort_private
from courses.models import Cohort, Dimension, Item
from kamtraining.http import AuthenticatedHttpRequest
from practice import forms
from practice.access import may_do_practice, may_review_practice
from practice.models import Practice, TriangleRole
from practice.selectors.practices import (
    assignments_for_user,
    attachment_get,
    entries_in_order,
    observer_slots,
    own_practices,
    practice_get,
    practice_items,
    practices_for_user,
    trainer_notes_by_phase,
)
from practice.services.assignments import assignment_create, practices_ensure
from practice.services.observers import observer_invite
from practice.services.phases import (
    attachment_add,
    attachment_remove,
    phase_complete,
    phase_save,
    practice_goal_link,
)
from practice.services.review import feedback_add, practice_accept, practice_return

MAX_ID = 2**63 - 1


def _errors(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


@login_required
def practice_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    participant = getattr(request.user, "participant", None)
    if participant is not None:
        practices_ensure(participant=participant)
    staff = is_hr(request.user) or bool(assignments_for_user(user=request.user).exists())
    return render(
        request,
        "practice/practice_list.html",
        {
            "own": list(own_practices(user=request.user)),
            "overdue": list(practices_for_user(user=request.user, overdue=True)) if staff else [],
            "staff": staff,
        },
    )


def _practice(request: AuthenticatedHttpRequest, pk: int) -> Practice:
    practice = practice_get(user=request.user, pk=pk) if 0 < pk <= MAX_ID else None
    if practice is None:
        raise Http404
    return practice


def _goals(practice: Practice) -> Any:
    return Goal.objects.filter(plan__participant_id=practice.participant_id).order_by("pk")


def _roles(*, missing_in: Practice | None = None) -> list[tuple[str, str]]:
    """The triangle roles as choices; `missing_in`: only those the practice has no observer for."""
    roles = TriangleRole.objects.order_by("order", "pk")
    if missing_in is not None:
        roles = roles.exclude(pk__in=[o.role_id for o in missing_in.observers.all()])
    return [(r.code, str(r)) for r in roles]


def _act(request: AuthenticatedHttpRequest, practice: Practice) -> None:
    """Run the posted action; ValidationError and PermissionDenied pass to the caller."""
    action = request.POST.get("action", "")
    phase = request.POST.get("phase", "")
    by = request.user
    handlers: dict[str, Callable[[], Any]] = {}

    def phase_form() -> forms.PhaseForm:
        form = forms.PhaseForm(request.POST)
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        return form

    def save() -> None:
        phase_save(practice=practice, phase=phase, text=phase_form().cleaned_data["text"], by=by)

    def complete() -> None:
        data = phase_form().cleaned_data
        phase_complete(
            practice=practice,
            phase=phase,
            text=data["text"],
            completed_on=data["completed_on"],
            by=by,
        )

    def attach() -> None:
        form = forms.AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            raise ValidationError(_("Choose a file to attach."))
        attachment_add(practice=practice, phase=phase, upload=form.cleaned_data["file"], by=by)

    def detach() -> None:
        raw = request.POST.get("attachment", "")
        found = attachment_get(user=by, pk=int(raw)) if raw.isdigit() and len(raw) < 19 else None
        if found is None or found.entry.practice_id != practice.pk:
            raise ValidationError(_("There is no such file."))
        attachment_remove(attachment=found, by=by)

    def goal() -> None:
        form = forms.GoalForm(request.POST, goals=_goals(practice))
        if not form.is_valid():
            raise ValidationError(_("Choose one of your own goals."))
        practice_goal_link(practice=practice, goal=form.cleaned_data["goal"], by=by)

    def observer() -> None:
        form = forms.ObserverForm(request.POST)
        form.fields["role"].choices = _roles()  # type: ignore[attr-defined]
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        data = form.cleaned_data
        observer_invite(
            practice=practice,
            role=TriangleRole.objects.get(code=data["role"]),
            name=data["name"],
            email=data["email"],
            language=data["language"],
            by=by,
        )

    def comment_text() -> str:
        form = forms.CommentForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Write a comment."))
        return str(form.cleaned_data["comment"])

    def feedback() -> None:
        feedback_add(practice=practice, phase=phase, comment=comment_text(), by=by)

    def return_() -> None:
        practice_return(practice=practice, phase=phase, comment=comment_text(), by=by)

    def accept() -> None:
        practice_accept(practice=practice, comment=request.POST.get("comment", ""), by=by)

    handlers = {
        "save": save,
        "complete": complete,
        "attach": attach,
        "detach": detach,
        "goal": goal,
        "observer": observer,
        "feedback": feedback,
        "return": return_,
        "accept": accept,
    }
    handler = handlers.get(action)
    if handler is None:
        raise ValidationError(_("Unknown action."))
    handler()


@login_required
@require_http_methods(["GET", "POST"])
def practice_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    practice = _practice(request, pk)
    errors: list[str] = []
    posted: dict[str, str] = {}
    if request.method == "POST":
        try:
            _act(request, practice)
        except ValidationError as error:
            errors = _errors(error)
            # A refused save or completion keeps what was typed in the phase's form.
            if request.POST.get("action") in ("save", "complete"):
                posted = {
                    "phase": request.POST.get("phase", ""),
                    "text": request.POST.get("text", ""),
                    "completed_on": request.POST.get("completed_on", ""),
                }
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Saved."))
            return redirect("practice:practice-detail", pk=practice.pk)
        practice = _practice(request, pk)
    events = list(practice.events.all())
    notes = trainer_notes_by_phase(events)
    entries = entries_in_order(practice)
    observer_form = forms.ObserverForm()
    observer_form.fields["role"].choices = _roles(missing_in=practice)  # type: ignore[attr-defined]
    return render(
        request,
        "practice/practice_detail.html",
        {
            "practice": practice,
            "assignment": practice.assignment,
            "entries": entries,
            "phases": [(entry, notes.get(entry.phase, [])) for entry in entries],
            "items": practice_items(practice),
            "slots": observer_slots(practice),
            "events": events,
            "may_do": may_do_practice(request.user, practice) and not practice.is_closed,
            "may_review": may_review_practice(request.user, practice),
            "goal_form": forms.GoalForm(initial={"goal": practice.goal_id}, goals=_goals(practice)),
            "observer_form": observer_form,
            "return_form": forms.ReturnForm(),
            "errors": errors,
            "posted": posted,
        },
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_assignments(request: AuthenticatedHttpRequest, cohort_pk: int) -> HttpResponse:
    cohort = (
        Cohort.objects.select_related("course").filter(pk=cohort_pk).first()
        if 0 < cohort_pk <= MAX_ID
        else None
    )
    if cohort is None or not may_view_cohort_private(request.user, cohort):
        raise Http404
    framework_id = cohort.course.framework_id or 0  # a course without a framework: none
    dimensions = Dimension.objects.filter(framework_id=framework_id).order_by("order")
    items = (
        Item.objects.filter(dimension__framework_id=framework_id)
        .select_related("dimension")
        .order_by("dimension__order", "order")
    )
    form = forms.AssignmentForm(request.POST or None, dimensions=dimensions, items=items)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                assignment_create(
                    cohort=cohort,
                    title=data["title"],
                    brief=data["brief"],
                    due_on=data["due_on"],
                    dimension=data["dimension"],
                    items=list(data["items"]),
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The practice is set for every confirmed participant."))
                return redirect("practice:cohort-assignments", cohort_pk=cohort.pk)
        status = 400
    return render(
        request,
        "practice/cohort_assignments.html",
        {
            "cohort": cohort,
            "form": form,
            "assignments": list(assignments_for_user(user=request.user, cohort_id=cohort.pk)),
            "practices": list(practices_for_user(user=request.user, cohort_id=cohort.pk)),
        },
        status=status,
    )


@login_required
def attachment_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    attachment = attachment_get(user=request.user, pk=pk) if 0 < pk <= MAX_ID else None
    if attachment is None:
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
