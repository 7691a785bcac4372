from django.apps import AppConfig


def _publish_rup(item) -> None:
    from .services import release_publish

    release_publish(kind="rup", obj=item)


class OpendataConfig(AppConfig):
    name = "lentera.opendata"
    label = "opendata"

    def ready(self) -> None:
        from lentera.planning.events import register_rup_announced

        register_rup_announced(_publish_rup)
