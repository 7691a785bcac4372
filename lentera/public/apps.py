from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "lentera.public"
    label = "public"

    def ready(self) -> None:
        from lentera.core.notices import register_notice_source

        from .selectors import active_notices

        register_notice_source(active_notices)
