from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lentera.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from lentera.core import dashboard, menu
        from lentera.core.api import register_token_authenticator
        from lentera.core.menu import MenuEntry

        from .dashboard import accounts_items
        from .services import token_authenticate

        dashboard.register(accounts_items, order=90)
        register_token_authenticator(token_authenticate)
        menu.register(
            MenuEntry("admin", _("Pegawai dan peran"), "accounts:people", 10),
        )
        from lentera.core import demo as core_demo

        from . import demo as app_demo

        core_demo.register(app_demo.load, order=10)
