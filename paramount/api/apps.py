from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "paramount.api"
    label = "api"
