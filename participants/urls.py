from django.urls import path

from participants import views

app_name = "participants"

urlpatterns = [
    path("language/", views.language_set, name="set-language"),
    path("me/", views.me, name="me"),
    path("hr/", views.hr_home, name="hr-home"),
    path("trainer/", views.trainer_home, name="trainer-home"),
]
