from django.apps import AppConfig


def _envelopes_at_announcement(event) -> None:
    """Make the sealed-bid envelopes when a tender is announced (lentera.core.events subscriber).

    A Pokja member without an opening key yet is an expected outcome, not a failure: the envelopes are then made
    when bid upload opens (services.keys.ensure_envelopes, audited as lazy)."""
    from lentera.core.errors import LenteraError
    from lentera.core.events import actor_of, instance_of

    from .services import tender_keys_create

    tender = instance_of(event)
    if tender is None:
        return
    try:
        tender_keys_create(actor=actor_of(event), tender=tender)
    except LenteraError as exc:
        if exc.code not in {"OPENING_KEY_MISSING", "NOT_POKJA_MEMBER"}:
            raise


def _link_helpdesk_ticket(event) -> None:
    """The help desk opened a ticket for a bid file that cannot be opened: keep its number on the record."""
    from .services.opened import opening_problem_link_ticket

    payload = event.payload or {}
    opening_problem_link_ticket(
        problem_id=int(payload["problem_id"]), ticket_id=int(event.object_id), number=str(payload["number"])
    )


class BiddingConfig(AppConfig):
    name = "lentera.bidding"
    label = "bidding"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from lentera.core import dashboard, events, menu
        from lentera.core.menu import MenuEntry

        from . import checks  # noqa: F401  (registers the system checks)
        from .dashboard import bidding_items

        dashboard.register(bidding_items)
        events.subscribe("tendering.tender.announced", _envelopes_at_announcement, key="bidding.envelopes")
        events.subscribe(
            "servicedesk.ticket.opening_problem_linked", _link_helpdesk_ticket, key="bidding.problem_ticket"
        )
        menu.register(
            MenuEntry("selection", _("Penawaran saya"), "bidding:index", 20),
            MenuEntry("selection", _("Pembukaan penawaran"), "bidding:opening_index", 30),
            MenuEntry("selection", _("Kata sandi pembukaan"), "bidding:opening_key", 40),
        )
        from lentera.core import demo as core_demo

        from . import demo as app_demo

        core_demo.register(app_demo.load, order=50)
