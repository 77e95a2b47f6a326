from django.apps import AppConfig


class TreatmentsConfig(AppConfig):
    name = "treatsafe.treatments"
    label = "treatments"
