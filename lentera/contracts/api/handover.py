"""Contracts API for the end of the work: the PPK's handover (BAST, PHO, FHO), the rating and the provider's one
response, the goods delivered (provider or PPK, goods contracts), and a provider's rating history for staff.
Thin: the same selectors and services as the pages (web/handover.py); refusals as the one error schema."""

from ninja import Router, Status

from lentera.accounts.http import AuthedRequest
from lentera.core.access import api_access
from lentera.core.roles import Role
from lentera.tendering.selectors import READ_ALL_ROLES

from .. import selectors, services
from . import schemas as s
from .lifecycle import rating_out

router = Router(tags=["contracts"])
READERS = (Role.PPK, Role.PENYEDIA, *sorted(READ_ALL_ROLES))


@router.post(
    "/{contract_id}/handover",
    response={201: s.HandoverOut},
    summary="Record the next handover: BAST, PHO or FHO (PPK)",
)
@api_access(Role.PPK, scope="the package's PPK, contract in progress or handed over")
def handover(request: AuthedRequest, contract_id: int, payload: s.HandoverIn):
    contract = selectors.contract_or_404(user=request.user, role=request.acting_role, pk=contract_id)
    return Status(201, services.handover_record(actor=request.user, contract=contract, **payload.dict()))


@router.post(
    "/{contract_id}/rating", response={201: s.ContractRatingOut}, summary="Rate the provider, once (PPK)"
)
@api_access(Role.PPK, scope="the package's PPK, after the handover or termination, once")
def rate(request: AuthedRequest, contract_id: int, payload: s.ContractRatingIn):
    contract = selectors.contract_or_404(user=request.user, role=request.acting_role, pk=contract_id)
    return Status(
        201, rating_out(services.rating_record(actor=request.user, contract=contract, **payload.dict()))
    )


@router.post(
    "/{contract_id}/rating/response",
    response=s.ContractRatingOut,
    summary="Answer the rating, once (provider)",
)
@api_access(Role.PENYEDIA, scope="the contract's provider, once the contract is rated")
def rating_respond(request: AuthedRequest, contract_id: int, payload: s.RespondIn):
    contract = selectors.contract_or_404(user=request.user, role=request.acting_role, pk=contract_id)
    return rating_out(services.rating_respond(actor=request.user, contract=contract, **payload.dict()))


@router.get(
    "/{contract_id}/deliveries", response=list[s.DeliveryOut], summary="The goods delivered under a contract"
)
@api_access(*READERS, scope="the package's PPK, the contract's provider; auditors read")
def deliveries(request: AuthedRequest, contract_id: int):
    contract = selectors.contract_or_404(user=request.user, role=request.acting_role, pk=contract_id)
    return selectors.delivered_items(contract)


@router.post(
    "/{contract_id}/deliveries",
    response={201: s.DeliveryOut},
    summary="Record goods delivered (provider, PPK)",
)
@api_access(
    Role.PPK, Role.PENYEDIA, scope="the package's PPK or the contract's provider, goods contract running"
)
def delivery(request: AuthedRequest, contract_id: int, payload: s.DeliveryIn):
    contract = selectors.contract_or_404(user=request.user, role=request.acting_role, pk=contract_id)
    return Status(201, services.delivery_record(actor=request.user, contract=contract, **payload.dict()))


@router.get(
    "/providers/{provider_id}/ratings",
    response=s.ProviderRatingsOut,
    summary="A provider's rating history and average (staff only)",
)
@api_access(
    *selectors.RATING_READERS, scope="staff only: a provider's performance ratings from every contract"
)
def provider_ratings(request: AuthedRequest, provider_id: int):
    provider = selectors.provider_or_404(provider_id)
    return {
        "provider_id": provider.pk,
        "summary": selectors.provider_rating_summary(provider.pk),
        "ratings": [rating_out(r) for r in selectors.provider_ratings(provider.pk)],
    }
