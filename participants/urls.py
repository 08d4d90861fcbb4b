from django.urls import path

from participants.views import accounts as views_accounts
from participants.views import calendars
from participants.views import exports as views_exports
from participants.views import imports as views_imports
from participants.views import people as views_people
from participants.views import staff as views

app_name = "participants"

urlpatterns = [
    path("language/", views.language_set, name="set-language"),
]

# Calendars (participants.views.calendars): the subscription feed, making its link, a download.
urlpatterns += [
    path("calendar/<str:feed_token>.ics", calendars.calendar_feed, name="calendar-feed"),
    path("me/calendar/reset/", calendars.calendar_reset, name="calendar-reset"),
    path("me/calendar.ics", calendars.calendar_download, name="calendar-download"),
]

# Trainer and programme-office actions (participants.views.staff); the pages that show them
# (My Zone, the homes, the roster and the cohort overview) are programme's, mounted in this
# namespace by kamtraining.urls.
urlpatterns += [
    path(
        "trainer/sessions/<int:pk>/attendance/",
        views.attendance_sheet,
        name="attendance-sheet",
    ),
    path(
        "hr/cohorts/<int:pk>/enrol/",
        views.cohort_enrol,
        name="cohort-enrol",
    ),
    path(
        "hr/enrollments/<int:pk>/cancel/",
        views.enrollment_cancel,
        name="enrollment-cancel",
    ),
]

# Downloads offered on the roster and attendance pages (participants.views.exports).
urlpatterns += [
    path(
        "trainer/cohorts/<int:pk>/roster.<slug:fmt>",
        views_exports.roster_export,
        name="cohort-roster-export",
    ),
    path(
        "trainer/cohorts/<int:pk>/attendance.<slug:fmt>",
        views_exports.attendance_export,
        name="cohort-attendance-export",
    ),
    path(
        "trainer/sessions/<int:pk>/sign-in/",
        views_exports.sign_in_sheet,
        name="session-sign-in",
    ),
    path(
        "trainer/sessions/<int:pk>/sign-in.pdf",
        views_exports.sign_in_sheet_pdf,
        name="session-sign-in-pdf",
    ),
]

# Accounts (participants.views.accounts): HR's people and invitations, the set-password
# link, my profile.
urlpatterns += [
    path("hr/people/", views_accounts.people_list, name="account-people"),
    path("hr/people/invite/", views_accounts.people_invite, name="account-invite"),
    path("hr/people/new/", views_people.participant_new, name="participant-create"),
    path("hr/people/<int:pk>/edit/", views_people.participant_edit, name="participant-edit"),
    path(
        "accounts/activate/<uidb64>/<token>/",
        views_accounts.account_activate,
        name="account-activate",
    ),
    path("me/profile/", views_accounts.profile, name="account-profile"),
]

# HR's participant import (participants.views.imports): upload, preview, confirm, the run.
urlpatterns += [
    path("hr/participants/import/", views_imports.participant_import, name="participant-import"),
    path(
        "hr/participants/import/<int:run_pk>/",
        views_imports.import_run,
        name="import-run",
    ),
    path(
        "hr/participants/import/<int:run_pk>/status/",
        views_imports.import_run_status,
        name="import-run-status",
    ),
]
