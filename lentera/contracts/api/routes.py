"""Contracts API: the SPPBJ, the signed contract, pencatatan (swakelola / darurat), and (``lifecycle``) what
follows the SPPBJ. Thin: the same services as the pages."""

from ninja import Router, Status

from lentera.accounts.http import AuthedRequest
from lentera.core.access import api_access
from lentera.core.roles import Role
from lentera.tendering import selectors as tender_selectors

from .. import selectors, services
from . import closing, documents, handover, lifecycle, terms
from . import schemas as s

router = Router(tags=["contracts"])
PREFIX = "/contracts/"
router.add_router("/", lifecycle.router)  # after the SPPBJ: answer, guarantee, start, payments
router.add_router("/", handover.router)  # handover (BAST / PHO / FHO), rating, goods delivered
router.add_router("/", closing.router)  # keadaan kahar, lateness, termination
router.add_router("/", documents.router)  # PDF records (summary, SPMK / Surat Pesanan, berita acara)
router.add_router("/", terms.router)  # contract type, split per fiscal year, the signed scan and documents


@router.post(
    "/tenders/{tender_id}/award-letter", response={201: s.AwardLetterOut}, summary="Issue the SPPBJ (PPK)"
)
@api_access(Role.PPK, scope="PPK of the package")
def award_letter(request: AuthedRequest, tender_id: int, payload: s.AwardLetterIn):
    tender = selectors.ppk_tender_or_404(user=request.user, role=request.acting_role, pk=tender_id)
    letter = services.award_letter_issue(actor=request.user, tender=tender, **payload.dict())
    return Status(
        201,
        {
            "id": letter.pk,
            "number": letter.number,
            "value": letter.value,
            "performance_guarantee_amount": letter.performance_guarantee_amount,
        },
    )


@router.post(
    "/tenders/{tender_id}/contract", response={201: s.ContractOut}, summary="Record the signed contract (PPK)"
)
@api_access(Role.PPK, scope="PPK of the package")
def contract(request: AuthedRequest, tender_id: int, payload: s.ContractIn):
    tender = selectors.ppk_tender_or_404(user=request.user, role=request.acting_role, pk=tender_id)
    data = payload.dict() | {"years": [(y.year, y.amount) for y in payload.years]}
    c = services.contract_record(actor=request.user, tender=tender, **data)
    return Status(201, {"id": c.pk, "number": c.number, "value": c.value, "signed_on": c.signed_on})


@router.post(
    "/packages/{package_id}/record", response={201: s.RecordOut}, summary="Record swakelola / darurat (PPK)"
)
@api_access(Role.PPK, scope="PPK of the package")
def procurement_record(request: AuthedRequest, package_id: int, payload: s.ContractRecordIn):
    package = tender_selectors.package_or_404(package_id)
    data = payload.dict()
    provider = tender_selectors.provider_by_npwp(data.pop("provider_npwp"))
    tender = services.procurement_record(actor=request.user, package=package, provider=provider, **data)
    c = selectors.contract_of(tender)
    assert c is not None  # the record service writes both in one transaction
    return Status(
        201,
        {
            "tender_id": tender.pk,
            "code": tender.code,
            "method": tender.method,
            "status": tender.status,
            "contract_id": c.pk,
            "contract_number": c.number,
            "value": c.value,
        },
    )
