"""Pejabat Pengadaan on a KPA's request (Permendagri 53/2021 Pasal 16) and selection reports to the Kepala UKPBJ
(Pasal 17); the dashboard items of planning."""

from __future__ import annotations

import pytest

from lentera.accounts.models import RoleAssignment
from lentera.core.dashboard import items_for
from lentera.core.errors import AccessDenied
from lentera.core.roles import Role
from lentera.planning import selectors, services
from lentera.planning.errors import PlanningError
from lentera.planning.models import (
    Method,
    Package,
    ProcurementOfficialRequest,
    SelectionReport,
)

from .factories import package, pl_package, pokja


def _request(w):
    return services.procurement_official_request_create(
        actor=w["kpa"], work_unit=w.dinkes, letter_number="027/55/DINKES/2026", note="Untuk paket PL 2026"
    )


def test_procurement_official_assign_pasal_16_kpa_requests_kepala_assigns_a_pengelola(world):
    req = _request(world)
    assert req.status == ProcurementOfficialRequest.Status.PENDING
    with pytest.raises(PlanningError) as exc:  # a PPK is not a Pengelola PBJ
        services.procurement_official_assign(
            actor=world["kepala"], request=req, official=world["ppk"], decree_number="1"
        )
    assert exc.value.code == "NOT_PENGELOLA" and "Pasal 16" in str(exc.value)
    req = services.procurement_official_assign(
        actor=world["kepala"], request=req, official=world["pokja4"], decree_number="027/PP/2026"
    )
    assert req.status == ProcurementOfficialRequest.Status.ASSIGNED
    ra = RoleAssignment.objects.active().get(user=world["pokja4"], role=Role.PROCUREMENT_OFFICIAL)
    assert ra.work_unit == world.dinkes and ra.decree_number == "027/PP/2026" and req.role_assignment == ra
    with pytest.raises(PlanningError) as exc:
        services.procurement_official_request_reject(actor=world["kepala"], request=req, note="x")
    assert exc.value.code == "REQUEST_DECIDED"


def test_procurement_official_request_create_pasal_16_only_by_kpa_pa_of_the_unit(world):
    with pytest.raises(AccessDenied):
        services.procurement_official_request_create(
            actor=world["ppk_dinkes"], work_unit=world.dinkes, letter_number="1"
        )
    with pytest.raises(AccessDenied):
        services.procurement_official_request_create(
            actor=world["kpa"], work_unit=world.dpupr, letter_number="1"
        )
    req = _request(world)
    for key in ("kpa", "admin_ukpbj", "ppk"):
        with pytest.raises(AccessDenied):
            services.procurement_official_assign(
                actor=world[key], request=req, official=world["pokja4"], decree_number="1"
            )
    services.procurement_official_request_reject(
        actor=world["kepala"], request=req, note="Pengelola PBJ sedang penuh"
    )
    req.refresh_from_db()
    assert req.status == ProcurementOfficialRequest.Status.REJECTED


def test_pasal_12_lpse_manager_cannot_become_procurement_official(world):
    from .factories import add_role

    add_role(world["pokja5"], Role.VERIFIKATOR, world.lpse)
    with pytest.raises(PlanningError) as exc:
        services.procurement_official_assign(
            actor=world["kepala"], request=_request(world), official=world["pokja5"], decree_number="1"
        )
    assert exc.value.code == "CONFLICT_LPSE_ROLE"


def _pl_package(w):
    services.procurement_official_assign(
        actor=w["kepala"], request=_request(w), official=w["pokja4"], decree_number="027/PP/2026"
    )
    pkg = pl_package(w)
    return services.package_assign_procurement_official(actor=w["kepala"], package=pkg, official=w["pokja4"])


def test_package_assign_procurement_official_pasal_16_only_one_of_its_unit(world):
    pkg = _pl_package(world)
    assert pkg.status == Package.Status.ASSIGNED and pkg.procurement_official == world["pokja4"]
    assert list(selectors.packages_visible_to(user=world["pokja4"], role=Role.PROCUREMENT_OFFICIAL)) == [pkg]
    other = package(world, pagu="150000000", method=Method.PENGADAAN_LANGSUNG)  # DPUPR: no PP assigned there
    with pytest.raises(PlanningError) as exc:
        services.package_assign_procurement_official(
            actor=world["kepala"], package=other, official=world["pokja4"]
        )
    assert exc.value.code == "NOT_PROCUREMENT_OFFICIAL_OF_UNIT"


def test_selection_report_submit_pasal_17_pokja_and_procurement_official_report_to_kepala(world):
    k = pokja(world)
    pkg = package(world)
    services.package_assign_pokja(actor=world["kepala"], package=pkg, pokja=k)
    with pytest.raises(AccessDenied):  # not in this Pokja
        services.selection_report_submit(actor=world["pokja5"], package=pkg, outcome="AWARDED", summary="x")
    with pytest.raises(PlanningError) as exc:
        services.selection_report_submit(actor=world["pokja1"], package=pkg, outcome="AWARDED", summary=" ")
    assert exc.value.code == "SUMMARY_REQUIRED"
    report = services.selection_report_submit(
        actor=world["pokja1"],
        package=pkg,
        outcome=SelectionReport.Outcome.AWARDED,
        summary="Pemenang PT Karya Bangun Nusantara, penawaran Rp2.210.000.000",
    )
    assert report.pokja == k and report.submitted_as == Role.POKJA
    pp_report = services.selection_report_submit(
        actor=world["pokja4"],
        package=_pl_package(world),
        outcome=SelectionReport.Outcome.FAILED,
        summary="Tidak ada penawaran",
    )
    assert pp_report.submitted_as == Role.PROCUREMENT_OFFICIAL
    head_sees = selectors.selection_reports_visible_to(user=world["kepala"], role=Role.KEPALA_UKPBJ)
    assert set(head_sees) == {report, pp_report}
    assert set(selectors.selection_reports_visible_to(user=world["ppk"], role=Role.PPK)) == set()
    with pytest.raises(AccessDenied):
        services.selection_report_acknowledge(actor=world["admin_ukpbj"], report=report)
    services.selection_report_acknowledge(actor=world["kepala"], report=report)
    report.refresh_from_db()
    assert report.acknowledged_by == world["kepala"]


def test_dashboard_items_per_role(world):
    from lentera.planning.tests.factories import rup_item

    services.package_create(actor=world["ppk"], rup_items=[rup_item(world)])
    ppk_items = {i.title: i.count for i in items_for(world["ppk"], Role.PPK)}
    assert ppk_items["Paket masih draf"] == 1 and ppk_items["Paket belum ber-HPS"] == 1
    package(world)
    head = {i.title: i.count for i in items_for(world["kepala"], Role.KEPALA_UKPBJ)}
    assert head["Paket siap tanpa Pokja / Pejabat Pengadaan"] == 1
    assert head["Laporan hasil pemilihan diterima"] == 0
    _request(world)
    kpa = {i.title: i.count for i in items_for(world["kpa"], Role.KPA)}
    assert kpa["Permintaan Pejabat Pengadaan"] == 1
