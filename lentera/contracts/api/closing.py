"""Contracts API for keadaan kahar, the warning letters, the grace decision, the guarantee's extension and the
termination, and the lateness facts of a contract (days late, the penalty as of the database clock, the next
step). Thin: the same selectors and services as the pages; refusals come back as the one error schema."""

import datetime as dt
from typing import Any

from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from lentera.accounts.http import AuthedRequest
from lentera.core.access import api_access
from lentera.core.roles import Role
from lentera.tendering.selectors import READ_ALL_ROLES

from .. import selectors, services
from ..models import Contract
from . import closing_schemas as s

router = Router(tags=["contracts"])
READERS = (Role.PPK, Role.PENYEDIA, *sorted(READ_ALL_ROLES))


def _closing(contract: Contract) -> dict[str, Any]:
    page = selectors.closing_page(contract)
    facts = page["lateness"]
    return {
        "contract_id": contract.pk,
        "state": contract.state,
        "end_on": contract.end_on,
        "lateness": facts,
        "warnings": facts["warnings"],
        "grace": facts["grace"],
        "force_majeures": page["force_majeures"],
        "termination": page["termination"],
        "guarantee": page["guarantee"],
    }


def _contract(request: AuthedRequest, contract_id: int) -> Contract:
    return selectors.contract_or_404(user=request.user, role=request.acting_role, pk=contract_id)


@router.get("/{contract_id}/closing", response=s.ClosingOut, summary="Lateness, warnings, force majeure, end")
@api_access(*READERS, scope="the package's PPK, the contract's provider; auditors read")
def closing(request: AuthedRequest, contract_id: int):
    return _closing(_contract(request, contract_id))


@router.post(
    "/{contract_id}/force-majeure", response={201: s.ForceMajeureOut}, summary="Record keadaan kahar (PPK)"
)
@api_access(Role.PPK, scope="the package's PPK, contract in progress")
def force_majeure(
    request: AuthedRequest,
    contract_id: int,
    event: Form[str],
    event_from: Form[dt.date],
    event_until: Form[dt.date],
    effect: Form[str],
    evidence: File[UploadedFile],
):
    record = services.force_majeure_record(
        actor=request.user,
        contract=_contract(request, contract_id),
        event=event,
        event_from=event_from,
        event_until=event_until,
        effect=effect,
        evidence=evidence,
    )
    return Status(201, record)


@router.post("/{contract_id}/warnings", response={201: s.WarningOut}, summary="Issue a warning letter (PPK)")
@api_access(Role.PPK, scope="the package's PPK, contract in progress")
def warning(request: AuthedRequest, contract_id: int, payload: s.WarningIn):
    contract = _contract(request, contract_id)
    return Status(201, services.warning_issue(actor=request.user, contract=contract, **payload.dict()))


@router.post("/{contract_id}/grace", response={201: s.GraceOut}, summary="Decide the grace period (PPK)")
@api_access(Role.PPK, scope="the package's PPK, contract past its end")
def grace(request: AuthedRequest, contract_id: int, payload: s.GraceIn):
    contract = _contract(request, contract_id)
    return Status(201, services.grace_decide(actor=request.user, contract=contract, **payload.dict()))


@router.post(
    "/{contract_id}/guarantee-extension",
    response=s.GuaranteeValidityOut,
    summary="Record the extension of the performance guarantee",
)
@api_access(Role.PPK, Role.PENYEDIA, scope="the package's PPK or the contract's provider")
def guarantee_extend(request: AuthedRequest, contract_id: int, payload: s.GuaranteeExtendIn):
    contract = _contract(request, contract_id)
    return services.guarantee_extend(actor=request.user, contract=contract, **payload.dict())


@router.post(
    "/{contract_id}/termination", response={201: s.TerminationOut}, summary="Terminate the contract (PPK)"
)
@api_access(Role.PPK, scope="the package's PPK, signed or running contract")
def terminate(request: AuthedRequest, contract_id: int, payload: s.TerminationIn):
    contract = _contract(request, contract_id)
    return Status(201, services.contract_terminate(actor=request.user, contract=contract, **payload.dict()))
