"""Pages for ingredients."""

from django.urls import path

from treatsafe.ingredients import views

app_name = "ingredients"
urlpatterns = [
    path("", views.search, name="search"),
    path("check/", views.check, name="check"),
    path("<int:ref>/", views.detail, name="detail"),
]
