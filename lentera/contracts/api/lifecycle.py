"""Contracts API after the SPPBJ: the provider accepts or refuses the letter, the PPK appoints the reserve, the
guarantee, the start order, the advance and the termin invoices. Thin: the same selectors and services as the
pages; refusals come back as the one error schema (400 rule, 403 not this party, 404 not visible, 409 state)."""

from typing import Any

from ninja import Router, Status

from lentera.accounts.http import AuthedRequest
from lentera.core.access import api_access
from lentera.core.roles import Role
from lentera.tendering.selectors import READ_ALL_ROLES

from .. import selectors, services, terms_selectors
from ..models import AwardLetter, Contract
from . import schemas as s

router = Router(tags=["contracts"])
READERS = (Role.PPK, Role.PENYEDIA, *sorted(READ_ALL_ROLES))


def _letter(letter: AwardLetter) -> dict[str, Any]:
    page = selectors.letter_page(letter, None)
    g = page["guarantee"]
    return {
        "id": letter.pk,
        "tender_id": letter.tender_id,
        "number": letter.number,
        "issued_on": letter.issued_on,
        "provider_id": letter.provider_id,
        "value": letter.value,
        "state": letter.state,
        "reserve_rank": letter.reserve_rank,
        "performance_guarantee_required": page["required"],
        "guarantee": g,
        "refusals": page["refusals"],
        "contract_id": page["contract"].pk if page["contract"] else None,
        "answer_last_day": page["answer_last_day"],
        "answer_overdue": page["answer_overdue"],
    }


def _contract(contract: Contract) -> dict[str, Any]:
    page = selectors.contract_page(contract, None)
    return {
        "id": contract.pk,
        "tender_id": contract.tender_id,
        "number": contract.number,
        "provider_id": contract.provider_id,
        "value": contract.value,
        "signed_on": contract.signed_on,
        "start_on": contract.start_on,
        "end_on": contract.end_on,
        "state": contract.state,
        "original_value": contract.original_value,
        "amendments": page["amendments"],
        "start_order": page["start_order"],
        "payments": page["payments"],
        "totals": page["totals"],
        "handovers": page["handovers"],
        "retention_release": page["retention_release"],
        "rating": rating_out(page["rating"]),
        "deliveries": page["deliveries"],
    } | terms_selectors.terms_out(contract)


def rating_out(rating: Any) -> dict[str, Any] | None:
    if rating is None:
        return None
    return {
        "contract_id": rating.contract_id,
        "provider_id": rating.provider_id,
        "scores": rating.scores,
        "average": rating.average,
        "flagged": rating.flagged,
        "comments": rating.comments,
        "rated_on": rating.rated_on,
        "response": rating.response,
        "responded_at": rating.responded_at,
    }


@router.get("/", response=list[s.ContractSummaryOut], summary="My contracts (PPK, provider; auditors all)")
@api_access(*READERS, scope="the PPK's and the provider's own contracts; auditors read all")
def contract_list(request: AuthedRequest):
    return selectors.index_page(user=request.user, role=request.acting_role)["contracts"]


@router.get(
    "/award-letters/{letter_id}", response=s.LetterOut, summary="An SPPBJ with its answer and guarantee"
)
@api_access(*READERS, scope="the package's PPK, the appointed provider; auditors read")
def letter_detail(request: AuthedRequest, letter_id: int):
    return _letter(selectors.letter_or_404(user=request.user, role=request.acting_role, pk=letter_id))


@router.post("/award-letters/{letter_id}/accept", response=s.LetterOut, summary="Accept the SPPBJ (provider)")
@api_access(Role.PENYEDIA, scope="the appointed provider")
def letter_accept(request: AuthedRequest, letter_id: int):
    letter = selectors.letter_or_404(user=request.user, role=request.acting_role, pk=letter_id)
    return _letter(services.award_letter_accept(actor=request.user, letter=letter))


@router.post(
    "/award-letters/{letter_id}/refuse", response={201: s.RefusalOut}, summary="Refuse the SPPBJ (provider)"
)
@api_access(Role.PENYEDIA, scope="the appointed provider")
def letter_refuse(request: AuthedRequest, letter_id: int, payload: s.RefuseIn):
    letter = selectors.letter_or_404(user=request.user, role=request.acting_role, pk=letter_id)
    return Status(201, services.award_letter_refuse(actor=request.user, letter=letter, **payload.dict()))


@router.post(
    "/award-letters/{letter_id}/withdraw",
    response={201: s.RefusalOut},
    summary="Withdraw after accepting the SPPBJ, before the contract (provider)",
)
@api_access(Role.PENYEDIA, scope="the appointed provider, SPPBJ accepted, no contract yet")
def letter_withdraw(request: AuthedRequest, letter_id: int, payload: s.RefuseIn):
    letter = selectors.letter_or_404(user=request.user, role=request.acting_role, pk=letter_id)
    return Status(201, services.award_letter_withdraw(actor=request.user, letter=letter, **payload.dict()))


@router.post(
    "/award-letters/{letter_id}/no-answer",
    response={201: s.RefusalOut},
    summary="Record that the SPPBJ was not answered by the deadline (PPK)",
)
@api_access(Role.PPK, scope="the package's PPK, after the answer period")
def letter_no_answer(request: AuthedRequest, letter_id: int):
    letter = selectors.letter_or_404(user=request.user, role=request.acting_role, pk=letter_id)
    return Status(201, services.award_letter_record_no_answer(actor=request.user, letter=letter))


@router.post(
    "/award-letters/refusals/{refusal_id}/sanction",
    response=s.RefusalOut,
    summary="Decide whether to propose the blacklist sanction after a refusal (PPK)",
)
@api_access(Role.PPK, scope="the package's PPK, a refusal not yet decided")
def refusal_sanction(request: AuthedRequest, refusal_id: int, payload: s.SanctionIn):
    refusal = selectors.refusal_or_404(user=request.user, role=request.acting_role, pk=refusal_id)
    return services.refusal_sanction_decide(actor=request.user, refusal=refusal, **payload.dict())


@router.post(
    "/award-letters/{letter_id}/reserve",
    response=s.LetterOut,
    summary="Appoint the next reserve winner (PPK)",
)
@api_access(Role.PPK, scope="the package's PPK, after a refusal")
def letter_reserve(request: AuthedRequest, letter_id: int, payload: s.ReserveIn):
    letter = selectors.letter_or_404(user=request.user, role=request.acting_role, pk=letter_id)
    return _letter(services.award_letter_appoint_reserve(actor=request.user, letter=letter, **payload.dict()))


@router.put(
    "/award-letters/{letter_id}/guarantee",
    response=s.GuaranteeOut,
    summary="Record the performance guarantee",
)
@api_access(Role.PPK, Role.PENYEDIA, scope="the package's PPK or the appointed provider, SPPBJ accepted")
def guarantee(request: AuthedRequest, letter_id: int, payload: s.GuaranteeIn):
    letter = selectors.letter_or_404(user=request.user, role=request.acting_role, pk=letter_id)
    return services.performance_guarantee_record(actor=request.user, letter=letter, **payload.dict())


@router.get("/{contract_id}", response=s.ContractEndOut, summary="A contract with its start and payments")
@api_access(*READERS, scope="the package's PPK, the contract's provider; auditors read")
def contract_detail(request: AuthedRequest, contract_id: int):
    return _contract(selectors.contract_or_404(user=request.user, role=request.acting_role, pk=contract_id))


@router.post(
    "/{contract_id}/start", response=s.ContractEndOut, summary="Issue the SPMK / surat pesanan (PPK)"
)
@api_access(Role.PPK, scope="the package's PPK, signed contract")
def contract_start(request: AuthedRequest, contract_id: int, payload: s.StartIn):
    contract = selectors.contract_or_404(user=request.user, role=request.acting_role, pk=contract_id)
    services.contract_start(actor=request.user, contract=contract, **payload.dict())
    return _contract(selectors.contract_or_404(user=request.user, role=request.acting_role, pk=contract_id))


@router.post("/{contract_id}/advance", response={201: s.TotalsOut}, summary="Pay the advance (PPK)")
@api_access(Role.PPK, scope="the package's PPK, contract in progress")
def advance(request: AuthedRequest, contract_id: int, payload: s.AdvanceIn):
    contract = selectors.contract_or_404(user=request.user, role=request.acting_role, pk=contract_id)
    services.advance_payment_record(actor=request.user, contract=contract, **payload.dict())
    return Status(201, selectors.payment_totals(contract))


@router.post(
    "/{contract_id}/invoices", response={201: s.PaymentOut}, summary="Submit a termin invoice (provider)"
)
@api_access(Role.PENYEDIA, scope="the contract's provider, contract in progress")
def invoice_submit(request: AuthedRequest, contract_id: int, payload: s.InvoiceIn):
    contract = selectors.contract_or_404(user=request.user, role=request.acting_role, pk=contract_id)
    return Status(201, services.invoice_submit(actor=request.user, contract=contract, **payload.dict()))


@router.post(
    "/{contract_id}/amendments", response={201: s.AmendmentOut}, summary="Approve an amendment (PPK)"
)
@api_access(Role.PPK, scope="the package's PPK, signed or running contract")
def amendment(request: AuthedRequest, contract_id: int, payload: s.AmendmentIn):
    contract = selectors.contract_or_404(user=request.user, role=request.acting_role, pk=contract_id)
    return Status(201, services.amendment_approve(actor=request.user, contract=contract, **payload.dict()))


@router.post(
    "/invoices/{payment_id}/approve", response=s.PaymentOut, summary="Approve a termin invoice (PPK)"
)
@api_access(Role.PPK, scope="the package's PPK")
def invoice_approve(request: AuthedRequest, payment_id: int, payload: s.ContractDecisionIn):
    payment = selectors.payment_or_404(user=request.user, role=request.acting_role, pk=payment_id)
    return services.invoice_approve(actor=request.user, payment=payment, **payload.dict())


@router.post("/invoices/{payment_id}/reject", response=s.PaymentOut, summary="Reject a termin invoice (PPK)")
@api_access(Role.PPK, scope="the package's PPK")
def invoice_reject(request: AuthedRequest, payment_id: int, payload: s.ContractDecisionIn):
    payment = selectors.payment_or_404(user=request.user, role=request.acting_role, pk=payment_id)
    return services.invoice_reject(actor=request.user, payment=payment, **payload.dict())


@router.post(
    "/invoices/{payment_id}/pay", response=s.PaymentOut, summary="Record the payment of an invoice (PPK)"
)
@api_access(Role.PPK, scope="the package's PPK")
def invoice_pay(request: AuthedRequest, payment_id: int, payload: s.PayIn):
    payment = selectors.payment_or_404(user=request.user, role=request.acting_role, pk=payment_id)
    return services.invoice_pay(actor=request.user, payment=payment, **payload.dict())
