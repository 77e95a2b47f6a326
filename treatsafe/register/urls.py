"""Pages for register."""

from django.urls import path

from treatsafe.register import views, views_assess, views_practitioner

app_name = "register"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("practitioners/<int:practitioner_id>/", views.listing_page, name="listing"),
    path("practitioners/<int:practitioner_id>/report/", views.report_page, name="report"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
    path("datapackage.json", views.data_package, name="datapackage"),
    # the practitioner's own listing
    path("my-listing/", views_practitioner.my_listing, name="my_listing"),
    path("my-listing/details/", views_practitioner.edit_details, name="my_details"),
    path("my-listing/clinics/add/", views_practitioner.edit_clinic, name="my_clinic"),
    path(
        "my-listing/clinics/<int:clinic_id>/", views_practitioner.edit_clinic, name="my_clinic_edit"
    ),
    path(
        "my-listing/clinics/<int:clinic_id>/leave/",
        views_practitioner.leave_clinic,
        name="my_clinic_leave",
    ),
    path("my-listing/products/add/", views_practitioner.edit_product, name="my_product_add"),
    path(
        "my-listing/products/<int:product_id>/", views_practitioner.edit_product, name="my_product"
    ),
    path(
        "my-listing/products/<int:product_id>/remove/",
        views_practitioner.delete_product,
        name="my_product_delete",
    ),
    path("my-listing/treatments/add/", views_practitioner.edit_offer, name="my_offer_add"),
    path("my-listing/treatments/<int:offer_id>/", views_practitioner.edit_offer, name="my_offer"),
    path(
        "my-listing/treatments/<int:offer_id>/remove/",
        views_practitioner.delete_offer,
        name="my_offer_delete",
    ),
    path("my-listing/apply/", views_practitioner.apply, name="my_apply"),
    path("my-listing/renew/", views_practitioner.renew, name="my_renew"),
    # the assessors' back office
    path("assess/", views_assess.queue, name="assess_queue"),
    path("assess/<int:practitioner_id>/", views_assess.assess_listing, name="assess_listing"),
    path(
        "assess/<int:practitioner_id>/standards/<slug:standard>/",
        views_assess.record_finding,
        name="assess_finding",
    ),
    path(
        "assess/<int:practitioner_id>/decisions/<slug:action>/",
        views_assess.decide,
        name="assess_decide",
    ),
    path("assess/reports/<int:report_id>/", views_assess.update_report, name="assess_report"),
]
