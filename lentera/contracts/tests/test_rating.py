"""The provider performance rating (Peraturan LKPP 4/2021, SiKaP style): the PPK rates once after the handover on
the scale of the rule data, the provider sees it and answers once; the history and its average are for staff."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lentera.contracts import dashboards, selectors, services
from lentera.contracts.models import PerformanceRating
from lentera.contracts.tests.builders import running_contract, world_with_letter
from lentera.contracts.tests.test_acceptance import refused
from lentera.contracts.tests.test_handover import _handover
from lentera.core.calendar import local_date
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.tendering.tests.factories import clock

pytestmark = pytest.mark.django_db
GOOD = {"quality": 4, "cost": 3, "time": 4, "service": 3}
POOR = {"quality": 1, "cost": 2, "time": 1, "service": 2}


@pytest.fixture
def completed(at_setup):
    """A goods contract delivered and completed by its BAST."""
    tw, letter = world_with_letter(ptype="GOODS")
    contract, at = running_contract(tw, letter, days=60)
    at = at + dt.timedelta(days=10)
    with clock(at):
        rate = lambda: services.rating_record(actor=tw.ppk, contract=contract, scores=GOOD, comments="x")  # noqa: E731
        refused(rate, "STATE_NOT_ALLOWED", 409)  # not handed over yet
        services.delivery_record(
            actor=contract.provider.account,
            contract=contract,
            name="Lemari arsip",
            quantity=Decimal("10"),
            unit="unit",
            unit_price=Decimal("3000000"),
            delivered_on=local_date(at),
        )
        _handover(tw.ppk, contract, local_date(at))
    contract.refresh_from_db()
    return tw, contract, at


def test_the_ppk_rates_once_on_the_scale_and_the_provider_answers_once(completed):
    tw, contract, at = completed
    provider = contract.provider.account
    with clock(at):
        assert any("penilaian" in i.title for i in dashboards.items(tw.ppk, Role.PPK))
        rate = lambda scores, who=tw.ppk: services.rating_record(  # noqa: E731
            actor=who, contract=contract, scores=scores, comments="Terlambat dua kali, mutu kurang"
        )
        refused(lambda: rate(POOR, provider), "ACTION_NOT_FOR_ROLE", 403)
        refused(lambda: rate(POOR | {"quality": 5}), "SCORES_INVALID")
        refused(lambda: rate({"quality": 1, "cost": 2, "time": 1}), "SCORES_INVALID")
        refused(lambda: rate(POOR | {"price": 3}), "SCORES_INVALID")
        refused(
            lambda: services.rating_respond(actor=provider, contract=contract, response="x"), "NO_RATING", 409
        )
        rating = rate(POOR)
        assert (rating.average, rating.flagged, rating.rated_on) == (Decimal("1.50"), True, local_date(at))
        refused(lambda: rate(GOOD), "RATING_EXISTS", 409)
        assert not any("penilaian" in i.title for i in dashboards.items(tw.ppk, Role.PPK))
        assert any("Penilaian kinerja" in i.title for i in dashboards.items(provider, Role.PENYEDIA))
        answer = lambda who: services.rating_respond(  # noqa: E731
            actor=who, contract=contract, response="Keterlambatan karena banjir di gudang"
        )
        refused(lambda: answer(tw.ppk), "ACTION_NOT_FOR_ROLE", 403)
        answered = answer(provider)
        refused(lambda: answer(provider), "RESPONSE_EXISTS", 409)
        assert not any("Penilaian kinerja" in i.title for i in dashboards.items(provider, Role.PENYEDIA))
    assert answered.response.startswith("Keterlambatan") and answered.responded_by == provider
    assert PerformanceRating.objects.get().scores == POOR
    assert AuditEvent.objects.filter(action__startswith="contracts.rating.").count() == 2
    with clock(at):
        summary = selectors.provider_rating_summary(contract.provider_id)
    assert summary == {"count": 1, "average": Decimal("1.50"), "flagged": True, "flag_below": Decimal("2.0")}
    assert [r.pk for r in selectors.provider_ratings(contract.provider_id)] == [rating.pk]


def test_a_good_rating_is_not_flagged(completed):
    tw, contract, at = completed
    with clock(at):
        rating = services.rating_record(actor=tw.ppk, contract=contract, scores=GOOD, comments="Baik")
        assert (rating.average, rating.flagged) == (Decimal("3.50"), False)
        assert selectors.provider_rating_summary(contract.provider_id)["flagged"] is False
    assert selectors.provider_rating_summary(99999)["count"] == 0
