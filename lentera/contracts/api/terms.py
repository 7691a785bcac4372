"""Contracts API for the contract's terms (type, split per fiscal year of a multi-year contract) and the scan of
the signed contract with the contract's documents. Thin: the same services and reads as the contract page
(web/terms.py)."""

import datetime as dt

from django.http import FileResponse
from django.urls import reverse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from lentera.accounts.http import AuthedRequest
from lentera.core.access import api_access
from lentera.core.roles import Role
from lentera.core.schemas import InputSchema
from lentera.tendering.selectors import READ_ALL_ROLES

from .. import selectors, services, terms_selectors
from ..models import ContractDocument
from .schemas import ContractTypeCode, ContractYearIn, ContractYearOut

router = Router(tags=["contracts"])
READERS = (Role.PPK, Role.PENYEDIA, *sorted(READ_ALL_ROLES))


class ContractTermsIn(InputSchema):
    contract_type: ContractTypeCode
    multi_year: bool = False
    #: a multi-year contract: every fiscal year of its period with its amount (they add up to the value)
    years: list[ContractYearIn] = []


class ContractTermsOut(Schema):
    contract_id: int
    contract_type: str
    multi_year: bool
    years: list[ContractYearOut]


class ContractDocumentOut(Schema):
    id: int
    kind: str
    title: str
    original_name: str
    size: int
    sha256: str
    uploaded_at: dt.datetime
    url: str


def document_out(d: ContractDocument) -> dict:
    return {
        "id": d.pk,
        "kind": d.kind,
        "title": d.title,
        "original_name": d.original_name,
        "size": d.size,
        "sha256": d.sha256,
        "uploaded_at": d.uploaded_at,
        "url": reverse("api-v1:contracts_document_file", args=[d.pk]),
    }


@router.put(
    "/{contract_id}/terms", response=ContractTermsOut, summary="Record the contract type and year split"
)
@api_access(Role.PPK, scope="the package's PPK, signed or running contract")
def terms(request: AuthedRequest, contract_id: int, payload: ContractTermsIn):
    contract = selectors.contract_or_404(user=request.user, role=request.acting_role, pk=contract_id)
    updated = services.contract_terms_record(
        actor=request.user,
        contract=contract,
        contract_type=payload.contract_type,
        multi_year=payload.multi_year,
        years=[(y.year, y.amount) for y in payload.years],
    )
    return terms_selectors.terms_out(updated)


@router.post(
    "/{contract_id}/signed-scan",
    response={201: ContractDocumentOut},
    summary="Upload the scan of the signed contract (PPK)",
)
@api_access(Role.PPK, scope="the package's PPK, signed or running contract")
def signed_scan(request: AuthedRequest, contract_id: int, scan: File[UploadedFile]):
    contract = selectors.contract_or_404(user=request.user, role=request.acting_role, pk=contract_id)
    return Status(
        201, document_out(services.signed_scan_upload(actor=request.user, contract=contract, scan=scan))
    )


@router.get(
    "/{contract_id}/documents", response=list[ContractDocumentOut], summary="The contract's documents"
)
@api_access(*READERS, scope="the package's PPK, the contract's provider; auditors read")
def documents(request: AuthedRequest, contract_id: int):
    contract = selectors.contract_or_404(user=request.user, role=request.acting_role, pk=contract_id)
    return [document_out(d) for d in terms_selectors.documents_of(contract)]


@router.get(
    "/documents/{document_id}/file",
    summary="Download a contract document",
    url_name="contracts_document_file",
)
@api_access(*READERS, scope="the package's PPK, the contract's provider; auditors read")
def document_file(request: AuthedRequest, document_id: int):
    doc = terms_selectors.document_or_404(user=request.user, role=request.acting_role, pk=document_id)
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.original_name)
