"""Mini-competition: the PPK invites the providers listing comparable products, they send sealed quotations before
the deadline (database clock), the lowest compliant one becomes the accepted order."""

import datetime as dt
from decimal import Decimal

import pytest

from lentera.catalog import competition_rules as crules
from lentera.catalog import services
from lentera.catalog.errors import CatalogError
from lentera.catalog.models import MiniCompetition, Quotation
from lentera.catalog.states import CompetitionStatus, OrderMethod, OrderStatus
from lentera.core.audit import verify_chain
from lentera.core.errors import AccessDenied
from lentera.core.models import AuditEvent
from lentera.providers.tests.factories import make_verified_provider
from lentera.tendering.tests.factories import SETUP_AT, clock

from . import builders as b

DEADLINE = SETUP_AT + dt.timedelta(days=2)
AFTER = DEADLINE + dt.timedelta(minutes=1)


@pytest.fixture
def mk(cw):
    """A second admitted provider with a comparable product, and a competition inviting both."""
    second = make_verified_provider()
    b.admitted(cw.ukpbj, cw.category, second)
    rival = b.live_product(cw.ukpbj, cw.category, second, name="Laptop Saingan", price="9000000")
    competition = services.competition_create(
        actor=cw.ppk,
        package=cw.package,
        category=cw.category,
        provider_ids=[cw.provider.pk, second.pk],
        specification="Laptop RAM 16 GB, layar 14 inci",
        quantity=2,
        delivery_address="Dinas Pendidikan",
        deadline=DEADLINE,
    )
    return cw, second, rival, competition


def _quote(provider, competition, product, price, **kw):
    q = Quotation.objects.get(competition=competition, provider=provider)
    return services.quotation_submit(
        actor=provider.account, quotation=q, product=product, unit_price=price, **kw
    )


def test_competition_lowest_compliant_quotation_becomes_the_order(mk):
    cw, second, rival, competition = mk
    assert set(services.invitable_providers(cw.category)) == {cw.provider, second}
    _quote(cw.provider, competition, cw.product, "8400000")
    q2 = _quote(second, competition, rival, "8600000")
    _quote(second, competition, rival, "8300000", delivery_days=3)  # replaced before the deadline
    q2.refresh_from_db()
    # sealed: no price in the row, only the wrapped text
    assert q2.unit_price is None and q2.sealed and "8300000" not in q2.sealed
    with pytest.raises(CatalogError) as err:
        services.competition_award(actor=cw.ppk, competition=competition)
    assert err.value.code == "COMPETITION_NOT_CLOSED"
    with clock(AFTER):
        with pytest.raises(CatalogError) as err:
            _quote(cw.provider, competition, cw.product, "8000000")
        assert err.value.code == "COMPETITION_CLOSED"
        done = services.competition_award(actor=cw.ppk, competition=competition)
    assert done.status == CompetitionStatus.AWARDED
    order = done.order
    assert order.provider_id == second.pk and order.unit_price == Decimal("8300000")
    assert order.status == OrderStatus.ACCEPTED and order.method == OrderMethod.COMPETITION
    assert order.total == Decimal("16600000") and order.delivery_days == 3
    rival.refresh_from_db()
    assert rival.stock == 38
    opened = {q.provider_id: q for q in done.quotations.all()}
    assert opened[cw.provider.pk].unit_price == Decimal("8400000") and opened[cw.provider.pk].compliant
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "catalog.competition.award" in actions and actions.count("catalog.competition.quote") == 3
    assert verify_chain().ok


def test_competition_fails_without_compliant_quotation(mk):
    cw, second, rival, competition = mk
    _quote(cw.provider, competition, cw.product, "8400000")
    b.blacklist(cw.w, cw.provider, starts_on=b.TODAY, ends_on=b.TODAY + dt.timedelta(days=30))
    with clock(AFTER):
        done = services.competition_award(actor=cw.ppk, competition=competition)
    assert done.status == CompetitionStatus.FAILED and done.order is None
    assert not done.quotations.filter(compliant=True).exists()


def test_quotation_refused_above_listed_or_wrong_product_or_not_invited(mk):
    cw, second, rival, competition = mk
    with pytest.raises(CatalogError) as err:
        _quote(cw.provider, competition, cw.product, "9999999")
    assert err.value.code == "NEGOTIATED_ABOVE_LISTED"
    with pytest.raises(CatalogError) as err:
        _quote(cw.provider, competition, rival, "100")
    assert err.value.code == "QUOTATION_PRODUCT_INVALID"
    outsider = make_verified_provider()
    q = Quotation.objects.get(competition=competition, provider=cw.provider)
    with pytest.raises(CatalogError) as err:
        services.quotation_submit(actor=outsider.account, quotation=q, product=cw.product, unit_price="1")
    assert err.value.code == "QUOTATION_NOT_FOUND"
    assert not Quotation.objects.exclude(sealed="").exists()


def test_competition_invitees_enough_and_deadline_valid(cw):
    with pytest.raises(CatalogError) as err:
        crules.competition_invitees_enough(count=1, minimum=2)
    assert err.value.code == "COMPETITION_TOO_FEW_PROVIDERS"
    crules.competition_invitees_enough(count=2, minimum=2)
    with pytest.raises(CatalogError) as err:
        services.competition_create(
            actor=cw.ppk,
            package=cw.package,
            category=cw.category,
            provider_ids=[cw.provider.pk],
            specification="x",
            quantity=1,
            delivery_address="x",
            deadline=DEADLINE,
        )
    assert err.value.code == "COMPETITION_TOO_FEW_PROVIDERS"
    assert not MiniCompetition.objects.exists()


def test_competition_deadline_valid_bounds():
    now = SETUP_AT
    crules.competition_deadline_valid(
        deadline=now + dt.timedelta(hours=24), now=now, min_hours=24, max_days=14
    )
    for bad in (now + dt.timedelta(hours=23), now + dt.timedelta(days=15)):
        with pytest.raises(CatalogError):
            crules.competition_deadline_valid(deadline=bad, now=now, min_hours=24, max_days=14)


def test_competition_rule_in_force_and_quotation_in_time_and_quotations_openable():
    rule = crules.competition_rule(dt.date(2026, 7, 3))
    assert rule.min_providers == 2 and rule.max_days == 14
    with pytest.raises(CatalogError):
        crules.competition_rule(dt.date(2020, 1, 1))
    crules.quotation_in_time(deadline=DEADLINE, now=SETUP_AT)
    with pytest.raises(CatalogError):
        crules.quotation_in_time(deadline=DEADLINE, now=DEADLINE)
    crules.quotations_openable(deadline=DEADLINE, now=DEADLINE)
    with pytest.raises(CatalogError):
        crules.quotations_openable(deadline=DEADLINE, now=SETUP_AT)


def test_competition_winner_lowest_then_first_sent():
    t = SETUP_AT
    offers = [
        crules.Offer(1, Decimal("10"), t + dt.timedelta(hours=2), True),
        crules.Offer(2, Decimal("10"), t + dt.timedelta(hours=1), True),
        crules.Offer(3, Decimal("5"), t, False),
    ]
    assert crules.competition_winner(offers).key == 2
    assert crules.competition_winner([offers[2]]) is None


def test_competition_cancel_only_by_its_ppk(mk):
    cw, second, rival, competition = mk
    with pytest.raises(AccessDenied):
        services.competition_cancel(actor=second.account, competition=competition, reason="x")
    done = services.competition_cancel(actor=cw.ppk, competition=competition, reason="Anggaran dialihkan")
    assert done.status == CompetitionStatus.CANCELLED
