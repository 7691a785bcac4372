from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "lentera.operations"
    label = "operations"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from lentera.core import dashboard, menu
        from lentera.core.menu import MenuEntry

        from .dashboard import operations_items

        dashboard.register(operations_items, order=80)
        menu.register(
            MenuEntry("admin", _("Operasional dan cadangan"), "operations:index", 50),
        )
