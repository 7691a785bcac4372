import datetime as dt

import pytest

from lentera.accounts.tests.factories import user_with_role
from lentera.core.calendar import JAKARTA
from lentera.core.roles import Role
from lentera.tendering.tests.factories import clock

#: Friday 3 July 2026, 08:00 WIB: the session is on Monday 6 July 2026, 09:00-12:00 WIB
BEFORE = dt.datetime(2026, 7, 3, 8, 0, tzinfo=JAKARTA)
MONDAY = dt.date(2026, 7, 6)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=JAKARTA)


@pytest.fixture
def trainer(db):
    return user_with_role(Role.TRAINER)


@pytest.fixture
def kasubag(db):
    return user_with_role(Role.KASUBAG_LPSE)


@pytest.fixture
def provider(db):
    return user_with_role(Role.PENYEDIA)


@pytest.fixture
def room(db):
    from lentera.training.enums import RoomKind
    from lentera.training.models import Room
    from lentera.training.rooms import ensure_standard_rooms

    ensure_standard_rooms()  # made by the migration; again after a transactional test flushed the tables
    return Room.objects.get(kind=RoomKind.TRAINING)


@pytest.fixture
def bidding_room(db):
    from lentera.training.enums import RoomKind
    from lentera.training.models import Room
    from lentera.training.rooms import ensure_standard_rooms

    ensure_standard_rooms()
    return Room.objects.get(kind=RoomKind.BIDDING)


@pytest.fixture
def course(trainer):
    from lentera.training import services

    with clock(BEFORE):
        return services.course_create(
            actor=trainer, code="SPSE-P", title="SPSE bagi Penyedia", audience="PROVIDER"
        )


@pytest.fixture
def session(course, trainer, room):
    """Monday 6 July 2026 09:00-12:00 WIB in the training room, two seats."""
    from lentera.training import services

    with clock(BEFORE):
        return services.session_create(
            actor=trainer,
            course=course,
            starts_at=at(MONDAY, 9),
            ends_at=at(MONDAY, 12),
            capacity=2,
            room=room,
        )


@pytest.fixture
def attended(session, trainer, provider):
    """The provider registered, came, and holds a certificate."""
    from lentera.training import services

    with clock(BEFORE):
        registration = services.register(actor=provider, session=session)
    with clock(at(MONDAY, 10)):
        services.attendance_record(actor=trainer, session=session, present={registration.pk})
        services.certificates_issue(actor=trainer, session=session)
    registration.refresh_from_db()
    return registration
