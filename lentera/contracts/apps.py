from django.apps import AppConfig


class ContractsConfig(AppConfig):
    """Contract management from the letter of award to the final handover (issue #14; docs/contracts.md)."""

    name = "lentera.contracts"
    label = "contracts"
    verbose_name = "Kontrak"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from lentera.core import dashboard, menu, panels
        from lentera.core import demo as core_demo
        from lentera.core.menu import MenuEntry

        from . import dashboards
        from . import demo as app_demo
        from . import panels as app_panels

        dashboard.register(dashboards.items)
        # the provider's performance ratings, to staff: its staff view and the Pokja's evaluation
        panels.register("provider.staff", app_panels.provider_staff)
        panels.register("tendering.offer", app_panels.tendering_offer)

        # after tendering (40), before bidding's relative story (50) and open data (60)
        core_demo.register(app_demo.load, order=45)
        # the PPK's and the provider's contracts (auditors read them from here too)
        menu.register(MenuEntry("selection", _("Kontrak saya"), "contracts:index", 20))
