from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "lentera.operations"
    label = "operations"

    def ready(self) -> None:
        from lentera.core import dashboard

        from .dashboard import operations_items

        dashboard.register(operations_items, order=80)
