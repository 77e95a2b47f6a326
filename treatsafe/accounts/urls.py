"""Sign-up, login and password pages."""

app_name = "accounts"
urlpatterns: list = []
