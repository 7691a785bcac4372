"""Reads of a contract's terms (type, multi-year split) and of its documents (the signed scan and the documents
recorded with it), scoped like the contract itself (selectors.contracts_visible_to). Kept apart from
``selectors.py``, which other work extends at its end."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import Contract, ContractDocument, ContractType, ContractYear
from .selectors import contracts_visible_to


def documents_of(contract: Contract) -> QuerySet[ContractDocument]:
    return ContractDocument.objects.filter(contract=contract).order_by("-uploaded_at", "-pk")


def document_or_404(*, user: Any, role: str | None, pk: int) -> ContractDocument:
    contracts = contracts_visible_to(user=user, role=role)
    return get_object_or_404(ContractDocument.objects.filter(contract__in=contracts), pk=pk)


def years_of(contract: Contract) -> list[ContractYear]:
    return list(ContractYear.objects.filter(contract=contract).order_by("year"))


def terms_page(contract: Contract) -> dict[str, Any]:
    """The contract page's terms part: the type's label, the split per fiscal year with its total (and whether
    it still adds up to the value in force, e.g. after an amendment), the documents."""
    years = years_of(contract)
    total = sum((y.amount for y in years), Decimal(0))
    return {
        "contract_type_label": ContractType(contract.contract_type).label if contract.contract_type else "",
        "years": years,
        "years_total": total,
        "years_match": not contract.multi_year or total == contract.value,
        "documents": list(documents_of(contract)[:50]),
    }


def terms_out(contract: Contract) -> dict[str, Any]:
    """The terms as the API gives them."""
    return {
        "contract_id": contract.pk,
        "contract_type": contract.contract_type,
        "multi_year": contract.multi_year,
        "years": [{"year": y.year, "amount": y.amount} for y in years_of(contract)],
    }
