"""Each rule function of lentera.training.rules, named after it (rules_index --check)."""

import datetime as dt

import pytest

from lentera.training import rules
from lentera.training.enums import RoomKind, SessionStatus
from lentera.training.errors import TrainingError

from .conftest import BEFORE, MONDAY, at

pytestmark = pytest.mark.django_db  # the working-day calendar reads the days off


def _slot(start, end, kind=RoomKind.BIDDING, by_session=False):
    rules.booking_slot(starts_at=start, ends_at=end, now=BEFORE, room_kind=kind, by_session=by_session)


def test_booking_slot_inside_office_hours_of_a_working_day():
    _slot(at(MONDAY, 8), at(MONDAY, 12))
    _slot(at(MONDAY, 8), at(MONDAY, 16), RoomKind.TRAINING, by_session=True)


@pytest.mark.parametrize(
    ("start", "end", "kind", "code"),
    [
        (at(MONDAY, 7), at(MONDAY, 9), RoomKind.BIDDING, "SLOT_OUTSIDE_HOURS"),
        (at(MONDAY, 15), at(MONDAY, 17), RoomKind.BIDDING, "SLOT_OUTSIDE_HOURS"),
        (at(dt.date(2026, 7, 4), 9), at(dt.date(2026, 7, 4), 10), RoomKind.BIDDING, "SLOT_OUTSIDE_HOURS"),
        (at(dt.date(2026, 7, 2), 9), at(dt.date(2026, 7, 2), 10), RoomKind.BIDDING, "SLOT_IN_PAST"),
        (at(MONDAY, 10), at(MONDAY, 10), RoomKind.BIDDING, "SLOT_INVALID"),
        (at(MONDAY, 8), at(MONDAY, 13), RoomKind.VERIFICATION, "SLOT_TOO_LONG"),
        (at(MONDAY, 9), at(MONDAY, 10), RoomKind.TRAINING, "ROOM_NOT_BOOKABLE"),
    ],
)
def test_booking_slot_refusals(start, end, kind, code):
    with pytest.raises(TrainingError) as refused:
        _slot(start, end, kind)
    assert refused.value.code == code


def test_registration_open_until_the_start_and_never_when_cancelled():
    start = at(MONDAY, 9)
    rules.registration_open(session_status=SessionStatus.SCHEDULED, starts_at=start, now=BEFORE)
    with pytest.raises(TrainingError) as closed:
        rules.registration_open(session_status=SessionStatus.SCHEDULED, starts_at=start, now=start)
    assert closed.value.code == "REGISTRATION_CLOSED"
    with pytest.raises(TrainingError) as cancelled:
        rules.registration_open(session_status=SessionStatus.CANCELLED, starts_at=start, now=BEFORE)
    assert cancelled.value.code == "SESSION_CANCELLED"


def test_certificate_eligible_only_when_present():
    assert rules.certificate_eligible(attended=True, session_status=SessionStatus.SCHEDULED)
    assert not rules.certificate_eligible(attended=False, session_status=SessionStatus.SCHEDULED)
    assert not rules.certificate_eligible(attended=None, session_status=SessionStatus.SCHEDULED)
    assert not rules.certificate_eligible(attended=True, session_status=SessionStatus.CANCELLED)


def test_feedback_open_after_the_end_for_thirty_days():
    end = at(MONDAY, 12)
    rules.feedback_open(ends_at=end, now=end, attended=True)
    rules.feedback_open(ends_at=end, now=end + dt.timedelta(days=30), attended=True)
    for now, attended, code in [
        (end - dt.timedelta(minutes=1), True, "FEEDBACK_TOO_EARLY"),
        (end + dt.timedelta(days=30, minutes=1), True, "FEEDBACK_CLOSED"),
        (end, False, "FEEDBACK_NOT_ATTENDED"),
    ]:
        with pytest.raises(TrainingError) as refused:
            rules.feedback_open(ends_at=end, now=now, attended=attended)
        assert refused.value.code == code
