"""Pages for register."""

from django.urls import path

from treatsafe.register import views

app_name = "register"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("practitioners/<int:practitioner_id>/", views.listing_page, name="listing"),
    path("practitioners/<int:practitioner_id>/report/", views.report_page, name="report"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
]
