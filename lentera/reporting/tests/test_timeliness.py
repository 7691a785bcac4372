"""Timeliness against the RUP's planned schedule and the tenders' own schedules, and the UMK / PDN / TKDN shares:
over the scenario (hand counts and an independent ORM count) and over random rows (hypothesis)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Max
from hypothesis import given, settings
from hypothesis import strategies as st

from lentera.core.calendar import JAKARTA, local_date
from lentera.core.roles import Role
from lentera.reporting import figures, sections, selectors
from lentera.reporting.tests import scenario as sc
from lentera.tendering.models import ScheduleEntry, Tender

M = sc.M


def _dash(world, **kw):
    f = figures.Filters(year=sc.YEAR, **kw)
    return selectors.dashboard(user=world.kepala, role=Role.KEPALA_UKPBJ, filters=f)


def _late(t: dict) -> tuple:
    return (
        (t["rup_not_started"].count, t["rup_not_started"].value),
        (t["rup_started_late"].count, t["rup_started_late"].value),
    )


def test_rup_items_late_against_their_planned_start(world):
    # 20 January: r1 (planned 15 January) has no tender yet; r2 is planned for May
    assert _late(_dash(world, as_of=dt.date(2026, 1, 20))["timeliness"]) == ((1, 2400 * M), (0, 0))
    # 1 June: r1's tender came on 10 February (late); r2 (planned 1 May) has none until 20 June
    assert _late(_dash(world, as_of=dt.date(2026, 6, 1))["timeliness"]) == ((1, 1000 * M), (1, 2400 * M))
    year = _dash(world, as_of=dt.date(2026, 12, 1))["timeliness"]
    assert _late(year) == ((0, 0), (2, 3400 * M))
    # r3 (first order 5 March, planned 10 March) and r6 (tender on its planned day) are on time; the cancelled
    # and the unannounced items do not count
    assert [(u["label"], u["rup_late"].count) for u in year["by_unit"]] == [("Dinas PUPR", 2)]
    # the work-unit filter narrows the RUP items
    assert _late(_dash(world, as_of=dt.date(2026, 12, 1), work_unit_id=world.w.dinkes.pk)["timeliness"]) == (
        (0, 0),
        (0, 0),
    )


def test_rup_lateness_matches_an_independent_orm_count(world):
    """RUP items announced, not cancelled, planned to start before the day, whose packages' first tender or order
    came after the planned start (or not at all), counted through the ORM."""
    from lentera.catalog.models import Order
    from lentera.planning.models import RupItem

    day = dt.date(2026, 6, 1)
    expected = 0
    for item in RupItem.objects.filter(
        work_unit__agency=world.w.agency, fiscal_year=sc.YEAR, announced_at__isnull=False, cancelled_at=None
    ).exclude(planned_start=None):
        if item.planned_start >= day:
            continue
        starts = [
            local_date(t.announced_at)
            for p in item.packages.all()
            for t in p.tenders.all()
            if t.announced_at is not None
        ] + [local_date(o.ordered_at) for o in Order.objects.filter(package__in=item.packages.all())]
        first = min(starts, default=None)
        if first is None or first > item.planned_start:
            expected += 1
    t = _dash(world, as_of=day)["timeliness"]
    assert t["rup_not_started"].count + t["rup_started_late"].count == expected == 2


def test_selections_past_their_last_scheduled_stage(world):
    p = sc._package(
        world.w,
        world.w.dinkes,
        "TENDER",
        400 * M,
        390 * M,
        "READY",
        sc._rup(world.w, world.w.dinkes, "TENDER", 400 * M),
    )
    running = sc._tender(world.w, p, 1, "ANNOUNCED", sc.at(7, 1), 0, [])
    for pos, (stage, start, end) in enumerate(
        (("ANNOUNCEMENT", sc.at(7, 1), sc.at(7, 8)), ("CONTRACT_SIGNING", sc.at(9, 1), sc.at(9, 30)))
    ):
        ScheduleEntry.objects.create(tender=running, stage=stage, position=pos, starts_at=start, ends_at=end)
    # a completed tender past its schedule is not overdue
    done = Tender.objects.filter(status="COMPLETED", package__work_unit__agency=world.w.agency).first()
    ScheduleEntry.objects.create(
        tender=done, stage="ANNOUNCEMENT", position=0, starts_at=sc.at(1, 1), ends_at=sc.at(1, 2)
    )
    on_last_day = _dash(world, as_of=dt.date(2026, 9, 30))["timeliness"]["overdue_selections"]
    assert on_last_day.count == 0
    after = _dash(world, as_of=dt.date(2026, 10, 1))["timeliness"]
    assert (after["overdue_selections"].count, after["overdue_selections"].value) == (1, 390 * M)
    assert [
        (u["label"], u["overdue_selections"].count) for u in after["by_unit"] if u["overdue_selections"].count
    ] == [("Dinas Kesehatan", 1)]
    cutoff = dt.datetime(2026, 10, 1, tzinfo=JAKARTA)
    independent = (
        Tender.objects.filter(package__work_unit__agency=world.w.agency, status="ANNOUNCED")
        .annotate(last=Max("schedule__ends_at"))
        .filter(last__lt=cutoff)
        .count()
    )
    assert independent == after["overdue_selections"].count
    table = {
        r[0]: r[1]
        for r in sections.contracts_section(_dash(world, as_of=dt.date(2026, 10, 1))["scoped"])["tables"][1][
            "rows"
        ]
    }
    assert table["Pemilihan melewati jadwal tahapan terakhir"] == 1


def test_local_shares_umk_pdn_and_tkdn(world):
    e = _dash(world)["efficiency"]
    assert (e["umk_value"], e["umk_pct"]) == (300 * M, Decimal("6.7"))  # 0.3 of 4.5 billion
    assert (e["pdn_value"], e["pdn_pct"]) == (1100 * M, Decimal("24.4"))  # r3 and r6
    # accepted orders: Rp120 million at TKDN 50 %, Rp80 million at 25 %
    assert (e["tkdn_orders_value"], e["tkdn_weighted_pct"]) == (200 * M, Decimal("40.0"))
    assert _dash(world, semester=1)["efficiency"]["tkdn_weighted_pct"] == Decimal("50.0")
    assert _dash(world, method="TENDER")["efficiency"]["tkdn_weighted_pct"] is None


# --- properties over random rows (no database) ---------------------------------------------------------------

_day = st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 12, 31))


@st.composite
def _plan(draw):
    units = [1, 2]
    n = draw(st.integers(0, 8))
    rup, packages, links, tenders = [], [], [], []
    for i in range(n):
        rup.append(
            {
                "id": i,
                "work_unit_id": draw(st.sampled_from(units)),
                "work_unit__name": "u",
                "work_unit__agency_id": 1,
                "planned_method": draw(st.sampled_from(["TENDER", "SWAKELOLA"])),
                "pagu": Decimal(draw(st.integers(1, 1000))),
                "planned_start": draw(st.none() | _day),
                "announced_at": dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
                "cancelled_at": draw(st.sampled_from([None, None, dt.datetime(2026, 3, 1, tzinfo=dt.UTC)])),
            }
        )
        packages.append(
            {
                "id": i,
                "work_unit_id": rup[-1]["work_unit_id"],
                "work_unit__name": "u",
                "work_unit__agency_id": 1,
                "method": "TENDER",
                "status": "READY",
                "pagu": rup[-1]["pagu"],
            }
        )
        links.append({"package_id": i, "rupitem_id": i})
        for k, day in enumerate(draw(st.lists(_day, max_size=2))):
            announced = dt.datetime.combine(day, dt.time(9), tzinfo=JAKARTA)
            tenders.append({"id": 10 * i + k, "package_id": i, "announced_at": announced, "status": "FAILED"})
    return figures.Rows(rup=rup, packages=packages, tenders=tenders, rup_links=links), draw(_day)


def _oracle(rows: figures.Rows, as_of: dt.date) -> dict[int, str]:
    """The definition of docs/reporting.md, written out directly."""
    out = {}
    for r in rows.rup:
        if r["cancelled_at"] or r["planned_method"] == "SWAKELOLA" or r["planned_start"] is None:
            continue
        if not r["planned_start"] < as_of:
            continue
        starts = [t["announced_at"].date() for t in rows.tenders if t["package_id"] == r["id"]]
        first = min(starts, default=None)
        if first is None or first > as_of:
            out[r["id"]] = figures.LATE_NOT_STARTED
        elif first > r["planned_start"]:
            out[r["id"]] = figures.LATE_STARTED
    return out


@settings(max_examples=80, deadline=None)
@given(_plan())
def test_rup_lateness_follows_its_definition_and_units_partition_it(plan):
    rows, as_of = plan
    s = figures.Scoped(rows, figures.Filters(year=2026, as_of=as_of))
    assert figures.rup_lateness(s) == _oracle(rows, as_of)
    t = figures.timeliness(s)
    total = t["rup_not_started"].value + t["rup_started_late"].value
    assert sum((u["rup_late"].value for u in t["by_unit"]), Decimal(0)) == total
    # a later day never makes an item late before its planned start un-late: the set of items planned before the
    # day only grows, and an item not started stays late
    later = figures.Scoped(rows, figures.Filters(year=2026, as_of=dt.date(2027, 1, 1)))
    assert set(figures.rup_lateness(s)) <= set(figures.rup_lateness(later))
