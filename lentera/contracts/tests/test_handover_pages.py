"""The handover, rating and goods data on the contract page: the provider records a delivered item, the PPK signs
the BAST and rates, the provider sees the rating and answers it; staff read the provider's history page (linked
from the contract page), the provider does not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from lentera.contracts.models import DeliveredItem, PerformanceRating
from lentera.contracts.states import ContractState
from lentera.contracts.tests.builders import running_contract, world_with_letter
from lentera.core.calendar import local_date
from lentera.core.roles import Role
from lentera.tendering.tests.factories import clock
from lentera.testing import db_fingerprint, login_client

pytestmark = pytest.mark.django_db


def test_goods_delivered_bast_rating_and_answer_on_the_pages(at_setup):
    tw, letter = world_with_letter(ptype="GOODS")
    contract, at = running_contract(tw, letter, days=60)
    at = at + dt.timedelta(days=5)
    day = local_date(at).isoformat()
    page_url = reverse("contracts:detail", args=[contract.pk])
    with clock(at):
        provider = login_client(contract.provider.account, Role.PENYEDIA)
        ppk = login_client(tw.ppk, Role.PPK)
        page = provider.get(page_url).content.decode()
        assert 'id="delivery-submit"' in page and 'id="handover-submit"' not in page
        item = {
            "name": "Papan tulis",
            "quantity": "24",
            "unit": "unit",
            "unit_price": "1.250.000",
            "delivered_on": day,
        }
        assert provider.post(reverse("contracts:delivery", args=[contract.pk]), item).status_code == 302
        assert DeliveredItem.objects.get().total == 30000000
        page = ppk.get(page_url).content.decode()
        assert (
            "Papan tulis" in page and 'id="handover-submit"' in page and "Berita acara serah terima" in page
        )
        bast = {"number": "BAST/7", "handed_on": day, "inspectors": "Tim Pemeriksa", "inspected_on": day}
        before = db_fingerprint()
        r = provider.post(reverse("contracts:handover", args=[contract.pk]), bast | {"result": "ACCEPTED"})
        assert r.status_code == 403 and db_fingerprint() == before
        r = ppk.post(reverse("contracts:handover", args=[contract.pk]), bast | {"result": "ACCEPTED"})
        assert r.status_code == 302
        contract.refresh_from_db()
        assert contract.state == ContractState.COMPLETED
        page = ppk.get(page_url).content.decode()
        assert 'id="rate-submit"' in page and 'id="rate-score_quality"' in page
        scores = {"score_quality": "3", "score_cost": "3", "score_time": "2", "score_service": "4"}
        r = ppk.post(reverse("contracts:rate", args=[contract.pk]), scores | {"comments": "Cukup baik"})
        assert r.status_code == 302 and PerformanceRating.objects.get().average == 3
        page = provider.get(page_url).content.decode()
        assert 'id="rating-average"' in page and "Cukup baik" in page and 'id="respond-submit"' in page
        assert 'id="rate-submit"' not in ppk.get(page_url).content.decode()
        r = provider.post(
            reverse("contracts:rating_respond", args=[contract.pk]), {"response": "Terima kasih"}
        )
        assert r.status_code == 302
        page = provider.get(page_url).content.decode()
        assert "Terima kasih" in page and 'id="respond-submit"' not in page
        history_url = reverse("contracts:provider_ratings", args=[contract.provider_id])
        assert history_url not in page  # the provider is not shown the staff page
        assert history_url in ppk.get(page_url).content.decode()
        history = login_client(tw.members[0], Role.POKJA).get(history_url)
        assert history.status_code == 200 and "Cukup baik" in history.content.decode()
        assert provider.get(history_url).status_code == 403
