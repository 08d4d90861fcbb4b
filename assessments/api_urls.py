"""API URLs of assessments."""

urlpatterns: list = []
