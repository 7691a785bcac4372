from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lentera.accounts"
    label = "accounts"
