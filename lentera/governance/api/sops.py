"""SOP register API (F22): the register, versions (draft with PDF, approval, publication), acknowledgements, and
the public list of the versions in force. Thin: the same selectors and services as the pages."""

import datetime as dt
from typing import Any

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lentera.accounts.http import AuthedRequest
from lentera.core.access import api_access
from lentera.core.api import PUBLIC
from lentera.core.roles import Role

from .. import selectors as governance_selectors
from ..sops import selectors, services
from ..sops.models import Sop, SopVersion
from .schemas import _In

router = Router(tags=["governance"])
MANAGERS = governance_selectors.MANAGER_ROLES
READERS = selectors.READER_ROLES


class VersionOut(Schema):
    id: int
    sop_id: int
    number: int
    status: str
    change_summary: str
    decree_number: str | None
    effective_on: dt.date | None
    published_at: dt.datetime | None
    document_url: str


class SopOut(Schema):
    id: int
    agency_id: int
    code: str
    title: str
    item: str
    carried_by: str
    current_version: int | None
    versions: list[VersionOut]
    read_by: list[int] | None
    not_yet_read_by: list[int] | None


class PublicSopOut(Schema):
    version_id: int
    agency: str
    code: str
    title: str
    number: int
    effective_on: dt.date | None
    decree_number: str | None
    document_url: str


class SopIn(_In):
    agency_id: int
    code: str
    title: str
    item: str
    carried_by: str = ""


class ApproveIn(_In):
    decree_id: int
    effective_on: dt.date


def _version(v: SopVersion, *, public: bool = False) -> dict[str, Any]:
    from django.urls import reverse

    url = reverse("governance:sop_public_file" if public else "governance:sop_version_file", args=[v.pk])
    return {
        "id": v.pk,
        "sop_id": v.sop_id,
        "number": v.number,
        "status": v.status,
        "change_summary": v.change_summary,
        "decree_number": v.decree.number if v.decree else None,
        "effective_on": v.effective_on,
        "published_at": v.published_at,
        "document_url": url,
    }


def _sop(sop: Sop) -> dict[str, Any]:
    current = selectors.current_version(sop)
    readership = selectors.readership(current) if current else None
    return {
        "id": sop.pk,
        "agency_id": sop.agency_id,
        "code": sop.code,
        "title": sop.title,
        "item": sop.item,
        "carried_by": sop.carried_by,
        "current_version": current.number if current else None,
        "versions": [_version(v) for v in selectors.versions_of(sop)],
        "read_by": [a.person_id for a in readership.read] if readership else None,
        "not_yet_read_by": [u.pk for u in readership.not_yet] if readership else None,
    }


@router.get("/sops", response=list[SopOut], summary="The SOP register")
@api_access(*READERS, scope="SOPs of the agencies the caller works for (auditor: all)")
def sop_list(request: AuthedRequest):
    return [_sop(s) for s in selectors.sops_visible_to(request.user)[:500]]


@router.post("/sops", response={201: SopOut}, summary="Register an SOP")
@api_access(*MANAGERS, scope="the head or Admin UKPBJ of the agency")
def sop_create(request: AuthedRequest, payload: SopIn):
    sop = services.sop_create(
        actor=request.user,
        agency=governance_selectors.agency_for(user=request.user, pk=payload.agency_id),
        code=payload.code,
        title=payload.title,
        item=payload.item,
        carried_by=payload.carried_by,
    )
    return Status(201, _sop(selectors.sop_visible_to(user=request.user, pk=sop.pk)))


@router.get(
    "/sops/published", response=list[PublicSopOut], auth=PUBLIC, summary="SOP versions in force (public)"
)
@api_access(public=True, scope="anyone: the SOP versions in force (Permendagri 53/2021 Pasal 23 ayat (4))")
def sop_published(request: AuthedRequest):
    return [
        {
            "version_id": v.pk,
            "agency": v.sop.agency.name,
            "code": v.sop.code,
            "title": v.sop.title,
            "number": v.number,
            "effective_on": v.effective_on,
            "decree_number": v.decree.number if v.decree else None,
            "document_url": _version(v, public=True)["document_url"],
        }
        for v in selectors.published_versions()[:1000]
    ]


@router.get("/sops/{sop_id}", response=SopOut, summary="An SOP with its versions and readership")
@api_access(*READERS, scope="an SOP of the caller's agencies (auditor: all)")
def sop_detail(request: AuthedRequest, sop_id: int):
    return _sop(selectors.sop_visible_to(user=request.user, pk=sop_id))


@router.post("/sops/{sop_id}/versions", response={201: VersionOut}, summary="A draft version with its PDF")
@api_access(*MANAGERS, scope="the head or Admin UKPBJ of the SOP's agency")
def version_draft(
    request: AuthedRequest, sop_id: int, change_summary: Form[str], document: File[UploadedFile]
):
    sop = selectors.sop_visible_to(user=request.user, pk=sop_id)
    return Status(
        201,
        _version(
            services.version_draft(
                actor=request.user, sop=sop, change_summary=change_summary, document=document
            )
        ),
    )


@router.post(
    "/sop-versions/{version_id}/approve", response=VersionOut, summary="Set a version (head of UKPBJ)"
)
@api_access(Role.KEPALA_UKPBJ, scope="the head of UKPBJ of the SOP's agency (Lampiran 2.5)")
def version_approve(request: AuthedRequest, version_id: int, payload: ApproveIn):
    version = selectors.version_visible_to(user=request.user, pk=version_id)
    return _version(
        services.version_approve(
            actor=request.user,
            version=version,
            decree=selectors.decree_for(user=request.user, pk=payload.decree_id),
            effective_on=payload.effective_on,
        )
    )


@router.post("/sop-versions/{version_id}/publish", response=VersionOut, summary="Publish an approved version")
@api_access(*MANAGERS, scope="the head or Admin UKPBJ of the SOP's agency")
def version_publish(request: AuthedRequest, version_id: int):
    version = selectors.version_visible_to(user=request.user, pk=version_id)
    return _version(services.version_publish(actor=request.user, version=version))


@router.post(
    "/sop-versions/{version_id}/acknowledge",
    response={201: SopOut},
    summary="Acknowledge reading the version",
)
@api_access(*selectors.STAFF_ROLES, scope="a staff member of the SOP's agency; the version in force")
def acknowledge(request: AuthedRequest, version_id: int):
    version = selectors.version_visible_to(user=request.user, pk=version_id)
    services.acknowledge(actor=request.user, version=version)
    return Status(201, _sop(selectors.sop_visible_to(user=request.user, pk=version.sop_id)))
