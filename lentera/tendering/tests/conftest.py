import pytest
import time_machine

from .factories import SETUP_AT


@pytest.fixture
def at_setup(db):
    """Freeze the clock a few days before the test tenders' schedules start (see factories.BASE)."""
    with time_machine.travel(SETUP_AT, tick=False) as traveller:
        yield traveller
