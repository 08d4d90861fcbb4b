from django.urls import path

from participants import calendars, views, views_accounts, views_exports

app_name = "participants"

urlpatterns = [
    path("language/", views.language_set, name="set-language"),
    path("me/", views.me, name="me"),
    path("hr/", views.hr_home, name="hr-home"),
    path("trainer/", views.trainer_home, name="trainer-home"),
]

# Calendars (participants.calendars): the subscription feed, making its link, a download.
urlpatterns += [
    path("calendar/<str:feed_token>.ics", calendars.calendar_feed, name="calendar-feed"),
    path("me/calendar/reset/", calendars.calendar_reset, name="calendar-reset"),
    path("me/calendar.ics", calendars.calendar_download, name="calendar-download"),
]

# My Zone, trainer and programme-office pages (participants.views).
urlpatterns += [
    path("trainer/cohorts/<int:pk>/", views.cohort_roster, name="cohort-roster"),
    path(
        "trainer/sessions/<int:pk>/attendance/",
        views.attendance_sheet,
        name="attendance-sheet",
    ),
    path("hr/cohorts/<int:pk>/", views.cohort_overview, name="cohort-overview"),
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

# Downloads offered on the roster and attendance pages (participants.views_exports).
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

# Accounts (participants.views_accounts): HR's people and invitations, the set-password
# link, my profile.
urlpatterns += [
    path("hr/people/", views_accounts.people_list, name="account-people"),
    path("hr/people/invite/", views_accounts.people_invite, name="account-invite"),
    path(
        "accounts/activate/<uidb64>/<token>/",
        views_accounts.account_activate,
        name="account-activate",
    ),
    path("me/profile/", views_accounts.profile, name="account-profile"),
]
