from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "lentera.opendata"
    label = "opendata"
