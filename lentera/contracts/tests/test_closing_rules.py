"""The rule functions of a contract's late end (closing_rules), each tested by name against its dated data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lentera.contracts import closing_rules as cr

ON = dt.date(2026, 6, 1)
END = dt.date(2026, 9, 30)


def test_days_late_counts_calendar_days_after_the_planned_end():
    assert cr.days_late(planned_end=END, on=END) == 0
    assert cr.days_late(planned_end=END, on=END - dt.timedelta(days=3)) == 0
    assert cr.days_late(planned_end=END, on=END + dt.timedelta(days=12)) == 12


def test_penalty_as_of_is_one_per_mille_a_day_late():
    basis = Decimal("2000000000")
    assert cr.penalty_as_of(basis=basis, planned_end=END, signed_on=ON, on=END) == 0
    late = cr.penalty_as_of(basis=basis, planned_end=END, signed_on=ON, on=END + dt.timedelta(days=10))
    assert late == Decimal("20000000")


def test_warning_limit_is_three_teguran():
    assert cr.warning_limit(on=ON) == 3
    with pytest.raises(LookupError):
        cr.warning_limit(on=dt.date(2020, 1, 1))


def test_grace_days_allowed_after_the_end_up_to_fifty_days():
    ok = lambda d: cr.grace_days_allowed(planned_end=END, signed_on=ON, last_day=END + dt.timedelta(days=d))  # noqa: E731
    assert ok(1) and ok(50)
    assert not ok(0) and not ok(51)


def test_force_majeure_end_extends_by_the_event_days_or_keeps_the_end_when_stopped():
    a, b = dt.date(2026, 8, 1), dt.date(2026, 8, 5)
    assert cr.force_majeure_end(
        end_on=END, effect=cr.EXTEND, event_from=a, event_until=b, on=ON
    ) == END + dt.timedelta(days=5)
    assert cr.force_majeure_end(end_on=END, effect=cr.STOP, event_from=a, event_until=b, on=ON) == END
    with pytest.raises(ValueError):
        cr.force_majeure_end(end_on=END, effect="PAUSE", event_from=a, event_until=b, on=ON)
    with pytest.raises(ValueError):
        cr.force_majeure_end(end_on=END, effect=cr.EXTEND, event_from=b, event_until=a, on=ON)


def test_termination_ground_pasal_93_lists_the_grounds_and_their_sanction():
    assert cr.termination_ground(code=cr.GRACE_EXPIRED, on=ON).lateness == "AFTER_GRACE"
    assert cr.termination_ground(code=cr.FRAUD, on=ON).sanction_category == "FALSE_DOCUMENTS"
    assert all(cr.termination_ground(code=c, on=ON).provider_fault for c in (cr.DEFAULT, cr.NEED_CANNOT_WAIT))
    with pytest.raises(LookupError):
        cr.termination_ground(code="BORED", on=ON)
    with pytest.raises(LookupError):  # before Perpres 12/2021 there is no row
        cr.termination_ground(code=cr.DEFAULT, on=dt.date(2020, 1, 1))


def test_termination_ground_applies_lateness_after_the_end_and_grace_after_fifty_days():
    def applies(code, days):
        ground = cr.termination_ground(code=code, on=ON)
        return cr.termination_ground_applies(
            ground=ground, planned_end=END, signed_on=ON, on=END + dt.timedelta(days=days)
        )

    assert not applies(cr.UNABLE_EVEN_WITH_GRACE, 0) and applies(cr.UNABLE_EVEN_WITH_GRACE, 1)
    assert not applies(cr.GRACE_EXPIRED, 50) and applies(cr.GRACE_EXPIRED, 51)
    assert applies(cr.DEFAULT, -30) and applies(cr.FRAUD, -30)
