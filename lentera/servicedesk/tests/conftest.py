import pytest

from lentera.accounts.tests.factories import user_with_role
from lentera.core.roles import Role
from lentera.tendering.tests.factories import SETUP_AT, clock


@pytest.fixture
def at_setup(db):
    """The tendering tests' clock (Friday 3 July 2026, 09:00 WIB)."""
    with clock(SETUP_AT):
        yield SETUP_AT


@pytest.fixture
def officer(db):
    return user_with_role(Role.HELPDESK)


@pytest.fixture
def provider(db):
    return user_with_role(Role.PENYEDIA)


@pytest.fixture
def kasubag(db):
    return user_with_role(Role.KASUBAG_LPSE)


@pytest.fixture
def technical(db, provider, officer):
    """A technical problem reported on Friday 3 July 2026 09:00 WIB, assigned to the officer."""
    import datetime as dt

    from lentera.core.calendar import JAKARTA
    from lentera.servicedesk import services
    from lentera.servicedesk.enums import Category

    with clock(dt.datetime(2026, 7, 3, 9, 0, tzinfo=JAKARTA)):
        t = services.ticket_create(
            actor=provider, category=Category.TECH_APPLICATION, subject="Galat unggah", description="500"
        )
        return services.ticket_assign(actor=officer, ticket=t, assignee=officer)
