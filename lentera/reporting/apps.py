from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """Monitoring, evaluation and reports: the live dashboard of the UKPBJ and its semester and annual reports
    (Permendagri 53/2021 Pasal 5 g, 17, 26; issue #18; docs/reporting.md)."""

    name = "lentera.reporting"
    label = "reporting"
    verbose_name = "Monitoring dan laporan"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from lentera.core import dashboard, menu
        from lentera.core import demo as core_demo
        from lentera.core.menu import MenuEntry

        from . import demo as app_demo
        from .dashboard import reporting_items

        dashboard.register(reporting_items)
        menu.register(
            MenuEntry("oversight", _("Monitoring pengadaan"), "reporting:dashboard", 5),
            MenuEntry("oversight", _("Laporan semester dan tahunan UKPBJ"), "reporting:reports", 6),
        )
        core_demo.register(app_demo.load, order=65)
