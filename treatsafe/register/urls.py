"""Pages for register."""

app_name = "register"
urlpatterns: list = []
