from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "paramount.events"
    label = "events"
    verbose_name = "Groups and events"
