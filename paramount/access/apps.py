from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "paramount.access"
    label = "access"
