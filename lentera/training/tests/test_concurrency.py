"""Real concurrent transactions (PostgreSQL): the session and room locks hold. Six people register at once for a
two-seat session: two seats, four on the waiting list; four providers book the same slot at once: one booking."""

import threading

import pytest
from django.db import connection, connections

from lentera.core.clock import freeze_db_clock
from lentera.core.roles import Role
from lentera.training import rooms, services
from lentera.training.errors import TrainingError
from lentera.training.models import Booking, Registration
from lentera.training.states import Status

from .conftest import BEFORE, MONDAY, at

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = []

    def run(fn):
        try:
            barrier.wait()
            outcomes.append(fn())
        except TrainingError as exc:
            outcomes.append(exc.code)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(fn,)) for fn in calls]
    with freeze_db_clock(BEFORE):  # one override for every thread (the override is process-wide)
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    return outcomes


def test_concurrent_registrations_never_exceed_the_capacity(session, make_user):
    assert connection.vendor == "postgresql"
    people = [make_user(Role.PENYEDIA) for _ in range(6)]
    outcomes = _race([lambda p=p: services.register(actor=p, session=session) for p in people])
    assert all(isinstance(o, Registration) for o in outcomes), outcomes
    statuses = sorted(Registration.objects.filter(session=session).values_list("status", flat=True))
    assert statuses == [Status.CONFIRMED] * 2 + [Status.WAITING] * 4


def test_concurrent_bookings_of_one_slot_give_one_booking(bidding_room, make_user):
    providers = [make_user(Role.PENYEDIA) for _ in range(4)]
    outcomes = _race(
        [
            lambda p=p: rooms.booking_create(
                actor=p, room=bidding_room, starts_at=at(MONDAY, 9), ends_at=at(MONDAY, 11), purpose="x"
            )
            for p in providers
        ]
    )
    assert (
        sorted(str(o) if isinstance(o, str) else "BOOKED" for o in outcomes)
        == ["BOOKED"] + ["ROOM_TAKEN"] * 3
    )
    assert Booking.objects.filter(room=bidding_room, active=True).count() == 1
