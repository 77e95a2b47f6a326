"""Pages for verified reviews."""

from django.urls import path

from treatsafe.reviews import views

app_name = "reviews"
urlpatterns = [
    path("r/<slug:token>/", views.leave, name="leave"),
    path("<int:review_id>/reply/", views.reply, name="reply"),
    path("<int:review_id>/report/", views.flag, name="flag"),
    path("moderate/", views.queue, name="queue"),
    path("moderate/<int:review_id>/", views.moderate, name="moderate"),
    path("moderate/<int:review_id>/<slug:action>/", views.decide, name="decide"),
]
