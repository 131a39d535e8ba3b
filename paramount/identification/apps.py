from django.apps import AppConfig


class IdentificationConfig(AppConfig):
    name = "paramount.identification"
    label = "identification"
