from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "paramount.feeds"
    label = "feeds"
