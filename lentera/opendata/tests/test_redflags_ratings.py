"""The auditors' red flag on low performance ratings (docs/red-flags.md): hand-made cases, the dated threshold,
and the list through the API and the page from ratings recorded on real contract rows (never public)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from lentera.contracts.models import PerformanceRating
from lentera.core.roles import Role
from lentera.opendata import redflags as rf
from lentera.opendata.redflags_ratings import RatingInput as R
from lentera.opendata.redflags_ratings import low_performance_rating_per_provider
from lentera.testing import api_headers, login_client

DAY = dt.date(2026, 12, 7)


def test_low_performance_rating_threshold_is_dated_rule_data():
    assert rf.threshold("low_performance_rating", DAY) == 1
    with pytest.raises(LookupError):  # before the row applies
        rf.threshold("low_performance_rating", dt.date(2024, 12, 31))


def test_low_performance_rating_per_provider_counts_ratings_under_the_flag_line():
    rows = low_performance_rating_per_provider(
        [
            R(1, D("1.50"), True),
            R(1, D("3.50"), False),
            R(2, D("3.00"), False),  # never under the line: not listed
            R(3, D("1.25"), True),
        ]
    )
    assert rows == [
        {"provider_id": 3, "ratings": 1, "low": 1, "average": D("1.25")},
        {"provider_id": 1, "ratings": 2, "low": 1, "average": D("2.50")},
    ]
    assert low_performance_rating_per_provider([]) == []


@pytest.mark.django_db
@pytest.mark.route("GET", "/api/v1/opendata/redflags/providers/low-rating", allowed=True)
@pytest.mark.route("GET", "/api/v1/opendata/redflags/providers/low-rating", denied=True)
def test_low_performance_rating_per_provider_is_for_auditors(make_user):
    from . import scenario

    cache.clear()
    supplier = scenario.provider("PT Kinerja Rendah")
    for average, flagged in ((D("1.50"), True), (D("2.50"), False)):
        t = scenario.tender()
        offers = scenario.open_bids(t, [D("900000000")], providers=[supplier])
        scenario.decide(t, offers, passed=[True], winner_index=0)
        c = scenario.contract(t, offers[0], D("900000000"))
        PerformanceRating.objects.create(
            contract=c,
            provider=supplier,
            scores={"quality": 1},
            average=average,
            flagged=flagged,
            comments="x",
            rated_on=DAY,
            rated_by=t.created_by,
            rated_at=timezone.now(),
        )
    auditor = make_user(Role.AUDITOR)
    url = "/api/v1/opendata/redflags/providers/low-rating"
    rows = Client().get(url, **api_headers(auditor, Role.AUDITOR))
    assert rows.status_code == 200
    assert rows.json() == [{"provider_id": supplier.pk, "ratings": 2, "low": 1, "average": "2.00"}]
    assert Client().get(url).status_code == 401
    page = login_client(auditor, Role.AUDITOR).get("/opendata/indikator-risiko/").content.decode()
    assert "low-rated-providers" in page and f"#{supplier.pk}</a>: 1 dari 2 penilaian" in page
    public = Client().get("/opendata/indikator-risiko/").content.decode()
    assert "low-rated-providers" not in public
    cache.clear()
