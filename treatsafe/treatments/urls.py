"""Pages for treatments (mounted at /treatments/)."""

from django.urls import path

from treatsafe.treatments import rule_views, views

app_name = "treatments"
urlpatterns = [
    path("", views.index, name="index"),
    path("check/", views.start, name="start"),
    path("check/new/", views.new_check, name="new"),
    path("check/answers/", views.answers_page, name="answers"),
    path("check/<slug:step>/", views.step, name="step"),
    path("result/", views.result, name="result"),
    path("result.pdf", views.result_pdf, name="result_pdf"),
    path("questions/", views.questions, name="questions"),
    path("advert/", views.advert, name="advert"),
    path("rules/", views.rules, name="rules"),
    path("rules/changes/", rule_views.rule_changes, name="rule_changes"),
    path("<slug:slug>/", views.detail, name="detail"),
]
