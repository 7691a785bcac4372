from django.apps import AppConfig


class ContractsConfig(AppConfig):
    """Contract management from the letter of award to the final handover (issue #14; docs/contracts.md)."""

    name = "lentera.contracts"
    label = "contracts"
    verbose_name = "Kontrak"
