"""RUP announcements reach the OCDS feed through planning's after-commit hook (no upward import)."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from lentera.opendata.models import Release
from lentera.opendata.ocds import validate
from lentera.planning import services as planning
from lentera.planning.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_watermark():
    with override_settings(LENTERA_FEED_WATERMARK_SECONDS=0):
        yield


def _feed() -> dict:
    return Client().get("/api/v1/opendata/releases").json()


def test_rup_announcement_publishes_a_planning_release(django_capture_on_commit_callbacks):
    w = factories.build_world()
    with django_capture_on_commit_callbacks(execute=True):
        item = factories.rup_item(w)
    assert item.announced_at is not None
    body = _feed()
    planned = [r for r in body["releases"] if r["tag"] == ["planning"]]
    assert len(planned) == 1
    assert planned[0]["planning"]["budget"]["amount"]["amount"] == 2400000000
    assert validate.errors(body) == []


def test_rup_revision_publishes_planning_update(django_capture_on_commit_callbacks):
    w = factories.build_world()
    with django_capture_on_commit_callbacks(execute=True):
        item = factories.rup_item(w)
    with django_capture_on_commit_callbacks(execute=True):
        planning.rup_item_update(actor=w["ppk"], item=item, reason="Pagu dikoreksi", pagu="2500000000")
    tags = list(Release.objects.filter(kind="planning").order_by("seq").values_list("tags", flat=True))
    assert tags == [["planning"], ["planningUpdate"]]
    assert validate.errors(_feed()) == []


def test_unannounced_rup_publishes_nothing(django_capture_on_commit_callbacks):
    w = factories.build_world(apbd_years=())
    with django_capture_on_commit_callbacks(execute=True):
        factories.rup_item(w)
    assert not Release.objects.filter(kind="planning").exists()
