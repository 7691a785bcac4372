"""LPSE availability: the probe against a live server (no outside network) and with the HTTP call mocked, the
management command and the django-tasks task, the figures per month against a hand count, the report and
dashboard sections and the API (allowed and denied)."""

from __future__ import annotations

import datetime as dt
import io
import urllib.error
from decimal import Decimal
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse

from lentera.core.calendar import JAKARTA
from lentera.core.roles import Role
from lentera.reporting import availability, selectors, service_figures
from lentera.reporting.models import AvailabilitySample
from lentera.reporting.sections_service import availability_section
from lentera.reporting.tests import scenario as sc
from lentera.testing import api_call, db_fingerprint, login_client
from lentera.testing_routes import allowed, denied

Y = sc.YEAR


class _Answer:
    def __init__(self, status):
        self.status = status

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.mark.django_db(transaction=True)
def test_record_availability_probes_a_live_server(live_server):
    sample = availability.record_availability(url=f"{live_server.url}/healthz", timeout=20)
    assert sample.status_code == 200 and sample.ok and sample.latency_ms is not None, sample.error
    down = availability.record_availability(url=f"{live_server.url}/tidak-ada-halaman", timeout=20)
    assert not down.ok and down.status_code == 404
    assert AvailabilitySample.objects.count() == 2


@pytest.mark.django_db
def test_record_availability_with_the_http_call_mocked(settings):
    settings.LENTERA_HEALTH_URL = "http://lpse.test/healthz"
    with mock.patch("urllib.request.urlopen", return_value=_Answer(200)) as urlopen:
        out = io.StringIO()
        call_command("record_availability", stdout=out)
    assert urlopen.call_args.args[0] == "http://lpse.test/healthz"
    assert "OK status=200" in out.getvalue()
    refused = urllib.error.URLError("Connection refused")
    with mock.patch("urllib.request.urlopen", side_effect=refused):
        sample = availability.record_availability()
    assert not sample.ok and sample.status_code is None and "refused" in sample.error
    with mock.patch("urllib.request.urlopen", side_effect=TimeoutError("timed out")):
        assert not availability.record_availability().ok
    assert list(AvailabilitySample.objects.values_list("ok", flat=True)) == [True, False, False]


@pytest.mark.django_db
def test_the_task_records_a_sample(settings):
    from lentera.reporting.tasks import record_availability_task

    with mock.patch("urllib.request.urlopen", return_value=_Answer(200)):
        result = record_availability_task.enqueue("http://lpse.test/healthz")
    assert result.return_value is True  # the test settings run tasks immediately
    assert AvailabilitySample.objects.get().url == "http://lpse.test/healthz"


def _rows():
    at = lambda m, d, h=0: dt.datetime(Y, m, d, h, tzinfo=JAKARTA)  # noqa: E731
    return [
        {"checked_at": at(1, 1, 1), "ok": True, "latency_ms": 100},
        {"checked_at": at(1, 1, 2), "ok": True, "latency_ms": 300},
        {"checked_at": at(1, 2), "ok": False, "latency_ms": None},
        {
            "checked_at": at(1, 31, 23),
            "ok": True,
            "latency_ms": 200,
        },  # 31 Jan 23:00 WIB is 16:00 UTC: January
        {"checked_at": at(3, 5), "ok": False, "latency_ms": 5000},
    ]


def test_availability_per_month_against_a_hand_count():
    out = service_figures.availability(_rows(), service_figures.period_months("S1", Y), 5)
    jan, feb, mar = out["months"][:3]
    assert (jan["samples"], jan["up"], jan["availability_pct"]) == (4, 3, Decimal("75.00"))
    assert jan["downtime_minutes"] == 5 and jan["median_latency_ms"] == Decimal("200.0")
    assert feb["samples"] == 0 and feb["availability_pct"] is None and feb["downtime_minutes"] == 0
    assert mar["availability_pct"] == Decimal("0.00") and mar["median_latency_ms"] is None
    assert out["total"]["availability_pct"] == Decimal("60.00") and out["total"]["downtime_minutes"] == 10
    table = availability_section(out)["tables"][0]
    assert table["rows"][-1][1:5] == [5, 3, Decimal("60.00"), 10]


def _store():
    for r in _rows():
        AvailabilitySample.objects.create(url="http://lpse.test/healthz", **r)


@pytest.mark.django_db
def test_availability_figures_read_the_samples(settings):
    settings.LENTERA_HEALTH_INTERVAL_MINUTES = 1
    _store()
    figs = selectors.availability_figures("S1", Y)
    assert figs["total"]["samples"] == AvailabilitySample.objects.count() == 5
    assert figs["total"]["downtime_minutes"] == 2
    assert selectors.availability_figures("S2", Y)["total"]["samples"] == 0


def test_dashboard_and_report_show_availability(world, report):
    _store()
    c = login_client(world.kepala, Role.KEPALA_UKPBJ)
    assert (
        "Ketersediaan layanan LPSE" in c.get(reverse("reporting:dashboard") + f"?tahun={Y}").content.decode()
    )
    html = c.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
    assert "Ketersediaan LPSE" in html and "Waktu tidak tersedia (menit)" in html


@allowed("GET /api/v1/reporting/availability")
def test_availability_api(world):
    _store()
    r = api_call(
        world.w["auditor"], Role.AUDITOR, "get", f"/api/v1/reporting/availability?year={Y}&semester=1"
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert len(body["months"]) == 6 and body["total"]["samples"] == 5
    assert Decimal(body["months"][0]["availability_pct"]) == Decimal("75.00")


@denied("GET /api/v1/reporting/availability")
def test_availability_api_refused_to_other_roles(world):
    for user, role in ((world.w["ppk"], Role.PPK), (None, None)):
        before = db_fingerprint()
        r = api_call(user, role, "get", f"/api/v1/reporting/availability?year={Y}")
        assert r.status_code in (401, 403)
        if user is None:
            assert db_fingerprint() == before
