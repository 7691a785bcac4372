"""The public subset of the procurement monitoring (/publik/monitoring/): every instansi's published figures, totals
only (no person, no provider, no package list), charts with their tables, a CSV; open to everyone, GET only."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from lentera.contracts.models import Contract
from lentera.core.menu import entries, menu_for
from lentera.planning.models import RupItem
from lentera.reporting.tests import scenario as sc
from lentera.testing import db_fingerprint, login_client

M = sc.M


@pytest.fixture
def world(db, media_root):
    return sc.build()


def _page(client, query=f"tahun={sc.YEAR}"):
    return client.get(reverse("public:monitoring") + f"?{query}")


def test_public_monitoring_shows_every_instansi_published_totals(world):
    response = _page(Client())
    assert response.status_code == 200
    html = response.content.decode()
    # the plan: announced, not cancelled RUP items of both instansi (4.5 + 9 billion), counted independently
    plan = RupItem.objects.filter(
        fiscal_year=sc.YEAR, announced_at__isnull=False, cancelled_at__isnull=True
    ).aggregate(v=Sum("pagu"))["v"]
    assert plan == 13500 * M and "Rp13.500.000.000" in html
    signed = (
        Contract.objects.filter(tender__package__fiscal_year=sc.YEAR)
        .exclude(state__in=["DRAFT", "CANCELLED"])
        .exclude(tender__package__status="CANCELLED")
        .aggregate(v=Sum("value"))["v"]
    )
    assert signed == 10200 * M and "Rp10.200.000.000" in html
    assert 'role="img"' in html and "<caption>" in html  # each chart beside its data table
    assert "Dinas PUPR" in html and world.other_agency.name not in html  # work units, not the package list


def test_public_monitoring_leaks_no_person_provider_or_package(world):
    html = _page(Client()).content.decode()
    for secret in (
        "PT Skenario",  # providers
        world.kepala.full_name,
        world.w["ppk"].full_name,
        world.w["ppk"].user_id,
        world.objects["p1"].code,  # no per-package row
        world.objects["p1"].name,
        "Laporan hasil pemilihan Pokja",  # internal Pasal 17 reports stay internal
    ):
        assert secret not in html, secret


def test_public_csv_download_and_semester_filter(world):
    c = Client()
    response = c.get(reverse("public:monitoring_csv") + f"?tahun={sc.YEAR}&semester=1")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="monitoring-publik-2026-s1.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    # semester 1: c1 (Rp2.3 billion, signed 20 May) and the other instansi's (Rp7 billion, 1 May)
    assert ["Kontrak ditandatangani", "2", "9300000000.00"] in rows
    year = list(
        csv.reader(io.StringIO(c.get(reverse("public:monitoring_csv") + "?tahun=2026").content.decode()))
    )
    assert ["Kontrak ditandatangani", "3", "10200000000.00"] in year
    assert _page(c, "tahun=abc").status_code == 200  # a bad filter falls back to the current year


def test_public_monitoring_in_the_public_menu_and_nav(world):
    assert "public:monitoring" in {e.url_name for e in entries("public")}
    links = [link.url for section in menu_for(None) for link in section.links]
    assert reverse("public:monitoring") in links
    home = Client().get(reverse("public:home")).content.decode()
    assert f'href="{reverse("public:monitoring")}"' in home


def test_public_monitoring_is_open_to_every_role_and_refuses_writes(world, users_by_role):
    """GET answers every role and anonymous alike; a POST is refused (405) and changes nothing."""
    clients = [Client()] + [login_client(user, role) for role, user in users_by_role.items()]
    for client in clients:
        assert _page(client).status_code == 200
        for name in ("public:monitoring", "public:monitoring_csv"):
            before = db_fingerprint()
            assert client.post(reverse(name), {"tahun": "2026"}).status_code == 405
            assert db_fingerprint() == before


def test_public_rows_keep_unpublished_packages_out(world):
    """A package still in planning (no tender announced, no order) stays out of the public figures; the same
    package is counted once its tender is announced."""
    from lentera.reporting import selectors

    p = sc._package(
        world.w,
        world.w.dinkes,
        "TENDER",
        40 * M,
        39 * M,
        "READY",
        sc._rup(world.w, world.w.dinkes, "TENDER", 40 * M),
    )
    assert p.pk not in {row["id"] for row in selectors.public_rows(year=sc.YEAR).packages}
    sc._tender(world.w, p, 1, "ANNOUNCED", sc.at(9, 1), 0, [])
    rows = selectors.public_rows(year=sc.YEAR)
    assert p.pk in {row["id"] for row in rows.packages}
    assert sum((r["pagu"] for r in rows.rup if r["cancelled_at"] is None), Decimal(0)) == 13540 * M
