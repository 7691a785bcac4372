from django.apps import AppConfig


def _publish_rup(event) -> None:
    from lentera.core.events import instance_of

    from .services import publish_or_raise

    item = instance_of(event)
    if item is not None:
        publish_or_raise(kind="rup", obj=item)


def _publish_process(event) -> None:
    from lentera.core.events import instance_of

    from .services import publish_or_raise

    tender = instance_of(event)
    if tender is not None:
        publish_or_raise(kind=event.payload.get("kind", "tender"), obj=tender)


class OpendataConfig(AppConfig):
    name = "lentera.opendata"
    label = "opendata"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from lentera.core import events, menu
        from lentera.core.menu import MenuEntry

        # Projections of lower apps' events (lentera.core.events): the OCDS releases.
        events.subscribe("planning.rup.announced", _publish_rup, key="opendata.release")
        events.subscribe("tendering.tender.public_change", _publish_process, key="opendata.release")
        menu.register(
            MenuEntry("public", _("Red flag pengadaan"), "opendata:redflags", 80),
            MenuEntry("public", _("Data terbuka (OCDS)"), "opendata:index", 90),
        )
