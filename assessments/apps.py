from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = _("360° feedback")

    def ready(self) -> None:
        import assessments.access
        import assessments.services.report_pdfs  # noqa: F401  discards PDFs the figures outdate
