"""Pages for treatments."""

app_name = "treatments"
urlpatterns: list = []
