"""Reads of a contract's PDF records (the rendered contract summary, start order and berita acara), scoped like
the contract itself (selectors.contracts_visible_to). Kept apart from ``selectors.py``, which other work
extends at its end."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import Contract, ContractPdf, Handover
from .selectors import contracts_visible_to


def pdfs_of(contract: Contract) -> QuerySet[ContractPdf]:
    return ContractPdf.objects.filter(contract=contract).order_by("-created_at", "-pk")


def pdf_or_404(*, user: Any, role: str | None, pk: int) -> ContractPdf:
    contracts = contracts_visible_to(user=user, role=role)
    return get_object_or_404(ContractPdf.objects.filter(contract__in=contracts), pk=pk)


def handover_of_contract(contract: Contract, handover_id: int | None) -> Handover | None:
    """The contract's own handover with this id (None when not given; a foreign id is None too, and the service
    refuses it)."""
    if not handover_id:
        return None
    return Handover.objects.filter(contract=contract, pk=handover_id).first()


def pdf_page(contract: Contract) -> dict[str, Any]:
    """The contract page's PDF part: the renderings kept and what may be rendered."""
    from .models import StartOrder

    return {
        "pdfs": list(pdfs_of(contract)[:50]),
        "pdf_handovers": list(Handover.objects.filter(contract=contract).order_by("handed_on", "pk")),
        "pdf_has_start_order": StartOrder.objects.filter(contract=contract).exists(),
    }
