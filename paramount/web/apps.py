from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "paramount.web"
    label = "web"
