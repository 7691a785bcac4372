"""A proper 404 page in both languages, also in development with DEBUG on (issue 20 item 14)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings

from lentera.core.devpages import FriendlyNotFoundMiddleware
from lentera.settings.base import MIDDLEWARE

pytestmark = pytest.mark.django_db

DEV_MIDDLEWARE = [*MIDDLEWARE, "lentera.core.devpages.FriendlyNotFoundMiddleware"]


def test_unknown_address_gets_the_lentera_404_page_in_indonesian_and_english():
    response = Client().get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch's choice
    english = client.get("/tidak-ada-halaman-ini/")
    assert english.status_code == 404 and "Page not found" in english.content.decode()


@override_settings(DEBUG=True, MIDDLEWARE=DEV_MIDDLEWARE)
def test_development_shows_the_real_404_page_not_the_debug_page():
    response = Client().get("/tidak-ada-halaman-ini/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in body and "DEBUG = True" not in body


@override_settings(DEBUG=True, MIDDLEWARE=MIDDLEWARE)
def test_without_the_middleware_debug_404_is_django_s():
    """What LENTERA_DEBUG_404=1 gives a developer: Django's URL list."""
    assert "DEBUG = True" in Client().get("/tidak-ada-halaman-ini/").content.decode()
    assert FriendlyNotFoundMiddleware  # the middleware exists; dev settings install it unless told not to
