from django.apps import AppConfig


class BiddingConfig(AppConfig):
    name = "lentera.bidding"
    label = "bidding"

    def ready(self) -> None:
        from lentera.core import dashboard

        from . import checks  # noqa: F401  (registers the system checks)
        from .dashboard import bidding_items

        dashboard.register(bidding_items)
