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
