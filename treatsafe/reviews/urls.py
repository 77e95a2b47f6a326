"""Pages for verified reviews."""

app_name = "reviews"
urlpatterns = []
