from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "lentera.providers"
    label = "providers"
