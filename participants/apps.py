from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "participants"
    verbose_name = _("People and enrolment")

    def ready(self) -> None:
        from django.apps import apps

        from participants.roles import role_permissions_sync

        # Permissions exist only once migrate has created them for every app: run after the last.
        last_app = list(apps.get_app_configs())[-1]
        post_migrate.connect(
            role_permissions_sync, sender=last_app, dispatch_uid="role-permissions"
        )
