from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lentera.accounts"
    label = "accounts"

    def ready(self) -> None:
        from lentera.core import dashboard

        from .dashboard import accounts_items

        dashboard.register(accounts_items, order=90)
