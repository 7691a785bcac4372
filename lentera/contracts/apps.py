from django.apps import AppConfig


class ContractsConfig(AppConfig):
    """Contract management from the letter of award to the final handover (issue #14; docs/contracts.md)."""

    name = "lentera.contracts"
    label = "contracts"
    verbose_name = "Kontrak"

    def ready(self) -> None:
        from lentera.core import demo as core_demo

        from . import demo as app_demo

        # after tendering (40), before bidding's relative story (50) and open data (60)
        core_demo.register(app_demo.load, order=45)
