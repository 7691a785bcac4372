"""RUP entry, announcement once the APBD is agreed, re-announcement of each revision (Perbup PPU 2/2021 Pasal 1
(18), Pasal 2 j)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lentera.core.errors import AccessDenied
from lentera.core.models import AuditEvent
from lentera.planning import selectors, services
from lentera.planning.errors import PlanningError
from lentera.planning.models import Method, ProcurementType, RupItemRevision
from lentera.testing import db_fingerprint

from .factories import rup_item


def test_apbd_mark_agreed_pasal_2_j_announces_the_items_waiting_for_it(world_unagreed):
    w = world_unagreed
    item = rup_item(w)
    assert item.announced_at is None and item.revision == 0
    assert not selectors.rup_public().filter(pk=item.pk).exists()
    count = services.apbd_mark_agreed(actor=w["pa"], agency=w.agency, fiscal_year=2026)
    assert count == 1
    item.refresh_from_db()
    assert item.announced_at is not None and item.revision == 1
    assert selectors.rup_public().filter(pk=item.pk).exists()
    assert RupItemRevision.objects.get(rup_item=item).snapshot["name"] == item.name
    assert AuditEvent.objects.filter(action="planning.apbd.agree").exists()
    w.agency.refresh_from_db()
    assert 2026 in w.agency.apbd_agreed_years


def test_pasal_2_j_apbd_agreement_only_by_admin_or_pa_of_the_agency(world_unagreed):
    w = world_unagreed
    for key in ("ppk", "kepala", "auditor"):
        with pytest.raises(AccessDenied):
            services.apbd_mark_agreed(actor=w[key], agency=w.agency, fiscal_year=2026)
    services.apbd_mark_agreed(actor=w["admin_ukpbj"], agency=w.agency, fiscal_year=2026)
    with pytest.raises(PlanningError) as exc:
        services.apbd_mark_agreed(actor=w["sysadmin"], agency=w.agency, fiscal_year=2026)
    assert exc.value.code == "APBD_ALREADY_AGREED"


def test_rup_item_create_pasal_2_j_announced_at_once_only_when_that_years_apbd_is_agreed(world):
    args = {
        "actor": world["ppk"],
        "work_unit": world.dpupr,
        "name": "Rehabilitasi Gedung Kantor",
        "procurement_type": ProcurementType.WORKS,
        "pagu": Decimal("900000000"),
        "funding_source": "APBD",
        "planned_method": Method.TENDER,
    }
    agreed = services.rup_item_create(fiscal_year=2026, **args)  # the world's APBD 2026 is agreed
    waiting = services.rup_item_create(fiscal_year=2027, **args)
    assert agreed.announced_at is not None and agreed.revision == 1
    assert waiting.announced_at is None and waiting.revision == 0
    assert list(selectors.rup_public().filter(pk__in=[agreed.pk, waiting.pk])) == [agreed]


def test_pasal_2_j_rup_announced_at_once_when_apbd_agreed(world):
    item = rup_item(world)
    assert item.revision == 1 and item.announced_at is not None
    assert item.code.startswith("RUP2026-")


def test_rup_item_update_pasal_2_j_every_revision_after_announcement_is_announced_again(world):
    item = rup_item(world)
    with pytest.raises(PlanningError) as exc:
        services.rup_item_update(actor=world["ppk"], item=item, pagu=Decimal("2500000000"))
    assert exc.value.code == "REVISION_REASON_REQUIRED"
    services.rup_item_update(
        actor=world["ppk"], item=item, pagu=Decimal("2500000000"), reason="Tambahan anggaran APBD-P"
    )
    services.rup_item_update(actor=world["pa"], item=item, location="Kec. Sukamaju", reason="Lokasi")
    item.refresh_from_db()
    history = list(selectors.rup_public_history(item=item))
    assert [h.revision for h in history] == [3, 2, 1]
    assert Decimal(history[1].snapshot["pagu"]) == Decimal("2500000000")
    assert history[0].reason == "Lokasi" and history[0].snapshot["location"] == "Kec. Sukamaju"
    # an edit that changes nothing announces nothing
    services.rup_item_update(actor=world["ppk"], item=item, location="Kec. Sukamaju", reason="x")
    assert item.revisions.count() == 3


def test_rup_cancel_is_announced(world):
    item = rup_item(world)
    services.rup_item_cancel(actor=world["ppk"], item=item, reason="Anggaran dialihkan")
    item.refresh_from_db()
    assert item.cancelled_at is not None and item.revision == 2
    assert item.revisions.first().reason == "Anggaran dialihkan"


def test_rup_entered_only_by_pa_kpa_ppk_of_own_work_unit(world):
    with pytest.raises(AccessDenied):
        rup_item(world, actor_key="ppk_dinkes")  # DINKES PPK for DPUPR
    with pytest.raises(AccessDenied):
        rup_item(world, actor_key="kepala")
    assert rup_item(world, actor_key="kpa", unit=world.dinkes).work_unit == world.dinkes
    assert rup_item(world, actor_key="pa").work_unit == world.dpupr


def test_rup_planned_method_checked_against_thresholds(world):
    before = db_fingerprint()
    with pytest.raises(PlanningError) as exc:
        rup_item(world, pagu="450000000", method=Method.PENGADAAN_LANGSUNG)
    assert "Perpres 46/2025" in str(exc.value)
    assert db_fingerprint() == before
    ok = rup_item(world, pagu="400000000", method=Method.PENGADAAN_LANGSUNG, name="Rehabilitasi Gedung SDN 3")
    assert ok.pk


@pytest.mark.parametrize(
    "kwargs,code",
    [
        ({"pagu": "0"}, "PAGU_INVALID"),
        ({"pagu": "abc"}, "PAGU_INVALID"),
        ({"name": "  "}, "NAME_REQUIRED"),
        ({"ptype": "NOPE"}, "TYPE_UNKNOWN"),
        ({"year": 1999}, "YEAR_INVALID"),
    ],
)
def test_rup_bad_input_refused_and_nothing_stored(world, kwargs, code):
    before = db_fingerprint()
    with pytest.raises(PlanningError) as exc:
        rup_item(world, **kwargs)
    assert exc.value.code == code
    assert db_fingerprint() == before


def test_rup_public_filters_and_keyset_pagination(world):
    a = rup_item(world, name="Pembangunan Jalan Poros Desa Sukamaju")
    b = rup_item(
        world,
        name="Pengadaan Alat Kesehatan Puskesmas",
        unit=world.dinkes,
        actor_key="ppk_dinkes",
        ptype=ProcurementType.GOODS,
        pagu="850000000",
    )
    c = rup_item(world, name="Rehabilitasi Gedung SDN 3", pagu="350000000", method=Method.PENGADAAN_LANGSUNG)
    assert list(selectors.rup_public(q="puskesmas")) == [b]
    assert set(selectors.rup_public(work_unit=world.dpupr.pk)) == {a, c}
    assert list(selectors.rup_public(procurement_type="GOODS")) == [b]
    assert list(selectors.rup_public(method=Method.PENGADAAN_LANGSUNG)) == [c]
    assert list(selectors.rup_public(fiscal_year=2027)) == []
    page1, cursor = selectors.keyset_page(selectors.rup_public(), cursor=None, limit=2)
    page2, cursor2 = selectors.keyset_page(selectors.rup_public(), cursor=cursor, limit=2)
    assert page1 == [c, b] and page2 == [a] and cursor2 is None
