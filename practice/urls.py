
app_name = "practice"
urlpatterns: list = []
