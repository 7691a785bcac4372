from django.apps import AppConfig


class ServiceDeskConfig(AppConfig):
    """The LPSE's help desk: tickets from every channel, SLA in working hours, Permendagri 53/2021 Pasal 18
    (issue #16; docs/servicedesk.md)."""

    name = "lentera.servicedesk"
    label = "servicedesk"
    verbose_name = "Helpdesk LPSE"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from lentera.core import dashboard, menu
        from lentera.core import demo as core_demo
        from lentera.core.menu import MenuEntry

        from . import demo as app_demo
        from .dashboard import desk_items

        dashboard.register(desk_items)

        from lentera.core import events

        from .opening_link import ticket_for_opening_problem

        events.subscribe(
            "bidding.opening_problem.recorded", ticket_for_opening_problem, key="servicedesk.opening_ticket"
        )

        menu.register(
            MenuEntry("lpse", _("Antrean helpdesk"), "servicedesk:queue", 10),
            MenuEntry("lpse", _("Statistik helpdesk"), "servicedesk:stats", 11),
            MenuEntry("lpse", _("Artikel pusat pengetahuan"), "servicedesk:kb_manage", 12),
            MenuEntry("lpse", _("Rotasi petugas helpdesk"), "servicedesk:rotation", 13),
            MenuEntry("public", _("Bantuan / Help"), "servicedesk:help", 90),
            MenuEntry("public", _("Pusat pengetahuan (FAQ)"), "servicedesk:kb", 89),
        )
        # after tendering (40) and contracts (45): demo tickets may name a tender
        core_demo.register(app_demo.load, order=47)
