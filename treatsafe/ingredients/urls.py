"""Pages for ingredients."""

app_name = "ingredients"
urlpatterns: list = []
