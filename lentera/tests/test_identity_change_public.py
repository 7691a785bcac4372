"""A verified provider's rename reaches the public only once the Verifikator approves it (#12 1.4): the public
provider page, the OCDS release naming it and the public tender table keep the name in force until then."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from lentera.accounts.tests.factories import user_with_role
from lentera.core.roles import Role
from lentera.opendata import services as opendata
from lentera.opendata.models import Release
from lentera.opendata.tests import scenario
from lentera.providers import services
from lentera.providers.tests.factories import upload
from lentera.public.models import PublicTender

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def _names_in_release(release: Release) -> set[str]:
    return {
        party["name"] for party in release.data.get("parties", []) if "supplier" in party.get("roles", [])
    }


def test_rename_reaches_public_pages_and_ocds_only_after_approval(django_capture_on_commit_callbacks):
    winner = scenario.provider("PT Nama Lama")
    winner.representative_name, winner.address = "Siti", "Jl. 1"
    winner.save()
    t = scenario.tender()
    offers = scenario.open_bids(t, [Decimal("900000000")], [winner])
    scenario.decide(t, offers, passed=[True], winner_index=0)
    opendata.opendata_sync()
    page_url = reverse("public:provider", args=[winner.pk])
    client = Client()
    assert "PT Nama Lama" in client.get(page_url).content.decode()
    first = Release.objects.filter(ocid=opendata.ocid_for(t.code)).order_by("-seq").first()
    assert first is not None and _names_in_release(first) == {"PT Nama Lama"}

    change = services.provider_update_identity(
        actor=winner.account,
        provider=winner,
        data={"name": "PT Nama Baru"},
        documents=[("AKTA_PERUBAHAN", upload("akta.pdf"))],
    ).change
    assert change is not None
    opendata.opendata_sync()  # nothing public changed while the change waits
    page = client.get(page_url).content.decode()
    assert "PT Nama Lama" in page and "PT Nama Baru" not in page
    latest = Release.objects.filter(ocid=opendata.ocid_for(t.code)).order_by("-seq").first()
    assert latest == first
    assert PublicTender.objects.get(code=t.code).winner_name == "PT Nama Lama"

    with django_capture_on_commit_callbacks(execute=True):  # the domain event's subscribers run after commit
        services.identity_change_approve(actor=user_with_role(Role.VERIFIKATOR), change_id=change.pk)
    page = client.get(page_url).content.decode()
    assert "PT Nama Baru" in page
    latest = Release.objects.filter(ocid=opendata.ocid_for(t.code)).order_by("-seq").first()
    assert latest is not None and latest.seq > first.seq and _names_in_release(latest) == {"PT Nama Baru"}
    assert _names_in_release(Release.objects.get(pk=first.pk)) == {
        "PT Nama Lama"
    }  # published stays published
    assert PublicTender.objects.get(code=t.code).winner_name == "PT Nama Baru"
