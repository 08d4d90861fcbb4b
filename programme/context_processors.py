from typing import Any

from django.http import HttpRequest

from participants.access import has_participant_profile, is_hr, is_trainer

# Pages of 360 campaigns, whichever role: the menu's "360°" entry is current on them.
FEEDBACK_PREFIXES = (
    "/campaigns/",
    "/trainer/campaigns/",
    "/me/campaigns/",
    "/me/reports/",
    "/me/action-plans/",
)
SECTION_PREFIXES = (
    ("/hr/", "hr"),
    ("/trainer/", "trainer"),
    ("/me/", "me"),
    ("/courses/", "courses"),
)


def _section(path: str) -> str:
    """Which menu entry the page belongs to, for aria-current."""
    if path.startswith(FEEDBACK_PREFIXES):
        return "360"
    return next((section for prefix, section in SECTION_PREFIXES if path.startswith(prefix)), "")


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Expose the viewer's roles to the layout so the menu shows what they may open."""
    user = getattr(request, "user", None)
    section = _section(request.path)
    if user is None or not user.is_authenticated:
        return {
            "nav_is_hr": False,
            "nav_is_trainer": False,
            "nav_is_participant": False,
            "nav_section": section,
        }
    return {
        "nav_is_hr": is_hr(user),
        "nav_is_trainer": is_trainer(user),
        "nav_is_participant": has_participant_profile(user),
        "nav_section": section,
    }
