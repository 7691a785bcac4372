"""The API's URL patterns are grouped by first path segment (lentera/urls.py `_grouped`) only to make URL
resolution cheaper: every operation must still resolve to the same view, and every name reverse to the same
path, as in django-ninja's flat list."""

from __future__ import annotations

import re

from django.urls import URLResolver, resolve, reverse
from django.urls import path as django_path
from django.urls.resolvers import RoutePattern

import lentera.urls  # noqa: F401 - adds every router before api.urls is read
from lentera.core.api import api


def _concrete(route: str) -> tuple[str, dict[str, str]]:
    kwargs: dict[str, str] = {}

    def fill(match: re.Match) -> str:
        name = match.group(1).split(":")[-1]
        kwargs[name] = f"x{len(kwargs)}"
        return kwargs[name]

    return re.sub(r"<([^>]+)>", fill, route), kwargs


def test_every_api_operation_resolves_and_reverses_as_before():
    patterns, _, namespace = api.urls
    assert len(patterns) > 50
    flat = URLResolver(RoutePattern("/"), [django_path("api/v1/", (patterns, "ninja", namespace))])
    names = [p.name for p in patterns]
    unique = {n for n in names if names.count(n) == 1}  # ("me" is both accounts' and providers')
    for pattern in patterns:
        path, kwargs = _concrete(str(pattern.pattern))
        match = resolve(f"/api/v1/{path}")
        before = flat.resolve(f"/api/v1/{path}")  # (a GET and a POST on one path share the first name)
        assert (match.route, match.url_name) == (before.route, before.url_name), path
        assert match.namespace == namespace
        assert match.kwargs == kwargs, path
        if pattern.name in unique:
            assert reverse(f"{namespace}:{pattern.name}", kwargs=kwargs) == f"/api/v1/{path}"


def test_api_resolution_tries_the_group_prefix_first():
    api_include = next(p for p in lentera.urls.urlpatterns if str(p.pattern) == "api/v1/")
    heads = [str(p.pattern) for p in api_include.url_patterns]
    assert "opendata/" in heads and "public/" in heads
    assert len(heads) < 25  # a score of prefixes and the few top-level operations, not 130 patterns
