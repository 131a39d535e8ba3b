from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "paramount.outreach"
    label = "outreach"
