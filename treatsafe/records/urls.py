"""Pages for treatment records and complication reports."""

from django.urls import path

from treatsafe.records import views, views_assess

app_name = "records"
urlpatterns = [
    # the practitioner's
    path("", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("mine/<slug:token>/", views.practitioner_record, name="practitioner_record"),
    path("mine/<slug:token>/correct/", views.correct, name="correct"),
    path("mine/<slug:token>/record.pdf", views.practitioner_pdf, name="practitioner_pdf"),
    path("api-tokens/", views.api_tokens, name="tokens"),
    path("api-tokens/<int:token_id>/revoke/", views.revoke_token, name="token_revoke"),
    path("complications/<int:report_id>/respond/", views.respond, name="respond"),
    # the patient's, at the record's private address
    path("r/<slug:token>/", views.patient, name="patient"),
    path("r/<slug:token>/record.json", views.patient_json, name="patient_json"),
    path("r/<slug:token>/record.pdf", views.patient_pdf, name="patient_pdf"),
    path("r/<slug:token>/delete/", views.patient_delete, name="patient_delete"),
    path("r/<slug:token>/problem/", views.problem, name="problem"),
    path("r/<slug:token>/problem/details/", views.problem_details, name="problem_details"),
    # the assessors'
    path("assess/complications/", views_assess.queue, name="assess_queue"),
    path("assess/complications/<int:report_id>/", views_assess.report_page, name="assess_report"),
    path(
        "assess/complications/<int:report_id>/record/",
        views_assess.record_page,
        name="assess_record",
    ),
    path(
        "assess/complications/<int:report_id>/<slug:action>/",
        views_assess.act,
        name="assess_action",
    ),
    path("assess/batches/", views_assess.batch, name="assess_batch"),
]
