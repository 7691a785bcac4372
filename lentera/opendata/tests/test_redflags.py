"""Each red-flag indicator on hand-made cases (docs/red-flags.md), and the auditor / public views."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.test import Client

from lentera.core.roles import Role
from lentera.opendata import redflags as rf
from lentera.opendata.redflags import BidInput as B
from lentera.opendata.redflags import TenderInput as T
from lentera.testing import api_headers, login_client

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def test_single_bid():
    assert rf.single_bid(T("a", opened=True, bids=[B(1, D(10))])).flagged
    assert not rf.single_bid(T("a", opened=True, bids=[B(1, D(10)), B(2, D(11))])).flagged
    assert rf.single_bid(T("a", opened=False, bids=[])) is None  # sealed: not known yet
    assert rf.single_bid(T("a", method="PENGADAAN_LANGSUNG", opened=True, bids=[B(1, D(1))])) is None


def test_short_bid_period():
    short = T("a", method="TENDER", announced_at=T0, bid_deadline=T0 + dt.timedelta(days=6))
    ok = T("a", method="TENDER", announced_at=T0, bid_deadline=T0 + dt.timedelta(days=14))
    quick = T("a", method="TENDER_CEPAT", announced_at=T0, bid_deadline=T0 + dt.timedelta(days=4))
    assert rf.short_bid_period(short).flagged and rf.short_bid_period(short).value == 6.0
    assert not rf.short_bid_period(ok).flagged
    assert not rf.short_bid_period(quick).flagged
    assert rf.short_bid_period(T("a", method="PENGADAAN_LANGSUNG", announced_at=T0, bid_deadline=T0)) is None


def test_decision_period_outliers():
    normal = [T(f"n{i}", bid_deadline=T0, award_date=T0 + dt.timedelta(days=10 + i % 3)) for i in range(10)]
    slow = T("slow", bid_deadline=T0, award_date=T0 + dt.timedelta(days=60))
    flags = rf.decision_period_outliers([*normal, slow])
    assert flags["slow"].flagged and flags["slow"].value == 60.0
    assert not any(flags[t.code].flagged for t in normal)
    few = rf.decision_period_outliers([slow, *normal[:3]])  # below the minimum population: not computed
    assert "slow" not in few


def test_minimum_population_decision_period_outlier_not_shown_below_eight_tenders():
    """docs/red-flags.md: "not computed when fewer than 8 decided tenders of that method" - so not shown."""
    assert rf.minimum_population("decision_period_outlier", dt.date(2026, 3, 1)) == 8
    seven = [T(f"n{i}", bid_deadline=T0, award_date=T0 + dt.timedelta(days=10 + i)) for i in range(7)]
    flags = rf.tender_flags(seven)
    assert all(f.code != "decision_period_outlier" for fl in flags.values() for f in fl)
    eight = [*seven, T("n7", bid_deadline=T0, award_date=T0 + dt.timedelta(days=12))]
    assert any(f.code == "decision_period_outlier" for f in rf.tender_flags(eight)["n0"])


def test_winner_near_hps():
    assert rf.winner_near_hps(T("a", hps=D(1000), winner_value=D(985))).flagged
    assert rf.winner_near_hps(T("a", hps=D(1000), winner_value=D(980))).flagged  # exactly 98%
    assert not rf.winner_near_hps(T("a", hps=D(1000), winner_value=D(979))).flagged
    assert rf.winner_near_hps(T("a", hps=None, winner_value=D(5))) is None


def test_identical_bid_prices():
    assert rf.identical_bid_prices(T("a", bids=[B(1, D(500)), B(2, D(500)), B(3, D(600))])).value == 2
    assert not rf.identical_bid_prices(T("a", bids=[B(1, D(500)), B(2, D(501))])).flagged
    assert rf.identical_bid_prices(T("a", bids=[B(1, None), B(2, None)])) is None  # prices still sealed


def test_all_but_winner_disqualified():
    t = T(
        "a",
        winner_provider_id=1,
        bids=[B(1, D(9), "valid"), B(2, D(8), "disqualified"), B(3, D(7), "disqualified")],
    )
    assert rf.all_but_winner_disqualified(t).flagged
    t2 = T("a", winner_provider_id=1, bids=[B(1, D(9), "valid"), B(2, D(8), "valid")])
    assert not rf.all_but_winner_disqualified(t2).flagged
    assert rf.all_but_winner_disqualified(T("a", winner_provider_id=1, bids=[B(1, D(9), "valid")])) is None


def test_lowest_bid_disqualified_under_price_only():
    bids = [B(1, D(900), "valid"), B(2, D(800), "disqualified")]
    assert rf.lowest_bid_disqualified(T("a", evaluation_method="LOWEST_PRICE", bids=bids)).flagged
    assert rf.lowest_bid_disqualified(T("a", evaluation_method="MERIT_POINT", bids=bids)) is None
    fair = [B(1, D(800), "valid"), B(2, D(900), "disqualified")]
    assert not rf.lowest_bid_disqualified(T("a", evaluation_method="LOWEST_PRICE", bids=fair)).flagged


def test_contract_value_increase():
    assert rf.contract_value_increase(T("a", winner_value=D(1000), contract_value=D(1100))).flagged
    assert not rf.contract_value_increase(T("a", winner_value=D(1000), contract_value=D(1000))).flagged
    assert rf.contract_value_increase(T("a", winner_value=D(1000))) is None


def test_winner_concentration_per_buyer():
    assert rf.winner_concentration([1, 1, 1, 2]).flagged
    assert not rf.winner_concentration([1, 2, 3, 4]).flagged
    assert not rf.winner_concentration([1, 1]).flagged  # too few awards to say


def test_non_open_share_per_buyer():
    many_direct = [
        ("PENGADAAN_LANGSUNG", D(100)),
        ("PENUNJUKAN_LANGSUNG", D(300)),
        ("TENDER", D(500)),
        ("TENDER", D(100)),
    ]
    assert rf.non_open_share(many_direct).flagged  # 400 / 1000
    mostly_open = [("PENGADAAN_LANGSUNG", D(50)), ("TENDER", D(500)), ("TENDER", D(400)), ("SELEKSI", D(50))]
    assert not rf.non_open_share(mostly_open).flagged


def test_providers_never_winning():
    tenders = [T(f"t{i}", bids=[B(7, D(10)), B(i + 100, D(9))], winner_provider_id=i + 100) for i in range(5)]
    assert rf.providers_never_winning(tenders) == [{"provider_id": 7, "bids": 5, "wins": 0}]
    assert rf.providers_never_winning(tenders[:4]) == []


def test_minimum_population_is_dated_rule_data():
    assert (
        rf.minimum_population("decision_period_outlier", dt.date(2024, 12, 31)) == 0
    )  # before the row applies
    assert rf.minimum_population("decision_period_outlier", dt.date(2025, 1, 1)) == 8
    assert rf.minimum_population("single_bid", dt.date(2026, 3, 1)) == 0  # an indicator without a minimum


def test_share_flag_needs_half_raised_among_at_least_four_computed():
    def flag(raised):
        return rf.Flag("single_bid", 1, raised)

    assert rf.share_flag("single_bid_share", [flag(True), flag(True), flag(False), flag(False)]).flagged
    assert not rf.share_flag("single_bid_share", [flag(True), flag(False), flag(False), flag(False)]).flagged
    assert not rf.share_flag("single_bid_share", [flag(True), flag(True), flag(True)]).flagged  # too few
    # indicators not computed (None) do not count in the population
    assert not rf.share_flag("single_bid_share", [flag(True), flag(True), None, None, flag(False)]).flagged
    assert rf.share_flag("single_bid_share", [None, None]) is None


def test_ranking_and_buyer_aggregates():
    risky = T(
        "risky",
        buyer_id="B1",
        hps=D(1000),
        winner_value=D(990),
        winner_provider_id=1,
        opened=True,
        bids=[B(1, D(990), "valid")],
    )
    clean = T(
        "clean",
        buyer_id="B1",
        hps=D(1000),
        winner_value=D(800),
        winner_provider_id=2,
        opened=True,
        bids=[B(2, D(800), "valid"), B(3, D(850), "valid")],
    )
    ranked = rf.ranked([clean, risky])
    assert ranked[0]["tender"].code == "risky" and ranked[0]["score"] == 2
    buyers = rf.buyer_aggregates([clean, risky])
    assert buyers[0]["tenders"] == 2 and {v["code"] for v in buyers[0]["values"]} >= {"single_bid_share"}


@pytest.mark.django_db
@pytest.mark.route("GET", "/api/v1/opendata/redflags/tenders", allowed=True)
@pytest.mark.route("GET", "/api/v1/opendata/redflags/tenders", denied=True)
@pytest.mark.route("GET", "/api/v1/opendata/redflags/tenders/{code}", allowed=True)
@pytest.mark.route("GET", "/api/v1/opendata/redflags/tenders/{code}", denied=True)
@pytest.mark.route("GET", "/api/v1/opendata/redflags/providers", allowed=True)
@pytest.mark.route("GET", "/api/v1/opendata/redflags/providers", denied=True)
@pytest.mark.route("GET", "/api/v1/opendata/redflags/buyers", allowed=True)
def test_auditor_sees_ranked_list_and_public_sees_buyer_aggregates(make_user):
    from lentera.opendata import services

    from . import scenario

    cache.clear()
    t = scenario.tender(title="Tender Berisiko Tinggi")
    offers = scenario.open_bids(t, [D("995000000")])
    scenario.decide(t, offers, passed=[True], winner_index=0)
    services.opendata_sync()
    auditor = make_user(Role.AUDITOR)
    page = login_client(auditor, Role.AUDITOR).get("/opendata/indikator-risiko/")
    assert page.status_code == 200 and t.code in page.content.decode()
    detail = login_client(auditor, Role.AUDITOR).get(f"/opendata/indikator-risiko/{t.code}/")
    assert "Harga pemenang mendekati HPS" in detail.content.decode()
    assert "winner_near_hps" not in detail.content.decode()  # the name, not the code
    api = Client().get("/api/v1/opendata/redflags/tenders", **api_headers(auditor, Role.AUDITOR)).json()
    assert api[0]["code"] == t.code and api[0]["score"] >= 2
    assert Client().get("/api/v1/opendata/redflags/tenders").status_code == 401
    one = Client().get(f"/api/v1/opendata/redflags/tenders/{t.code}", **api_headers(auditor, Role.AUDITOR))
    assert one.json()["score"] == api[0]["score"] and "winner_near_hps" in {
        f["code"] for f in one.json()["flags"]
    }
    assert Client().get(f"/api/v1/opendata/redflags/tenders/{t.code}").status_code == 401
    # the only bidder won: no provider bids often and never wins
    never = Client().get("/api/v1/opendata/redflags/providers", **api_headers(auditor, Role.AUDITOR))
    assert never.status_code == 200 and never.json() == []
    assert Client().get("/api/v1/opendata/redflags/providers").status_code == 401
    buyers = Client().get("/api/v1/opendata/redflags/buyers").json()
    assert buyers[0]["tenders"] == 1 and "single_bid_share" in buyers[0]["indicators"]
    assert Client().get("/publik/indikator-instansi/").status_code == 200
    cache.clear()
