"""Reads of the contracts app, scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.roles import Role
from lentera.planning.models import Method, ProcurementType
from lentera.providers.models import Provider
from lentera.tendering import selectors as tender_selectors
from lentera.tendering.models import Tender
from lentera.tendering.services._base import current_winner_decision
from lentera.tendering.services.award import effective_price

from . import award_rules, rules
from . import closing_rules as cr
from .models import (
    AdvancePayment,
    Amendment,
    AwardLetter,
    AwardLetterRefusal,
    Contract,
    ContractWarning,
    DeliveredItem,
    ForceMajeure,
    GraceDecision,
    Handover,
    Payment,
    PerformanceGuarantee,
    PerformanceRating,
    RetentionRelease,
    StartOrder,
    Termination,
)
from .states import (
    AWARD_LETTER,
    CONTRACT,
    PAYMENT,
    REFUSAL_SANCTION,
    RUNNING_STATES,
    Action,
    AwardLetterState,
    ContractState,
    PaymentState,
)

#: staff who may read a provider's rating history (never the providers themselves, Peraturan LKPP 4/2021)
RATING_READERS = (
    Role.PPK,
    Role.POKJA,
    Role.PROCUREMENT_OFFICIAL,
    Role.KPA,
    Role.KEPALA_UKPBJ,
    Role.ADMIN_UKPBJ,
    Role.VERIFIKATOR,
    Role.AUDITOR,
)


def ppk_tender_or_404(*, user: Any, role: str | None, pk: int) -> Tender:
    """The tender, if the acting role may see it in the workspace (the services check it is the package's PPK)."""
    return tender_selectors.one_or_404(tender_selectors.tenders_visible_to(user=user, role=role), pk)


def award_letter_of(tender: Tender) -> AwardLetter | None:
    return AwardLetter.objects.filter(tender=tender).select_related("provider").first()


def contract_of(tender: Tender) -> Contract | None:
    return Contract.objects.filter(tender=tender).select_related("provider").first()


def award_facts(tender: Tender) -> dict[str, Any]:
    """What the PPK sees beside the SPPBJ and contract forms: the announced winner, its price, the SPPBJ."""
    winner = tender_selectors.announced_winner(tender)
    offer = winner.winner if winner is not None else None
    return {
        "winner": offer.provider if offer is not None else None,
        "price": effective_price(offer) if offer is not None else None,
        "letter": award_letter_of(tender),
        "contract": contract_of(tender),
    }


def guarantee_requirement(letter: AwardLetter) -> Decimal | None:
    """The smallest jaminan pelaksanaan for this letter, or None where none is required: consultancy, contracts
    up to the threshold, e-purchasing (Perpres 16/2018 Pasal 33 ayat (1)-(3); rules.performance_guarantee_*).
    The amount is the one the letter carries from the evaluation, else computed from the rule data."""
    tender = letter.tender
    rate = rules.performance_guarantee_required(
        procurement_type=tender.procurement_type,
        contract_value=letter.value,
        on=letter.issued_on,
        e_purchasing=tender.method == Method.E_PURCHASING,
    )
    if rate is None:
        return None
    if letter.performance_guarantee_amount:
        return letter.performance_guarantee_amount
    return rules.performance_guarantee_amount(
        contract_value=letter.value, hps_total=tender.hps_total, on=letter.issued_on
    )


# ------------------------------------------------------------------ the lifecycle pages (letters, contracts)


def _scoped(qs: QuerySet, *, user: Any, role: str | None, ppk_path: str, provider_path: str) -> QuerySet:
    """Deny by default: the package's PPK, the provider's account, the roles that read everything; else none."""
    if user is None or not getattr(user, "is_authenticated", False) or role is None:
        return qs.none()
    if role == Role.PPK:
        return qs.filter(**{ppk_path: user})
    if role == Role.PENYEDIA:
        return qs.filter(**{provider_path: user})
    if role in tender_selectors.READ_ALL_ROLES:
        return qs
    return qs.none()


def letters_visible_to(*, user: Any, role: str | None) -> QuerySet[AwardLetter]:
    qs = AwardLetter.objects.select_related("tender", "provider").order_by("-issued_at")
    return _scoped(
        qs, user=user, role=role, ppk_path="tender__package__ppk", provider_path="provider__account"
    )


def contracts_visible_to(*, user: Any, role: str | None) -> QuerySet[Contract]:
    qs = Contract.objects.select_related("tender", "provider").order_by("-signed_on", "-pk")
    return _scoped(
        qs, user=user, role=role, ppk_path="tender__package__ppk", provider_path="provider__account"
    )


def refusals_of_provider(*, user: Any, role: str | None) -> QuerySet[AwardLetterRefusal]:
    """The SPPBJ a provider refused (the letter has moved on to a reserve winner)."""
    if role != Role.PENYEDIA:
        return AwardLetterRefusal.objects.none()
    return AwardLetterRefusal.objects.filter(provider__account=user).select_related("letter__tender")


def index_page(*, user: Any, role: str | None) -> dict[str, Any]:
    """The contracts list: letters still waiting for their contract, the contracts, the provider's refusals."""
    return {
        "letters": list(letters_visible_to(user=user, role=role).filter(contract__isnull=True)[:100]),
        "contracts": list(contracts_visible_to(user=user, role=role)[:200]),
        "refusals": list(refusals_of_provider(user=user, role=role)[:50]),
    }


def letter_or_404(*, user: Any, role: str | None, pk: int) -> AwardLetter:
    return get_object_or_404(letters_visible_to(user=user, role=role), pk=pk)


def contract_or_404(*, user: Any, role: str | None, pk: int) -> Contract:
    return get_object_or_404(contracts_visible_to(user=user, role=role), pk=pk)


def payment_or_404(*, user: Any, role: str | None, pk: int) -> Payment:
    contracts = contracts_visible_to(user=user, role=role)
    return get_object_or_404(Payment.objects.select_related("contract").filter(contract__in=contracts), pk=pk)


def refusal_or_404(*, user: Any, role: str | None, pk: int) -> AwardLetterRefusal:
    """A refusal (withdrawal, missing answer) of a letter the user may see."""
    letters = letters_visible_to(user=user, role=role)
    return get_object_or_404(
        AwardLetterRefusal.objects.select_related("letter").filter(letter__in=letters), pk=pk
    )


def answer_deadline(letter: AwardLetter) -> dict[str, Any]:
    """The SPPBJ's answer period: its last day and whether it is over on the database clock's day."""
    last_day = award_rules.award_answer_last_day(issued_on=letter.issued_on)
    overdue = award_rules.award_answer_overdue(issued_on=letter.issued_on, today=local_date(db_now()))
    return {"answer_last_day": last_day, "answer_overdue": overdue}


def next_reserve(letter: AwardLetter) -> Any:
    """The offer the PPK would appoint after a refusal (reserve 1, then 2), or None."""
    decision = current_winner_decision(letter.tender)
    rank = letter.reserve_rank + 1
    if decision is None or rank > 2:
        return None
    return decision.reserve1 if rank == 1 else decision.reserve2


def letter_page(letter: AwardLetter, role: str | None) -> dict[str, Any]:
    """Everything the SPPBJ page shows, and which of its actions the acting role has in the current state."""
    actions = set(AWARD_LETTER.actions_in(letter.state, role or ""))
    refusals = list(letter.refusals.select_related("provider").order_by("refused_at"))
    for r in refusals:
        setattr(r, "sanction_actions", REFUSAL_SANCTION.actions_in(r.sanction_state, role or ""))  # noqa: B010
    return answer_deadline(letter) | {
        "letter": letter,
        "refusals": refusals,
        "guarantee": PerformanceGuarantee.objects.filter(letter=letter).first(),
        "required": guarantee_requirement(letter),
        "contract": Contract.objects.filter(award_letter=letter).first(),
        "reserve": next_reserve(letter) if Action.APPOINT_RESERVE in actions else None,
        "actions": actions,
    }


def payment_totals(contract: Contract) -> dict[str, Decimal]:
    """The running totals of a contract's invoices (rejected ones left out) and its advance."""
    live = Payment.objects.filter(contract=contract).exclude(state=PaymentState.REJECTED)
    sums = live.aggregate(
        gross=Sum("gross"),
        retention=Sum("retention"),
        penalty=Sum("penalty"),
        repaid=Sum("advance_repayment"),
    )
    paid = live.filter(state=PaymentState.PAID).aggregate(s=Sum("net"))["s"]
    zero = Decimal("0")
    advance = AdvancePayment.objects.filter(contract=contract).first()
    billed = sums["gross"] or zero
    release = RetentionRelease.objects.filter(contract=contract).first()
    released = release.amount if release else zero
    return {
        "billed": billed,
        "remaining": contract.value - billed,
        "retention": sums["retention"] or zero,
        "retention_released": released,
        "retention_held": (sums["retention"] or zero) - released,
        "penalty": sums["penalty"] or zero,
        "paid": (paid or zero) + released,
        "advance": advance.amount if advance else zero,
        "advance_outstanding": (advance.amount - (sums["repaid"] or zero)) if advance else zero,
    }


def contract_page(contract: Contract, role: str | None) -> dict[str, Any]:
    """Everything the contract page shows, and which actions the acting role has in the contract's state."""
    return {
        "contract": contract,
        "start_order": StartOrder.objects.filter(contract=contract).first(),
        "advance": AdvancePayment.objects.filter(contract=contract).first(),
        "payments": list(Payment.objects.filter(contract=contract).order_by("sequence")),
        "amendments": list(Amendment.objects.filter(contract=contract).order_by("sequence")),
        "totals": payment_totals(contract),
        "actions": set(CONTRACT.actions_in(contract.state, role or "")),
        "payment_actions": {s: set(PAYMENT.actions_in(s, role or "")) for s in PaymentState.values},
        "start_kind": rules.start_order_kind(
            procurement_type=contract.tender.procurement_type, on=contract.signed_on
        ),
    } | handover_page(contract, role)


# ------------------------------------------------------------------ handover, rating, goods data


def next_stage(contract: Contract) -> str | None:
    """The handover the contract waits for in its state: PHO or BAST while the work runs, FHO after the PHO."""
    stages = rules.handover_stages(procurement_type=contract.tender.procurement_type, on=contract.signed_on)
    if contract.state == ContractState.IN_PROGRESS:
        return stages[0]
    if contract.state == ContractState.HANDED_OVER and len(stages) > 1:
        return stages[1]
    return None


def handover_page(contract: Contract, role: str | None) -> dict[str, Any]:
    """The handovers, the retention released, the rating and the goods delivered of a contract, and which of
    their actions the acting role has now (the table's rows and the one-rating, one-response rules)."""
    actions = set(CONTRACT.actions_in(contract.state, role or ""))
    rating = PerformanceRating.objects.filter(contract=contract).first()
    items = delivered_items(contract)
    stage = next_stage(contract)
    return {
        "handovers": list(Handover.objects.filter(contract=contract).order_by("handed_on", "pk")),
        "retention_release": RetentionRelease.objects.filter(contract=contract).first(),
        "next_stage": stage if actions & {Action.HANDOVER, Action.FINAL_HANDOVER} else None,
        "rating": rating,
        "can_rate": Action.RATE in actions and rating is None and contract.provider_id is not None,
        "can_respond": Action.RESPOND_RATING in actions
        and rating is not None
        and rating.responded_at is None,
        "rating_criteria": rules.rating_scale(local_date(db_now())).criteria,
        "is_goods": contract.tender.procurement_type == ProcurementType.GOODS,
        "deliveries": items,
        "delivered_total": sum((i.total for i in items), Decimal("0")),
        "can_deliver": Action.RECORD_DELIVERY in actions
        and contract.tender.procurement_type == ProcurementType.GOODS,
    }


def today_local() -> Any:
    """Today in Asia/Jakarta by the database clock (the day the rating scale in force is read for)."""
    return local_date(db_now())


def provider_or_404(provider_id: int) -> Provider:
    return get_object_or_404(Provider, pk=provider_id)


def delivered_items(contract: Contract) -> list[DeliveredItem]:
    """The goods delivered under one contract, in delivery order (the contract page, the API, M&E reports)."""
    return list(DeliveredItem.objects.filter(contract=contract).order_by("delivered_on", "pk"))


def delivered_goods(*, name: str = "", limit: int = 500) -> QuerySet[DeliveredItem]:
    """Goods data across contracts for other apps (e-catalogue price references, M&E): every line delivered
    under a goods contract with its unit price, newest first, optionally by a part of the name. Prices paid
    under public contracts are public information; no scope applies."""
    qs = DeliveredItem.objects.select_related("contract", "contract__tender").order_by("-delivered_on", "-pk")
    if name.strip():
        qs = qs.filter(name__icontains=name.strip())
    return qs[:limit]


def provider_ratings(provider_id: int) -> list[PerformanceRating]:
    """A provider's rating history, newest first (staff only: the callers' views are restricted to staff)."""
    return list(
        PerformanceRating.objects.filter(provider_id=provider_id)
        .select_related("contract", "contract__tender")
        .order_by("-rated_on", "-pk")
    )


def provider_rating_summary(provider_id: int) -> dict[str, Any]:
    """How many ratings a provider has, their average and whether it is under the flag line in force today
    (rules.rating_is_flagged, Peraturan LKPP 4/2021): what later Pokja see in the evaluation."""
    averages = list(
        PerformanceRating.objects.filter(provider_id=provider_id).values_list("average", flat=True)
    )
    today = local_date(db_now())
    if not averages:
        return {
            "count": 0,
            "average": None,
            "flagged": False,
            "flag_below": rules.rating_scale(today).flag_below,
        }
    mean = (sum(averages, Decimal("0")) / len(averages)).quantize(Decimal("0.01"))
    return {
        "count": len(averages),
        "average": mean,
        "flagged": rules.rating_is_flagged(mean, today),
        "flag_below": rules.rating_scale(today).flag_below,
    }


def dashboard_todo(*, user: Any, role: str | None) -> dict[str, list[Any]]:
    """The provider's letters to answer and ratings it may respond to; the PPK's refused letters (a reserve to
    appoint), its invoices to approve or pay, the contracts due for their handover (planned end reached), for
    the FHO (maintenance period over) and for the rating."""
    letters = letters_visible_to(user=user, role=role)
    contracts = contracts_visible_to(user=user, role=role)
    out: dict[str, list[Any]] = {
        "letters": [],
        "payments": [],
        "handover_due": [],
        "fho_due": [],
        "to_rate": [],
        "to_answer": [],
    }
    if role == Role.PENYEDIA:
        out["letters"] = list(letters.filter(state=AwardLetterState.ISSUED)[:10])
        out["to_answer"] = list(
            contracts.filter(rating__isnull=False, rating__responded_at__isnull=True)[:20]
        )
    elif role == Role.PPK:
        payments = Payment.objects.filter(
            contract__in=contracts,
            state__in=(PaymentState.SUBMITTED, PaymentState.APPROVED),
        ).select_related("contract")
        day = local_date(db_now())
        out["letters"] = list(letters.filter(state=AwardLetterState.REFUSED)[:10])
        out["payments"] = list(payments[:50])
        out["handover_due"] = list(contracts.filter(state=ContractState.IN_PROGRESS, end_on__lte=day)[:20])
        out["fho_due"] = list(
            contracts.filter(
                state=ContractState.HANDED_OVER,
                handovers__stage=Handover.Stage.PHO,
                handovers__maintenance_ends_on__lte=day,
            )[:20]
        )
        out["to_rate"] = list(
            contracts.filter(
                state__in=[s for s in ContractState.values if CONTRACT.allows(s, Action.RATE, Role.PPK)],
                rating__isnull=True,
                provider__isnull=False,
            )[:20]
        )
    return out


# ------------------------------------------------------------------ lateness, keadaan kahar, termination


def lateness(contract: Contract, day: dt.date) -> dict[str, Any]:
    """How late a running contract is on ``day`` (Asia/Jakarta day of the database clock): the days past the
    planned end, the penalty accrued (closing_rules.penalty_as_of), the last day of the late-completion limit,
    the warnings and the grace decision, and the PPK's next step."""
    running = contract.state in RUNNING_STATES
    late = cr.days_late(planned_end=contract.end_on, on=day) if running else 0
    limit = rules.late_completion_last_day(planned_end=contract.end_on, signed_on=contract.signed_on)
    warnings = list(ContractWarning.objects.filter(contract=contract).order_by("sequence"))
    grace = GraceDecision.objects.filter(contract=contract).first()
    can_terminate = running and rules.termination_allowed_for_lateness(
        planned_end=contract.end_on, signed_on=contract.signed_on, today=day
    )
    if not late:
        next_step = ""
    elif can_terminate:
        next_step = _("Batas 50 hari terlampaui: putuskan kontrak atau terima pekerjaan.")
    elif grace is None:
        next_step = _("Putuskan pemberian kesempatan dan terbitkan teguran.")
    elif len(warnings) < cr.warning_limit(on=day):
        next_step = _("Terbitkan teguran ke-%(n)s.") % {"n": len(warnings) + 1}
    else:
        next_step = _("Pantau penyelesaian sampai %(d)s.") % {"d": (grace.last_day or limit).isoformat()}
    penalty = (
        cr.penalty_as_of(
            basis=contract.value, planned_end=contract.end_on, signed_on=contract.signed_on, on=day
        )
        if running
        else Decimal("0")
    )
    cap = rules.late_penalty_cap(contract_value=contract.value, on=contract.signed_on)
    return {
        "days_late": late,
        "penalty": penalty,
        "penalty_cap": cap,
        "penalty_capped": bool(late) and penalty >= cap,
        "limit": limit,
        "warnings": warnings,
        "grace": grace,
        "can_terminate": can_terminate,
        "next_step": str(next_step),
    }


def clock_day() -> dt.date:
    """Today in Asia/Jakarta by the database clock (lateness is counted on it)."""
    return local_date(db_now())


def closing_page(contract: Contract, day: dt.date | None = None) -> dict[str, Any]:
    """What the contract page shows of keadaan kahar, lateness and termination (the PPK and the provider)."""
    day = day or clock_day()
    letter = contract.award_letter
    return {
        "lateness": lateness(contract, day),
        "force_majeures": list(ForceMajeure.objects.filter(contract=contract).order_by("event_from", "pk")),
        "termination": Termination.objects.filter(contract=contract)
        .select_related("sanction_proposal")
        .first(),
        "guarantee": PerformanceGuarantee.objects.filter(letter=letter).first() if letter else None,
    }


def late_contracts(
    *, user: Any, role: str | None, day: dt.date | None = None
) -> list[tuple[Contract, dict[str, Any]]]:
    """The PPK's (or the provider's own) running contracts past their planned end, most late first, with their
    lateness facts."""
    if role not in (Role.PPK, Role.PENYEDIA):
        return []
    day = day or clock_day()
    qs = contracts_visible_to(user=user, role=role).filter(state__in=RUNNING_STATES, end_on__lt=day)
    out = [(c, lateness(c, day)) for c in qs[:50]]
    return sorted(out, key=lambda pair: -pair[1]["days_late"])


def force_majeure_or_404(*, user: Any, role: str | None, pk: int) -> ForceMajeure:
    contracts = contracts_visible_to(user=user, role=role)
    return get_object_or_404(ForceMajeure.objects.filter(contract__in=contracts), pk=pk)


# --- reporting (read by lentera.reporting: plain rows of the tenders it was given, already scoped) -------------


def contract_rows_for_report(*, tender_ids: Any) -> list[dict[str, Any]]:
    """Contracts of these tenders: the value in force, the value signed (None when never amended), the state,
    the dates and the number of amendments."""
    from django.db.models import Count

    qs = Contract.objects.filter(tender_id__in=list(tender_ids)).annotate(amendment_count=Count("amendments"))
    return [
        dict(row)
        for row in qs.order_by("pk").values(
            "id",
            "number",
            "tender_id",
            "tender__package_id",
            "value",
            "original_value",
            "state",
            "signed_on",
            "end_on",
            "amendment_count",
        )
    ]


def handover_rows_for_report(*, contract_ids: Any) -> list[dict[str, Any]]:
    """Berita acara serah terima (BAST, PHO, FHO) of these contracts."""
    qs = Handover.objects.filter(contract_id__in=list(contract_ids))
    return [dict(row) for row in qs.order_by("pk").values("id", "contract_id", "stage", "handed_on")]


def payment_rows_for_report(*, contract_ids: Any) -> list[dict[str, Any]]:
    """Termin payments of these contracts (every state; paid ones carry ``paid_on``)."""
    qs = Payment.objects.filter(contract_id__in=list(contract_ids))
    return [
        dict(row)
        for row in qs.order_by("pk").values(
            "id", "contract_id", "state", "gross", "net", "penalty", "paid_on"
        )
    ]


# --- red flags (read by lentera.opendata for auditors: the ratings are never public) ---------------------------


def ratings_for_red_flags(*, year: int | None = None) -> list[dict[str, Any]]:
    """Every performance rating as plain rows (provider, its average, whether it was under the flag line when
    given, the day), optionally of one calendar year of rating: for the auditors' red-flag list only."""
    qs = PerformanceRating.objects.order_by("provider_id", "rated_on", "pk")
    if year:
        qs = qs.filter(rated_on__year=year)
    return [dict(r) for r in qs.values("provider_id", "contract_id", "average", "flagged", "rated_on")]
