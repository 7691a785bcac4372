"""Every API route tested through the API (#13 item 6): the route table, the ``route`` marker and its check.

A test declares the route it exercises with a marker::

    @pytest.mark.route("POST", "/api/v1/planning/packages/{package_id}/ready", allowed=True)
    @pytest.mark.route("POST", "/api/v1/planning/packages/{package_id}/ready", denied=True)

The marker is verified while the test runs (``lentera/conftest.py`` wraps the test client for marked tests), so a
mere string cannot count:

- ``allowed=True``: the test must call that route (method and path template, as Django resolved the request)
  at least once and get a 2xx answer; the test itself asserts the effect.
- ``denied=True``: the test must call that route at least once and be refused (401, 403 or 404), and every
  refused call to it must leave the database exactly as it was (``lentera.testing.db_fingerprint`` before and
  after the call).

``lentera/tests/test_every_route_tested.py`` walks the ninja router and fails for a route that lacks either
kind of test, and for a marker naming a route that does not exist.
"""

from __future__ import annotations

import contextlib
import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

API_PREFIX = "/api/v1/"
REFUSED = frozenset({401, 403, 404})
KINDS = ("allowed", "denied")


def _operations() -> Iterator[tuple[str, str, Any]]:
    """(METHOD, path template, operation) for every operation of ninja's bound routers (the routers as
    mounted, nested ones included)."""
    from django.urls import get_resolver

    from lentera.core.api import api

    get_resolver().url_patterns  # noqa: B018 - builds lentera.urls, which mounts every app's router
    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            parts = [part.strip("/") for part in (bound.prefix, path) if part.strip("/")]
            template = API_PREFIX + "/".join(parts)
            for operation in path_view.operations:
                for method in operation.methods:
                    yield method.upper(), template, operation


def api_routes() -> dict[tuple[str, str], str]:
    """Every (METHOD, path template) the API serves, with its operation id."""
    from lentera.core.api import api

    return {
        (method, template): operation.operation_id or api.get_openapi_operation_id(operation)
        for method, template, operation in _operations()
    }


def public_routes() -> set[tuple[str, str]]:
    """The routes whose declared access rule is public (``api_access(public=True)``)."""
    from lentera.core.access import ACCESS_ATTR

    return {
        (method, template)
        for method, template, operation in _operations()
        if getattr(getattr(operation.view_func, ACCESS_ATTR, None), "public", False)
    }


def template_of(django_route: str) -> str:
    """``api/v1/planning/packages/<int:package_id>`` -> ``/api/v1/planning/packages/{package_id}``;
    ``api/v1/contracts/`` -> ``/api/v1/contracts`` (the route table strips a router's ``"/"`` path too).
    """
    return "/" + re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", django_route).rstrip("/")


def _mark_route(mark: Any) -> tuple[str, str, str]:
    """(kind, METHOD, template) of one ``route`` marker; a malformed marker is an error."""
    if len(mark.args) != 2 or set(mark.kwargs) - set(KINDS):
        raise ValueError(f"route marker takes (METHOD, path, allowed=True | denied=True): {mark}")
    kinds = [kind for kind in KINDS if mark.kwargs.get(kind)]
    if len(kinds) != 1:
        raise ValueError(f"route marker needs exactly one of allowed=True or denied=True: {mark}")
    method, path = mark.args
    return kinds[0], str(method).upper(), str(path)


def allowed(*routes: str) -> Callable:
    """Decorator: ``route(..., allowed=True)`` for each ``"METHOD /api/v1/path"``."""
    return _marks("allowed", routes)


def denied(*routes: str) -> Callable:
    """Decorator: ``route(..., denied=True)`` for each ``"METHOD /api/v1/path"`` (e.g. an access matrix that
    calls every route as every role refused)."""
    return _marks("denied", routes)


def _marks(kind: str, routes: tuple[str, ...]) -> Callable:
    def decorate(fn):
        for spec in routes:
            method, path = spec.split(" ", 1)
            fn = pytest.mark.route(method, path, **{kind: True})(fn)
        return fn

    return decorate


# --- Collecting the markers of every test module -------------------------------------------------------------


@dataclass(frozen=True)
class Declared:
    kind: str
    method: str
    path: str
    test: str


def module_names(root: Path) -> Iterator[str]:
    """Dotted names of every test module under ``root`` (the ``lentera`` package)."""
    for file in sorted(root.rglob("test_*.py")):
        if "tests" not in file.relative_to(root).parts:
            continue
        relative = file.relative_to(root.parent).with_suffix("")
        yield ".".join(relative.parts)


def _test_functions(module: Any) -> Iterator[tuple[str, Any]]:
    for name, obj in vars(module).items():
        if name.startswith("test") and callable(obj) and getattr(obj, "__module__", None) == module.__name__:
            yield name, obj
        elif name.startswith("Test") and isinstance(obj, type) and obj.__module__ == module.__name__:
            for attr, fn in vars(obj).items():
                if attr.startswith("test") and callable(fn):
                    yield f"{name}.{attr}", fn


def declared_routes(root: Path) -> tuple[list[Declared], list[str]]:
    """Every ``route`` marker on a test function of a test module, and the problems found (a malformed marker,
    a marker on a whole module or class, which would mark tests that never call the route)."""
    declared: list[Declared] = []
    problems: list[str] = []
    for dotted in module_names(root):
        module = importlib.import_module(dotted)
        holders = [module, *(v for v in vars(module).values() if isinstance(v, type))]
        for holder in holders:
            marks = getattr(holder, "pytestmark", [])
            if any(
                getattr(m, "name", None) == "route" for m in (marks if isinstance(marks, list) else [marks])
            ):
                problems.append(f"{dotted}: route marker on a module or class (mark each test)")
        for name, fn in _test_functions(module):
            for mark in getattr(fn, "pytestmark", []):
                if mark.name != "route":
                    continue
                try:
                    kind, method, path = _mark_route(mark)
                except ValueError as exc:
                    problems.append(f"{dotted}::{name}: {exc}")
                    continue
                declared.append(Declared(kind, method, path, f"{dotted}::{name}"))
    return declared, problems


# --- Verifying a marked test while it runs ---------------------------------------------------------------------


@dataclass
class RouteCalls:
    """The calls a marked test made to the routes its markers name: (kind, METHOD, template) -> statuses, and
    the refused calls that changed the database."""

    wanted: set[tuple[str, str, str]]
    statuses: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    refused_but_changed: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        found = []
        for kind, method, path in sorted(self.wanted):
            got = self.statuses.get((method, path), [])
            if kind == "allowed" and not any(200 <= s < 300 for s in got):
                found.append(f"route({method} {path}, allowed) never answered 2xx in this test (got {got})")
            if kind == "denied" and not any(s in REFUSED for s in got):
                found.append(f"route({method} {path}, denied) was never refused in this test (got {got})")
        return found + self.refused_but_changed


@contextlib.contextmanager
def tracking(marks: list[Any]) -> Iterator[RouteCalls]:
    """While active, every call through Django's test client is resolved to its route template; calls to a
    route named ``denied`` by a marker are fingerprinted before and after."""
    from django.test.client import Client
    from django.urls import Resolver404, resolve

    from lentera.testing import db_fingerprint

    calls = RouteCalls({_mark_route(mark) for mark in marks})
    guarded = {(method, path) for kind, method, path in calls.wanted if kind == "denied"}
    original = Client.request

    def request(client, **environ):
        try:
            match = resolve(environ.get("PATH_INFO", "/"))
        except Resolver404:
            return original(client, **environ)
        key = (str(environ.get("REQUEST_METHOD", "GET")).upper(), template_of(match.route))
        before = db_fingerprint() if key in guarded else None
        response = original(client, **environ)
        calls.statuses.setdefault(key, []).append(response.status_code)
        if before is not None and response.status_code in REFUSED and db_fingerprint() != before:
            calls.refused_but_changed.append(
                f"route({key[0]} {key[1]}) was refused ({response.status_code}) but the database changed"
            )
        return response

    Client.request = request  # type: ignore[method-assign,assignment]
    try:
        yield calls
    finally:
        Client.request = original  # type: ignore[method-assign]
