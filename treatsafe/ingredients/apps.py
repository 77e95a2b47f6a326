from django.apps import AppConfig


class IngredientsConfig(AppConfig):
    name = "treatsafe.ingredients"
    label = "ingredients"
