from django.apps import AppConfig


class TenderingConfig(AppConfig):
    name = "lentera.tendering"
    label = "tendering"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from lentera.core import dashboard, menu
        from lentera.core.menu import MenuEntry

        from . import dashboards

        dashboard.register(dashboards.items)
        menu.register(
            MenuEntry("selection", _("Tender dan pemilihan saya"), "tendering:workspace", 10),
        )
        from lentera.core import demo as core_demo

        from . import demo as app_demo

        core_demo.register(app_demo.load, order=40)
