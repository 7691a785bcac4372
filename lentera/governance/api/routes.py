"""Governance API: the decree register and its appointments, the staff certificate register. Thin: the same
selectors and services as the pages."""

import datetime as dt
from typing import Any

from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from lentera.accounts.http import AuthedRequest
from lentera.core.access import api_access
from lentera.core.calendar import local_date
from lentera.core.clock import db_now

from .. import selectors, services
from ..models import Appointment, Decree
from ..selectors import CertificateRow
from . import schemas as s

router = Router(tags=["governance"])
PREFIX = "/governance/"
MANAGERS = selectors.MANAGER_ROLES
READERS = selectors.READER_ROLES


def _decree(d: Decree) -> dict[str, Any]:
    return {
        "id": d.pk,
        "agency_id": d.agency_id,
        "kind": d.kind,
        "number": d.number,
        "title": d.title,
        "signed_on": d.signed_on,
        "valid_from": d.valid_from,
        "valid_until": d.valid_until,
        "revoked_at": d.revoked_at,
        "scan_type": d.scan_type,
    }


def _appointment(a: Appointment) -> dict[str, Any]:
    ra = a.role_assignment
    return {
        "id": a.pk,
        "person_id": a.person_id,
        "person_name": a.person.full_name,
        "position": a.position,
        "lpse_field": a.lpse_field,
        "role": a.role,
        "role_assignment_id": ra.pk if ra else None,
        "role_ends_on": ra.ends_on if ra else None,
    }


def _detail(d: Decree) -> dict[str, Any]:
    return {**_decree(d), "appointments": [_appointment(a) for a in selectors.appointments_of(d)]}


def _certificate(r: CertificateRow) -> dict[str, Any]:
    c = r.certificate
    return {
        "id": c.pk,
        "agency_id": c.agency_id,
        "person_id": c.person_id,
        "person_name": c.person.full_name,
        "level": c.level,
        "number": c.number,
        "issued_on": c.issued_on,
        "expires_on": c.expires_on,
        "valid": r.valid,
        "days_left": r.days_left,
        "needs_attention": r.warn,
    }


@router.get("/decrees", response=list[s.DecreeOut], summary="Decrees (SK) of the caller's agencies")
@api_access(*READERS, scope="decrees of the agencies the caller works for (auditor: all)")
def decree_list(request: AuthedRequest):
    return [_decree(d) for d in selectors.decrees_visible_to(request.user)[:500]]


@router.post("/decrees", response={201: s.DecreeDetailOut}, summary="Record a decree with its scan")
@api_access(*MANAGERS, scope="the head or Admin UKPBJ of the decree's agency")
def decree_create(
    request: AuthedRequest,
    agency_id: Form[int],
    kind: Form[str],
    number: Form[str],
    title: Form[str],
    signed_on: Form[dt.date],
    valid_from: Form[dt.date],
    scan: File[UploadedFile],
    valid_until: Form[dt.date | None] = None,
):
    decree = services.decree_create(
        actor=request.user,
        agency=selectors.agency_for(user=request.user, pk=agency_id),
        kind=kind,
        number=number,
        title=title,
        signed_on=signed_on,
        valid_from=valid_from,
        valid_until=valid_until,
        scan=scan,
    )
    return Status(201, _detail(decree))


@router.get("/decrees/{decree_id}", response=s.DecreeDetailOut, summary="A decree with its appointments")
@api_access(*READERS, scope="a decree of the caller's agencies (auditor: all)")
def decree_detail(request: AuthedRequest, decree_id: int):
    return _detail(selectors.decree_visible_to(user=request.user, pk=decree_id))


@router.post(
    "/decrees/{decree_id}/appointments",
    response={201: s.DecreeDetailOut},
    summary="Appoint a person by the decree (and grant the role it names)",
)
@api_access(*MANAGERS, scope="the head or Admin UKPBJ of the decree's agency")
def appointment_create(request: AuthedRequest, decree_id: int, payload: s.AppointmentIn):
    decree = selectors.decree_visible_to(user=request.user, pk=decree_id)
    services.appointment_create(
        actor=request.user,
        decree=decree,
        person=selectors.person_for(user=request.user, pk=payload.person_id),
        position=payload.position,
        lpse_field=payload.lpse_field,
        role=payload.role,
        work_unit=selectors.work_unit_for(user=request.user, pk=payload.work_unit_id),
    )
    return Status(201, _detail(decree))


@router.post(
    "/decrees/{decree_id}/revoke", response=s.DecreeDetailOut, summary="Revoke a decree and its roles"
)
@api_access(*MANAGERS, scope="the head or Admin UKPBJ of the decree's agency")
def decree_revoke(request: AuthedRequest, decree_id: int, payload: s.DecreeRevokeIn):
    decree = selectors.decree_visible_to(user=request.user, pk=decree_id)
    return _detail(services.decree_revoke(actor=request.user, decree=decree, reason=payload.reason))


@router.get("/certificates", response=list[s.StaffCertificateOut], summary="Staff procurement certificates")
@api_access(*READERS, scope="certificates of the agencies the caller works for (auditor: all)")
def certificate_list(request: AuthedRequest):
    rows = selectors.certificate_rows(request.user, on=local_date(db_now()))
    return [_certificate(r) for r in rows[:1000]]


@router.post("/certificates", response={201: s.StaffCertificateOut}, summary="Record a staff certificate")
@api_access(*MANAGERS, scope="the head or Admin UKPBJ of the holder's agency")
def certificate_create(request: AuthedRequest, payload: s.CertificateIn):
    certificate = services.certificate_record(
        actor=request.user,
        agency=selectors.agency_for(user=request.user, pk=payload.agency_id),
        person=selectors.person_for(user=request.user, pk=payload.person_id),
        level=payload.level,
        number=payload.number,
        issued_on=payload.issued_on,
        expires_on=payload.expires_on,
    )
    row = next(
        r
        for r in selectors.certificate_rows(request.user, on=local_date(db_now()))
        if r.certificate.pk == certificate.pk
    )
    return Status(201, _certificate(row))


from .maturity import router as maturity_router  # noqa: E402

router.add_router("/", maturity_router)

from .sops import router as sops_router  # noqa: E402

router.add_router("/", sops_router)

from .standards import router as standards_router  # noqa: E402

router.add_router("/", standards_router)

from .programme import router as programme_router  # noqa: E402

router.add_router("/", programme_router)

from .ethics import router as ethics_router  # noqa: E402

router.add_router("/", ethics_router)

from .exports import router as exports_router  # noqa: E402

router.add_router("/", exports_router)

from .itsm import router as itsm_router  # noqa: E402

router.add_router("/", itsm_router)
