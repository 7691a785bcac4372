"""Packages: RUP items -> package, itemised HPS (Perpres 16/2018 Pasal 26), the method against the dated rules
(Pasal 38, 41; Perpres 46/2025), hand-over to the UKPBJ and assignment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from lentera.core.calendar import JAKARTA
from lentera.core.clock import freeze_db_clock
from lentera.core.errors import AccessDenied
from lentera.planning import selectors, services
from lentera.planning.errors import PlanningError
from lentera.planning.models import HpsItem, Method, Package, ProcurementType
from lentera.testing import db_fingerprint

from .factories import package, pokja, rup_item

MARKET = HpsItem.PriceSource.MARKET


def line(price, qty=1, source=MARKET):
    return services.HpsLine("Item", "unit", qty, price, source)


def test_pasal_5_package_from_several_rup_items_pagu_is_the_sum(world):
    a = rup_item(world, pagu="150000000", ptype=ProcurementType.GOODS, method=Method.PENGADAAN_LANGSUNG)
    b = rup_item(world, pagu="60000000", ptype=ProcurementType.GOODS, method=Method.PENGADAAN_LANGSUNG)
    with pytest.raises(PlanningError) as exc:  # 210 juta of goods cannot be Pengadaan Langsung
        services.package_create(actor=world["ppk"], rup_items=[a, b])
    assert exc.value.code == "METHOD_THRESHOLD_EXCEEDED"
    pkg = services.package_create(
        actor=world["ppk"], rup_items=[a, b], method=Method.TENDER, name="Paket gabungan"
    )
    assert pkg.pagu == Decimal("210000000") and pkg.ppk == world["ppk"] and pkg.code.startswith("PKT2026-")
    assert set(pkg.rup_items.all()) == {a, b}
    with pytest.raises(PlanningError) as exc:
        services.package_create(actor=world["ppk"], rup_items=[a])
    assert exc.value.code == "RUP_ALREADY_PACKAGED"


def test_package_rup_items_must_match_and_be_announced(world_unagreed):
    w = world_unagreed
    item = rup_item(w)
    with pytest.raises(PlanningError) as exc:
        services.package_create(actor=w["ppk"], rup_items=[item])
    assert exc.value.code == "RUP_NOT_ANNOUNCED"


def test_package_created_only_by_ppk_of_the_work_unit(world):
    item = rup_item(world)
    for key in ("ppk_dinkes", "pa", "kepala"):
        with pytest.raises(AccessDenied):
            services.package_create(actor=world[key], rup_items=[item])


def test_pasal_26_hps_above_pagu_refused_with_rule_cited(world):
    pkg = services.package_create(actor=world["ppk"], rup_items=[rup_item(world, pagu="1000000000")])
    before = db_fingerprint()
    with pytest.raises(PlanningError) as exc:
        services.package_hps_set(
            actor=world["ppk"],
            package=pkg,
            lines=[line("600000000"), line("400000000.01")],
            hps_set_on=dt.date.today(),
        )
    assert exc.value.code == "HPS_ABOVE_PAGU"
    assert "Perpres 16/2018 Pasal 26" in str(exc.value) and "Rp1.000.000.000" in str(exc.value)
    assert db_fingerprint() == before
    services.package_hps_set(
        actor=world["ppk"],
        package=pkg,
        lines=[line("600000000"), line("200000000", qty=2)],
        hps_set_on=dt.date.today(),
    )
    pkg.refresh_from_db()
    assert pkg.hps_total == Decimal("1000000000.00")
    assert pkg.hps_items.count() == 2


def test_pasal_26_hps_lines_need_a_price_source(world):
    pkg = services.package_create(actor=world["ppk"], rup_items=[rup_item(world)])
    with pytest.raises(PlanningError) as exc:
        services.package_hps_set(
            actor=world["ppk"], package=pkg, lines=[line("1", source="")], hps_set_on=dt.date.today()
        )
    assert exc.value.code == "HPS_SOURCE_REQUIRED"


def test_pasal_26_hps_total_public_lines_not(world):
    pkg = package(world)
    k = pokja(world)
    services.package_assign_pokja(actor=world["kepala"], package=pkg, pokja=k)
    public = selectors.package_public_data(selectors.packages_public().get(pk=pkg.pk))
    assert public["hps_total"] == pkg.hps_total
    assert "hps_items" not in public
    # readers who may see HPS lines: the PPK, the Pokja, the head, the auditor; not other PPKs
    assert selectors.hps_items_visible_to(user=world["ppk"], role="PPK", package=pkg).count() == 1
    member = world["pokja1"]
    assert selectors.hps_items_visible_to(user=member, role="POKJA", package=pkg).count() == 1
    assert selectors.hps_items_visible_to(user=world["ppk_dinkes"], role="PPK", package=pkg).count() == 0
    assert selectors.hps_items_visible_to(user=world["pokja4"], role="POKJA", package=pkg).count() == 0
    assert selectors.hps_items_visible_to(user=world["auditor"], role="AUDITOR", package=pkg).count() == 1


def test_package_ready_needs_hps_spec_and_a_valid_method(world):
    pkg = services.package_create(actor=world["ppk"], rup_items=[rup_item(world)])
    with pytest.raises(PlanningError) as exc:
        services.package_mark_ready(actor=world["ppk"], package=pkg)
    assert exc.value.code == "HPS_MISSING"
    services.package_hps_set(
        actor=world["ppk"], package=pkg, lines=[line("2000000000")], hps_set_on=dt.date.today()
    )
    with pytest.raises(PlanningError) as exc:
        services.package_mark_ready(actor=world["ppk"], package=pkg)
    assert exc.value.code == "SPEC_MISSING"
    services.package_update(actor=world["ppk"], package=pkg, specification="Jalan beton K-300, 2 km")
    services.package_update(actor=world["ppk"], package=pkg, method=Method.TENDER_CEPAT)
    with pytest.raises(PlanningError) as exc:
        services.package_mark_ready(actor=world["ppk"], package=pkg)
    assert exc.value.code == "FAST_TENDER_CONDITIONS"
    services.package_update(
        actor=world["ppk"],
        package=pkg,
        spec_standard=True,
        providers_qualified=True,
        method_justification="Spesifikasi standar; penyedia terkualifikasi di SIKaP",
    )
    pkg = services.package_mark_ready(actor=world["ppk"], package=pkg)
    assert pkg.status == Package.Status.READY and "Pasal 38" in pkg.method_rule
    with pytest.raises(PlanningError) as exc:
        services.package_update(actor=world["ppk"], package=pkg, name="x")
    assert exc.value.code == "PACKAGE_LOCKED"
    services.package_reopen(actor=world["ppk"], package=pkg, reason="Revisi KAK")
    pkg.refresh_from_db()
    assert pkg.status == Package.Status.DRAFT


def _works_package_pl(world, pagu):
    item = rup_item(world, pagu=pagu, method=Method.TENDER, name="Rehabilitasi Gedung SDN 3")
    return services.package_create(actor=world["ppk"], rup_items=[item], method=Method.PENGADAAN_LANGSUNG)


def test_perpres_46_2025_works_300_juta_direct_procurement_refused_before_allowed_after(world):
    before, after = (
        dt.datetime(2025, 4, 29, 10, 0, tzinfo=JAKARTA),
        dt.datetime(2025, 4, 30, 8, 0, tzinfo=JAKARTA),
    )
    # time-machine moves Python's clock (SQLite); freeze_db_clock pins the database clock (PostgreSQL)
    with time_machine.travel(before, tick=False), freeze_db_clock(before):
        with pytest.raises(PlanningError) as exc:
            _works_package_pl(world, "300000000")
        assert "Rp200.000.000" in str(exc.value) and "Perpres 16/2018 Pasal 38 ayat (3)" in str(exc.value)
        assert _works_package_pl(world, "200000000").method == Method.PENGADAAN_LANGSUNG
    with time_machine.travel(after, tick=False), freeze_db_clock(after):
        pkg = _works_package_pl(world, "300000000")
        assert "Perpres 46/2025" in pkg.method_rule
        with pytest.raises(PlanningError) as exc:
            _works_package_pl(world, "400000001")
        assert "Rp400.000.000" in str(exc.value) and "Perpres 46/2025" in str(exc.value)


def test_pasal_38_goods_direct_procurement_edge_through_the_service(world):
    def goods(pagu):
        item = rup_item(
            world, pagu=pagu, ptype=ProcurementType.GOODS, method=Method.TENDER, name="Alat tulis kantor"
        )
        return services.package_create(actor=world["ppk"], rup_items=[item], method=Method.PENGADAAN_LANGSUNG)

    assert goods("200000000").pagu == Decimal("200000000")
    with pytest.raises(PlanningError) as exc:
        goods("200000001")
    assert exc.value.code == "METHOD_THRESHOLD_EXCEEDED" and "Pasal 38 ayat (3)" in str(exc.value)


def test_package_documents_must_be_pdf(world):
    pkg = services.package_create(actor=world["ppk"], rup_items=[rup_item(world)])
    with pytest.raises(PlanningError) as exc:
        services.package_update(
            actor=world["ppk"], package=pkg, kak_file=SimpleUploadedFile("kak.pdf", b"not a pdf at all")
        )
    assert exc.value.code == "FILE_TYPE_NOT_ALLOWED"
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    services.package_update(actor=world["ppk"], package=pkg, draft_contract=SimpleUploadedFile("k.pdf", pdf))
    pkg.refresh_from_db()
    assert pkg.draft_contract.name.endswith(".pdf")


def test_package_scoping(world):
    pkg = package(world)
    other = package(
        world, actor_key="ppk_dinkes", unit=world.dinkes, ptype=ProcurementType.GOODS, pagu="850000000"
    )
    assert set(selectors.packages_visible_to(user=world["ppk"], role="PPK")) == {pkg}
    assert set(selectors.packages_visible_to(user=world["ppk_dinkes"], role="PPK")) == {other}
    assert set(selectors.packages_visible_to(user=world["kepala"], role="KEPALA_UKPBJ")) == {pkg, other}
    assert set(selectors.packages_visible_to(user=world["auditor"], role="AUDITOR")) == {pkg, other}
    assert set(selectors.packages_visible_to(user=world["pokja1"], role="POKJA")) == set()
    assert set(selectors.packages_visible_to(user=world["kasubag"], role="KASUBAG_LPSE")) == set()


def test_package_assign_pokja_needs_ready_and_pokja_method(world):
    k = pokja(world)
    draft = package(world, ready=False)
    with pytest.raises(PlanningError) as exc:
        services.package_assign_pokja(actor=world["kepala"], package=draft, pokja=k)
    assert exc.value.code == "PACKAGE_NOT_READY"
    pl = package(world, pagu="150000000", method=Method.PENGADAAN_LANGSUNG)
    with pytest.raises(PlanningError) as exc:
        services.package_assign_pokja(actor=world["kepala"], package=pl, pokja=k)
    assert exc.value.code == "METHOD_NOT_FOR_ASSIGNEE"
    with pytest.raises(AccessDenied):
        services.package_assign_pokja(actor=world["ppk"], package=package(world), pokja=k)
