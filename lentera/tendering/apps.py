from django.apps import AppConfig


class TenderingConfig(AppConfig):
    name = "lentera.tendering"
    label = "tendering"
