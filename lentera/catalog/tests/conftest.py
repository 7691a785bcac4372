import pytest

from lentera.tendering.tests.factories import SETUP_AT, clock

from .builders import catalog_world


@pytest.fixture
def at_setup(db):
    """Friday 3 July 2026, 09:00 WIB (the tendering tests' clock)."""
    with clock(SETUP_AT):
        yield SETUP_AT


@pytest.fixture
def cw(at_setup):
    return catalog_world()
