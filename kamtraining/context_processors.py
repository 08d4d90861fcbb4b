from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Expose the viewer's roles to the layout so the menu shows what they may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_is_hr": False, "nav_is_trainer": False, "nav_is_participant": False}
    return {
        "nav_is_hr": user.is_hr,
        "nav_is_trainer": user.is_trainer,
        "nav_is_participant": hasattr(user, "participant"),
    }
