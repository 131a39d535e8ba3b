from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "paramount.screening"
    label = "screening"
