from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "paramount.access"
    label = "access"

    def ready(self) -> None:
        # Registers the deploy check that refuses demo helpers on a deployment.
        from paramount.access import demo  # noqa: F401
