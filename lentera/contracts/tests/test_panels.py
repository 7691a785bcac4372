"""The provider's rating shown to staff on lower apps' pages through core.panels: the Pokja's evaluation (the
average and the flag under the rule data's line) and the staff view of a provider (the providers app's archive
page links to the contracts-owned history page); never to the provider itself."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.formats import localize

from lentera.contracts import services
from lentera.core import panels
from lentera.core.roles import Role
from lentera.tendering.tests.factories import clock
from lentera.testing import login_client

from .test_rating import POOR, completed  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_the_pokja_sees_the_average_and_the_flag_the_provider_does_not(completed):  # noqa: F811
    tw, contract, at = completed
    pid = contract.provider_id
    [before] = panels.collect("tendering.offer", provider_id=pid, role=Role.POKJA)
    assert before.text == "belum ada penilaian" and not before.warn
    with clock(at):
        services.rating_record(actor=tw.ppk, contract=contract, scores=POOR, comments="Kurang")
    [shown] = panels.collect("tendering.offer", provider_id=pid, role=Role.POKJA)
    assert shown.warn and localize(Decimal("1.50")) in shown.text and localize(Decimal("2.0")) in shown.text
    assert shown.url == reverse("contracts:provider_ratings", args=[pid])
    assert panels.collect("tendering.offer", provider_id=pid, role=Role.PENYEDIA) == []


def test_the_staff_view_of_a_provider_links_to_its_rating_history(completed, users_by_role):  # noqa: F811
    tw, contract, at = completed
    account = contract.provider.account
    history = reverse("contracts:provider_ratings", args=[contract.provider_id])
    verifier = login_client(users_by_role[Role.VERIFIKATOR], Role.VERIFIKATOR)
    page = verifier.get(reverse("providers:archive_user", args=[account.pk]))
    assert page.status_code == 200 and history in page.content.decode()
    own = login_client(account, Role.PENYEDIA).get(reverse("providers:archive_mine"))
    assert own.status_code == 200 and history not in own.content.decode()


def test_a_contributor_is_registered_once_and_nothing_is_shown_for_none():
    calls = []

    def contributor(**kw):
        calls.append(kw)
        return None

    panels.register("test.point", contributor)
    panels.register("test.point", contributor)
    assert panels.collect("test.point", x=1) == [] and calls == [{"x": 1}]
