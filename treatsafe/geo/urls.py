"""Pages for geo (mounted at /postcodes/)."""

from django.urls import path

from treatsafe.geo import views

app_name = "geo"
urlpatterns = [
    path("", views.lookup, name="lookup"),
]
