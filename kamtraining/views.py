from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect

from kamtraining.http import AuthenticatedHttpRequest


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Send each user to their own home: HR, trainer or participant."""
    user = request.user
    if user.is_hr:
        return redirect("participants:hr-home")
    if user.is_trainer:
        return redirect("participants:trainer-home")
    if hasattr(user, "participant"):
        return redirect("participants:me")
    return redirect("courses:course-list")
