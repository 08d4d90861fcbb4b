"""API URLs of courses."""

urlpatterns: list = []
