from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "treatsafe.reviews"
    label = "reviews"
    verbose_name = "Verified reviews"
