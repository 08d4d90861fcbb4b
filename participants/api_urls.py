"""API URLs of participants."""

urlpatterns: list = []
