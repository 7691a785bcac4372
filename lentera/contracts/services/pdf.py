"""The PDF records of a contract (issue #14 item 3): a party renders the contract summary, the start order
(SPMK / Surat Pesanan) or a handover's berita acara with WeasyPrint from the recorded data; the bytes are stored
with their SHA-256, which also goes into the audit event (so a signed print can be matched to the record)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now

from .. import pdf
from ..errors import ContractsError
from ..models import Contract, ContractPdf, Handover, StartOrder
from ..states import ContractState
from ._base import lock_contract, role_for


@transaction.atomic
def contract_pdf_create(
    *, actor: Any, contract: Contract, kind: str, handover: Handover | None = None
) -> ContractPdf:
    """Render and keep one PDF record of the contract: ``SUMMARY`` (any signed contract), ``START_ORDER``
    (once the SPMK / Surat Pesanan is issued) or ``HANDOVER`` (one of the contract's handovers). The package's
    PPK or the contract's provider; each call keeps a new rendering of the data as it is now."""
    contract = lock_contract(contract)
    role_for(actor=actor, ppk_id=contract.tender.package.ppk_id, provider=contract.provider)
    if contract.state == ContractState.DRAFT:
        raise ContractsError("STATE_NOT_ALLOWED", _("Kontrak belum ditandatangani."), status=409)
    now = db_now()
    if kind == ContractPdf.Kind.SUMMARY:
        context, template, handover = pdf.summary_context(contract), "summary", None
    elif kind == ContractPdf.Kind.START_ORDER:
        order = StartOrder.objects.filter(contract=contract).first()
        if order is None:
            raise ContractsError("NO_START_ORDER", _("SPMK / Surat Pesanan belum diterbitkan."), status=409)
        context, template, handover = pdf.start_order_context(contract, order), "start_order", None
    elif kind == ContractPdf.Kind.HANDOVER:
        if handover is None or handover.contract_id != contract.pk:
            raise ContractsError(
                "HANDOVER_NOT_FOUND", _("Berita acara serah terima tidak ditemukan."), status=404
            )
        context, template = pdf.handover_context(contract, handover), "handover"
    else:
        raise ContractsError("PDF_KIND_INVALID", _("Jenis dokumen tidak dikenal."))
    content = pdf.render(template, context, at=now)
    digest = hashlib.sha256(content).hexdigest()
    record = ContractPdf(
        contract=contract,
        kind=kind,
        handover=handover,
        title=f"{context['title']} {context['number']}",
        number=context["number"],
        size=len(content),
        sha256=digest,
        created_by=actor,
        created_at=now,
    )
    safe = f"{contract.pk}-{kind.lower()}-{digest[:12]}"
    record.file.save(f"{safe}.pdf", ContentFile(content), save=False)
    record.save()
    audit.record(
        actor=actor,
        action="contracts.pdf.create",
        obj=record,
        after={
            "contract": contract.number,
            "kind": kind,
            "number": record.number,
            "sha256": digest,
            "size": len(content),
            "file": record.file.name,
        },
    )
    return record
