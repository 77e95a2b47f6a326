from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "treatsafe.accounts"
    label = "accounts"
