"""The bidding app's one door to the apps below it (tendering, providers).

Bidding sits above tendering and providers (docs/architecture.md), so it imports them directly; keeping every
such call here lets a reader see in one file what bidding needs from them:

* ``lentera.tendering.timeline.require_stage(tender, stage, at, strict=)`` - refuse unless the clock puts the
  tender in that stage (and, strict, inside its window);
* ``lentera.tendering.timeline.current_stage(tender, at)`` - the stage the clock says;
* ``lentera.tendering.selectors.technical_evaluation_decided(tender)`` - may File II open;
* ``lentera.tendering.services.offers_record_opened(*, actor, tender, offers)`` - hand the opened offers to the
  evaluation;
* ``lentera.tendering.services.official_record_create(...)`` - render and file a berita acara;
* ``lentera.providers.services.ensure_can_bid(provider=, at=)`` - verified, active, not blacklisted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lentera.providers.models import Provider
from lentera.providers.services import ensure_can_bid as providers_ensure_can_bid
from lentera.tendering import selectors as tendering_selectors
from lentera.tendering import services as tendering_services
from lentera.tendering import timeline
from lentera.tendering.enums import Stage
from lentera.tendering.models import ScheduleEntry, TenderRegistration

# ------------------------------------------------------------------ stages and schedule


def stage_enum():
    return Stage


def schedule_window(tender, stage: str) -> tuple[dt.datetime, dt.datetime] | None:
    """(starts_at, ends_at) of a stage in the tender's schedule, read fresh from the database."""
    row = (
        ScheduleEntry.objects.filter(tender_id=tender.pk, stage=stage).values("starts_at", "ends_at").first()
    )
    return (row["starts_at"], row["ends_at"]) if row else None


def bid_deadline(tender) -> dt.datetime | None:
    """The bid upload deadline: the end of the BID_UPLOAD window (Permendagri 53/2021 Lampiran 2.5.2 a)."""
    window = schedule_window(tender, stage_enum().BID_UPLOAD)
    return window[1] if window else None


def current_stage(tender, at: dt.datetime) -> str:
    return str(timeline.current_stage(tender, at))


def require_stage(tender, stage: str, at: dt.datetime, *, strict: bool = True) -> None:
    """Refuse unless the clock puts ``tender`` in ``stage`` at ``at`` (tendering's rule).

    ``strict``: the stage's window must also be open at ``at`` (bid upload); ``strict=False`` only needs the
    clock's current stage (staff acts such as the opening, which may run after its window until the next stage).
    """
    timeline.require_stage(tender, stage, at, strict=strict)


def price_envelope_may_open(tender, at: dt.datetime) -> bool:
    """Two-envelope methods: the price envelope opens only after the technical evaluation is decided."""
    return bool(tendering_selectors.technical_evaluation_decided(tender))


# ------------------------------------------------------------------ people


def tender_pokja(tender):
    """The Pokja Pemilihan of the tender (its own, or its package's)."""
    pokja = getattr(tender, "pokja", None)
    if pokja is None and getattr(tender, "package", None) is not None:
        pokja = tender.package.pokja
    return pokja


def pokja_active_users(tender) -> list:
    pokja = tender_pokja(tender)
    if pokja is None:
        return []
    return [m.user for m in pokja.active_members().order_by("pk")]


def is_pokja_member(user, tender) -> bool:
    pokja = tender_pokja(tender)
    if pokja is None or not getattr(user, "is_authenticated", False):
        return False
    return pokja.members.filter(user_id=user.pk, left_at__isnull=True).exists()


def registration_of(tender, provider, *, lock: bool = False):
    # order_by("pk"): the model's default ordering joins the tender table, and FOR UPDATE would then lock the
    # tender row too, serialising every provider's commit on it. of=("self",) locks only the registration.
    qs = TenderRegistration.objects.filter(tender_id=tender.pk, provider_id=provider.pk).order_by("pk")
    if lock:
        qs = qs.select_for_update(of=("self",))
    return qs.first()


def ensure_can_bid(*, provider, at: dt.datetime) -> None:
    providers_ensure_can_bid(provider=provider, at=at)


def provider_of(user):
    return Provider.objects.filter(account_id=getattr(user, "pk", None)).first()


# ------------------------------------------------------------------ hand-over to tendering


def offers_record_opened(*, actor, tender, offers: list) -> None:
    """Give the opened offers to tendering's evaluation (their service writes the Offer rows)."""
    tendering_services.offers_record_opened(actor=actor, tender=tender, offers=list(offers))


def official_record_create(**kwargs) -> Any:
    """Tendering's official record helper (returns its OfficialRecord)."""
    return tendering_services.official_record_create(**kwargs)
