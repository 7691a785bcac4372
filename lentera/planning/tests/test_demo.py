"""The planning demo: the 2026 story, loaded twice without a single extra write."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lentera.core import audit
from lentera.core.demo import load_all
from lentera.core.roles import Role
from lentera.planning import selectors
from lentera.planning.models import Method, Package, RupItem

pytestmark = pytest.mark.django_db


def test_demo_story_and_idempotency():
    ctx = load_all("Demo-Lentera-2026!")
    head = audit.head()
    rows = (RupItem.objects.count(), Package.objects.count())
    ctx2 = load_all("Demo-Lentera-2026!")
    assert audit.head() == head and (RupItem.objects.count(), Package.objects.count()) == rows
    works, goods, pl = (
        ctx2.objects["package_works"],
        ctx2.objects["package_goods"],
        ctx2.objects["package_pl"],
    )
    pokja = ctx2.objects["pokja1_group"]
    assert pokja.name == "Pokja Pemilihan 1"
    assert {m.user.user_id for m in pokja.active_members()} == {"pokja1", "pokja2", "pokja3"}
    assert works.pokja == pokja and goods.pokja == pokja
    # handed over by planning; later demos (tendering) may already have moved them into selection
    assert {works.status, goods.status} <= {
        Package.Status.ASSIGNED,
        Package.Status.IN_SELECTION,
        Package.Status.AWARDED,
    }
    assert Decimal("2300000000") < works.hps_total <= Decimal("2500000000") and works.method == Method.TENDER
    assert Decimal("800000000") < goods.hps_total <= Decimal("900000000")
    assert pl.method == Method.PENGADAAN_LANGSUNG and pl.procurement_official.user_id == "pokja4"
    assert {i.work_unit.code for i in selectors.rup_public(fiscal_year=2026)} == {"DPUPR", "DINKES", "DISDIK"}
    names = set(RupItem.objects.values_list("name", flat=True))
    assert {
        "Pembangunan Jalan Poros Desa Sukamaju",
        "Pengadaan Alat Kesehatan Puskesmas",
        "Rehabilitasi Gedung SDN 3",
    } <= names
    assert ctx.objects["package_works"].pk == works.pk
    assert any(login[0] == "ppk.disdik" and login[1] == Role.PPK for login in ctx2.logins)
    assert audit.verify_chain().ok
