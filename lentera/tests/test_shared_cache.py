"""#12 1.5: a response a shared cache may keep sets no cookie; a page with a form or for a signed-in person is
private."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lentera.accounts.tests.factories import user_with_role
from lentera.core.access import ACCESS_ATTR
from lentera.core.roles import Role
from lentera.testing import login_client

pytestmark = pytest.mark.django_db


def _public_paths(patterns=None, prefix=""):
    """Every public view's path that needs no argument (the detail pages are covered by their apps)."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from _public_paths(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            rule = getattr(p.callback, ACCESS_ATTR, None)
            if (
                rule is not None
                and rule.public
                and "<" not in route
                and not route.startswith(("api/", "admin/"))
            ):
                yield "/" + route.lstrip("^").rstrip("$")


def _check(response) -> str | None:
    cache_control = response.get("Cache-Control", "")
    if "public" in cache_control:
        if response.cookies:
            return f"public but sets cookies {sorted(response.cookies)}"
        if "Cookie" not in response.get("Vary", ""):
            return "public without Vary: Cookie (the language is a cookie)"
    return None


def test_shared_caches_can_leak_cookies_no_public_response_sets_a_cookie():
    paths = sorted(set(_public_paths()))
    assert "/" in paths and "/pengadaan/" in paths
    problems = {}
    public = []
    for path in paths:
        for _ in range(2):  # the second request is served from the server-side page cache
            response = Client().get(path)
            if (problem := _check(response)) is not None:
                problems[path] = problem
            if "public" in response.get("Cache-Control", ""):
                public.append(path)
    assert problems == {}
    assert "/" in public  # the home page stays cacheable by shared caches


def test_page_with_a_form_is_private():
    response = Client().get(reverse("accounts:login"))
    assert "csrftoken" in response.cookies
    assert "public" not in response.get("Cache-Control", "")


def test_public_page_for_a_signed_in_person_is_private():
    user = user_with_role(Role.PPK)
    response = login_client(user, Role.PPK).get("/")
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"] and "private" in response["Cache-Control"]
