"""Planning pages: Rupiah and WIB formatting, public RUP search and history, refusals shown as form errors with
the rule cited, and HPS lines kept off public pages."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from lentera.core.roles import Role
from lentera.planning import services
from lentera.planning.models import Pokja
from lentera.testing import db_fingerprint, login_client

from .factories import package, pokja, rup_item


def test_public_rup_page_formats_rupiah_and_wib_and_filters(world):
    rup_item(world)
    rup_item(
        world,
        name="Pengadaan Alat Kesehatan Puskesmas",
        unit=world.dinkes,
        actor_key="ppk_dinkes",
        ptype="GOODS",
        pagu="850000000",
    )
    page = Client().get(reverse("public:rup_list")).content.decode()
    assert "Rp2.500.000.000" not in page and "Rp2.400.000.000" in page and "Rp850.000.000" in page
    assert " WIB" in page
    page = Client().get(reverse("public:rup_list"), {"q": "puskesmas"}).content.decode()
    assert "Alat Kesehatan" in page and "Jalan Poros" not in page
    page = Client().get(reverse("public:rup_list"), {"procurement_type": "WORKS"}).content.decode()
    assert "Jalan Poros" in page and "Alat Kesehatan" not in page


def test_public_rup_keyset_pages(world, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # the public page cache would hide the view's context
    for i in range(27):
        rup_item(world, name=f"Paket uji {i:02d}", pagu="100000000", method="PENGADAAN_LANGSUNG")
    first = Client().get(reverse("public:rup_list"))
    assert first.context["next_query"] and len(first.context["items"]) == 25
    second = Client().get(reverse("public:rup_list") + "?" + first.context["next_query"])
    assert len(second.context["items"]) == 2 and second.context["next_query"] is None
    assert not {i.pk for i in first.context["items"]} & {i.pk for i in second.context["items"]}


def test_public_rup_detail_shows_history_not_unannounced(world_unagreed):
    w = world_unagreed
    item = rup_item(w)
    assert Client().get(reverse("public:rup_detail", args=[item.code])).status_code == 404
    services.apbd_mark_agreed(actor=w["pa"], agency=w.agency, fiscal_year=2026)
    services.rup_item_update(actor=w["ppk"], item=item, pagu="2600000000", reason="Tambahan pagu APBD-P")
    page = Client().get(reverse("public:rup_detail", args=[item.code])).content.decode()
    assert "Tambahan pagu APBD-P" in page and "Rp2.600.000.000" in page and "Rp2.400.000.000" in page


def test_rup_entry_page_announces_once_apbd_agreed(world):
    client = login_client(world["ppk"], Role.PPK)
    response = client.post(
        reverse("planning:rup_create"),
        {
            "work_unit": world.dpupr.pk,
            "fiscal_year": 2026,
            "name": "Pengadaan Laptop Operator",
            "procurement_type": "GOODS",
            "pagu": "150000000",
            "funding_source": "APBD",
            "planned_method": "PENGADAAN_LANGSUNG",
        },
        follow=True,
    )
    assert "disimpan dan diumumkan" in response.content.decode()
    response = client.post(
        reverse("planning:rup_create"),
        {
            "work_unit": world.dpupr.pk,
            "fiscal_year": 2026,
            "name": "Pengadaan Laptop Besar",
            "procurement_type": "GOODS",
            "pagu": "250000000",
            "funding_source": "APBD",
            "planned_method": "PENGADAAN_LANGSUNG",
        },
    )
    assert response.status_code == 200
    assert "Pasal 38 ayat (3)" in response.content.decode() and "Rp200.000.000" in response.content.decode()


def test_pokja_form_page_refuses_four_members_with_pasal_15(world):
    client = login_client(world["kepala"], Role.KEPALA_UKPBJ)
    data = {
        "name": "Pokja Pemilihan 2",
        "decree_number": "027/2/2026",
        "decree_date": dt.date.today().isoformat(),
        "members": [u.pk for u in world.pengelola(4)],
        "cert-TOTAL_FORMS": "0",
        "cert-INITIAL_FORMS": "0",
    }
    before = db_fingerprint()
    response = client.post(reverse("planning:pokja_create"), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "ganjil, paling sedikit 3 orang" in text and "Permendagri 53/2021 Pasal 15" in text
    assert db_fingerprint() == before
    data["members"] = data["members"][:3]
    response = client.post(reverse("planning:pokja_create"), data)
    assert response.status_code == 302
    assert Pokja.objects.get(name="Pokja Pemilihan 2").active_members().count() == 3


def test_hps_page_refuses_above_pagu_and_hides_lines_from_public(world):
    pkg = services.package_create(actor=world["ppk"], rup_items=[rup_item(world)])
    client = login_client(world["ppk"], Role.PPK)
    form = {
        "hps_set_on": dt.date.today().isoformat(),
        "hps-TOTAL_FORMS": "1",
        "hps-INITIAL_FORMS": "0",
        "hps-0-description": "Beton K-350",
        "hps-0-unit": "m3",
        "hps-0-quantity": "3000",
        "hps-0-unit_price": "1000000",
        "hps-0-price_source": "MARKET",
    }
    response = client.post(reverse("planning:package_hps", args=[pkg.pk]), form)
    assert response.status_code == 200 and "Perpres 16/2018 Pasal 26" in response.content.decode()
    form["hps-0-quantity"] = "2000"
    assert client.post(reverse("planning:package_hps", args=[pkg.pk]), form).status_code == 302
    detail = client.get(reverse("planning:package_detail", args=[pkg.pk])).content.decode()
    assert "Beton K-350" in detail and "Rp2.000.000.000" in detail
    # another work unit's PPK cannot open it; the public RUP page never shows HPS lines
    other = login_client(world["ppk_dinkes"], Role.PPK)
    assert other.get(reverse("planning:package_detail", args=[pkg.pk])).status_code == 404
    public = Client().get(reverse("public:rup_detail", args=[pkg.rup_items.get().code])).content.decode()
    assert "Beton K-350" not in public


def test_pokja_member_sees_assigned_package_with_hps_lines_and_reports(world):
    k = pokja(world)
    pkg = package(world)
    services.package_assign_pokja(actor=world["kepala"], package=pkg, pokja=k)
    client = login_client(world["pokja2"], Role.POKJA)
    assert "Pekerjaan utama" in client.get(reverse("planning:package_detail", args=[pkg.pk])).content.decode()
    response = client.post(
        reverse("planning:report_submit", args=[pkg.pk]),
        {"outcome": "AWARDED", "summary": "Pemenang CV Sinar Jaya"},
        follow=True,
    )
    assert "Laporan dikirim" in response.content.decode()
    head = (
        login_client(world["kepala"], Role.KEPALA_UKPBJ).get(reverse("planning:report_list")).content.decode()
    )
    assert "Pemenang CV Sinar Jaya" in head


def test_dashboard_shows_planning_items(world):
    package(world, ready=False)
    page = login_client(world["ppk"], Role.PPK).get(reverse("accounts:dashboard")).content.decode()
    assert "Paket masih draf" in page
    page = (
        login_client(world["kepala"], Role.KEPALA_UKPBJ).get(reverse("accounts:dashboard")).content.decode()
    )
    assert "Laporan hasil pemilihan diterima" in page


def test_calendar_admin_page_adds_cuti_bersama(world):
    client = login_client(world["admin_ukpbj"], Role.ADMIN_UKPBJ)
    response = client.post(
        reverse("planning:calendar"),
        {"date": "2026-03-23", "kind": "CUTI_BERSAMA", "name": "Cuti bersama Idul Fitri"},
        follow=True,
    )
    assert "Cuti bersama Idul Fitri" in response.content.decode()
    from lentera.core import calendar

    assert not calendar.is_working_day(dt.date(2026, 3, 23))
    response = client.post(
        reverse("planning:calendar"), {"date": "2026-03-23", "kind": "CUTI_BERSAMA", "name": "x"}
    )
    assert "sudah tercatat" in response.content.decode()
