from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "paramount.families"
    label = "families"
