from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "lentera.planning"
    label = "planning"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from lentera.accounts.services import register_role_guard
        from lentera.core import dashboard, menu
        from lentera.core.menu import MenuEntry

        from .dashboard import planning_items
        from .services.conflicts import role_guard

        register_role_guard(role_guard)
        dashboard.register(planning_items)
        menu.register(
            MenuEntry("planning", _("RUP"), "planning:rup_manage", 10),
            MenuEntry("planning", _("Paket pengadaan"), "planning:package_list", 20),
            MenuEntry("planning", _("Pagu APBD"), "planning:apbd", 30),
            MenuEntry("planning", _("Pokja Pemilihan"), "planning:pokja_list", 40),
            MenuEntry("planning", _("Permintaan Pejabat Pengadaan"), "planning:official_request_list", 50),
            MenuEntry("planning", _("Laporan hasil pemilihan"), "planning:report_list", 60),
            MenuEntry("admin", _("Kalender hari kerja"), "planning:calendar", 40),
        )
        from lentera.core import demo as core_demo

        from . import demo as app_demo

        core_demo.register(app_demo.load, order=30)
