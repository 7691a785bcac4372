"""Planning API: the public RUP (search, filters, keyset pages, revision history) and public package facts; RUP
entry, APBD agreement, packages with their HPS (staff, scoped). Pokja, Pejabat Pengadaan, reports and the
calendar are in pokja_routes."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema, Status

from lentera.accounts import selectors as account_selectors
from lentera.accounts.http import AuthedRequest
from lentera.accounts.models import User
from lentera.core.access import api_access
from lentera.core.api import PUBLIC
from lentera.core.errors import NotFound
from lentera.core.roles import Role

from .. import selectors, services
from ..models import Package, RupItem
from .pokja_routes import router as pokja_router
from .schemas import (
    ApbdIn,
    ApbdOut,
    HpsIn,
    OfficialsIn,
    PackageDetailOut,
    PackageIn,
    PackageOut,
    PackagePatchIn,
    PackagePublicPageOut,
    PokjaRefIn,
    ReasonIn,
    RupDetailOut,
    RupIn,
    RupOut,
    RupPageOut,
    RupPatchIn,
    UserRefIn,
)

router = Router(tags=["planning"])
PREFIX = "/planning/"

RUP_WRITE = (Role.PA, Role.KPA, Role.PPK)
RUP_READ = (*RUP_WRITE, Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ, Role.AUDITOR)
PACKAGE_READ = selectors.PACKAGE_READ_ROLES


class RupFilters(Schema):
    q: str | None = None
    fiscal_year: int | None = None
    work_unit: int | None = None
    procurement_type: str | None = None
    method: str | None = None
    funding_source: str | None = None
    agency: str | None = None
    cursor: str | None = None
    limit: int = 50


def _user(user_id: str) -> User:
    user = account_selectors.user_by_login(user_id)
    if user is None:
        raise NotFound("USER_NOT_FOUND", _("Pengguna %(user)s tidak ditemukan."), user=user_id)
    return user


def _optional_user(user_id: str | None) -> User | None:
    """An empty user id clears the field."""
    return _user(user_id) if user_id else None


def rup_out(item: RupItem) -> dict[str, Any]:
    data = {f: getattr(item, f) for f in RupOut.model_fields if f not in ("work_unit",)}
    data["work_unit"] = item.work_unit.name
    return data


def package_out(p: Package) -> dict[str, Any]:
    data = {f: getattr(p, f) for f in PackageOut.model_fields if hasattr(p, f)}
    return data | {
        "work_unit": p.work_unit.name,
        "ppk": p.ppk.user_id,
        "procurement_official": p.procurement_official.user_id
        if p.procurement_official is not None
        else None,
        "contract_manager": p.contract_manager.user_id if p.contract_manager is not None else None,
        "inspector": p.inspector.user_id if p.inspector is not None else None,
        "rup_codes": [i.code for i in selectors.rup_items_of_package(package=p)],
    }


# --- public ---------------------------------------------------------------------------------------------


@router.get(
    "/rup", response=RupPageOut, auth=PUBLIC, summary="Announced RUP items: search, filters, keyset pages"
)
@api_access(public=True)
def rup_public(request: HttpRequest, filters: Query[RupFilters]):
    qs = selectors.rup_public(
        fiscal_year=filters.fiscal_year,
        work_unit=filters.work_unit,
        procurement_type=filters.procurement_type,
        method=filters.method,
        funding_source=filters.funding_source,
        q=filters.q,
        agency=filters.agency,
    )
    items, cursor = selectors.keyset_page(qs, cursor=filters.cursor, limit=filters.limit)
    return {"items": [rup_out(i) for i in items], "next_cursor": cursor}


@router.get(
    "/rup/{code}", response=RupDetailOut, auth=PUBLIC, summary="One announced RUP item and its history"
)
@api_access(public=True)
def rup_public_detail(request: HttpRequest, code: str):
    item = selectors.rup_public_item(code=code)
    history = [
        {"revision": h.revision, "announced_at": h.announced_at, "reason": h.reason, "snapshot": h.snapshot}
        for h in selectors.rup_public_history(item=item)
    ]
    return {**rup_out(item), "history": history}


@router.get(
    "/packages/public",
    response=PackagePublicPageOut,
    auth=PUBLIC,
    summary="Packages in selection (HPS total only)",
)
@api_access(public=True)
def packages_public(request: HttpRequest, cursor: str | None = None, limit: int = 50):
    items, next_cursor = selectors.keyset_page(selectors.packages_public(), cursor=cursor, limit=limit)
    return {"items": [selectors.package_public_data(p) for p in items], "next_cursor": next_cursor}


# --- RUP entry ------------------------------------------------------------------------------------------


@router.get("/staff/rup", response=list[RupOut], summary="RUP items of my work unit / instansi")
@api_access(*RUP_READ, scope="own work unit (PA/KPA/PPK) or instansi")
def rup_staff(request: AuthedRequest, fiscal_year: int | None = None):
    qs = selectors.rup_items_listed(user=request.user, role=request.acting_role, fiscal_year=fiscal_year)
    return [rup_out(i) for i in qs[:1000]]


@router.post("/staff/rup", response={201: RupOut}, summary="Enter a RUP item for my work unit")
@api_access(*RUP_WRITE, scope="own work unit")
def rup_create(request: AuthedRequest, payload: RupIn):
    data = payload.dict()
    work_unit = account_selectors.work_unit_by_pk(data.pop("work_unit_id"))
    if work_unit is None:
        raise NotFound("WORK_UNIT_NOT_FOUND", _("Satuan kerja tidak ditemukan."))
    item = services.rup_item_create(actor=request.user, work_unit=work_unit, **data)
    return Status(201, rup_out(item))


@router.patch(
    "/staff/rup/{item_id}", response=RupOut, summary="Revise a RUP item (re-announced after announcement)"
)
@api_access(*RUP_WRITE, scope="own work unit")
def rup_update(request: AuthedRequest, item_id: int, payload: RupPatchIn):
    item = selectors.rup_item_for(user=request.user, role=request.acting_role, pk=item_id)
    changes = payload.dict(exclude_unset=True)
    reason = changes.pop("reason", "")
    return rup_out(services.rup_item_update(actor=request.user, item=item, reason=reason, **changes))


@router.post("/staff/rup/{item_id}/cancel", response=RupOut, summary="Cancel a RUP item")
@api_access(*RUP_WRITE, scope="own work unit")
def rup_cancel(request: AuthedRequest, item_id: int, payload: ReasonIn):
    item = selectors.rup_item_for(user=request.user, role=request.acting_role, pk=item_id)
    return rup_out(services.rup_item_cancel(actor=request.user, item=item, reason=payload.reason))


@router.post("/apbd-agreements", response={201: ApbdOut}, summary="Record the APBD of a year as agreed")
@api_access(Role.SYSADMIN, Role.ADMIN_UKPBJ, Role.PA, scope="own instansi")
def apbd_agree(request: AuthedRequest, payload: ApbdIn):
    agency = account_selectors.agency_by_code(payload.agency_code)
    if agency is None:
        raise NotFound("AGENCY_NOT_FOUND", _("Instansi tidak ditemukan."))
    count = services.apbd_mark_agreed(actor=request.user, agency=agency, fiscal_year=payload.fiscal_year)
    return Status(201, {"agency_code": agency.code, "fiscal_year": payload.fiscal_year, "announced": count})


# --- packages -------------------------------------------------------------------------------------------


def _package(request: AuthedRequest, package_id: int) -> Package:
    return selectors.package_for(user=request.user, role=request.acting_role, pk=package_id)


def _detail(request: AuthedRequest, package: Package) -> dict[str, Any]:
    lines = selectors.hps_items_visible_to(user=request.user, role=request.acting_role, package=package)
    out = package_out(package)
    out["hps_items"] = [
        {
            "position": h.position,
            "description": h.description,
            "unit": h.unit,
            "quantity": h.quantity,
            "unit_price": h.unit_price,
            "total": h.total,
            "price_source": h.price_source,
            "source_note": h.source_note,
        }
        for h in lines
    ]
    return out


@router.get("/packages", response=list[PackageOut], summary="Packages I may see")
@api_access(*PACKAGE_READ, scope="own work unit / assigned Pokja / instansi")
def packages(request: AuthedRequest, status: str | None = None):
    qs = selectors.packages_listed(user=request.user, role=request.acting_role, status=status)
    return [package_out(p) for p in qs[:1000]]


@router.post("/packages", response={201: PackageDetailOut}, summary="Make a package from RUP items (PPK)")
@api_access(Role.PPK, scope="own work unit")
def package_create(request: AuthedRequest, payload: PackageIn):
    items = selectors.rup_items_by_pk(user=request.user, role=request.acting_role, pks=payload.rup_item_ids)
    if len(items) != len(set(payload.rup_item_ids)):
        raise NotFound("RUP_NOT_FOUND", _("Item RUP tidak ditemukan."))
    package = services.package_create(
        actor=request.user,
        rup_items=items,
        name=payload.name,
        method=payload.method,
        location=payload.location,
        specification=payload.specification,
    )
    return Status(201, _detail(request, package))


@router.get(
    "/packages/{package_id}", response=PackageDetailOut, summary="A package, with HPS lines if I may see them"
)
@api_access(*PACKAGE_READ, scope="own work unit / assigned Pokja / instansi")
def package_detail(request: AuthedRequest, package_id: int):
    return _detail(request, _package(request, package_id))


@router.patch("/packages/{package_id}", response=PackageDetailOut, summary="Edit a draft package (PPK)")
@api_access(Role.PPK, scope="the package's PPK")
def package_update(request: AuthedRequest, package_id: int, payload: PackagePatchIn):
    package = services.package_update(
        actor=request.user, package=_package(request, package_id), **payload.dict(exclude_unset=True)
    )
    return _detail(request, package)


@router.put("/packages/{package_id}/hps", response=PackageDetailOut, summary="Set the itemised HPS (PPK)")
@api_access(Role.PPK, scope="the package's PPK")
def package_hps(request: AuthedRequest, package_id: int, payload: HpsIn):
    lines = [services.HpsLine(**line.dict()) for line in payload.lines]
    package = services.package_hps_set(
        actor=request.user, package=_package(request, package_id), lines=lines, hps_set_on=payload.hps_set_on
    )
    return _detail(request, package)


@router.post(
    "/packages/{package_id}/ready", response=PackageDetailOut, summary="Hand a package to the UKPBJ (PPK)"
)
@api_access(Role.PPK, scope="the package's PPK")
def package_ready(request: AuthedRequest, package_id: int):
    return _detail(
        request, services.package_mark_ready(actor=request.user, package=_package(request, package_id))
    )


@router.post(
    "/packages/{package_id}/officials", response=PackageDetailOut, summary="Contract manager and inspector"
)
@api_access(Role.PPK, scope="the package's PPK")
def package_officials(request: AuthedRequest, package_id: int, payload: OfficialsIn):
    changes = {k: _optional_user(v) for k, v in payload.dict(exclude_unset=True).items()}
    package = services.package_set_officials(
        actor=request.user, package=_package(request, package_id), **changes
    )
    return _detail(request, package)


@router.post("/packages/{package_id}/ppk", response=PackageDetailOut, summary="Name another PPK (PA/KPA)")
@api_access(Role.PA, Role.KPA, scope="own work unit")
def package_change_ppk(request: AuthedRequest, package_id: int, payload: UserRefIn):
    package = services.package_change_ppk(
        actor=request.user, package=_package(request, package_id), ppk=_user(payload.user_id)
    )
    return _detail(request, package)


@router.post("/packages/{package_id}/assign-pokja", response=PackageDetailOut, summary="Assign to a Pokja")
@api_access(Role.KEPALA_UKPBJ, scope="own instansi")
def package_assign_pokja(request: AuthedRequest, package_id: int, payload: PokjaRefIn):
    pokja = selectors.pokja_for(user=request.user, role=request.acting_role, pk=payload.pokja_id)
    package = services.package_assign_pokja(
        actor=request.user, package=_package(request, package_id), pokja=pokja
    )
    return _detail(request, package)


@router.post(
    "/packages/{package_id}/assign-official",
    response=PackageDetailOut,
    summary="Assign to a Pejabat Pengadaan",
)
@api_access(Role.KEPALA_UKPBJ, scope="own instansi")
def package_assign_official(request: AuthedRequest, package_id: int, payload: UserRefIn):
    package = services.package_assign_procurement_official(
        actor=request.user, package=_package(request, package_id), official=_user(payload.user_id)
    )
    return _detail(request, package)


router.add_router("", pokja_router)
