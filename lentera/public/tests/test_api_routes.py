"""Public portal API routes and the open-data detail routes, called anonymously (#13 item 6): what is
published is answered, what is not (a tender never announced) answers 404 and changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from lentera.opendata import services as opendata
from lentera.opendata.models import Release
from lentera.testing import db_fingerprint

from .test_pages import _world

pytestmark = pytest.mark.django_db
route = pytest.mark.route


@pytest.fixture
def world(settings):
    settings.LENTERA_FEED_WATERMARK_SECONDS = 0
    return _world()


def _refused(url: str) -> None:
    before = db_fingerprint()
    assert Client().get(url).status_code == 404
    assert db_fingerprint() == before


@route("GET", "/api/v1/public/tenders", allowed=True)
def test_tender_search_lists_the_announced_tenders_only(world):
    open_tender, done, hidden, _ = world
    codes = {r["code"] for r in Client().get("/api/v1/public/tenders").json()["results"]}
    assert {open_tender.code, done.code} <= codes and hidden.code not in codes


@route("GET", "/api/v1/public/tenders/{code}", allowed=True)
@route("GET", "/api/v1/public/tenders/{code}", denied=True)
def test_tender_facts_name_the_winner_and_hide_a_draft(world):
    _, done, hidden, offers = world
    body = Client().get(f"/api/v1/public/tenders/{done.code}").json()
    assert body["code"] == done.code and body["winner_name"] == offers[0].provider.name
    _refused(f"/api/v1/public/tenders/{hidden.code}")


@route("GET", "/api/v1/public/stats", allowed=True)
def test_stats_count_the_published_tenders(world):
    open_tender, _, _, _ = world
    body = Client().get(f"/api/v1/public/stats?tahun={open_tender.package.fiscal_year}").json()
    assert body["tenders"] == 2 and body["in_progress"] >= 1 and body["awarded"] == 1


@route("GET", "/api/v1/opendata/records/{ocid}", denied=True)
@route("GET", "/api/v1/opendata/releases/{release_id}", allowed=True)
@route("GET", "/api/v1/opendata/releases/{release_id}", denied=True)
def test_release_of_a_published_tender_and_nothing_for_a_draft(world):
    _, done, hidden, _ = world
    release = Release.objects.filter(ocid=opendata.ocid_for(done.code)).order_by("seq").first()
    body = Client().get(f"/api/v1/opendata/releases/{release.release_id}").json()
    assert [r["id"] for r in body["releases"]] == [release.release_id]
    assert not Release.objects.filter(ocid=opendata.ocid_for(hidden.code)).exists()
    _refused(f"/api/v1/opendata/records/{opendata.ocid_for(hidden.code)}")
    _refused(f"/api/v1/opendata/releases/{opendata.ocid_for(hidden.code)}-tender")


@route("GET", "/api/v1/opendata/bulk", allowed=True)
@route("GET", "/api/v1/opendata/ping", allowed=True)
def test_bulk_index_lists_the_published_year(world):
    open_tender, _, _, _ = world
    years = Client().get("/api/v1/opendata/bulk").json()
    assert [y["fiscal_year"] for y in years] == [open_tender.package.fiscal_year]
    assert years[0]["files"]["json"].endswith(f"/api/v1/opendata/bulk/{open_tender.package.fiscal_year}.json")
    assert Client().get("/api/v1/opendata/ping").json() == {"ok": True}
