from django.apps import AppConfig


class TenderingConfig(AppConfig):
    name = "lentera.tendering"
    label = "tendering"

    def ready(self) -> None:
        from lentera.core import dashboard

        from . import dashboards

        dashboard.register(dashboards.items)
