from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "paramount.support"
    label = "support"
