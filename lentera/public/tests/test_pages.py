"""Every public page renders for anonymous visitors and leaks nothing sealed or private."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from lentera.opendata import services as opendata
from lentera.opendata.tests import scenario

pytestmark = pytest.mark.django_db

SEALED_PROVIDER = "PT Rahasia Belum Dibuka Sejahtera"
SEALED_RECEIPT = "RAHASIA-TANDA-TERIMA-1188"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _world():
    """Three tenders: open (sealed bid planted), evaluated with a winner and contract, and one not announced."""
    _, unit, _ = scenario.org()
    open_tender = scenario.tender(
        unit=unit, title="Pengadaan Alat Kesehatan Puskesmas", closing_in=dt.timedelta(days=4)
    )
    sealed = scenario.provider(SEALED_PROVIDER, npwp=scenario.SECRET_NPWP)
    try:
        from lentera.bidding.models import BidSubmission

        BidSubmission.objects.create(
            tender=open_tender,
            provider=sealed,
            version=1,
            status="ACCEPTED",
            created_by=sealed.account,
            created_at=timezone.now(),
            submitted_at=timezone.now(),
            receipt={"price": str(scenario.SECRET_BID_PRICE), "note": SEALED_RECEIPT},
        )
    except ImportError:  # pragma: no cover - bidding app absent
        pass
    done = scenario.tender(unit=unit, title="Pembangunan Jembatan Desa Sukamaju")
    offers = scenario.open_bids(done, [Decimal("950000000"), Decimal("990000000")])
    scenario.decide(done, offers, passed=[True, False], winner_index=0)
    scenario.contract(done, offers[0], Decimal("950000000"))
    hidden = scenario.tender(unit=unit, title="Paket Draf Belum Diumumkan Zeta", announced=False)
    opendata.opendata_sync()
    return open_tender, done, hidden, offers


def _public_urls(open_tender, done, offers):
    return [
        "/",
        "/pengadaan/",
        "/pengadaan/?q=jembatan",
        "/pengadaan/?tahap=OPEN",
        "/pengadaan/?sort=hps_desc",
        f"/pengadaan/{open_tender.code}/",
        f"/pengadaan/{done.code}/",
        "/publik/rup/",
        "/publik/pemenang/",
        "/publik/kontrak/",
        "/publik/daftar-hitam/",
        f"/publik/penyedia/{offers[0].provider_id}/",
        "/publik/indikator-instansi/",
        "/publik/monitoring/",
        "/publik/monitoring/unduh.csv",
        "/publik/pengumuman-layanan/",
        "/transparansi/audit/entri/",
        "/opendata/",
        "/api/v1/opendata/releases",
        f"/api/v1/opendata/records/{opendata.ocid_for(done.code)}",
        f"/api/v1/opendata/records/{opendata.ocid_for(open_tender.code)}",
        "/api/v1/opendata/bulk/2026.json",
        "/api/v1/opendata/redflags/buyers",
        "/api/v1/public/tenders",
        "/api/v1/public/tenders?q=alat",
        f"/api/v1/public/tenders/{open_tender.code}",
        f"/api/v1/public/tenders/{done.code}",
        "/api/v1/public/notices",
        "/api/v1/public/stats",
        "/api/v1/audit/entries?limit=1000",
    ]


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_every_public_page_renders_for_anonymous_and_leaks_nothing(settings):
    settings.LENTERA_FEED_WATERMARK_SECONDS = 0
    open_tender, done, hidden, offers = _world()
    client = Client()
    secrets = [
        scenario.SECRET_HPS_ITEM,
        "987654321",  # HPS item unit price
        str(scenario.SECRET_BID_PRICE).split(".")[0],
        "4.444.333.222",
        scenario.SECRET_DOC_NOTE,
        scenario.SECRET_NPWP,
        scenario.SECRET_PHONE,
        SEALED_PROVIDER,
        SEALED_RECEIPT,
        "Paket Draf Belum Diumumkan Zeta",
        hidden.code,
        "rahasia",  # provider e-mails
    ]
    for url in _public_urls(open_tender, done, offers):
        response = client.get(url)
        assert response.status_code == 200, url
        body = _body(response)
        for secret in secrets:
            assert secret not in body, f"{secret!r} leaked on {url}"
    # the winner, its price and the opened bids are public after the opening
    page = _body(client.get(f"/pengadaan/{done.code}/"))
    assert offers[0].provider.name in page and "Rp950.000.000" in page
    open_page = _body(client.get(f"/pengadaan/{open_tender.code}/"))
    assert "tersegel" in open_page
    assert client.get(f"/pengadaan/{hidden.code}/").status_code == 404


def test_pages_have_accessible_basics():
    open_tender, done, _, _ = _world()
    body = _body(Client().get("/pengadaan/"))
    assert '<label for="f-q">' in body and 'id="f-q"' in body
    assert 'role="search"' in body
    assert '<meta name="viewport"' in body
    assert 'href="#main"' in body
    response = Client().get("/")
    assert "max-age=30" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert "Accept-Language" in response["Vary"]


def test_public_pages_in_english_too():
    _world()
    response = Client().get("/pengadaan/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200


def test_tender_page_shows_schedule_with_current_stage():
    open_tender, _, _, _ = _world()
    body = _body(Client().get(f"/pengadaan/{open_tender.code}/"))
    assert 'aria-current="step"' in body
