from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"
    verbose_name = _("Courses and schedule")

    def ready(self) -> None:
        import courses.access  # noqa: F401  registers the rules permissions
        from courses.page_cache import connect

        connect()
