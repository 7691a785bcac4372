"""The catalogue's main journey in a real browser: an admitted provider lists a product through the form, the
UKPBJ curator approves it from the queue, a visitor finds it with the public search and opens its page with the
price history. Every page on the way passes axe-core's WCAG 2.1 A/AA rules."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from lentera.catalog import services
from lentera.catalog.models import Product
from lentera.core.roles import Role
from lentera.planning.tests import factories as pf
from lentera.providers.tests.factories import make_verified_provider
from lentera.testing import axe_violations, login_client

from . import builders as b


def _context(browser, live_server, settings, who=None):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if who is not None:
        client = login_client(*who)
        host = urlsplit(live_server.url)
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
              "domain": host.hostname, "path": "/"}]
        )  # fmt: skip
    return context


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_provider_lists_curator_approves_public_finds(live_server, browser, settings):
    today = timezone.localdate()
    w = pf.build_world()
    ukpbj = w["kepala"]
    seller = make_verified_provider()
    category = b.category(ukpbj, code="laptop")
    admission = services.admission_apply(
        actor=seller.account, category=category, documents={"Surat pernyataan": b.pdf_file()}
    )
    services.admission_admit(
        actor=ukpbj,
        admission=admission,
        valid_from=today,
        valid_until=today + dt.timedelta(days=365),
        criteria="Lengkap",
    )
    failures: dict[str, list[str]] = {}

    def check(page):
        found = axe_violations(page)
        if found:
            failures[page.url] = found

    provider = _context(browser, live_server, settings, (seller.account, Role.PENYEDIA))
    page = provider.new_page()
    page.goto(f"{live_server.url}{reverse('catalog:my_products')}")
    check(page)
    page.click(f"a[href='{reverse('catalog:product_new', args=[category.pk])}']")
    check(page)
    page.fill("#id_name", "Laptop Guru Penggerak")
    page.fill("#id_brand", "Axioo")
    page.fill("#id_model", "Hype 5")
    page.fill("#id_tkdn", "41")
    page.fill("#id_price", "7250000")
    page.fill("#id_valid_from", today.isoformat())
    page.fill("#id_valid_until", (today + dt.timedelta(days=60)).isoformat())
    page.fill("#id_delivery_areas", "Kabupaten Contoh")
    page.fill("#id_delivery_days", "5")
    page.fill("#id_stock", "25")
    page.fill("#id_attr_ram", "16")
    page.select_option("#id_attr_layar", "14 inci")
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()
    assert "Menunggu kurasi" in page.content()
    provider.close()
    product = Product.objects.get(name="Laptop Guru Penggerak")

    curator = _context(browser, live_server, settings, (ukpbj, Role.KEPALA_UKPBJ))
    page = curator.new_page()
    page.goto(f"{live_server.url}{reverse('catalog:curation')}")
    check(page)
    page.click(
        f"form[action='{reverse('catalog:curation_decide', args=[product.changes.get().pk, 'setujui'])}'] button"
    )
    page.wait_for_load_state()
    assert "Tidak ada yang menunggu kurasi" in page.content()
    curator.close()

    visitor = _context(browser, live_server, settings)
    page = visitor.new_page()
    page.goto(f"{live_server.url}/")
    page.click('li[data-menu="public"] summary')
    page.click(f"li[data-menu='public'] a[href='{reverse('catalog:search')}']")
    check(page)
    page.fill("#id_q", "guru penggerak")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state()
    assert "1 produk" in page.content()
    page.click("text=Axioo Laptop Guru Penggerak")
    page.wait_for_load_state()
    assert "Riwayat harga" in page.content() and "Rp7.250.000" in page.content()
    check(page)
    visitor.close()
    assert not failures, failures
