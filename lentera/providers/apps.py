from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "lentera.providers"
    label = "providers"

    def ready(self) -> None:
        from lentera.core import dashboard

        from .dashboard import dashboard_items

        dashboard.register(dashboard_items)
