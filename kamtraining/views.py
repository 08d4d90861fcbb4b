from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect

from kamtraining.http import AuthenticatedHttpRequest
from participants.access import has_participant_profile, is_hr, is_trainer


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Send each user to their own home: HR, trainer or participant."""
    user = request.user
    if is_hr(user):
        return redirect("participants:hr-home")
    if is_trainer(user):
        return redirect("participants:trainer-home")
    if has_participant_profile(user):
        return redirect("participants:me")
    return redirect("courses:course-list")
