"""The reporter's satisfaction rating after resolution (issue #16): once, 1-5 with a comment, by the signed-in
reporter or through the anonymous follow-up link. One transaction, one audit event."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now
from lentera.core.errors import AccessDenied

from . import rules
from .errors import ServiceDeskError
from .models import Ticket, TicketRating


@transaction.atomic
def ticket_rate(
    *, actor: Any, ticket: Ticket, score: int | str, comment: str = "", by_link: bool = False
) -> TicketRating:
    """``by_link``: the anonymous reporter, whose ticket ``selectors.ticket_by_link`` already found."""
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if by_link:
        if locked.reporter_id is not None or not locked.follow_up_hash:
            raise ServiceDeskError("TICKET_NOT_FOUND", _("Tiket tidak ditemukan."), status=404)
        actor = None
    elif actor is None or not getattr(actor, "is_authenticated", False) or locked.reporter_id != actor.pk:
        raise AccessDenied("NOT_THE_REPORTER", _("Hanya pelapor yang dapat memberi penilaian."))
    rated = TicketRating.objects.filter(ticket=locked).exists()
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not rules.rating_allowed(status=locked.status, already_rated=rated, score=score):
        if rated:
            raise ServiceDeskError("ALREADY_RATED", _("Tiket ini sudah dinilai."), status=409)
        if locked.status not in ("RESOLVED", "CLOSED"):
            raise ServiceDeskError(
                "NOT_RESOLVED", _("Penilaian diberikan setelah tiket selesai."), status=409
            )
        raise ServiceDeskError("INVALID_SCORE", _("Nilai harus 1 sampai 5."))
    rating = TicketRating.objects.create(
        ticket=locked, score=score, comment=(comment or "").strip()[:2000], created_at=db_now()
    )
    audit.record(
        actor=actor,
        action="servicedesk.ticket.rate",
        obj=locked,
        after={"score": score, "comment": rating.comment, "via_link": by_link},
    )
    return rating
