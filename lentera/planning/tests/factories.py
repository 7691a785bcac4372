"""A small instansi for planning tests: work units, the people of each role, announced RUP, packages."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from lentera.accounts.models import Agency, RoleAssignment, User, WorkUnit
from lentera.accounts.tests.factories import (
    AgencyFactory,
    RoleAssignmentFactory,
    WorkUnitFactory,
    user_with_role,
)
from lentera.core.roles import Role
from lentera.planning import services
from lentera.planning.models import HpsItem, Method, Package, Pokja, ProcurementType, RupItem

_nip_serial = itertools.count(100)


def nip() -> str:
    return f"198803032012011{next(_nip_serial) % 1000:03d}"


def add_role(user: User, role: str, work_unit: WorkUnit) -> RoleAssignment:
    assignment = RoleAssignmentFactory(user=user, role=role, work_unit=work_unit)
    if hasattr(user, "_active_role_codes"):
        del user._active_role_codes
    return assignment


@dataclass
class World:
    agency: Agency
    dpupr: WorkUnit
    dinkes: WorkUnit
    ukpbj: WorkUnit
    lpse: WorkUnit
    users: dict[str, User] = field(default_factory=dict)

    def __getitem__(self, key: str) -> User:
        return self.users[key]

    def pengelola(self, n: int) -> list[User]:
        return [self.users[f"pokja{i}"] for i in range(1, n + 1)]


def build_world(*, apbd_years=(2026,), pengelola: int = 5) -> World:
    agency = AgencyFactory(apbd_agreed_years=list(apbd_years))
    dpupr = WorkUnitFactory(agency=agency, code="DPUPR", name="Dinas PUPR")
    dinkes = WorkUnitFactory(agency=agency, code="DINKES", name="Dinas Kesehatan")
    ukpbj = WorkUnitFactory(agency=agency, code="UKPBJ", name="UKPBJ", kind=WorkUnit.Kind.UKPBJ)
    lpse = WorkUnitFactory(agency=agency, code="LPSE", name="LPSE", kind=WorkUnit.Kind.LPSE, parent=ukpbj)
    w = World(agency, dpupr, dinkes, ukpbj, lpse)
    spec = {
        "pa": (Role.PA, dpupr),
        "kpa": (Role.KPA, dinkes),
        "ppk": (Role.PPK, dpupr),
        "ppk2": (Role.PPK, dpupr),
        "ppk_dinkes": (Role.PPK, dinkes),
        "kepala": (Role.KEPALA_UKPBJ, ukpbj),
        "admin_ukpbj": (Role.ADMIN_UKPBJ, ukpbj),
        "sysadmin": (Role.SYSADMIN, lpse),
        "kasubag": (Role.KASUBAG_LPSE, lpse),
        "auditor": (Role.AUDITOR, ukpbj),
    }
    for key, (role, unit) in spec.items():
        w.users[key] = user_with_role(role, work_unit=unit, nip=nip(), user_id=f"{key}.{agency.code.lower()}")
    for i in range(1, pengelola + 1):
        user = user_with_role(
            Role.PENGELOLA_PBJ, work_unit=ukpbj, nip=nip(), user_id=f"pokja{i}.{agency.code.lower()}"
        )
        w.users[f"pokja{i}"] = user
    return w


def rup_item(
    w: World,
    *,
    actor_key="ppk",
    unit=None,
    pagu="2400000000",
    ptype=ProcurementType.WORKS,
    method=Method.TENDER,
    year=2026,
    name="Pembangunan Jalan Poros Desa Sukamaju",
    **kw,
) -> RupItem:
    return services.rup_item_create(
        actor=w[actor_key],
        work_unit=unit or w.dpupr,
        fiscal_year=year,
        name=name,
        procurement_type=ptype,
        pagu=pagu,
        funding_source="APBD",
        planned_method=method,
        location="Desa Sukamaju",
        **kw,
    )


def package(
    w: World,
    *,
    pagu="2400000000",
    ptype=ProcurementType.WORKS,
    method=Method.TENDER,
    hps=None,
    ready=True,
    actor_key="ppk",
    unit=None,
    **kw,
) -> Package:
    item = rup_item(w, actor_key=actor_key, unit=unit, pagu=pagu, ptype=ptype, method=method)
    pkg = services.package_create(
        actor=w[actor_key], rup_items=[item], specification="Spesifikasi teknis", **kw
    )
    hps_value = Decimal(hps if hps is not None else pagu) * Decimal("0.95")
    services.package_hps_set(
        actor=w[actor_key],
        package=pkg,
        lines=[
            services.HpsLine(
                "Pekerjaan utama", "ls", 1, hps_value.quantize(Decimal("1")), HpsItem.PriceSource.MARKET
            )
        ],
        hps_set_on=dt.date.today(),
    )
    if ready:
        pkg = services.package_mark_ready(actor=w[actor_key], package=pkg)
    return pkg


def pl_package(w: World) -> Package:
    """A ready goods package of Dinkes small enough for Pengadaan Langsung (a Pejabat Pengadaan's)."""
    return package(
        w,
        actor_key="ppk_dinkes",
        unit=w.dinkes,
        ptype=ProcurementType.GOODS,
        pagu="180000000",
        method=Method.PENGADAAN_LANGSUNG,
    )


def members(users, **kw) -> list[services.MemberInput]:
    return [services.MemberInput(user=u, **kw) for u in users]


def pokja(w: World, users=None, name="Pokja Pemilihan 1") -> Pokja:
    return services.pokja_form(
        actor=w["kepala"],
        name=name,
        decree_number="027/001/SK-POKJA/2026",
        decree_date=dt.date.today(),
        members=members(users or w.pengelola(3)),
    )
