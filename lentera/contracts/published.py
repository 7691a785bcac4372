"""Reads of what the public may know about a tender's contract (Prozorro-style transparency): the contract's
number, value, period and state, its amendments with their reasons, the start order (SPMK / Surat Pesanan), the
progress reached by the paid termin invoices, the payments made (dates and net amounts) and the signed
documents' metadata. Never read into these facts: bank accounts, guarantees' numbers, the provider's signatory,
personal data, invoices not yet paid, the documents' content.

The open-data adapter (``lentera.opendata.sources``) builds the OCDS ``contracts[]`` from these facts, and the
public tender page shows them (through the adapter's facts, so both say the same thing).

Two **extension points** take the contract and say what only later records will know:
:func:`handover_facts` (PHO / BAST and FHO dates, from the handover records) and :func:`ending_facts`
(termination or stoppage).
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from decimal import Decimal
from typing import Any

from django.utils import translation

from .models import (
    AdvancePayment,
    Amendment,
    Contract,
    ContractDocument,
    ContractType,
    ContractYear,
    ForceMajeure,
    Handover,
    Payment,
    StartOrder,
    Termination,
)
from .states import ContractState, PaymentState

#: States after the (first) handover: the work is delivered.
HANDED_OVER_STATES = frozenset({ContractState.HANDED_OVER, ContractState.COMPLETED})
#: States of a contract that ended early.
ENDED_EARLY_STATES = frozenset({ContractState.TERMINATED, ContractState.STOPPED})
#: A contract becomes a public fact once signed; a draft is not published.
UNPUBLISHED_STATES = frozenset({ContractState.DRAFT})


def handover_facts(contract: Contract) -> dict[str, dt.date | None]:
    """The dates the work was handed over (``handover``: the PHO for works, the BAST for goods and services) and
    finally handed over (``final_handover``: the FHO of works; the BAST, which completes at once, counts as both).
    The OCDS milestones, the public page and the red flags read only this function."""
    dates: dict[str, dt.date | None] = {"handover": None, "final_handover": None}
    for h in Handover.objects.filter(contract=contract).order_by("handed_on", "pk"):
        if h.stage in (Handover.Stage.PHO, Handover.Stage.BAST) and dates["handover"] is None:
            dates["handover"] = h.handed_on
        if h.stage in (Handover.Stage.FHO, Handover.Stage.BAST):
            dates["final_handover"] = h.handed_on
    return dates


def ending_facts(contract: Contract) -> dict[str, Any] | None:
    """How a contract ended early, or None when it did not: the termination record's date and its ground (the
    category of Pasal 93 ayat (1), never the PPK's explanation, which may name people), or the keadaan kahar
    that stopped it (Pasal 55: its first day). A state without its record (older data) gives no date."""
    if contract.state not in ENDED_EARLY_STATES:
        return None
    facts: dict[str, Any] = {"state": contract.state, "date": None, "reason": ""}
    if contract.state == ContractState.TERMINATED:
        termination = Termination.objects.filter(contract=contract).first()
        if termination is not None:
            facts["date"] = termination.terminated_on
            facts["reason"] = str(Termination.Ground(termination.ground).label)
    else:
        stop = (
            ForceMajeure.objects.filter(contract=contract, effect=ForceMajeure.Effect.STOP)
            .order_by("-event_from")
            .first()
        )
        if stop is not None:
            facts["date"] = stop.event_from
            facts["reason"] = str(ForceMajeure.Effect.STOP.label)
    return facts


def _amendment(a: Amendment) -> dict[str, Any]:
    return {
        "id": f"amendment-{a.pk}",
        "sequence": a.sequence,
        "number": a.number,
        "kind": a.kind,
        "kind_label": str(Amendment.Kind(a.kind).label) if a.kind in Amendment.Kind.values else a.kind,
        "date": a.signed_on,
        "rationale": a.justification,
        "value_before": a.value_before,
        "value_after": a.value_after,
        "end_before": a.end_before,
        "end_after": a.end_after,
    }


def _document(d: ContractDocument) -> dict[str, Any]:
    kind, _encoding = mimetypes.guess_type(d.original_name or "")
    return {"id": f"contract-doc-{d.pk}", "title": d.title, "date": d.uploaded_at, "format": kind or ""}


def contract_public_facts(tender: Any) -> dict[str, Any] | None:
    """The public facts of the tender's contract, or None when there is none (or only a draft). Labels are in
    Indonesian (the OCDS releases' language, whatever the request's); pages label the codes themselves."""
    with translation.override("id"):
        return _facts(tender)


def _facts(tender: Any) -> dict[str, Any] | None:
    contract = Contract.objects.filter(tender=tender).exclude(state__in=UNPUBLISHED_STATES).first()
    if contract is None:
        return None
    order = StartOrder.objects.filter(contract=contract).first()
    advance = AdvancePayment.objects.filter(contract=contract).first()
    paid = list(Payment.objects.filter(contract=contract, state=PaymentState.PAID).order_by("sequence"))
    return {
        "id": f"contract-{contract.pk}",
        "pk": contract.pk,
        "number": contract.number,
        "kind": contract.kind,
        "contract_type": contract.contract_type,
        "contract_type_label": str(ContractType(contract.contract_type).label)
        if contract.contract_type
        else "",
        "multi_year": contract.multi_year,
        "years": [
            (y.year, y.amount) for y in ContractYear.objects.filter(contract=contract).order_by("year")
        ],
        "value": contract.value,
        "original_value": contract.original_value if contract.original_value is not None else contract.value,
        "date_signed": contract.signed_on,
        "period": (contract.start_on, contract.end_on),
        "state": contract.state,
        "state_label": str(ContractState(contract.state).label),
        "provider_id": contract.provider_id,
        "amendments": [
            _amendment(a) for a in Amendment.objects.filter(contract=contract).order_by("sequence")
        ],
        "start_order": {
            "id": f"start-order-{order.pk}",
            "kind": order.kind,
            "kind_label": str(StartOrder.Kind(order.kind).label),
            "number": order.number,
            "issued_on": order.issued_on,
            "start_on": order.start_on,
        }
        if order is not None
        else None,
        "advance": {"id": f"advance-{advance.pk}", "amount": advance.amount, "paid_on": advance.paid_on}
        if advance is not None
        else None,
        "payments": [
            {
                "id": f"payment-{p.pk}",
                "sequence": p.sequence,
                "progress_percent": p.progress_percent,
                "net": p.net,
                "paid_on": p.paid_on,
                "days_late": p.days_late,
            }
            for p in paid
        ],
        "progress_percent": max((p.progress_percent for p in paid), default=None),
        "max_days_late": max((p.days_late for p in paid), default=0),
        "paid_total": sum((p.net for p in paid), Decimal("0"))
        + (advance.amount if advance else Decimal("0")),
        "handover": handover_facts(contract),
        "ending": ending_facts(contract),
        "documents": [
            _document(d)
            for d in ContractDocument.objects.filter(contract=contract).order_by("uploaded_at", "pk")
        ],
    }
