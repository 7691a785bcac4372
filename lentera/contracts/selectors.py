"""Reads of the contracts app, scoped to what the user may see."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lentera.planning.models import Method
from lentera.tendering import selectors as tender_selectors
from lentera.tendering.models import Tender
from lentera.tendering.services.award import effective_price

from . import rules
from .models import AwardLetter, Contract


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
