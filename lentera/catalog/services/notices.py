"""Notices when a negotiation or a mini-competition moves: one in-app row per recipient, written in the move's
transaction, and an e-mail copy queued (django-tasks) after it commits. Marking them read is the reader's own
write."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _g

from lentera.core import audit
from lentera.core.access import ensure_role
from lentera.core.clock import db_now
from lentera.core.roles import Role

from .. import notices as texts
from ..models import MiniCompetition, Notice, Order


def notify(
    recipients: list[Any],
    kind: str,
    *,
    order: Order | None = None,
    competition: MiniCompetition | None = None,
    params: dict[str, Any] | None = None,
) -> list[Notice]:
    """Write the notices (inside the caller's transaction) and queue their e-mail copies after the commit."""
    from ..tasks import send_catalog_mail

    now = db_now()
    made = Notice.objects.bulk_create(
        [
            Notice(
                recipient=user,
                kind=kind,
                params=dict(params or {}),
                order=order,
                competition=competition,
                created_at=now,
            )
            for user in recipients
            if user is not None
        ]
    )
    emails = sorted({n.recipient.email for n in made if getattr(n.recipient, "email", "")})
    if made and emails:
        subject = _g("Pemberitahuan e-purchasing katalog")
        body = "\n\n".join([texts.text(made[0]), settings.LENTERA_SITE_NAME])
        transaction.on_commit(lambda: send_catalog_mail.enqueue(str(subject), body, emails))
    return made


def notify_order(order: Order, kind: str, *, to_provider: bool) -> list[Notice]:
    """A notice about an order to its provider's account or to its PPK."""
    recipient = order.provider.account if to_provider else order.ppk
    return notify([recipient], kind, order=order, params={"number": order.number})


@transaction.atomic
def notices_mark_read(*, actor: Any) -> int:
    """The reader marks all their unread notices read; returns how many."""
    ensure_role(actor, Role.PPK, Role.PENYEDIA)
    now = db_now()
    count = Notice.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=now)
    if count:
        audit.record(actor=actor, action="catalog.notice.read", obj=actor, after={"count": count})
    return count
