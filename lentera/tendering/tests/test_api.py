"""The API runs the same services: a tender drafted, scheduled, documented and announced by the Pokja, a provider
registering and asking, the public facts; errors come back as {"error": {"code", "message"}}."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from lentera.core.roles import Role
from lentera.tendering import rules, states
from lentera.tendering.enums import Stage
from lentera.tendering.models import Tender
from lentera.testing import api_headers
from lentera.testing_routes import allowed

from .factories import SETUP_AT, build, clock, inside, pdf_upload

API = "/api/v1/tendering"


@pytest.mark.django_db
@allowed(
    "POST /api/v1/tendering/packages/{package_id}/tenders",
    "PUT /api/v1/tendering/tenders/{tender_id}/schedule",
    "POST /api/v1/tendering/tenders/{tender_id}/documents",
    "POST /api/v1/tendering/tenders/{tender_id}/announce",
    "POST /api/v1/tendering/tenders/{tender_id}/registrations",
    "POST /api/v1/tendering/tenders/{tender_id}/questions",
    "POST /api/v1/tendering/tenders/{tender_id}/questions/{question_id}/answer",
    "GET /api/v1/tendering/tenders",
    "GET /api/v1/tendering/tenders/{tender_id}",
    "GET /api/v1/tendering/workspace",
)
def test_api_flow_and_errors(at_setup):
    tw = build(providers=1)
    c = Client()
    pokja = api_headers(tw.chair, Role.POKJA)
    r = c.post(
        f"{API}/packages/{tw.package.pk}/tenders",
        {"evaluation_method": "LOWEST_PRICE"},
        content_type="application/json",
        **pokja,
    )
    assert r.status_code == 201, r.content
    tender = Tender.objects.get(pk=r.json()["id"])
    windows = rules.suggest_schedule(
        tender, states.machine_of(tender).stages, SETUP_AT.astimezone(dt.UTC), tw.w.agency.pk
    )
    body = {
        "windows": [
            {"stage": s, "starts_at": a.isoformat(), "ends_at": b.isoformat()}
            for s, (a, b) in windows.items()
        ]
    }
    bad = {"windows": body["windows"][:-1]}
    r = c.put(f"{API}/tenders/{tender.pk}/schedule", bad, content_type="application/json", **pokja)
    assert r.status_code == 400 and r.json()["error"]["code"] == "SCHEDULE_STAGE_MISSING"
    r = c.put(f"{API}/tenders/{tender.pk}/schedule", body, content_type="application/json", **pokja)
    assert r.status_code == 200 and len(r.json()) == len(windows)
    r = c.post(f"{API}/tenders/{tender.pk}/announce", **pokja)
    assert r.status_code == 400 and r.json()["error"]["code"] == "DOCUMENT_MISSING"
    r = c.post(f"{API}/tenders/{tender.pk}/documents", {"title": "Dokumen", "file": pdf_upload()}, **pokja)
    assert r.status_code == 201, r.content
    assert list(tender.documents.values_list("title", flat=True)) == ["Dokumen"]
    r = c.post(f"{API}/tenders/{tender.pk}/announce", **pokja)
    assert r.status_code == 200 and r.json()["stage"] == Stage.ANNOUNCEMENT
    tender.refresh_from_db()
    assert tender.announced_at is not None
    provider = api_headers(tw.provider_user(0), Role.PENYEDIA)
    with clock(inside(tender, Stage.ANNOUNCEMENT)):
        assert c.post(f"{API}/tenders/{tender.pk}/registrations", **provider).status_code == 201
        assert tender.registrations.filter(provider=tw.providers[0]).exists()
        r = c.post(
            f"{API}/tenders/{tender.pk}/questions",
            {"text": "Terlalu awal?"},
            content_type="application/json",
            **provider,
        )
        assert r.status_code == 409 and r.json()["error"]["code"] == "STAGE_NOT_ALLOWED"
    with clock(inside(tender, Stage.EXPLANATION)):
        r = c.post(
            f"{API}/tenders/{tender.pk}/questions",
            {"text": "Berapa lama masa pemeliharaan?"},
            content_type="application/json",
            **provider,
        )
        assert r.status_code == 201
        qid = r.json()["id"]
        r = c.post(
            f"{API}/tenders/{tender.pk}/questions/{qid}/answer",
            {"answer": "180 hari kalender."},
            content_type="application/json",
            **pokja,
        )
        assert r.status_code == 200
        facts = Client().get(f"{API}/tenders/{tender.pk}").json()
    assert facts["questions"][0]["answer"] == "180 hari kalender." and facts["stage"] == Stage.EXPLANATION
    assert "provider" not in facts["questions"][0]
    public = Client().get(f"{API}/tenders").json()
    assert [t["code"] for t in public] == [tender.code]
    workspace = c.get(f"{API}/workspace", **provider).json()
    assert [t["id"] for t in workspace] == [tender.pk]


@pytest.mark.django_db
def test_dashboard_items_per_role(at_setup):
    from lentera.core import dashboard

    from .factories import create_tender, evaluate_all, opened

    tw = build(providers=2)
    t = create_tender(tw)
    offers = opened(tw, ["2000000000", "2100000000"])
    with clock(inside(t, Stage.EVALUATION)):
        titles = [i.title for i in dashboard.items_for(tw.chair, Role.POKJA)]
        assert "Evaluasi penawaran yang belum Anda isi" in titles
        provider_items = dashboard.items_for(tw.provider_user(0), Role.PENYEDIA)
        assert any(t.code in i.title and i.url == f"/tender/{t.pk}/" for i in provider_items)
        evaluate_all(tw, offers, members=[tw.chair])
        assert "Evaluasi penawaran yang belum Anda isi" not in [
            i.title for i in dashboard.items_for(tw.chair, Role.POKJA)
        ]
        assert not any("SPPBJ" in i.title for i in dashboard.items_for(tw.ppk, Role.PPK))


@pytest.mark.django_db
def test_schedule_api_accepts_the_start_time_it_returned(at_setup):
    """The API writes times to the millisecond; a schedule it returned, sent back unchanged (with one later stage
    moved), must not read as a change of a stage that has already started (#12 1.7)."""
    tw = build(providers=1)
    c = Client()
    pokja = api_headers(tw.chair, Role.POKJA)
    r = c.post(
        f"{API}/packages/{tw.package.pk}/tenders",
        {"evaluation_method": "LOWEST_PRICE"},
        content_type="application/json",
        **pokja,
    )
    tender = Tender.objects.get(pk=r.json()["id"])
    windows = rules.suggest_schedule(
        tender, states.machine_of(tender).stages, SETUP_AT.astimezone(dt.UTC), tw.w.agency.pk
    )
    micro = dt.timedelta(microseconds=123456)
    body = {
        "windows": [
            {"stage": s, "starts_at": (a + micro).isoformat(), "ends_at": (b + micro).isoformat()}
            for s, (a, b) in windows.items()
        ]
    }
    r = c.put(f"{API}/tenders/{tender.pk}/schedule", body, content_type="application/json", **pokja)
    assert r.status_code == 200, r.content
    returned = r.json()
    assert ".123" in returned[0]["starts_at"] and ".123456" not in returned[0]["starts_at"]
    c.post(f"{API}/tenders/{tender.pk}/documents", {"title": "Dokumen", "file": pdf_upload()}, **pokja)
    assert c.post(f"{API}/tenders/{tender.pk}/announce", **pokja).status_code == 200
    with clock(inside(tender, Stage.ANNOUNCEMENT)):
        back = {"windows": [dict(w) for w in returned], "reason": "Penyesuaian jadwal evaluasi."}
        last = back["windows"][-1]
        last["ends_at"] = (dt.datetime.fromisoformat(last["ends_at"]) + dt.timedelta(days=1)).isoformat()
        r = c.put(f"{API}/tenders/{tender.pk}/schedule", back, content_type="application/json", **pokja)
        assert r.status_code == 200, r.content
        again = r.json()
    assert [w["starts_at"] for w in again] == [w["starts_at"] for w in returned]
    moved = dt.datetime.fromisoformat(again[-1]["ends_at"])
    assert moved == dt.datetime.fromisoformat(last["ends_at"])
