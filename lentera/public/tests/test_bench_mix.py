"""The public-listing benchmark's oracle (bench/public_listing/mix.py) agrees with the search on every request of
its query mix, and its checks fail on a wrong answer: a benchmark that cannot tell a wrong page is a defect."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from .test_search import _rows

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench" / "public_listing"))
import mix  # noqa: E402

pytestmark = pytest.mark.django_db


def test_bench_oracle_agrees_with_the_search_page_and_api_on_every_request_of_the_mix():
    _rows(80)
    plan = mix.build(mix.Oracle(connection))
    client = Client()
    checked = 0
    for scenario in plan:
        for request in scenario.requests:
            if request.expected is None:
                continue
            response = client.get(request.path)
            body = response.content.decode()
            assert mix.check(request, response.status_code, body) == "", (scenario.name, request.path)
            assert mix.lua_marker(request) in body, (scenario.name, request.path)
            checked += 1
    names = {s.name for s in plan}
    assert {"search zero results", "keyword + filters", "search deep page (keyset)", "search API"} <= names
    assert checked > 150


def test_bench_checks_fail_on_a_wrong_answer():
    _rows(30)
    plan = mix.build(mix.Oracle(connection))
    request = next(
        r for s in plan for r in s.requests if r.expected and len(r.expected.codes) > 2 and not r.api
    )
    body = Client().get(request.path).content.decode()
    assert mix.check(request, 200, body) == ""
    reordered = mix.Request(request.path, mix.Expected(codes=request.expected.codes[::-1]))
    assert "!= expected" in mix.check(reordered, 200, body)
    shorter = mix.Request(request.path, mix.Expected(codes=request.expected.codes[:-1]))
    assert mix.check(shorter, 200, body)
    assert mix.check(request, 500, body) == "status 500"
    nothing = mix.Request(request.path, mix.Expected(codes=[]))
    assert mix.lua_marker(nothing) not in body
