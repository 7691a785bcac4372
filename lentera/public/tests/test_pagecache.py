"""The anonymous page cache never shares a CSRF token and never serves logged-in users."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from lentera.core.testing import login_client
from lentera.opendata import services
from lentera.opendata.tests import scenario

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_cached_page_gets_each_visitors_own_csrf_token(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    t = scenario.tender(title="Pembangunan Gedung Serbaguna")
    services.opendata_sync()
    first, second = Client(), Client()
    a = first.get("/pengadaan/")
    b = second.get("/pengadaan/")
    assert "Pembangunan Gedung Serbaguna" in b.content.decode()
    token_a, token_b = TOKEN.search(a.content.decode()).group(1), TOKEN.search(b.content.decode()).group(1)
    assert token_a != token_b and "__LENTERA_CSRF_TOKEN__" not in b.content.decode()
    assert b.cookies.get("csrftoken")
    # the language switch works with the cached page's token
    r = second.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert r.status_code == 302
    # a logged-in user is never served the anonymous copy
    staff = scenario.UserFactory()
    client = login_client(staff)
    assert "Keluar" in client.get("/pengadaan/").content.decode()
    assert t.code
