"""Pages for notifications (under /notifications/)."""

from django.urls import path

from treatsafe.notifications import views

app_name = "notifications"
urlpatterns = [
    path("watch/<int:practitioner_id>/", views.watch, name="watch"),
    path("watch/confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("decisions.atom", views.feed_atom, name="feed_atom"),
    path("decisions.json", views.feed_json, name="feed_json"),
    path("decisions/<int:practitioner_id>.atom", views.listing_feed_atom, name="listing_feed_atom"),
    path("decisions/<int:practitioner_id>.json", views.listing_feed_json, name="listing_feed_json"),
]
