"""The audit chain's entries, as anyone may read them (#12 1.9).

Every entry is published with its sequence number, time, hash and previous hash, so anyone can check that the
chain has no gap and was not reordered, and pin it against ``/api/v1/audit/head``. An entry whose action is a
**public fact** (``PUBLIC_FACTS``, the one list) is published whole: its canonical body, whose SHA-256 is the
entry's hash, so anyone can recompute it and see that a fact on the portal is in the chain. Every other entry's
content (who, what, the before/after snapshots) is withheld.

Public entries of the second canonical form (every event written since it exists) carry the actor and the
client IP only as a salted digest (``audit.personal_digest``), so publishing them reveals no person and still
lets anyone recompute the hash. Entries of the first form name the actor and IP inside the hashed bytes: their
public content is shown without those fields and cannot be recomputed outside the database (``audit_verify``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings

from . import audit
from .models import AuditEvent

MAX_LIMIT = 1000


def _always(after: dict[str, Any]) -> bool:
    return True


def _announced(after: dict[str, Any]) -> bool:
    """A RUP item is public from its announcement (Perbup PPU 2/2021 Pasal 2 j); a draft stays private."""
    return bool(after.get("announced_at"))


def _marked_public(after: dict[str, Any]) -> bool:
    """A berita acara is public when it was filed as public (the opening and evaluation records are not)."""
    return after.get("public") is True


#: The actions whose events are public facts, each with the condition on its ``after`` snapshot. The content
#: of these events is what the portal and the OCDS feed already publish. Deliberately left out: the opening
#: record's audit event and the blacklist entry (they hold a provider's full NPWP, which the portal masks), the
#: evaluation and the winner decision before the announcement, drafts (schedule set, documents uploaded before
#: announcement, a retender's new draft), and everything about people, bids, keys and passphrases.
PUBLIC_FACTS: dict[str, Callable[[dict[str, Any]], bool]] = {
    # RUP announcements and revisions; the APBD agreement that announces a year's items
    "planning.rup.create": _announced,
    "planning.rup.update": _announced,
    "planning.rup.cancel": _announced,
    "planning.apbd.agree": _always,
    # tender announcement, schedule changes, addenda, public berita acara
    "tendering.tender.announce": _always,
    "tendering.schedule.change": _always,
    "tendering.schedule.outage_extension": _always,
    "tendering.schedule.reevaluation": _always,
    "tendering.document.addendum": _always,
    "tendering.official_record.create": _marked_public,
    # answers to objections and appeals, re-evaluation, winner, failure and cancellation
    "tendering.objection.answer": _always,
    "tendering.appeal.answer": _always,
    "tendering.tender.reevaluate": _always,
    "tendering.winner.announce": _always,
    "tendering.tender.failed": _always,
    "tendering.tender.cancelled": _always,
    # award letter, contract and procurement records
    "contracts.award_letter.issue": _always,
    "contracts.contract.record": _always,
    "contracts.procurement.record": _always,
    # LPSE service notices
    "public.notice.create": _always,
    "public.notice.update": _always,
    "public.notice.withdraw": _always,
}


def is_public_fact(event: AuditEvent) -> bool:
    condition = PUBLIC_FACTS.get(event.action)
    return condition is not None and condition(event.after if isinstance(event.after, dict) else {})


def entry_of(event: AuditEvent) -> dict[str, Any]:
    """One published entry. ``body`` is the canonical body when ``recomputable`` (SHA-256 of its canonical
    JSON is ``hash``); a public entry of the first form has its public fields only; otherwise ``body`` is None.
    """
    public = is_public_fact(event)
    body: dict[str, Any] | None = None
    recomputable = False
    if public:
        body = audit.canonical_body(event)
        recomputable = event.canon_version == audit.CANON_V2
        if not recomputable:
            for name in audit.PERSONAL_FIELDS:
                body.pop(name, None)
    return {
        "seq": event.seq,
        "occurred_at": audit.canonical_time(event.occurred_at),
        "hash": event.hash,
        "prev_hash": event.prev_hash,
        "public": public,
        "recomputable": recomputable,
        "body": body,
    }


def entries(*, after_seq: int = 0, limit: int = 100) -> list[dict[str, Any]]:
    """Entries with ``seq > after_seq`` in sequence order, at most ``limit`` (1..1000): a keyset page. Pass the
    last entry's ``seq`` back as ``after_seq`` for the next page. Public to everyone: no user scope."""
    after_seq, limit = max(0, int(after_seq)), max(1, min(int(limit), MAX_LIMIT))
    return [entry_of(e) for e in AuditEvent.objects.filter(seq__gt=after_seq).order_by("seq")[:limit]]


def cache_seconds() -> int:
    """How long a full page is kept. The chain is append-only, so a full page never changes: it is kept, as
    the OCDS feed's full pages are, for ``LENTERA_FEED_CACHE_SECONDS``; the last, partial page never is."""
    return int(getattr(settings, "LENTERA_FEED_CACHE_SECONDS", 300))
