"""HR's participant import: upload → preview (a dry run, errors by row and column) → confirm,
then the run's page (its progress, then its result)."""

import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kamtraining.http import AuthenticatedHttpRequest
from participants.access import acting_user, may_manage_people, may_view_import_run
from participants.forms.imports import ImportUploadForm
from participants.models import ImportRun
from participants.services.import_runs import import_run_start, import_run_summary
from participants.services.importing import Table, participants_import

IMPORT_CACHE_PREFIX = "participant-import:"

# Between the preview and the confirm only the checked rows are kept (bounded by the reader's
# row and cell limits), never the uploaded file.
IMPORT_KEEP_SECONDS = 1800

PREVIEW_ROWS = 200

# How often an import run's page looks again, with or without a script (seconds).
IMPORT_REFRESH_SECONDS = 2


def _stash(*, request: HttpRequest, table: Table, name: str) -> str:
    """Keep the checked rows server-side for the confirm step; return the key to them."""
    token = secrets.token_urlsafe(24)
    cache.set(
        IMPORT_CACHE_PREFIX + token,
        {"user": request.user.pk, "table": table, "name": name},
        IMPORT_KEEP_SECONDS,
    )
    return token


def _unstash(*, request: HttpRequest, token: str) -> dict[str, Any] | None:
    stored = cache.get(IMPORT_CACHE_PREFIX + token) if token else None
    if not stored or stored.get("user") != request.user.pk or "table" not in stored:
        return None
    return stored


@login_required
@require_http_methods(["GET", "POST"])
def participant_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload → preview (a dry run, errors by row and column) → confirm, all or nothing."""
    if not may_manage_people(request.user):
        raise PermissionDenied
    context: dict[str, Any] = {"preview_rows": PREVIEW_ROWS, "nav_section": "hr"}
    form = ImportUploadForm()
    if request.method == "POST" and request.POST.get("confirm"):
        token = request.POST.get("token", "")
        stored = _unstash(request=request, token=token)
        if stored is None:
            messages.error(request, _("The uploaded file has expired; upload it again, please."))
            return redirect("participants:participant-import")
        # Run in the background (inline without a broker): the run's page shows the
        # progress, then the result; the checks run again at commit time.
        cache.delete(IMPORT_CACHE_PREFIX + token)
        run = import_run_start(
            table=stored["table"], file_name=stored["name"], by=acting_user(request.user)
        )
        return redirect("participants:import-run", run_pk=run.pk)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = participants_import(
                data=upload.read(),
                by=acting_user(request.user),
                dry_run=True,
                encoding=form.cleaned_data["encoding"],
            )
            context.update(result=result, file_name=upload.name)
            if result.ok and result.table is not None:
                context["token"] = _stash(request=request, table=result.table, name=upload.name)
            # After a file that reads two ways, offer the other reading.
            form = ImportUploadForm(
                initial={"encoding": form.cleaned_data["encoding"]}
                if not result.readings
                else {"encoding": "gb18030" if result.encoding == "utf-8" else "utf-8"}
            )
    context["form"] = form
    return render(request, "participants/import.html", context)


def _import_run_or_404(user: Any, run_pk: int) -> ImportRun:
    # Only the HR user who started the run may know of it: anyone else is told it is not here.
    run = ImportRun.objects.filter(pk=run_pk).first()
    if run is None or not may_view_import_run(user, run):
        raise Http404
    return run


@login_required
@require_GET
def import_run(request: AuthenticatedHttpRequest, run_pk: int) -> HttpResponse:
    """A confirmed import's progress bar (it refreshes itself), then its result."""
    run = _import_run_or_404(request.user, run_pk)
    context = {
        "run": run,
        "summary": import_run_summary(run) if run.status == ImportRun.Status.DONE else "",
        "refresh_seconds": IMPORT_REFRESH_SECONDS,
        "page_url": reverse("participants:import-run", args=[run.pk]),
        "status_url": reverse("participants:import-run-status", args=[run.pk]),
        "nav_section": "hr",
    }
    return render(request, "participants/import_run.html", context)


@login_required
@require_GET
def import_run_status(request: AuthenticatedHttpRequest, run_pk: int) -> JsonResponse:
    """The run's progress as JSON, for the page's script."""
    run = _import_run_or_404(request.user, run_pk)
    return JsonResponse(
        {
            "status": run.status,
            "status_display": run.get_status_display(),
            "done": run.done,
            "total": run.total,
            "percent": run.percent,
            "finished": run.is_finished,
        }
    )
