"""Schedule rules at their edges, objection and appeal deadlines across weekends and holidays, and the clock at a
stage's edges (time-machine): one second before a deadline passes, the deadline itself is refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from lentera.core.calendar import JAKARTA
from lentera.core.models import NonWorkingDay
from lentera.planning.models import Method
from lentera.tendering import rules, selectors, services, states
from lentera.tendering.enums import Stage
from lentera.tendering.errors import TenderingError

from .factories import build, clock, create_tender, window


def wib(y, m, d, h=10, mi=0, s=0):
    return dt.datetime(y, m, d, h, mi, s, tzinfo=JAKARTA)


def local(value):
    return value.astimezone(JAKARTA).replace(tzinfo=None)


TENDER = SimpleNamespace(method=Method.TENDER)
WORKS_STAGES = states.machine_for(Method.TENDER, procurement_type="WORKS").stages


def valid_schedule():
    return rules.suggest_schedule(TENDER, WORKS_STAGES, wib(2026, 7, 6, 9).astimezone(dt.UTC))


def codes(windows):
    return {p.code for p in rules.check_schedule(TENDER, WORKS_STAGES, windows)}


# ------------------------------------------------------------------------------ objection / appeal deadlines


@pytest.mark.django_db
@pytest.mark.parametrize(
    "announced, expected",
    [
        (wib(2026, 7, 2), wib(2026, 7, 7)),  # Thursday + 5 = Tuesday: a working day, unchanged
        (wib(2026, 7, 6), wib(2026, 7, 13)),  # Monday + 5 = Saturday -> Monday
        (wib(2026, 7, 7), wib(2026, 7, 13)),  # Tuesday + 5 = Sunday -> Monday
        (wib(2026, 8, 12), wib(2026, 8, 18)),  # + 5 = Monday 17 August (Independence Day) -> Tuesday
        (wib(2026, 12, 20), wib(2026, 12, 28)),  # + 5 = Friday 25 December (Christmas) -> Monday
        (wib(2026, 3, 16), wib(2026, 3, 23)),  # + 5 = Saturday 21 March (Idul Fitri) -> Monday 23
    ],
)
def test_objection_5_calendar_days_rolls_past_weekends_and_holidays(announced, expected):
    assert local(rules.objection_deadline(announced.astimezone(dt.UTC))) == local(expected)


@pytest.mark.django_db
def test_objection_deadline_skips_collective_leave_added_by_admin():
    # Saturday 19 December + 5 = Thursday 24 December; make it cuti bersama: then Christmas, the weekend -> Monday 28
    assert local(rules.objection_deadline(wib(2026, 12, 19))) == local(wib(2026, 12, 24))
    NonWorkingDay.objects.create(
        date=dt.date(2026, 12, 24), kind=NonWorkingDay.Kind.CUTI_BERSAMA, name="Cuti bersama Natal"
    )
    assert local(rules.objection_deadline(wib(2026, 12, 19))) == local(wib(2026, 12, 28))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "objection_end, expected",
    [
        (wib(2026, 7, 10, 15), wib(2026, 7, 13, 15)),  # Friday + 3 = Monday
        (
            wib(2026, 8, 12, 15),
            wib(2026, 8, 18, 15),
        ),  # + 3 = Saturday 15 -> Monday 17 (holiday) -> Tuesday 18
    ],
)
def test_objection_answer_deadline_3_calendar_days(objection_end, expected):
    assert local(rules.objection_answer_deadline(objection_end)) == local(expected)


@pytest.mark.django_db
def test_appeal_deadline_and_appeal_answer_deadline_5_and_14_calendar_days():
    assert local(rules.appeal_deadline(wib(2026, 8, 12, 15))) == local(wib(2026, 8, 18, 15))
    assert local(rules.appeal_answer_deadline(wib(2026, 12, 11, 15))) == local(
        wib(2026, 12, 28, 15)
    )  # 25 Dec Fri -> Mon 28


def test_appeal_guarantee_is_1_percent_of_hps():
    assert rules.appeal_guarantee(Decimal("2280000000")) == Decimal("22800000")
    assert rules.appeal_guarantee(Decimal("1234567")) == Decimal("12346")


# ------------------------------------------------------------------------------ schedule rules at their edges


@pytest.mark.django_db
def test_suggest_schedule_passes_check_schedule():
    assert rules.check_schedule(TENDER, WORKS_STAGES, valid_schedule()) == []


def _shift_end(windows, stage, new_end):
    out = dict(windows)
    out[stage] = (out[stage][0], new_end)
    return out


@pytest.mark.django_db
def test_objection_period_exactly_5_days_passes_one_second_less_fails():
    w = valid_schedule()
    start = w[Stage.OBJECTION][0]
    boundary = rules.objection_deadline(start)
    # put the following stages after the boundary so only the rule under test decides
    at_boundary = _shift_end(w, Stage.OBJECTION, boundary)
    assert "OBJECTION_5_CALENDAR_DAYS" not in codes(at_boundary)
    assert "OBJECTION_5_CALENDAR_DAYS" in codes(
        _shift_end(w, Stage.OBJECTION, boundary - dt.timedelta(seconds=1))
    )


@pytest.mark.django_db
def test_objection_answer_at_most_3_days():
    w = valid_schedule()
    latest = rules.objection_answer_deadline(w[Stage.OBJECTION][1])
    assert "OBJECTION_ANSWER_3_CALENDAR_DAYS" not in codes(_shift_end(w, Stage.OBJECTION_ANSWER, latest))
    assert "OBJECTION_ANSWER_3_CALENDAR_DAYS" in codes(
        _shift_end(w, Stage.OBJECTION_ANSWER, latest + dt.timedelta(seconds=1))
    )


@pytest.mark.django_db
def test_appeal_answer_at_most_14_days():
    w = valid_schedule()
    latest = rules.appeal_answer_deadline(w[Stage.APPEAL][1])
    assert "APPEAL_ANSWER_14_CALENDAR_DAYS" not in codes(_shift_end(w, Stage.APPEAL_ANSWER, latest))
    assert "APPEAL_ANSWER_14_CALENDAR_DAYS" in codes(
        _shift_end(w, Stage.APPEAL_ANSWER, latest + dt.timedelta(seconds=1))
    )


@pytest.mark.django_db
def test_check_schedule_deadlines_end_in_working_hours_on_working_days():
    w = valid_schedule()
    day = w[Stage.BID_UPLOAD][1].astimezone(JAKARTA).date()

    def at(h, m=0, s=0, d=day):
        return dt.datetime(d.year, d.month, d.day, h, m, s, tzinfo=JAKARTA).astimezone(dt.UTC)

    assert "SCHEDULE_DEADLINE_OUTSIDE_WORKING_TIME" not in codes(_shift_end(w, Stage.BID_UPLOAD, at(16)))
    assert "SCHEDULE_DEADLINE_OUTSIDE_WORKING_TIME" not in codes(_shift_end(w, Stage.BID_UPLOAD, at(8)))
    assert "SCHEDULE_DEADLINE_OUTSIDE_WORKING_TIME" in codes(_shift_end(w, Stage.BID_UPLOAD, at(16, 0, 1)))
    assert "SCHEDULE_DEADLINE_OUTSIDE_WORKING_TIME" in codes(_shift_end(w, Stage.BID_UPLOAD, at(7, 59, 59)))
    saturday = day + dt.timedelta(days=(5 - day.weekday()) % 7)
    assert "SCHEDULE_DEADLINE_OUTSIDE_WORKING_TIME" in codes(
        _shift_end(w, Stage.BID_UPLOAD, at(10, d=saturday))
    )


@pytest.mark.django_db
def test_rule_deadline_explanation_at_least_3_working_days_after_announcement():
    w = valid_schedule()
    ann = w[Stage.ANNOUNCEMENT][0]  # Monday 6 July 09:00 -> Thursday 9 July 09:00
    boundary = rules.rule_deadline(
        next(r for r in rules.SCHEDULE_RULES if r.code == "EXPLANATION_AFTER_ANNOUNCEMENT"), ann
    )
    assert local(boundary) == local(wib(2026, 7, 9, 9))
    ok = dict(w)
    ok[Stage.EXPLANATION] = (boundary, w[Stage.EXPLANATION][1])
    ok[Stage.DOCUMENT_DOWNLOAD] = (w[Stage.DOCUMENT_DOWNLOAD][0], boundary)
    assert "EXPLANATION_AFTER_ANNOUNCEMENT" not in codes(ok)
    early = dict(ok)
    early[Stage.EXPLANATION] = (boundary - dt.timedelta(minutes=1), w[Stage.EXPLANATION][1])
    early[Stage.DOCUMENT_DOWNLOAD] = (w[Stage.DOCUMENT_DOWNLOAD][0], boundary - dt.timedelta(minutes=1))
    assert "EXPLANATION_AFTER_ANNOUNCEMENT" in codes(early)


@pytest.mark.django_db
def test_check_schedule_stages_must_follow_each_other_and_all_be_present():
    w = valid_schedule()
    overlapping = dict(w)
    a, b = w[Stage.OPENING]
    overlapping[Stage.OPENING] = (a - dt.timedelta(minutes=1), b)
    assert "SCHEDULE_ORDER" in codes(overlapping)
    missing = dict(w)
    del missing[Stage.OPENING]
    assert codes(missing) == {"SCHEDULE_STAGE_MISSING"}


# ------------------------------------------------------------------------------ the clock at the edges


@pytest.mark.django_db
def test_question_one_second_before_the_end_is_accepted_at_the_end_refused(at_setup):
    tw = build(providers=1)
    t = create_tender(tw)
    with clock(window(t, Stage.ANNOUNCEMENT)[0]):
        services.registration_create(actor=tw.provider_user(0), tender=t)
    start, end = window(t, Stage.EXPLANATION)
    with (
        clock(start - dt.timedelta(seconds=1)),
        pytest.raises(TenderingError) as exc,
    ):
        services.question_ask(actor=tw.provider_user(0), tender=t, text="Terlalu awal?")
    assert exc.value.code in ("STAGE_NOT_ALLOWED", "STAGE_CLOSED")
    with clock(start):
        services.question_ask(actor=tw.provider_user(0), tender=t, text="Tepat pada awal")
    with clock(end - dt.timedelta(seconds=1)):
        services.question_ask(actor=tw.provider_user(0), tender=t, text="Satu detik sebelum akhir")
    with clock(end), pytest.raises(TenderingError) as exc:
        services.question_ask(actor=tw.provider_user(0), tender=t, text="Tepat pada akhir")
    assert exc.value.code in ("STAGE_NOT_ALLOWED", "STAGE_CLOSED")
    assert t.questions.count() == 2


@pytest.mark.django_db
def test_require_stage_strict_window_and_message_shows_server_time(at_setup):
    tw = build(providers=1)
    t = create_tender(tw)
    start, end = window(t, Stage.BID_UPLOAD)
    services.require_stage(t, Stage.BID_UPLOAD, end - dt.timedelta(seconds=1))
    with pytest.raises(TenderingError) as exc:
        services.require_stage(t, Stage.BID_UPLOAD, end)
    assert exc.value.code == "STAGE_CLOSED" and exc.value.status == 409
    assert "WIB" in str(exc.value)
    # the clock's stage right after the deadline is the opening (no gap in the suggested schedule)
    assert selectors.current_stage(t, end) == Stage.OPENING
    assert selectors.stage_window(t, Stage.BID_UPLOAD) == (start, end)


@pytest.mark.django_db
def test_stage_is_read_from_the_clock_between_windows(at_setup):
    tw = build(providers=1)
    t = create_tender(tw)
    stages = states.machine_of(t).stages
    for stage in stages:
        a, b = window(t, stage)
        assert selectors.current_stage(t, a) == stage
        assert selectors.current_stage(t, b - dt.timedelta(seconds=1)) == stage
    assert selectors.current_stage(t, window(t, stages[0])[0] - dt.timedelta(days=1)) == stages[0]
    assert selectors.current_stage(t, window(t, stages[-1])[1] + dt.timedelta(days=30)) == stages[-1]


# ------------------------------------------------------------------------------ money and majority rules


@pytest.mark.parametrize("members, needed", [(1, 1), (2, 2), (3, 2), (4, 3), (5, 3), (7, 4)])
def test_majority_needed_is_more_than_half(members, needed):
    assert rules.majority_needed(members) == needed


def test_is_low_bid_strictly_under_80_percent_of_hps():
    hps = Decimal("1000000000")
    assert rules.is_low_bid(Decimal("799999999.99"), hps)
    assert not rules.is_low_bid(Decimal("800000000"), hps)
    assert not rules.is_low_bid(Decimal("1"), None)  # no HPS, no ratio


def test_is_above_hps_only_strictly_above_the_ceiling():
    hps = Decimal("1000000000")
    assert not rules.is_above_hps(hps, hps)
    assert rules.is_above_hps(hps + Decimal("0.01"), hps)
    assert not rules.is_above_hps(Decimal("10") ** 15, None)


def test_performance_guarantee_5_percent_of_the_price_or_of_the_hps_under_80_percent():
    hps = Decimal("1000000000")
    assert rules.performance_guarantee(Decimal("900000000"), hps) == Decimal("45000000.00")
    assert rules.performance_guarantee(Decimal("800000000"), hps) == Decimal("40000000.00")
    # under 80% of the HPS the basis is the HPS, not the bid
    assert rules.performance_guarantee(Decimal("700000000"), hps) == Decimal("50000000.00")
    assert rules.performance_guarantee(Decimal("700000000"), None) == Decimal("35000000.00")


# ------------------------------------------------------------------------------ working time


@pytest.mark.django_db
def test_in_working_time_working_days_from_8_to_16_both_included():
    assert rules.in_working_time(wib(2026, 7, 6, 8))  # Monday 08:00
    assert rules.in_working_time(wib(2026, 7, 6, 16))  # Monday 16:00
    assert not rules.in_working_time(wib(2026, 7, 6, 7, 59, 59))
    assert not rules.in_working_time(wib(2026, 7, 6, 16, 0, 1))
    assert not rules.in_working_time(wib(2026, 7, 11, 10))  # Saturday
    assert not rules.in_working_time(wib(2026, 8, 17, 10))  # Independence Day
    # judged in Asia/Jakarta: 02:00 UTC is 09:00 WIB
    assert rules.in_working_time(dt.datetime(2026, 7, 6, 2, 0, tzinfo=dt.UTC))


@pytest.mark.django_db
def test_next_working_time_keeps_a_working_moment_and_moves_others_to_15_00_of_a_working_day():
    inside = wib(2026, 7, 6, 10)
    assert rules.next_working_time(inside) == inside
    # before 08:00 on a working day: 15:00 the same day
    assert local(rules.next_working_time(wib(2026, 7, 6, 6))) == local(wib(2026, 7, 6, 15))
    # after hours on Friday: 15:00 on Monday
    assert local(rules.next_working_time(wib(2026, 7, 10, 17))) == local(wib(2026, 7, 13, 15))
    # Sunday 16 August, then the holiday on Monday 17: Tuesday 18 at 15:00
    assert local(rules.next_working_time(wib(2026, 8, 16, 10))) == local(wib(2026, 8, 18, 15))


def test_negotiated_price_refusal_not_above_the_offer_nor_the_hps():
    hps = Decimal("1000000")
    assert rules.negotiated_price_refusal(Decimal("900000"), Decimal("950000"), hps) is None
    assert rules.negotiated_price_refusal(Decimal("950000"), Decimal("950000"), hps) is None  # equal is fine
    assert (
        rules.negotiated_price_refusal(Decimal("950001"), Decimal("950000"), hps) == "NEGOTIATED_ABOVE_OFFER"
    )
    assert rules.negotiated_price_refusal(Decimal("0"), Decimal("950000"), hps) == "NEGOTIATED_ABOVE_OFFER"
    # an offer above the HPS (no ceiling from the offer) still meets the HPS ceiling
    assert rules.negotiated_price_refusal(Decimal("1000001"), Decimal("1200000"), hps) == "BID_ABOVE_HPS"
    assert rules.negotiated_price_refusal(Decimal("1000000"), None, hps) is None
    assert rules.negotiated_price_refusal(Decimal("5000000"), None, None) is None  # no HPS, no offer price


def test_invitation_allowed_penunjukan_langsung_only_the_named_provider():
    assert rules.invitation_allowed(method="PENUNJUKAN_LANGSUNG", invited_provider_id=7, provider_id=7)
    assert not rules.invitation_allowed(method="PENUNJUKAN_LANGSUNG", invited_provider_id=7, provider_id=8)
    assert not rules.invitation_allowed(method="PENUNJUKAN_LANGSUNG", invited_provider_id=None, provider_id=8)
    assert rules.invitation_allowed(method="PENGADAAN_LANGSUNG", invited_provider_id=None, provider_id=8)
