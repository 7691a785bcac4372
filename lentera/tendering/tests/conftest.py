import pytest

from .factories import SETUP_AT, clock


@pytest.fixture
def at_setup(db):
    """Freeze the clock a few days before the test tenders' schedules start (see factories.BASE)."""
    with clock(SETUP_AT):
        yield SETUP_AT
