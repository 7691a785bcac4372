"""The anonymous page cache never shares a CSRF token and never serves logged-in users."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from lentera.opendata import services
from lentera.opendata.tests import scenario
from lentera.testing import login_client

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_cached_public_page_carries_no_csrf_token_and_sets_no_cookie(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    t = scenario.tender(title="Pembangunan Gedung Serbaguna")
    services.opendata_sync()
    first, second = Client(), Client()
    a = first.get("/pengadaan/")
    b = second.get("/pengadaan/")
    assert "Pembangunan Gedung Serbaguna" in b.content.decode()
    # nothing per visitor in the shared copy: no CSRF token, no cookie (#12 1.5)
    assert TOKEN.search(a.content.decode()) is None and TOKEN.search(b.content.decode()) is None
    assert "__LENTERA_CSRF_TOKEN__" not in b.content.decode()
    assert not a.cookies and not b.cookies
    # the language switch works without a token
    r = Client(enforce_csrf_checks=True).post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert r.status_code == 302
    # a logged-in user is never served the anonymous copy
    staff = scenario.UserFactory()
    client = login_client(staff)
    assert "Keluar" in client.get("/pengadaan/").content.decode()
    assert t.code
