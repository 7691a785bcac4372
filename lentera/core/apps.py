from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lentera.core"
    label = "core"
    verbose_name = "Lentera core"
