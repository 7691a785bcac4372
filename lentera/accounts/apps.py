from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lentera.accounts"
    label = "accounts"

    def ready(self) -> None:
        from lentera.core import dashboard
        from lentera.core.api import register_token_authenticator

        from .dashboard import accounts_items
        from .services import token_authenticate

        dashboard.register(accounts_items, order=90)
        register_token_authenticator(token_authenticate)
