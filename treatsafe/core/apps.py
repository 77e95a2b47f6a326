from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "treatsafe.core"
    label = "core"
