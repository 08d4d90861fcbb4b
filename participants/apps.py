from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "participants"
    verbose_name = _("People and enrolment")

    def ready(self) -> None:
        from django.apps import apps

        import participants.access  # noqa: F401  registers the rules permissions
        from courses.services.catalogue import on_capacity_raised
        from courses.services.scheduling import on_session_changed, on_slot_clash_check
        from participants.roles import role_permissions_sync
        from participants.selectors.enrollment import participant_clashes_for_slot
        from participants.services.enrollment import waitlist_promote_after_capacity_rise
        from participants.services.session_notices import session_change_notify_on_commit

        # A raised capacity fills its free places at once, as a cancellation does.
        on_capacity_raised(waitlist_promote_after_capacity_rise)
        # A moved, re-roomed, relinked or cancelled session is news in its people's calendars.
        on_session_changed(session_change_notify_on_commit)
        # A session may not take a slot in which one of its confirmed people is booked elsewhere.
        on_slot_clash_check(participant_clashes_for_slot)

        # Permissions exist only once migrate has created them for every app: run after the last
        # app that has models (post_migrate is sent only for those).
        last_app = [app for app in apps.get_app_configs() if app.models_module is not None][-1]
        post_migrate.connect(
            role_permissions_sync, sender=last_app, dispatch_uid="role-permissions"
        )
