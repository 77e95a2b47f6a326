from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "treatsafe.geo"
    label = "geo"
