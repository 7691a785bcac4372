from django.apps import AppConfig


def _public_row(event) -> None:
    """Keep the public tender table in line with the tender's OCDS release (lentera.core.events subscriber)."""
    from lentera.core.events import instance_of

    from .services import public_tender_refresh

    tender = instance_of(event)
    if tender is not None:
        public_tender_refresh(tender)


class PublicConfig(AppConfig):
    name = "lentera.public"
    label = "public"

    def ready(self) -> None:
        from lentera.core import events
        from lentera.core.notices import register_notice_source

        from .selectors import active_notices

        register_notice_source(active_notices)
        events.subscribe("opendata.process.published", _public_row, key="public.tender_row")
