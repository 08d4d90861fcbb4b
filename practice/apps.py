from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "practice"
    verbose_name = _("PARR practice")

    def ready(self) -> None:
        import practice.access  # noqa: F401  registers the rules permissions
        from practice.roles import triangle_roles_ensure

        post_migrate.connect(triangle_roles_ensure, sender=self, dispatch_uid="triangle-roles")
