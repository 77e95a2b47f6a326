"""Pages for geo."""

app_name = "geo"
urlpatterns: list = []
