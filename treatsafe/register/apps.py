from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "treatsafe.register"
    label = "register"
