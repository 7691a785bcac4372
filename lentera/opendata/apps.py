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


def _republish_provider(event) -> None:
    """A provider's verified identity changed (approved by the Verifikator): each process naming it gets a new
    release with the name in force (earlier releases stay as published)."""
    from . import sources
    from .services import publish_or_raise

    if event.object_id:
        for tender in sources.tenders_naming_provider(int(event.object_id)):
            publish_or_raise(kind="tender", obj=tender)


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
        events.subscribe("providers.provider.identity_changed", _republish_provider, key="opendata.release")
        menu.register(
            MenuEntry("public", _("Red flag pengadaan"), "opendata:redflags", 80),
            MenuEntry("public", _("Data terbuka (OCDS)"), "opendata:index", 90),
        )
        from lentera.core import demo as core_demo

        from . import demo as app_demo

        core_demo.register(app_demo.load, order=60)
