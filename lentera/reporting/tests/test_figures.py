"""Every dashboard and report figure over the scenario, against the hand count (scenario.EXPECTED) and against an
independent ORM count; and properties of the aggregation over random rows (hypothesis)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum
from hypothesis import given, settings
from hypothesis import strategies as st

from lentera.contracts.models import Contract, Payment
from lentera.core.roles import Role
from lentera.reporting import figures, sections, selectors
from lentera.reporting.tests import scenario as sc
from lentera.tendering.models import Offer, Tender

M = sc.M


def _dash(world, role=Role.KEPALA_UKPBJ, user=None, **kw):
    f = figures.Filters(year=sc.YEAR, **kw)
    return selectors.dashboard(user=user or world.kepala, role=role, filters=f)


@pytest.mark.parametrize("semester", [None, 1, 2])
def test_pipeline_matches_hand_count(world, semester):
    stages = _dash(world, semester=semester)["pipeline"]["stages"]
    got = {k: (v.count, v.value / M) for k, v in stages.items()}
    assert got == sc.EXPECTED[semester]


def test_realisation_gap_and_payments(world):
    p = _dash(world)["pipeline"]
    assert p["committed"] == 3400 * M
    assert p["realisation_pct"] == Decimal("75.6")  # 3.4 of 4.5 billion
    assert p["gap"] == 1100 * M
    assert p["paid_pct"] == Decimal("75.0")  # 2.4 of 3.2 billion
    assert (p["cancelled"].count, p["cancelled"].value) == (1, 800 * M)


def test_efficiency_figures(world):
    e = _dash(world)["efficiency"]
    # savings on the value signed (c1 before its amendment): HPS 2.3 + 0.95, signed 2.2 + 0.9
    assert (e["hps_sum"], e["signed_sum"], e["savings"]) == (3250 * M, 3100 * M, 150 * M)
    assert e["savings_pct"] == Decimal("4.6")
    # competitive tenders with offers: 3, 1 and 2 bidders (the cancelled package's tender counts); one had none
    assert (e["competitive_tenders"], e["zero_bid_tenders"], e["single_bid_tenders"]) == (3, 1, 1)
    assert e["bidders_per_tender"] == Decimal("2.00")
    assert e["single_bid_pct"] == Decimal("33.3")
    assert e["epurchasing_value_pct"] == Decimal("5.9")  # 0.2 of 3.4 billion
    assert e["epurchasing_package_pct"] == Decimal("33.3")
    assert e["amended_contracts"] == 1


def test_figures_match_an_independent_orm_count(world):
    """The same numbers through plain ORM aggregates over the first instansi's rows."""
    agency = world.w.agency
    contracts = Contract.objects.filter(tender__package__work_unit__agency=agency).exclude(
        tender__package__status="CANCELLED"
    )
    for semester, (first, last) in (
        (1, (dt.date(2026, 1, 1), dt.date(2026, 6, 30))),
        (2, (dt.date(2026, 7, 1), dt.date(2026, 12, 31))),
    ):
        stages = _dash(world, semester=semester)["pipeline"]["stages"]
        signed = contracts.filter(signed_on__range=(first, last))
        assert stages["contracts"].count == signed.count()
        assert stages["contracts"].value == (signed.aggregate(v=Sum("value"))["v"] or 0)
        paid = Payment.objects.filter(contract__in=contracts, state="PAID", paid_on__range=(first, last))
        assert stages["payments"].value == (paid.aggregate(v=Sum("gross"))["v"] or 0)
    tenders = Tender.objects.filter(package__work_unit__agency=agency, method="TENDER").exclude(offers=None)
    offers = Offer.objects.filter(tender__in=tenders).count()
    e = _dash(world)["efficiency"]
    assert e["competitive_tenders"] == tenders.count()
    assert e["bidders_per_tender"] == (Decimal(offers) / tenders.count()).quantize(Decimal("0.01"))


def test_breakdowns_and_drill_down(world):
    data = _dash(world)
    units = {r["label"]: r for r in data["by_unit"]}
    assert set(units) == {"Dinas PUPR", "Dinas Kesehatan"}
    assert (units["Dinas PUPR"]["rup"].value, units["Dinas PUPR"]["contracts"].value) == (3400 * M, 3200 * M)
    dinkes = units["Dinas Kesehatan"]
    assert dinkes["rup"].value == 1100 * M  # the cancelled package's RUP item stays in the plan
    assert (dinkes["contracts"].value, dinkes["orders"].value) == (0, 200 * M)
    assert dinkes["realisation_pct"] == Decimal("18.2")  # e-purchasing counts as realised, as in the pipeline
    methods = {r["key"]: r for r in data["by_method"]}
    assert methods["TENDER"]["packages"].count == 2 and methods["E_PURCHASING"]["rup"].value == 300 * M
    assert [a["label"] for a in data["by_agency"]] == [world.w.agency.name]
    drilled = _dash(world, work_unit_id=world.w.dinkes.pk)
    codes = {p["code"]: p for p in drilled["packages"]}
    assert len(codes) == 2
    cancelled = next(p for p in codes.values() if p["status"] == "CANCELLED")
    assert cancelled["tender_status"] == "CANCELLED" and cancelled["contract_value"] is None
    pupr = _dash(world, work_unit_id=world.w.dpupr.pk)["packages"]
    p1 = next(p for p in pupr if p["id"] == world.objects["p1"].pk)
    assert (p1["attempts"], p1["contract_value"], p1["paid"]) == (2, 2300 * M, 1500 * M)


def test_timeliness_late_contracts_and_penalties(world):
    # c1 (Rp2.3 billion) ends on 17 October and is still running; c2 ends on 12 December
    late = _dash(world, as_of=dt.date(2026, 12, 1))["timeliness"]
    assert (late["late_contracts"].count, late["late_contracts"].value) == (1, 2300 * M)
    assert (late["penalties"].count, late["penalties"].value) == (1, 5 * M)
    assert [(u["label"], u["late"].count, u["penalties"].value) for u in late["by_unit"]] == [
        ("Dinas PUPR", 1, 5 * M)
    ]
    assert _dash(world, as_of=dt.date(2026, 10, 17))["timeliness"]["late_contracts"].count == 0
    s1 = _dash(world, semester=1, as_of=dt.date(2026, 6, 30))["timeliness"]
    assert (s1["late_contracts"].count, s1["penalties"].count) == (0, 0)  # the penalty was paid in August
    assert sections.filters_for("S1", 2026, 1, dt.date(2026, 12, 1)).as_of == dt.date(2026, 6, 30)
    assert sections.filters_for("S2", 2026, 1, dt.date(2026, 12, 1)).as_of == dt.date(2026, 12, 1)


def test_method_filter(world):
    stages = _dash(world, method="E_PURCHASING")["pipeline"]["stages"]
    assert (stages["rup"].count, stages["packages"].count, stages["orders"].value) == (1, 1, 200 * M)
    assert stages["contracts"].count == 0


def test_other_instansi_and_other_roles_see_nothing_of_it(world):
    assert _dash(world, role=Role.AUDITOR, user=world.w["auditor"])["pipeline"]["stages"]["rup"].count == 4
    # a PPK's scope is their work unit; a Helpdesk sees no package at all
    assert _dash(world, role=Role.HELPDESK, user=world.w["ppk"])["pipeline"]["stages"]["rup"].count == 0


def test_report_sections_objections_and_orders(world):
    s = selectors.scoped(
        user=world.kepala,
        role=Role.KEPALA_UKPBJ,
        filters=sections.filters_for("S1", sc.YEAR, world.w.agency.pk),
    )
    out = {
        sec["key"]: sec
        for sec in sections.report_sections(scoped=s, desk=selectors.desk_figures("S1", sc.YEAR))
    }
    objections, appeals = (dict(t["rows"]) for t in out["objections"]["tables"])
    assert objections["Diajukan"] == 2 and objections["Dinyatakan benar"] == 1
    assert objections["Tindak lanjut: tender ulang"] == 1
    assert appeals["Diajukan"] == 1 and appeals["Jaminan sanggah banding dicairkan"] == 1
    orders = {r[0]: (r[1], r[2]) for r in out["catalogue"]["tables"][0]["rows"]}
    assert orders["Diterima penyedia"] == (1, 120 * M) and orders["Ditolak penyedia"] == (1, 50 * M)
    results = out["selections"]["tables"][0]["rows"]
    assert results == [
        ["Tender", 4, 0, 2, 1, 1, 1]
    ]  # announced, ongoing, completed, failed, cancelled, re-tender
    assert sections.thaw(sections.freeze(list(out.values()))) == list(out.values())


# --- properties of the aggregation (no database) -------------------------------------------------------------

_day = st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 12, 31))
_money = st.integers(min_value=1, max_value=10**6).map(lambda n: Decimal(n) * 1000)


@st.composite
def _rows(draw):
    units = [1, 2, 3]
    rup = [
        {
            "id": i,
            "work_unit_id": draw(st.sampled_from(units)),
            "work_unit__name": "u",
            "work_unit__agency_id": 1,
            "work_unit__agency__name": "a",
            "planned_method": draw(st.sampled_from(["TENDER", "SELEKSI"])),
            "pagu": draw(_money),
            "announced_at": dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
            "cancelled_at": None,
        }
        for i in range(draw(st.integers(0, 6)))
    ]
    packages, tenders, contracts, payments = [], [], [], []
    for i in range(draw(st.integers(0, 6))):
        packages.append(
            {
                "id": i,
                "code": f"P{i}",
                "work_unit_id": draw(st.sampled_from(units)),
                "work_unit__name": "u",
                "work_unit__agency_id": 1,
                "work_unit__agency__name": "a",
                "method": "TENDER",
                "pagu": draw(_money),
                "hps_total": None,
                "status": draw(st.sampled_from(["CONTRACTED", "CANCELLED"])),
            }
        )
        tenders.append(
            {
                "id": i,
                "code": f"T{i}",
                "package_id": i,
                "attempt": 1,
                "method": "TENDER",
                "status": "COMPLETED",
                "hps_total": None,
                "announced_at": draw(_day),
                "offer_count": draw(st.integers(0, 4)),
            }
        )
        contracts.append(
            {
                "id": i,
                "tender_id": i,
                "tender__package_id": i,
                "value": draw(_money),
                "original_value": None,
                "state": "IN_PROGRESS",
                "signed_on": draw(_day),
                "amendment_count": 0,
            }
        )
        payments.append(
            {"id": i, "contract_id": i, "state": "PAID", "gross": draw(_money), "paid_on": draw(_day)}
        )
    return figures.Rows(rup=rup, packages=packages, tenders=tenders, contracts=contracts, payments=payments)


@settings(max_examples=60, deadline=None)
@given(_rows())
def test_semesters_add_up_to_the_year(rows):
    """Every event dated in the fiscal year falls in exactly one semester: S1 + S2 = the year, stage by stage."""
    year = figures.pipeline(figures.Scoped(rows, figures.Filters(year=2026)))["stages"]
    halves = [
        figures.pipeline(figures.Scoped(rows, figures.Filters(year=2026, semester=n)))["stages"]
        for n in (1, 2)
    ]
    for key in ("contracts", "payments"):
        assert halves[0][key].count + halves[1][key].count == year[key].count
        assert halves[0][key].value + halves[1][key].value == year[key].value


@settings(max_examples=60, deadline=None)
@given(_rows())
def test_work_units_add_up_to_the_total(rows):
    """The breakdown per work unit partitions the plan and the contracts."""
    s = figures.Scoped(rows, figures.Filters(year=2026))
    total = figures.pipeline(s)["stages"]
    units = figures.by_work_unit(s)
    assert sum((u["rup"].value for u in units), Decimal(0)) == total["rup"].value
    assert sum((u["contracts"].value for u in units), Decimal(0)) == total["contracts"].value
    assert sum((u["committed"] for u in units), Decimal(0)) == figures.pipeline(s)["committed"]
    assert sum(u["packages"].count for u in units) == total["packages"].count
