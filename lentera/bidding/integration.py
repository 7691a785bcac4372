"""The bidding app's only door to the tendering and providers apps.

Every call into another app goes through here, by the names those apps publish:

* ``lentera.tendering.timeline.require_stage(tender, stage, at, strict=)`` - refuse unless the clock puts the
  tender in that stage (and, strict, inside its window);
* ``lentera.tendering.timeline.current_stage(tender, at)`` - the stage the clock says;
* ``lentera.tendering.services.offers_record_opened(*, actor, tender, offers)`` - hand the opened offers to the
  evaluation;
* ``lentera.tendering.services.official_record_create(...)`` - render and file a berita acara;
* ``lentera.providers.services.ensure_can_bid(provider=, at=)`` - verified, active, not blacklisted.

While the tendering functions are not there yet (they are being written in parallel), small fallbacks here read
the tendering models directly (schedule windows), so the bidding room works and is tested either way. Each
fallback says so in its docstring; once tendering publishes the function, the fallback is unused.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from .errors import BiddingError

log = logging.getLogger(__name__)


def _tendering(name: str, module: str = "services") -> Callable | None:
    try:
        mod = importlib.import_module(f"lentera.tendering.{module}")
    except ModuleNotFoundError as exc:
        if exc.name != f"lentera.tendering.{module}":
            raise
        return None
    return getattr(mod, name, None)


# ------------------------------------------------------------------ stages and schedule


def stage_enum():
    from lentera.tendering.enums import Stage

    return Stage


def schedule_window(tender, stage: str) -> tuple[dt.datetime, dt.datetime] | None:
    """(starts_at, ends_at) of a stage in the tender's schedule, read fresh from the database."""
    from lentera.tendering.models import ScheduleEntry

    row = (
        ScheduleEntry.objects.filter(tender_id=tender.pk, stage=stage).values("starts_at", "ends_at").first()
    )
    return (row["starts_at"], row["ends_at"]) if row else None


def bid_deadline(tender) -> dt.datetime | None:
    """The bid upload deadline: the end of the BID_UPLOAD window (Permendagri 53/2021 Lampiran 2.5.2 a)."""
    window = schedule_window(tender, stage_enum().BID_UPLOAD)
    return window[1] if window else None


def _fallback_current_stage(tender, at: dt.datetime) -> str:
    """Fallback (tendering's timeline replaces it): the last scheduled stage whose window has started."""
    from lentera.tendering.enums import TenderStatus
    from lentera.tendering.models import ScheduleEntry

    Stage = stage_enum()
    terminal = {TenderStatus.FAILED: Stage.FAILED, TenderStatus.CANCELLED: Stage.CANCELLED}
    if tender.status == TenderStatus.DRAFT:
        return Stage.DRAFT
    if tender.status in terminal or tender.status == TenderStatus.COMPLETED:
        return terminal.get(tender.status, Stage.COMPLETED)
    started = (
        ScheduleEntry.objects.filter(tender_id=tender.pk, starts_at__lte=at)
        .order_by("-position")
        .values_list("stage", flat=True)
        .first()
    )
    return started or Stage.ANNOUNCEMENT


def current_stage(tender, at: dt.datetime) -> str:
    func = _tendering("current_stage", "timeline") or _tendering("current_stage", "selectors")
    if func is not None:
        return str(func(tender, at))
    return _fallback_current_stage(tender, at)


def require_stage(tender, stage: str, at: dt.datetime, *, strict: bool = True) -> None:
    """Refuse unless the clock puts ``tender`` in ``stage`` at ``at`` (tendering's rule, or the fallback).

    ``strict``: the stage's window must also be open at ``at`` (bid upload); ``strict=False`` only needs the
    clock's current stage (staff acts such as the opening, which may run after its window until the next stage).
    """
    func = _tendering("require_stage", "timeline") or _tendering("require_stage")
    if func is not None:
        func(tender, stage, at, strict=strict)
        return
    now_stage = current_stage(tender, at)
    window = schedule_window(tender, stage)
    if now_stage != stage or (strict and (window is None or not window[0] <= at < window[1])):
        Stage = stage_enum()
        raise BiddingError(
            "WRONG_STAGE",
            _("Tindakan ini hanya dapat dilakukan pada tahap %(stage)s; tender sekarang pada tahap %(now)s."),
            stage=Stage(stage).label,
            now=Stage(now_stage).label if now_stage in Stage.values else now_stage,
        )


def price_envelope_may_open(tender, at: dt.datetime) -> bool:
    """Two-envelope methods: the price envelope opens only after the technical evaluation is decided.

    Asks tendering (``technical_evaluation_decided``) when it publishes it; otherwise the decision is taken as
    recorded when an EvaluationDecision of scope TECHNICAL exists for the tender's current round.
    """
    func = _tendering("technical_evaluation_decided", "selectors") or _tendering(
        "technical_evaluation_decided"
    )
    if func is not None:
        return bool(func(tender))
    from lentera.tendering.models import EvaluationDecision

    scopes = [c for c in EvaluationDecision.Scope.values if c in ("TECHNICAL", "ADMIN_TECH", "FILE_I")]
    return EvaluationDecision.objects.filter(
        tender_id=tender.pk, round=tender.evaluation_round, scope__in=scopes
    ).exists()


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
    from lentera.tendering.models import TenderRegistration

    # order_by("pk"): the model's default ordering joins the tender table, and FOR UPDATE would then lock the
    # tender row too, serialising every provider's commit on it. of=("self",) locks only the registration.
    qs = TenderRegistration.objects.filter(tender_id=tender.pk, provider_id=provider.pk).order_by("pk")
    if lock:
        qs = qs.select_for_update(of=("self",))
    return qs.first()


def ensure_can_bid(*, provider, at: dt.datetime) -> None:
    from lentera.providers.services import ensure_can_bid as providers_ensure_can_bid

    providers_ensure_can_bid(provider=provider, at=at)


def provider_of(user):
    from lentera.providers.models import Provider

    return Provider.objects.filter(account_id=getattr(user, "pk", None)).first()


# ------------------------------------------------------------------ hand-over to tendering


def offers_record_opened(*, actor, tender, offers: list[dict[str, Any]]) -> None:
    """Give the opened offers to tendering's evaluation (their service writes the Offer rows)."""
    func = _tendering("offers_record_opened")
    if func is None:
        log.warning(
            "tendering.services.offers_record_opened is not available; %d offers not handed over", len(offers)
        )
        return
    func(actor=actor, tender=tender, offers=offers)


def official_record_create(**kwargs) -> Any | None:
    """Tendering's official record helper when present (returns its OfficialRecord), else None."""
    func = _tendering("official_record_create")
    if func is None:
        return None
    return func(**kwargs)


def official_record_supported() -> bool:
    return _tendering("official_record_create") is not None
