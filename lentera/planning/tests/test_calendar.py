"""Working-day arithmetic across national holidays, cuti bersama and local days off (lentera.core.calendar), and
the HPS age rule built on it (Perpres 16/2018 Pasal 26 ayat (8))."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lentera.accounts.tests.factories import AgencyFactory
from lentera.core import calendar
from lentera.core.models import NonWorkingDay
from lentera.planning import rules
from lentera.planning.errors import PlanningError

D = dt.date
IDUL_FITRI_CUTI_BERSAMA_2026 = [D(2026, 3, 20), D(2026, 3, 23), D(2026, 3, 24)]


@pytest.fixture
def cuti_bersama(db):
    for day in IDUL_FITRI_CUTI_BERSAMA_2026:
        NonWorkingDay.objects.create(
            date=day, kind=NonWorkingDay.Kind.CUTI_BERSAMA, name="Cuti bersama Idul Fitri"
        )


def test_national_holidays_come_from_the_holidays_package(db):
    assert not calendar.is_working_day(D(2026, 3, 19))  # Hari Suci Nyepi, a Thursday
    assert not calendar.is_working_day(D(2026, 5, 14))  # Kenaikan Yesus Kristus, a Thursday
    assert not calendar.is_working_day(D(2026, 3, 21))  # Idul Fitri (and a Saturday)
    assert not calendar.is_working_day(D(2026, 3, 28))  # Saturday
    assert calendar.is_working_day(D(2026, 3, 18))
    assert calendar.is_working_day(D(2026, 3, 20))  # no cuti bersama recorded yet


def test_working_days_across_idul_fitri_2026_without_cuti_bersama(db):
    assert calendar.add_working_days(D(2026, 3, 18), 1) == D(2026, 3, 20)  # skips Nyepi
    assert calendar.add_working_days(D(2026, 3, 18), 2) == D(2026, 3, 23)
    assert calendar.working_days_between(D(2026, 3, 18), D(2026, 3, 25)) == 4


def test_working_days_across_idul_fitri_2026_with_cuti_bersama(cuti_bersama):
    assert not calendar.is_working_day(D(2026, 3, 23))
    assert calendar.add_working_days(D(2026, 3, 18), 1) == D(2026, 3, 25)
    assert calendar.next_working_day(D(2026, 3, 19)) == D(2026, 3, 25)
    assert calendar.next_working_day(D(2026, 3, 25), inclusive=True) == D(2026, 3, 25)
    assert calendar.previous_working_day(D(2026, 3, 25)) == D(2026, 3, 18)
    assert calendar.working_days_between(D(2026, 3, 18), D(2026, 3, 25)) == 1
    assert calendar.working_days_between(D(2026, 3, 25), D(2026, 3, 18)) == -1
    assert calendar.add_working_days(D(2026, 3, 25), -1) == D(2026, 3, 18)


def test_local_day_off_counts_only_for_its_agency(db):
    here, there = AgencyFactory(), AgencyFactory()
    NonWorkingDay.objects.create(
        date=D(2026, 7, 7), kind=NonWorkingDay.Kind.LOCAL, name="HUT Kabupaten", agency=here
    )
    assert not calendar.is_working_day(D(2026, 7, 7), here)
    assert calendar.is_working_day(D(2026, 7, 7), there)
    assert calendar.is_working_day(D(2026, 7, 7))
    assert calendar.add_working_days(D(2026, 7, 6), 1, here) == D(2026, 7, 8)
    assert calendar.add_working_days(D(2026, 7, 6), 1, there.pk) == D(2026, 7, 7)


def test_datetimes_are_read_in_asia_jakarta(db):
    # 2026-03-24 18:00 UTC is already 25 March in Jakarta
    late = dt.datetime(2026, 3, 24, 18, 0, tzinfo=dt.UTC)
    assert calendar.local_date(late) == D(2026, 3, 25)


def test_add_working_days_spans_years_and_long_distances(db):
    start = D(2026, 12, 24)  # Christmas (25th) then the weekend, then New Year
    assert calendar.add_working_days(start, 1) == D(2026, 12, 28)
    far = calendar.add_working_days(D(2026, 1, 2), 250)
    assert calendar.working_days_between(D(2026, 1, 2), far) == 250


@settings(max_examples=40, deadline=None)
@given(start=st.dates(D(2025, 1, 1), D(2027, 12, 31)), n=st.integers(-60, 60))
def test_add_and_between_are_inverse(start, n):
    # runs without the database: no admin days, only package holidays
    from unittest import mock

    with mock.patch.object(NonWorkingDay.objects, "filter", return_value=NonWorkingDay.objects.none()):
        end = calendar.add_working_days(start, n)
        assert calendar.working_days_between(start, end) == n
        if n:
            assert calendar.is_working_day(end)


def test_hps_age_ok_and_ensure_hps_age_pasal_26_at_most_28_working_days_before_bid_deadline(cuti_bersama):
    deadline = dt.datetime(2026, 4, 30, 3, 0, tzinfo=dt.UTC)  # 10:00 WIB
    earliest = calendar.add_working_days(D(2026, 4, 30), -28)
    # across Idul Fitri and its cuti bersama, Good Friday (3 April) and the weekends
    assert earliest == D(2026, 3, 16)
    assert rules.hps_age_ok(earliest, deadline)
    assert not rules.hps_age_ok(earliest - dt.timedelta(days=1), deadline)
    assert rules.hps_age_ok(D(2026, 4, 30), deadline)
    assert not rules.hps_age_ok(D(2026, 5, 4), deadline)  # after the deadline
    with pytest.raises(PlanningError) as exc:
        rules.ensure_hps_age(D(2026, 3, 13), deadline)
    assert (
        exc.value.code == "HPS_TOO_OLD"
        and "Pasal 26 ayat (8)" in str(exc.value)
        and "2026-03-16" in str(exc.value)
    )
