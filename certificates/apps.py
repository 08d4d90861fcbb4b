from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "certificates"
    verbose_name = _("Completion and certificates")

    def ready(self) -> None:
        from certificates import access  # noqa: F401  (registers the rules permissions)
