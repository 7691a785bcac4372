"""Display labels for codes stored in the public table (choices of other apps, looked up once)."""

from __future__ import annotations

from lentera.contracts.models import Amendment, StartOrder
from lentera.contracts.states import ContractState
from lentera.planning.models import FundingSource, Method, ProcurementType

from .models import Phase

PUBLIC_PHASES = [
    (Phase.OPEN, Phase.OPEN.label),
    (Phase.EVALUATION, Phase.EVALUATION.label),
    (Phase.AWARDED, Phase.AWARDED.label),
    (Phase.CONTRACTED, Phase.CONTRACTED.label),
    (Phase.FAILED, Phase.FAILED.label),
    (Phase.CANCELLED, Phase.CANCELLED.label),
]


def label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or "–"


def method_label(value: str) -> str:
    return label(Method, value)


def type_label(value: str) -> str:
    return label(ProcurementType, value)


def funding_label(value: str) -> str:
    return label(FundingSource, value)


def phase_label(value: str, closing_at=None, now=None) -> str:
    if value == Phase.ANNOUNCED and closing_at is not None and now is not None:
        return str(Phase.OPEN.label if closing_at > now else Phase.EVALUATION.label)
    return label(Phase, value)


def stage_label(value: str) -> str:
    try:
        from lentera.tendering.enums import Stage
    except ImportError:  # pragma: no cover
        return value
    return label(Stage, value)


def decorate(rows: list[dict], now) -> list[dict]:
    """Labels in the current language, and each row's page address (one reverse() for the page, not per row)."""
    from urllib.parse import quote

    from django.urls import reverse

    marker = "__CODE__"
    base = reverse("public:tender_detail", args=[marker])
    for row in rows:
        row["url"] = base.replace(marker, quote(str(row.get("code", "")), safe="!$&'()*+,;=~:@"))
        row["method_label"] = method_label(row.get("method", ""))
        row["type_label"] = type_label(row.get("procurement_type", ""))
        row["phase_label"] = phase_label(row.get("phase", ""), row.get("closing_at"), now)
    return rows


def contract_state_label(value: str) -> str:
    return label(ContractState, value)


def amendment_kind_label(value: str) -> str:
    return label(Amendment.Kind, value)


def start_order_kind_label(value: str) -> str:
    return label(StartOrder.Kind, value)


def decorate_contract(contract: dict | None) -> dict | None:
    """The contract's public facts with labels in the current language (a copy: the facts are cached)."""
    if not contract:
        return None
    out = dict(contract)
    out["state_label"] = contract_state_label(contract.get("state", ""))
    out["amendments"] = [
        dict(a, kind_label=amendment_kind_label(a.get("kind", ""))) for a in contract.get("amendments", [])
    ]
    if contract.get("start_order"):
        order = contract["start_order"]
        out["start_order"] = dict(order, kind_label=start_order_kind_label(order.get("kind", "")))
    return out
