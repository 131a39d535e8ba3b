from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "paramount.synth"
    label = "synth"
