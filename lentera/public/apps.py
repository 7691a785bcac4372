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
        from django.utils.translation import gettext_lazy as _

        from lentera.core import events, menu
        from lentera.core.menu import MenuEntry
        from lentera.core.notices import register_notice_history_source, register_notice_source

        from .selectors import active_notices, notice_rows_for_report

        register_notice_source(active_notices)
        register_notice_history_source(notice_rows_for_report)
        events.subscribe("opendata.process.published", _public_row, key="public.tender_row")
        menu.register(
            MenuEntry("lpse", _("Pengumuman layanan"), "public:notice_manage", 50),
            MenuEntry("public", _("Cari tender"), "public:tender_search", 10),
            MenuEntry("public", _("Rencana umum pengadaan (RUP)"), "public:rup_list", 20),
            MenuEntry("public", _("Pemenang"), "public:winners", 30),
            MenuEntry("public", _("Kontrak"), "public:contracts", 40),
            MenuEntry("public", _("Indikator per satuan kerja"), "public:buyer_indicators", 50),
            MenuEntry("public", _("Monitoring pengadaan"), "public:monitoring", 55),
            MenuEntry("public", _("Pengumuman LPSE"), "public:notices", 60),
            MenuEntry("public", _("Daftar hitam"), "public:blacklist", 70),
        )
        from lentera.core import demo as core_demo

        from . import demo as app_demo

        core_demo.register(app_demo.load, order=70)
