"""Contracts API for the PDF records: a party renders the contract summary, the SPMK / Surat Pesanan or a
handover's berita acara (SHA-256 recorded); the parties and the readers list and download them. Thin: the same
services and reads as the contract page (web/documents.py)."""

import datetime as dt
from typing import Literal

from django.http import FileResponse
from django.urls import reverse
from ninja import Field, Router, Schema, Status

from lentera.accounts.http import AuthedRequest
from lentera.core.access import api_access
from lentera.core.roles import Role
from lentera.core.schemas import InputSchema
from lentera.tendering.selectors import READ_ALL_ROLES

from .. import pdf_selectors, selectors, services
from ..models import ContractPdf

router = Router(tags=["contracts"])
READERS = (Role.PPK, Role.PENYEDIA, *sorted(READ_ALL_ROLES))


class PdfIn(InputSchema):
    kind: Literal["SUMMARY", "START_ORDER", "HANDOVER"]
    #: the handover whose berita acara to render (kind HANDOVER)
    handover_id: int | None = Field(default=None, ge=1)


class PdfOut(Schema):
    id: int
    kind: str
    title: str
    number: str
    sha256: str
    size: int
    created_at: dt.datetime
    url: str


def _out(p: ContractPdf) -> dict:
    return {
        "id": p.pk,
        "kind": p.kind,
        "title": p.title,
        "number": p.number,
        "sha256": p.sha256,
        "size": p.size,
        "created_at": p.created_at,
        "url": reverse("api-v1:contracts_pdf_file", args=[p.pk]),
    }


@router.post("/{contract_id}/pdf", response={201: PdfOut}, summary="Render a PDF record of the contract")
@api_access(Role.PPK, Role.PENYEDIA, scope="the package's PPK or the contract's provider")
def pdf_create(request: AuthedRequest, contract_id: int, payload: PdfIn):
    contract = selectors.contract_or_404(user=request.user, role=request.acting_role, pk=contract_id)
    handover = pdf_selectors.handover_of_contract(contract, payload.handover_id)
    record = services.contract_pdf_create(
        actor=request.user, contract=contract, kind=payload.kind, handover=handover
    )
    return Status(201, _out(record))


@router.get("/{contract_id}/pdf", response=list[PdfOut], summary="The contract's PDF records")
@api_access(*READERS, scope="the package's PPK, the contract's provider; auditors read")
def pdf_list(request: AuthedRequest, contract_id: int):
    contract = selectors.contract_or_404(user=request.user, role=request.acting_role, pk=contract_id)
    return [_out(p) for p in pdf_selectors.pdfs_of(contract)]


@router.get("/pdf/{pdf_id}/file", summary="Download a PDF record", url_name="contracts_pdf_file")
@api_access(*READERS, scope="the package's PPK, the contract's provider; auditors read")
def pdf_file(request: AuthedRequest, pdf_id: int):
    record = pdf_selectors.pdf_or_404(user=request.user, role=request.acting_role, pk=pdf_id)
    return FileResponse(record.file.open("rb"), content_type="application/pdf", as_attachment=True)
