"""Provider verification times per month (median and 90th percentile from the submission to the verifier's
decision): the pure figures against a hand count and their written definition, the selector over real rounds
(staff rounds, pending rounds and other years left out), the dashboard, the report and the API."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from lentera.accounts.tests.factories import UserFactory
from lentera.core.calendar import JAKARTA
from lentera.core.roles import Role
from lentera.providers.models import VerificationRound
from lentera.reporting import selectors, service_figures
from lentera.reporting.sections_service import verification_section
from lentera.reporting.tests import scenario as sc
from lentera.testing import api_call, db_fingerprint, login_client
from lentera.testing_routes import allowed, denied

Y = sc.YEAR


def _at(month: int, day: int, hour: int = 8) -> dt.datetime:
    return dt.datetime(Y, month, day, hour, tzinfo=JAKARTA)


def _row(submitted: dt.datetime, hours: float, outcome: str = "APPROVED") -> dict:
    return {"subject": "PROVIDER", "outcome": outcome, "submitted_at": submitted,
            "decided_at": submitted + dt.timedelta(hours=hours)}  # fmt: skip


def test_percentile_is_nearest_rank_and_median_is_the_middle():
    assert service_figures.percentile([], 90) is None
    assert service_figures.percentile([5.0], 90) == Decimal("5.0")
    values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]
    assert service_figures.percentile(values, 90) == Decimal("9.0")  # ceil(0.9 * 10) = 9th value
    assert service_figures.percentile(values, 50) == Decimal("5.5")
    assert service_figures.percentile([3.0, 1.0, 2.0], 50) == Decimal("2.0")
    assert service_figures.percentile([1.0] * 10 + [100.0], 90) == Decimal("1.0")


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=5000, allow_nan=False), min_size=1, max_size=40))
def test_percentile_follows_its_definition(values):
    p90 = float(service_figures.percentile(values, 90))
    # at least 90 % of the values are at or below it (within the rounding to one decimal)
    assert sum(1 for v in values if v <= p90 + 0.051) >= math.ceil(0.9 * len(values))
    median = float(service_figures.percentile(values, 50))
    assert abs(median - statistics.median(values)) <= 0.051
    assert min(values) - 0.051 <= median <= p90 + 0.051 <= max(values) + 0.11


def test_verification_times_by_month_of_decision_against_a_hand_count():
    rows = [
        _row(_at(1, 5), 10),
        _row(_at(1, 10), 30, "REJECTED"),
        _row(_at(1, 20), 50),
        _row(_at(1, 30), 72),  # decided 2 February: counts in February
        _row(_at(3, 1), 4),
        {**_row(_at(3, 2), 1), "decided_at": None},
    ]
    months = service_figures.period_months("S1", Y)
    out = service_figures.verification_times(rows, months)
    by = {r["month"][1]: r for r in out["months"]}
    assert [m for _, m in months] == [1, 2, 3, 4, 5, 6]
    assert (by[1]["decided"], by[1]["approved"], by[1]["rejected"]) == (3, 2, 1)
    assert by[1]["median_hours"] == Decimal("30.0") and by[1]["p90_hours"] == Decimal("50.0")
    assert by[2]["decided"] == 1 and by[2]["median_hours"] == Decimal("72.0")
    assert by[4]["decided"] == 0 and by[4]["median_hours"] is None
    assert out["total"]["decided"] == 5
    assert out["total"]["median_hours"] == Decimal("30.0") and out["total"]["p90_hours"] == Decimal("72.0")
    table = verification_section(out)["tables"][0]
    assert table["rows"][-1][1:4] == [5, 4, 1]
    assert len(table["rows"]) == 7


def _round(user, number, subject, submitted, hours, outcome="APPROVED"):
    return VerificationRound.objects.create(
        user=user,
        subject=subject,
        number=number,
        submitted_at=submitted,
        outcome=outcome,
        decided_at=submitted + dt.timedelta(hours=hours) if hours is not None else None,
    )


def _rounds():
    a, b, c = UserFactory.create(), UserFactory.create(), UserFactory.create()
    _round(a, 1, "PROVIDER", _at(2, 3), 20, "REJECTED")
    _round(a, 2, "PROVIDER", _at(2, 10), 6)
    _round(b, 1, "PROVIDER_UPDATE", _at(2, 12), 40)
    _round(c, 1, "STAFF", _at(2, 12), 1)  # not a provider: left out
    _round(b, 2, "PROVIDER", _at(8, 1), 2)  # semester 2
    _round(c, 2, "PROVIDER", dt.datetime(Y - 1, 12, 30, tzinfo=JAKARTA), 5)  # decided the year before
    _round(a, 3, "PROVIDER", _at(3, 1), None, "PENDING")


@pytest.mark.django_db
def test_verification_figures_read_the_decided_provider_rounds():
    _rounds()
    s1 = selectors.verification_figures("S1", Y)
    feb = next(r for r in s1["months"] if r["month"] == (Y, 2))
    assert (feb["decided"], feb["approved"], feb["rejected"]) == (3, 2, 1)
    assert feb["median_hours"] == Decimal("20.0") and feb["p90_hours"] == Decimal("40.0")
    orm = VerificationRound.objects.filter(
        subject__in=["PROVIDER", "PROVIDER_UPDATE"], decided_at__year=Y, decided_at__month__lte=6
    ).count()
    assert s1["total"]["decided"] == orm == 3
    assert selectors.verification_figures("ANNUAL", Y)["total"]["decided"] == 4
    assert selectors.verification_figures("S2", Y)["total"]["median_hours"] == Decimal("2.0")


def test_dashboard_and_report_show_verification_times(world, report):
    _rounds()
    page = login_client(world.kepala, Role.KEPALA_UKPBJ).get(
        reverse("reporting:dashboard") + f"?tahun={Y}&semester=1"
    )
    assert "Waktu verifikasi penyedia" in page.content.decode()
    detail = login_client(world.kepala, Role.KEPALA_UKPBJ).get(
        reverse("reporting:report_detail", args=[report.pk])
    )
    html = detail.content.decode()
    assert "Verifikasi penyedia" in html and "Persentil ke-90 (jam)" in html
    csv_text = login_client(world.kepala, Role.KEPALA_UKPBJ).get(
        reverse("reporting:dashboard_download", args=["csv"]) + f"?tahun={Y}"
    )
    assert "Persentil ke-90 (jam)" in csv_text.content.decode()


@allowed("GET /api/v1/reporting/verification-times")
def test_verification_times_api(world):
    _rounds()
    r = api_call(world.w["auditor"], Role.AUDITOR, "get", f"/api/v1/reporting/verification-times?year={Y}")
    assert r.status_code == 200, r.content
    body = r.json()
    assert len(body["months"]) == 12 and body["total"]["decided"] == 4
    feb = body["months"][1]
    assert (feb["year"], feb["month"], feb["decided"]) == (Y, 2, 3)
    assert Decimal(feb["p90_hours"]) == Decimal("40.0")
    s1 = api_call(
        world.kepala, Role.KEPALA_UKPBJ, "get", f"/api/v1/reporting/verification-times?year={Y}&semester=1"
    )
    assert len(s1.json()["months"]) == 6


@denied("GET /api/v1/reporting/verification-times")
def test_verification_times_api_refused_to_other_roles(world):
    for user, role in ((world.w["ppk"], Role.PPK), (None, None)):
        before = db_fingerprint()
        r = api_call(user, role, "get", f"/api/v1/reporting/verification-times?year={Y}")
        assert r.status_code in (401, 403)
        if user is None:  # a signed-in call records its access (as the dashboard's test notes)
            assert db_fingerprint() == before
