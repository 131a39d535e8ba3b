from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "paramount.guidance"
    label = "guidance"
    verbose_name = "Telling the child"
