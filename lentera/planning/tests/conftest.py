import pytest

from .factories import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def world_unagreed(db):
    return build_world(apbd_years=())
