from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "lentera.public"
    label = "public"
