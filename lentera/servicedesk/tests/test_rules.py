"""The desk's rule functions and the working-hour clock (time-machine free: pure arithmetic on the calendar)."""

import datetime as dt

import pytest

from lentera.core.calendar import JAKARTA
from lentera.core.models import NonWorkingDay
from lentera.servicedesk import rules, sla
from lentera.servicedesk.enums import Category, Priority


def wib(*args):
    return dt.datetime(*args, tzinfo=JAKARTA)


def test_pokja_technical_problem_gets_high_priority_and_the_stage_end():
    end = wib(2026, 7, 10, 16, 0)
    decision = rules.pokja_technical_problem(
        category=Category.TECH_APPLICATION,
        reporter_is_operator=True,
        stage_ends_at=end,
    )
    assert decision == rules.Pasal18Decision(Priority.HIGH, end)


@pytest.mark.parametrize(
    ("category", "operator"),
    [(Category.CONSULTATION, True), (Category.TECH_INFRASTRUCTURE, False), (Category.COMPLAINT, False)],
)
def test_pokja_technical_problem_does_not_apply(category, operator):
    assert (
        rules.pokja_technical_problem(category=category, reporter_is_operator=operator, stage_ends_at=None)
        is None
    )


def test_sla_target_per_category_and_priority():
    day = dt.date(2026, 7, 6)
    tech_high = rules.sla_target(category=Category.TECH_APPLICATION, priority=Priority.HIGH, on=day)
    consult = rules.sla_target(category=Category.CONSULTATION, priority=Priority.NORMAL, on=day)
    assert (tech_high.first_response_hours, tech_high.resolution_hours) == (1, 8)
    assert (consult.first_response_hours, consult.resolution_hours) == (8, 24)
    with pytest.raises(rules.RuleError):
        rules.sla_target(category=Category.OTHER, priority=Priority.LOW, on=dt.date(2020, 1, 1))


def test_service_hours_are_dated_rule_data():
    assert rules.service_hours(dt.date(2026, 7, 6)) == (dt.time(8), dt.time(16))
    with pytest.raises(rules.RuleError):
        rules.service_hours(dt.date(2019, 1, 1))


@pytest.mark.django_db
def test_working_hours_skip_nights_and_weekends():
    # Friday 3 July 2026 14:00 WIB + 4 working hours: 2 on Friday, 2 on Monday from 08:00
    assert sla.add_working_hours(wib(2026, 7, 3, 14, 0), 4) == wib(2026, 7, 6, 10, 0)
    # reported on Saturday: the clock starts Monday 08:00
    assert sla.add_working_hours(wib(2026, 7, 4, 11, 0), 1) == wib(2026, 7, 6, 9, 0)
    # before opening: counted from 08:00
    assert sla.add_working_hours(wib(2026, 7, 6, 6, 0), 8) == wib(2026, 7, 6, 16, 0)
    assert sla.working_hours_between(wib(2026, 7, 3, 14, 0), wib(2026, 7, 6, 10, 0)) == 4


@pytest.mark.django_db
def test_working_hours_skip_holidays_and_added_days_off():
    # 17 August 2026 (Monday) is Independence Day; Friday 14 August 15:00 + 2 h -> Tuesday 18 August 09:00
    assert sla.add_working_hours(wib(2026, 8, 14, 15, 0), 2) == wib(2026, 8, 18, 9, 0)
    NonWorkingDay.objects.create(
        date=dt.date(2026, 8, 18), kind=NonWorkingDay.Kind.CUTI_BERSAMA, name="Cuti bersama"
    )
    assert sla.add_working_hours(wib(2026, 8, 14, 15, 0), 2) == wib(2026, 8, 19, 9, 0)
