"""OCDS publication: releases for each public event, sealed data only after opening, schema validation
(jsonschema with the bids extension merged, and libcoveocds with the local standard zip, offline), records."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.test import Client, override_settings

from lentera.opendata import services
from lentera.opendata.models import Release
from lentera.opendata.ocds import merge, validate
from lentera.opendata.selectors import record_package, release_package

from . import scenario

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_watermark")]


@pytest.fixture
def no_watermark():
    with override_settings(LENTERA_FEED_WATERMARK_SECONDS=0):
        yield


def _full_story():
    """A RUP item, and a tender taken through opening, evaluation, winner and contract, syncing each step."""
    _, unit, _ = scenario.org()
    t = scenario.tender(unit=unit)
    services.opendata_sync()
    offers = scenario.open_bids(t, [Decimal("950000000"), Decimal("990000000"), Decimal("900000000")])
    services.release_publish(kind="tender", obj=t)
    scenario.decide(t, offers, passed=[True, True, False], winner_index=0)
    services.release_publish(kind="award", obj=t)
    scenario.contract(t, offers[0], Decimal("950000000"))
    services.release_publish(kind="contract", obj=t)
    return t, offers


def test_each_public_event_emits_a_release_with_tags():
    t, _ = _full_story()
    ocid = services.ocid_for(t.code)
    tags = list(Release.objects.filter(ocid=ocid).order_by("seq").values_list("tags", flat=True))
    assert tags[0] == ["tender"]
    assert ["tenderUpdate"] in tags  # opening: bids published
    assert any("award" in tag for tag in tags)
    assert any("contract" in tag for tag in tags)
    rup_tags = Release.objects.filter(kind="planning").values_list("tags", flat=True)
    assert ["planning"] in list(rup_tags)
    assert all(r.startswith("ocds-lentera-") for r in Release.objects.values_list("ocid", flat=True))


def test_sync_is_idempotent():
    _full_story()
    before = Release.objects.count()
    assert services.opendata_sync()["process"] == 0
    assert services.opendata_sync()["rup"] == 0
    assert Release.objects.count() == before


def test_sequence_is_gapless_and_monotonic():
    _full_story()
    seqs = list(Release.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))


def test_bids_appear_only_after_opening():
    _, unit, _ = scenario.org()
    t = scenario.tender(unit=unit, closing_in=__import__("datetime").timedelta(days=3))
    services.opendata_sync()
    first = Release.objects.get(ocid=services.ocid_for(t.code))
    assert "bids" not in first.data and "tenderers" not in first.data["tender"]
    scenario.open_bids(t, [scenario.SECRET_BID_PRICE])
    services.release_publish(kind="tender", obj=t)
    latest = Release.objects.filter(ocid=services.ocid_for(t.code)).order_by("-seq").first()
    assert latest.data["bids"]["details"][0]["value"]["amount"] == float(scenario.SECRET_BID_PRICE)
    assert latest.data["tender"]["numberOfTenderers"] == 1


def test_codelists_and_parties():
    t, offers = _full_story()
    data = Release.objects.filter(ocid=services.ocid_for(t.code)).order_by("-seq").first().data
    assert data["tender"]["procurementMethod"] == "open"
    assert data["tender"]["mainProcurementCategory"] == "works"
    assert data["tender"]["status"] == "active"
    assert data["awards"][0]["status"] == "active"
    assert data["contracts"][0]["status"] == "active"
    roles = {p["id"]: set(p["roles"]) for p in data["parties"]}
    assert data["buyer"]["id"] in roles and "buyer" in roles[data["buyer"]["id"]]
    assert any("procuringEntity" in r for r in roles.values())
    winner = data["awards"][0]["suppliers"][0]["id"]
    assert {"supplier", "tenderer"} <= roles[winner]
    assert data["bids"]["details"][2]["status"] == "disqualified"
    for code in [data["tender"]["procurementMethod"]]:
        assert code in validate.codelist_codes("method.csv")
    assert data["tender"]["status"] in validate.codelist_codes("tenderStatus.csv")
    for detail in data["bids"]["details"]:
        assert detail["status"] in validate.codelist_codes("bidStatus.csv")


def test_release_and_record_packages_are_schema_valid():
    _full_story()
    releases = list(Release.objects.order_by("seq").values_list("data", flat=True))
    package = release_package(releases, uri="http://testserver/api/v1/opendata/releases")
    assert validate.errors(package) == []
    ocid = Release.objects.filter(kind="contract").first().ocid
    records = record_package(ocid, uri="http://testserver/x")
    assert validate.errors(records) == []


def test_schema_validation_catches_bad_data():
    _full_story()
    releases = list(Release.objects.order_by("seq").values_list("data", flat=True))
    broken = json.loads(json.dumps(releases))
    broken[0]["tag"] = ["notATag"]
    del broken[1]["ocid"]
    broken[-1].setdefault("bids", {"details": [{}]})["details"][0]["status"] = "bogus"
    errors = validate.errors(release_package(broken, uri="http://testserver/x"))
    assert any("notATag" in e for e in errors)
    assert any("ocid" in e for e in errors)
    assert any("bogus" in e for e in errors)


class _LocalStandard:
    """jsonref's ``requests``: answers the standard's schema URLs from the shipped copy (no network)."""

    @staticmethod
    def get(uri):
        prefix = "https://standard.open-contracting.org/schema/1__1__5/"
        assert uri.startswith(prefix), uri
        text = (validate.STANDARD_DIR / uri[len(prefix) :]).read_text(encoding="utf-8")

        class Response:
            def raise_for_status(self):
                return None

            def json(self, **kwargs):
                return json.loads(text, **kwargs)

        return Response()


def libcove_result(package, tmp_path, monkeypatch, *, record: bool = False, name: str = "out") -> dict:
    """libcoveocds's result for a package, with the shipped standard zip and no network at all (socket
    connections refused).

    libcoveocds reads extensions only over HTTP, so the bids extension is declared in the published packages but
    left out of the copy given to libcoveocds: it then reports `bids` as additional fields, not as errors; the
    extension's own rules are checked by the jsonschema test. For record packages libcoveocds dereferences the
    record schema with jsonref, which fetches the standard's versioned-release-validation-schema.json by URL:
    it is served from the shipped copy (same file as in the zip).
    """
    import socket

    import jsonref
    from libcoveocds.api import ocds_json_output
    from libcoveocds.config import LibCoveOCDSConfig

    def refuse(*args, **kwargs):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(jsonref, "requests", _LocalStandard)
    package = json.loads(json.dumps(package))
    package.pop("extensions", None)
    config = LibCoveOCDSConfig()
    config.config["standard_zip"] = f"file://{validate.STANDARD_ZIP}"
    config.config["context"] = "api"
    return ocds_json_output(
        str(tmp_path / name), None, "1.1", json_data=package, lib_cove_ocds_config=config, record_pkg=record
    )


def libcove_errors(package, tmp_path, monkeypatch, *, record: bool = False) -> list:
    return libcove_result(package, tmp_path, monkeypatch, record=record)["validation_errors"]


def test_libcoveocds_validates_offline_with_local_standard_zip(tmp_path, monkeypatch):
    """libcoveocds with the shipped standard zip and no network at all (see libcove_result)."""
    _full_story()
    releases = list(Release.objects.order_by("seq").values_list("data", flat=True))
    package = release_package(releases, uri="http://testserver/x")
    result = libcove_result(package, tmp_path, monkeypatch)
    assert result["validation_errors"] == []
    assert result["unique_ocids_count"] >= 2
    broken = json.loads(json.dumps(package))
    del broken["releases"][0]["ocid"]
    result = libcove_result(broken, tmp_path, monkeypatch, name="bad")
    messages = json.dumps(result["validation_errors"])
    assert "ocid" in messages
    ocid = Release.objects.filter(kind="contract").first().ocid
    records = record_package(ocid, uri="http://testserver/x")
    assert libcove_errors(records, tmp_path, monkeypatch, record=True) == []


def test_compiled_record_merges_by_identifier():
    releases = [
        {
            "ocid": "x",
            "id": "1",
            "date": "2026-01-01T00:00:00Z",
            "tag": ["tender"],
            "tender": {"id": "t", "status": "active", "documents": [{"id": "d1", "title": "A"}]},
            "parties": [{"id": "p1", "name": "Buyer", "roles": ["buyer"]}],
        },
        {
            "ocid": "x",
            "id": "2",
            "date": "2026-01-05T00:00:00Z",
            "tag": ["award"],
            "tender": {
                "id": "t",
                "status": "complete",
                "documents": [{"id": "d2", "title": "B"}],
                "title": None,
            },
            "parties": [{"id": "p2", "name": "Supplier", "roles": ["supplier"]}],
            "awards": [{"id": "a1", "status": "active"}],
        },
    ]
    compiled = merge.compile_release(releases)
    assert compiled["tag"] == ["compiled"]
    assert compiled["tender"]["status"] == "complete"
    assert [d["id"] for d in compiled["tender"]["documents"]] == ["d1", "d2"]
    assert [p["id"] for p in compiled["parties"]] == ["p1", "p2"]
    assert compiled["awards"][0]["id"] == "a1"


@pytest.mark.route("GET", "/api/v1/opendata/releases", allowed=True)
def test_feed_api_pages_by_cursor():
    _full_story()
    client = Client()
    seen, after = [], 0
    while True:
        body = client.get("/api/v1/opendata/releases", {"after": after, "limit": 2}).json()
        if not body["releases"]:
            break
        seen.extend(r["id"] for r in body["releases"])
        after = body["cursor"]
    assert seen == list(Release.objects.order_by("seq").values_list("release_id", flat=True))
    assert validate.errors(client.get("/api/v1/opendata/releases").json()) == []


def test_full_feed_page_is_served_whole_from_cache_and_the_tail_page_fresh(monkeypatch):
    """A full page never changes (sequence numbers are final), so its encoded body is kept; the last,
    partial page is read again on every request, so a reader polling it sees new releases at once."""
    from lentera.opendata import selectors

    _full_story()
    client = Client()
    total = Release.objects.count()
    full = client.get("/api/v1/opendata/releases", {"after": 0, "limit": 2})
    tail = client.get("/api/v1/opendata/releases", {"after": 0, "limit": total + 1}).json()
    assert len(tail["releases"]) == total

    def no_database(**kwargs):
        raise AssertionError("a full page must come from the cache")

    monkeypatch.setattr(selectors, "feed_page_text", no_database)
    again = client.get("/api/v1/opendata/releases", {"after": 0, "limit": 2})
    assert again.content == full.content
    with pytest.raises(AssertionError, match="from the cache"):
        client.get("/api/v1/opendata/releases", {"after": 0, "limit": total + 1})
    with override_settings(LENTERA_FEED_CACHE_SECONDS=0), pytest.raises(AssertionError):
        client.get("/api/v1/opendata/releases", {"after": 0, "limit": 2})


def test_feed_watermark_hides_just_published_releases():
    _full_story()
    with override_settings(LENTERA_FEED_WATERMARK_SECONDS=3600):
        body = Client().get("/api/v1/opendata/releases").json()
    assert body["releases"] == [] and body["cursor"] == 0


@pytest.mark.route("GET", "/api/v1/opendata/records/{ocid}", allowed=True)
@pytest.mark.route("GET", "/api/v1/opendata/bulk/{year}.{fmt}", allowed=True)
@pytest.mark.route("GET", "/api/v1/opendata/bulk/{year}.{fmt}", denied=True)
def test_record_and_bulk_endpoints():
    t, _ = _full_story()
    client = Client()
    record = client.get(f"/api/v1/opendata/records/{services.ocid_for(t.code)}")
    assert record.status_code == 200
    assert validate.errors(record.json()) == []
    assert client.get("/api/v1/opendata/records/ocds-lentera-NOPE").status_code == 404
    bulk = client.get("/api/v1/opendata/bulk/2026.json")
    assert bulk.status_code == 200
    package = json.loads(b"".join(bulk.streaming_content))
    assert validate.errors(package) == []
    assert client.get("/api/v1/opendata/bulk/1999.json").status_code == 404


def test_bulk_csv_and_xlsx_via_flattentool():
    _full_story()
    client = Client()
    xlsx = client.get("/api/v1/opendata/bulk/2026.xlsx")
    assert xlsx.status_code == 200
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"
    csv = client.get("/api/v1/opendata/bulk/2026.csv")
    assert csv.status_code == 200
    import io
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(b"".join(csv.streaming_content))).namelist()
    assert "releases.csv" in names
