"""The ITSM registers of the LPSE standards through the API: assets (standard 3), change requests and their
lifecycle (standard 6), the capacity log (standard 7), and the registers as XLSX. Thin."""

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Router, Schema, Status

from lentera.accounts.http import AuthedRequest
from lentera.core.access import api_access
from lentera.core.calendar import local_date
from lentera.core.clock import db_now

from .. import exports
from ..itsm import rules, selectors, services, states
from ..itsm.models import Asset, CapacityRecord, ChangeRequest
from .exports import XLSX
from .schemas import _In

router = Router(tags=["governance"])
READERS = selectors.READER_ROLES
EDITORS = selectors.EDITOR_ROLES


class AssetIn(_In):
    agency_id: int
    code: str
    name: str
    kind: str
    owner_id: int
    location: str
    confidentiality: int
    integrity: int
    availability: int
    note: str = ""


class AssetOut(Schema):
    id: int
    agency_id: int
    code: str
    name: str
    kind: str
    owner_id: int
    location: str
    confidentiality: int
    integrity: int
    availability: int
    value: int
    band: str
    note: str


class ChangeRequestIn(_In):
    agency_id: int
    title: str
    kind: str
    description: str
    reason: str
    test_plan: str
    rollback_plan: str
    asset_id: int | None = None


class ChangeActionIn(_In):
    action: str
    note: str
    successful: bool | None = None


class ChangeRequestOut(Schema):
    id: int
    agency_id: int
    title: str
    kind: str
    status: str
    asset_id: int | None
    description: str
    reason: str
    test_plan: str
    rollback_plan: str
    requested_by_id: int
    evaluation: str
    decision_note: str
    decided_by_id: int | None
    implementation_note: str
    review_note: str
    successful: bool | None
    next_actions: list[str]


class CapacityIn(_In):
    agency_id: int
    resource_kind: str
    resource: str
    measured_on: dt.date
    utilisation_pct: Decimal
    forecast_pct: Decimal
    condition: str
    follow_up: str = ""
    asset_id: int | None = None


class CapacityOut(Schema):
    id: int
    agency_id: int
    resource_kind: str
    resource: str
    asset_id: int | None
    measured_on: dt.date
    utilisation_pct: Decimal
    forecast_pct: Decimal
    condition: str
    status: str
    follow_up: str


def _asset(a: Asset) -> dict[str, Any]:
    value, band = rules.asset_value(confidentiality=a.confidentiality, integrity=a.integrity,
                                    availability=a.availability, on=local_date(db_now()))  # fmt: skip
    return {"id": a.pk, "agency_id": a.agency_id, "code": a.code, "name": a.name, "kind": a.kind,
            "owner_id": a.owner_id, "location": a.location, "confidentiality": a.confidentiality,
            "integrity": a.integrity, "availability": a.availability, "value": value, "band": band,
            "note": a.note}  # fmt: skip


def _change(c: ChangeRequest) -> dict[str, Any]:
    return {"id": c.pk, "agency_id": c.agency_id, "title": c.title, "kind": c.kind, "status": c.status,
            "asset_id": c.asset_id, "description": c.description, "reason": c.reason, "test_plan": c.test_plan,
            "rollback_plan": c.rollback_plan, "requested_by_id": c.requested_by_id, "evaluation": c.evaluation,
            "decision_note": c.decision_note, "decided_by_id": c.decided_by_id,
            "implementation_note": c.implementation_note, "review_note": c.review_note,
            "successful": c.successful, "next_actions": states.allowed_actions(c.status, c.kind)}  # fmt: skip


def _capacity(r: CapacityRecord) -> dict[str, Any]:
    return {"id": r.pk, "agency_id": r.agency_id, "resource_kind": r.resource_kind, "resource": r.resource,
            "asset_id": r.asset_id, "measured_on": r.measured_on, "utilisation_pct": r.utilisation_pct,
            "forecast_pct": r.forecast_pct, "condition": r.condition, "follow_up": r.follow_up,
            "status": rules.capacity_status(utilisation_pct=r.utilisation_pct, forecast_pct=r.forecast_pct,
                                            on=r.measured_on)}  # fmt: skip


@router.get("/assets", response=list[AssetOut], summary="The asset register of an agency (standard 3)")
@api_access(*READERS, scope="the register of an agency the caller works for (auditor: all)")
def asset_list(request: AuthedRequest, agency_id: int | None = None):
    agency = selectors.agency_visible_to(user=request.user, pk=agency_id)
    return [_asset(a) for a in selectors.assets_of(user=request.user, agency=agency)]


@router.post("/assets", response={201: AssetOut}, summary="Record an asset with its C/I/A ratings")
@api_access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the agency")
def asset_create(request: AuthedRequest, payload: AssetIn):
    agency = selectors.agency_visible_to(user=request.user, pk=payload.agency_id)
    asset = services.asset_record(
        actor=request.user, agency=agency, code=payload.code, name=payload.name, kind=payload.kind,
        owner=selectors.owner_of(user=request.user, pk=payload.owner_id), location=payload.location,
        confidentiality=payload.confidentiality, integrity=payload.integrity, availability=payload.availability,
        note=payload.note,
    )  # fmt: skip
    return Status(201, _asset(asset))


@router.get(
    "/change-requests", response=list[ChangeRequestOut], summary="Change requests of an agency (standard 6)"
)
@api_access(*READERS, scope="the register of an agency the caller works for (auditor: all)")
def change_list(request: AuthedRequest, agency_id: int | None = None):
    agency = selectors.agency_visible_to(user=request.user, pk=agency_id)
    return [_change(c) for c in selectors.changes_of(user=request.user, agency=agency)[:200]]


@router.post("/change-requests", response={201: ChangeRequestOut}, summary="Record a change request")
@api_access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the agency")
def change_create(request: AuthedRequest, payload: ChangeRequestIn):
    agency = selectors.agency_visible_to(user=request.user, pk=payload.agency_id)
    change = services.change_request(
        actor=request.user, agency=agency, title=payload.title, kind=payload.kind, description=payload.description,
        reason=payload.reason, test_plan=payload.test_plan, rollback_plan=payload.rollback_plan,
        asset=selectors.asset_of(agency=agency, pk=payload.asset_id),
    )  # fmt: skip
    return Status(201, _change(change))


@router.get("/change-requests/{change_id}", response=ChangeRequestOut, summary="One change request")
@api_access(*READERS, scope="a change request of the caller's agencies (auditor: all)")
def change_detail(request: AuthedRequest, change_id: int):
    return _change(selectors.change_visible_to(user=request.user, pk=change_id))


@router.post(
    "/change-requests/{change_id}/actions",
    response=ChangeRequestOut,
    summary="Evaluate, approve, reject, implement or review a change request",
)
@api_access(
    *EDITORS, scope="the agency's editors; approval: Kasubag LPSE or head of UKPBJ, not the requester"
)
def change_act(request: AuthedRequest, change_id: int, payload: ChangeActionIn):
    change = selectors.change_visible_to(user=request.user, pk=change_id)
    done = services.change_act(
        actor=request.user,
        change=change,
        action=payload.action,
        note=payload.note,
        successful=payload.successful,
    )
    return _change(done)


@router.get(
    "/capacity-records", response=list[CapacityOut], summary="The capacity log of an agency (standard 7)"
)
@api_access(*READERS, scope="the register of an agency the caller works for (auditor: all)")
def capacity_list(request: AuthedRequest, agency_id: int | None = None):
    agency = selectors.agency_visible_to(user=request.user, pk=agency_id)
    return [_capacity(r) for r in selectors.capacity_of(user=request.user, agency=agency)[:500]]


@router.post("/capacity-records", response={201: CapacityOut}, summary="Record a capacity measurement")
@api_access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the agency")
def capacity_create(request: AuthedRequest, payload: CapacityIn):
    agency = selectors.agency_visible_to(user=request.user, pk=payload.agency_id)
    row = services.capacity_record(
        actor=request.user, agency=agency, resource_kind=payload.resource_kind, resource=payload.resource,
        measured_on=payload.measured_on, utilisation_pct=payload.utilisation_pct,
        forecast_pct=payload.forecast_pct, condition=payload.condition, follow_up=payload.follow_up,
        asset=selectors.asset_of(agency=agency, pk=payload.asset_id),
    )  # fmt: skip
    return Status(201, _capacity(row))


@router.get("/itsm.xlsx", summary="The asset, change and capacity registers of an agency (XLSX)",
            openapi_extra={"responses": XLSX})  # fmt: skip
@api_access(*READERS, scope="the registers of an agency the caller works for (auditor: all)")
def itsm_xlsx(request: AuthedRequest, agency_id: int | None = None):
    agency = selectors.agency_visible_to(user=request.user, pk=agency_id)
    today = local_date(db_now())
    return exports.response(
        exports.itsm_sheets(request.user, agency, on=today), filename=f"register-itsm-lpse-{agency.pk}.xlsx"
    )
