import pytest

from lentera.tendering.tests.factories import SETUP_AT, clock


@pytest.fixture
def at_setup(db):
    """The tendering tests' clock: a few days before the test tenders' schedules start."""
    with clock(SETUP_AT):
        yield SETUP_AT
