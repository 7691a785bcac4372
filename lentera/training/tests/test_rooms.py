"""No double-booking of a room: overlapping intervals refused, touching ones accepted, and a property test
against a plain model of the rule (an interval is accepted iff it overlaps no accepted one)."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lentera.core.errors import AccessDenied
from lentera.core.roles import Role
from lentera.tendering.tests.factories import clock
from lentera.training import rooms
from lentera.training.errors import TrainingError
from lentera.training.models import Booking

from .conftest import BEFORE, MONDAY, at


def _book(actor, room, start, end):
    with clock(BEFORE):
        return rooms.booking_create(actor=actor, room=room, starts_at=start, ends_at=end, purpose="Penawaran")


def test_overlapping_slots_are_refused_touching_ones_accepted(provider, bidding_room, make_user):
    other = make_user(Role.PENYEDIA)
    _book(provider, bidding_room, at(MONDAY, 9), at(MONDAY, 11))
    for start, end in [(9, 11), (10, 12), (8, 10), (9, 10), (8, 12)]:
        with pytest.raises(TrainingError) as taken:
            _book(other, bidding_room, at(MONDAY, start), at(MONDAY, end))
        assert taken.value.code == "ROOM_TAKEN"
    _book(other, bidding_room, at(MONDAY, 11), at(MONDAY, 13))
    _book(other, bidding_room, at(MONDAY, 8), at(MONDAY, 9))
    assert Booking.objects.filter(room=bidding_room, active=True).count() == 3


def test_a_cancelled_slot_can_be_booked_again(provider, bidding_room, make_user):
    first = _book(provider, bidding_room, at(MONDAY, 9), at(MONDAY, 11))
    with clock(BEFORE):
        rooms.booking_cancel(actor=provider, booking=first)
        with pytest.raises(TrainingError) as twice:
            rooms.booking_cancel(actor=provider, booking=first)
    assert twice.value.code == "BOOKING_CANCELLED"
    _book(make_user(Role.PENYEDIA), bidding_room, at(MONDAY, 10), at(MONDAY, 12))


def test_providers_do_not_book_the_training_room_and_staff_do_not_book_for_providers(
    room, bidding_room, provider, make_user
):
    with pytest.raises(TrainingError) as training:
        _book(provider, room, at(MONDAY, 9), at(MONDAY, 10))
    assert training.value.code == "ROOM_NOT_BOOKABLE"
    with pytest.raises(AccessDenied) as staff:
        _book(make_user(Role.HELPDESK), bidding_room, at(MONDAY, 9), at(MONDAY, 10))
    assert staff.value.code == "ROLE_NOT_ALLOWED"


QUARTERS = st.tuples(st.integers(0, 31), st.integers(1, 16)).map(lambda t: (t[0], min(t[0] + t[1], 32)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(slots=st.lists(QUARTERS.filter(lambda t: t[1] > t[0]), min_size=1, max_size=8))
def test_no_two_active_bookings_of_a_room_overlap(provider, bidding_room, slots):
    Booking.objects.filter(room=bidding_room).delete()
    day_start = at(MONDAY, 8)
    accepted: list[tuple[int, int]] = []
    for a, b in slots:  # quarter hours from 08:00, at most 4 hours long, inside 08:00-16:00
        start, end = day_start + dt.timedelta(minutes=15 * a), day_start + dt.timedelta(minutes=15 * b)
        expected = all(b <= x or a >= y for x, y in accepted)
        try:
            _book(provider, bidding_room, start, end)
        except TrainingError as exc:
            assert exc.code == "ROOM_TAKEN" and not expected
        else:
            assert expected
            accepted.append((a, b))
    rows = list(Booking.objects.filter(room=bidding_room, active=True).order_by("starts_at"))
    assert all(x.ends_at <= y.starts_at for x, y in zip(rows, rows[1:], strict=False))
