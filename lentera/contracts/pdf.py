"""Contract records as PDF (WeasyPrint, like the tendering app's berita acara): the contract summary, the start
order (SPMK / Surat Pesanan) and a handover's berita acara (BAST, PHO, FHO). Rendered from the recorded data only,
always in Indonesian (the records' official language); ``services.pdf.contract_pdf_create`` stores the bytes
with their SHA-256."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from lentera.core.calendar import JAKARTA

from .models import Amendment, Contract, DeliveredItem, Handover, Payment, StartOrder
from .states import PaymentState


def _header(contract: Contract) -> dict[str, Any]:
    tender = contract.tender
    package = tender.package
    return {
        "contract": contract,
        "tender": tender,
        "package": package,
        "work_unit": package.work_unit.name,
        "ppk": contract.ppk,
        "provider": contract.provider,
        "site_name": settings.LENTERA_SITE_NAME,
    }


def summary_context(contract: Contract) -> dict[str, Any]:
    return _header(contract) | {
        "title": "Ringkasan Kontrak",
        "number": contract.number,
        "start_order": StartOrder.objects.filter(contract=contract).first(),
        "amendments": list(Amendment.objects.filter(contract=contract).order_by("sequence")),
        "payments": list(
            Payment.objects.filter(contract=contract, state=PaymentState.PAID).order_by("sequence")
        ),
        "handovers": list(Handover.objects.filter(contract=contract).order_by("handed_on", "pk")),
        "items": list(DeliveredItem.objects.filter(contract=contract).order_by("delivered_on", "pk")),
    }


def start_order_context(contract: Contract, order: StartOrder) -> dict[str, Any]:
    return _header(contract) | {
        "title": str(StartOrder.Kind(order.kind).label),
        "number": order.number,
        "start_order": order,
    }


def handover_context(contract: Contract, handover: Handover) -> dict[str, Any]:
    items = DeliveredItem.objects.filter(contract=contract).order_by("delivered_on", "pk")
    return _header(contract) | {
        "title": str(Handover.Stage(handover.stage).label),
        "number": handover.number,
        "handover": handover,
        "items": list(items) if handover.stage != Handover.Stage.PHO else [],
    }


def render(template: str, context: dict[str, Any], *, at: Any) -> bytes:
    """The PDF bytes of ``contracts/pdf/<template>.html`` with ``context`` (Indonesian), stamped with ``at``."""
    import weasyprint

    with translation.override("id"):
        html = render_to_string(
            f"contracts/pdf/{template}.html",
            context | {"created_at_text": at.astimezone(JAKARTA).strftime("%d-%m-%Y %H:%M WIB")},
        )
    return weasyprint.HTML(string=html).write_pdf()
