"""Routes of the pages that combine apps.

Their URL names stay in the apps' namespaces (`participants:me`, …): kamtraining.urls mounts
`participants_patterns` together with participants.urls under the `participants` namespace.
"""

from django.urls import URLPattern, path

from programme import views

home_patterns: list[URLPattern] = [
    path("", views.home, name="home"),
]

participants_patterns: list[URLPattern] = [
    path("me/", views.me, name="me"),
    path("hr/", views.hr_home, name="hr-home"),
    path("trainer/", views.trainer_home, name="trainer-home"),
    path("trainer/cohorts/<int:pk>/", views.cohort_roster, name="cohort-roster"),
    path("hr/cohorts/<int:pk>/", views.cohort_overview, name="cohort-overview"),
]
