from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "paramount.linkage"
    label = "linkage"
