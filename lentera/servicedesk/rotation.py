"""Round-robin assignment of new tickets among the helpdesk officers on duty (issue #16, workflow).

The head of the LPSE sub-unit sets who is in the rotation (:func:`rotation_set`); every new ticket takes the next
officer in the ticket-creation transaction (:func:`assign_next`, called by ``services.ticket_create``) with the
rotation row locked, so concurrent reports take consecutive turns. A member who no longer holds a desk role today
is skipped. Nobody on duty: the ticket stays new and is assigned by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.access import ensure_role
from lentera.core.clock import db_now
from lentera.core.roles import Role

from . import mail, rules
from .errors import ServiceDeskError
from .models import DeskRotation, RotationMember, Ticket, TicketMessage
from .states import Status


def _locked_rotation() -> DeskRotation:
    DeskRotation.objects.get_or_create(pk=1)
    return DeskRotation.objects.select_for_update().get(pk=1)


def _on_duty() -> list[Any]:
    from .services import is_officer

    members = RotationMember.objects.select_related("user").order_by("user_id")
    return [m.user for m in members if m.user.is_active and is_officer(m.user)]


@transaction.atomic
def rotation_set(*, actor: Any, user_ids: Sequence[int]) -> list[Any]:
    """Set the officers on duty (the whole list; an empty list stops automatic assignment). Only the head of the
    LPSE sub-unit; every member must hold the Helpdesk or Kasubag LPSE role today."""
    from .services import is_officer

    ensure_role(actor, Role.KASUBAG_LPSE)
    wanted = sorted({int(i) for i in user_ids})
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=wanted)}
    for pk in wanted:
        user = users.get(pk)
        if user is None or not is_officer(user):
            raise ServiceDeskError(
                "NOT_AN_OFFICER", _("Rotasi hanya dapat berisi petugas helpdesk (peran aktif hari ini).")
            )
    rotation = _locked_rotation()
    before = sorted(RotationMember.objects.values_list("user_id", flat=True))
    now = db_now()
    RotationMember.objects.exclude(user_id__in=wanted).delete()
    for pk in wanted:
        RotationMember.objects.get_or_create(user_id=pk, defaults={"added_at": now})
    rotation.updated_at = now
    rotation.save(update_fields=["updated_at"])
    audit.record(
        actor=actor, action="servicedesk.rotation.set", obj=rotation, before={"members": before},
        after={"members": wanted},
    )  # fmt: skip
    return [users[pk] for pk in wanted]


def assign_next(ticket: Ticket, now: Any) -> Ticket:
    """Give a new ticket to the next officer on duty (inside ticket_create's transaction, the rotation row
    locked): status assigned, a history line, an audit event and the officer's e-mail after the commit."""
    rotation = _locked_rotation()
    officers = {u.pk: u for u in _on_duty()}
    pick = rules.next_in_rotation(members=list(officers), last=rotation.last_assigned_id)
    if pick is None:
        return ticket
    officer = officers[pick]
    rotation.last_assigned = officer
    rotation.updated_at = now
    rotation.save(update_fields=["last_assigned", "updated_at"])
    ticket.assignee = officer
    ticket.status = Status.ASSIGNED
    ticket.save(update_fields=["assignee", "status", "updated_at"])
    TicketMessage.objects.create(
        ticket=ticket,
        kind=TicketMessage.Kind.EVENT,
        author=None,
        author_name=str(_("Sistem")),
        from_desk=True,
        body=str(_("Ditugaskan otomatis (giliran) kepada %(name)s.") % {"name": officer.full_name}),
        created_at=now,
    )
    audit.record(
        actor=None,
        action="servicedesk.ticket.auto_assign",
        obj=ticket,
        before={"status": Status.NEW},
        after={"status": Status.ASSIGNED, "assignee": officer.pk},
    )
    mail.to_officer(officer, ticket, "ASSIGNED")
    return ticket
