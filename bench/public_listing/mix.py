"""The public-listing benchmark's query mix and its oracle.

The words come from a fixed list written for the benchmark, not from the generator's vocabulary: common words,
rare words, two rare words that seldom co-occur, words that match nothing, misspellings. Each request is paired
with its expected answer, computed by a direct SQL query on `public_publictender` (the oracle: no page code, no
cache): the number of rows on the page and the codes in order. `check_html` / `check_api` compare a response
with it; a mismatch is a wrong answer and fails the run.

Deep pages are keyset pages: the cursor of page n is made from the last row of page n - 1 as the oracle sees it
(the oracle itself may use OFFSET, the application never does).
"""

from __future__ import annotations

import base64
import json
import random
import re
import urllib.parse
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

PAGE = 25
SORTS = ("newest", "oldest", "closing", "hps_desc", "hps_asc")

# Written for the benchmark (procurement words as a citizen types them), independent of generate.py's lists.
COMMON = ["jalan", "pembangunan", "pengadaan", "gedung", "kecamatan", "desa", "rehabilitasi", "jasa"]
RARE = ["gantung", "talud", "printer", "seragam", "pupuk", "bibit", "mebel", "perluasan"]
RARE_PAIRS = ["talud seragam", "pupuk jembatan", "mebel irigasi", "printer gantung", "bibit drainase"]
NOTHING = ["kapal selam", "satelit", "helikopter", "kereta cepat", "bendungan raksasa"]
MISSPELT = ["jembtan", "puskesmaas", "irrigasi", "rehabilitsi", "pembanguan"]
_WORD = re.compile(r"\w+", re.UNICODE)
_CODE = re.compile(r'<span class="code">([^<]+)</span>')
_TBODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)


@dataclass
class Expected:
    codes: list[str]

    @property
    def marker(self) -> str:
        """A plain substring every correct response contains (checked on every response under load)."""
        return (
            f'<span class="code">{self.codes[0]}</span>' if self.codes else "Tidak ada pengadaan yang cocok."
        )

    @property
    def api_marker(self) -> str:
        return json.dumps({"code": self.codes[0]})[1:-1] if self.codes else '"results": []'


@dataclass
class Request:
    path: str
    expected: Expected | None = None  # None: only the status is checked (home, tender page, feed)
    api: bool = False


@dataclass
class Scenario:
    name: str
    requests: list[Request] = field(default_factory=list)


def encode_cursor(value: Any, key: int) -> str:
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    elif isinstance(value, Decimal):
        value = str(value)
    raw = json.dumps([value, key], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


class Oracle:
    """Direct SQL on the search table: what each request must answer."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.vendor = connection.vendor

    def _rows(self, sql: str, params: list[Any]) -> list[tuple]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def where(self, params: dict[str, str]) -> tuple[str, list[Any]]:
        clauses, values = ["1=1"], []
        if params.get("instansi"):
            clauses.append("agency_code = %s")
            values.append(params["instansi"])
        if params.get("metode"):
            clauses.append("method = %s")
            values.append(params["metode"])
        if params.get("tahun"):
            clauses.append("fiscal_year = %s")
            values.append(int(params["tahun"]))
        if params.get("hps_min"):
            clauses.append("hps >= %s")
            values.append(Decimal(params["hps_min"]))
        if params.get("hps_max"):
            clauses.append("hps <= %s")
            values.append(Decimal(params["hps_max"]))
        words = [w.lower() for w in _WORD.findall(params.get("q", ""))][:8]
        if words and self.vendor == "postgresql":
            clauses.append("search_vector @@ websearch_to_tsquery('simple', %s)")
            values.append(params["q"])
        elif words:
            clauses.append(
                "sort_key IN (SELECT rowid FROM public_publictender_fts WHERE public_publictender_fts MATCH %s)"
            )
            values.append(" ".join(f'"{w}"' for w in words))
        sort = params.get("sort", "newest")
        if sort in ("hps_desc", "hps_asc"):
            clauses.append("hps IS NOT NULL")
        if sort == "closing":
            clauses.append("closing_at IS NOT NULL")
        return " AND ".join(clauses), values

    @staticmethod
    def order(sort: str) -> tuple[str, str]:
        """ORDER BY and the cursor's value column for a sort."""
        return {
            "newest": ("sort_key DESC", ""),
            "oldest": ("sort_key ASC", ""),
            "closing": ("closing_at ASC, sort_key ASC", "closing_at"),
            "hps_desc": ("hps DESC, sort_key DESC", "hps"),
            "hps_asc": ("hps ASC, sort_key ASC", "hps"),
        }[sort]

    def page(self, params: dict[str, str], number: int = 1) -> tuple[dict[str, str], Expected]:
        """The request parameters of page `number` (with its keyset cursor) and its expected rows."""
        where, values = self.where(params)
        order, column = self.order(params.get("sort", "newest"))
        request = dict(params)
        if number > 1:
            last = self._rows(
                f"SELECT sort_key FROM public_publictender WHERE {where} ORDER BY {order} LIMIT 1 OFFSET %s",
                [*values, (number - 1) * PAGE - 1],
            )
            if not last:
                raise ValueError(f"page {number} of {params} does not exist")
            key = last[0][0]
            value = None
            if column:
                from lentera.public.models import PublicTender

                value = PublicTender.objects.values_list(column, flat=True).get(sort_key=key)
            request["setelah"] = encode_cursor(value, key)
        codes = [
            r[0]
            for r in self._rows(
                f"SELECT code FROM public_publictender WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s",
                [*values, PAGE, (number - 1) * PAGE],
            )
        ]
        return request, Expected(codes=codes)

    def count(self, params: dict[str, str], cap: int = 10_000) -> int:
        where, values = self.where(params)
        return self._rows(
            f"SELECT count(*) FROM (SELECT 1 FROM public_publictender WHERE {where} LIMIT %s) t",
            [*values, cap],
        )[0][0]

    def scalar_list(self, sql: str, params: list[Any] | None = None) -> list[Any]:
        return [r[0] for r in self._rows(sql, params or [])]


def _url(path: str, params: dict[str, str]) -> str:
    query = urllib.parse.urlencode({k: v for k, v in params.items() if v not in ("", None)})
    return f"{path}?{query}" if query else path


def _page_request(oracle: Oracle, params: dict[str, str], number: int = 1, api: bool = False) -> Request:
    request, expected = oracle.page(params, number)
    if api:
        request = {k: v for k, v in request.items() if k != "sort" or v != "newest"}
        return Request(_url("/api/v1/public/tenders", request), expected, api=True)
    return Request(_url("/pengadaan/", request), expected)


def _deep_number(oracle: Oracle, params: dict[str, str], wanted: int) -> int:
    """The deepest page up to `wanted` that exists for these parameters (like for like across scales: the same
    page number wherever the data has it)."""
    pages = max(1, -(-oracle.count(params, cap=wanted * PAGE) // PAGE))
    return min(wanted, pages)


def build(oracle: Oracle, seed: int = 1) -> list[Scenario]:
    rng = random.Random(seed)
    agencies = oracle.scalar_list("SELECT DISTINCT agency_code FROM public_publictender ORDER BY agency_code")
    years = oracle.scalar_list("SELECT DISTINCT fiscal_year FROM public_publictender ORDER BY fiscal_year")
    real = oracle.scalar_list(
        "SELECT code FROM public_publictender WHERE tender_pk IS NOT NULL ORDER BY code"
    )
    top = oracle.scalar_list("SELECT max(seq) FROM opendata_release")[0] or 0
    methods = ["TENDER", "PENGADAAN_LANGSUNG", "SELEKSI", "E_PURCHASING"]
    ranges = [
        ("", "200000000"),
        ("200000000", "2500000000"),
        ("2500000000", ""),
        ("1000000000", "5000000000"),
    ]

    def filters() -> dict[str, str]:
        low, high = rng.choice(ranges)
        return {
            "instansi": rng.choice(agencies),
            "metode": rng.choice(methods),
            "tahun": str(rng.choice(years)),
            "hps_min": low,
            "hps_max": high,
        }

    def q(words: list[str], n: int) -> list[dict[str, str]]:
        return [{"q": rng.choice(words), "sort": rng.choice(SORTS)} for _ in range(n)]

    out = [
        Scenario("home", [Request("/")]),
        Scenario("list page 1, each sort", [_page_request(oracle, {"sort": s}) for s in SORTS]),
        Scenario(
            "list deep page (keyset)",
            [_page_request(oracle, {"sort": s}, _deep_number(oracle, {"sort": s}, 2000)) for s in SORTS],
        ),
        Scenario("search common word", [_page_request(oracle, p) for p in q(COMMON, 24)]),
        Scenario("search rare word", [_page_request(oracle, p) for p in q(RARE, 24)]),
        Scenario("search two rare words", [_page_request(oracle, p) for p in q(RARE_PAIRS, 15)]),
        Scenario("search zero results", [_page_request(oracle, p) for p in q(NOTHING, 15)]),
        Scenario("search misspelt", [_page_request(oracle, p) for p in q(MISSPELT, 15)]),
    ]
    keyword_filters = []
    for _ in range(30):
        params = {**filters(), "q": rng.choice(COMMON + RARE), "sort": rng.choice(SORTS)}
        for drop in rng.sample(["instansi", "metode", "tahun", "hps_min", "hps_max"], rng.randint(1, 3)):
            params.pop(drop)
        keyword_filters.append(_page_request(oracle, params))
    out.append(Scenario("keyword + filters", keyword_filters))
    only = []
    for _ in range(30):
        params = {**filters(), "sort": rng.choice(SORTS)}
        for drop in rng.sample(["instansi", "metode", "tahun", "hps_min", "hps_max"], rng.randint(0, 3)):
            params.pop(drop)
        only.append(_page_request(oracle, params))
    out.append(Scenario("filters only", only))
    deep = []
    for word in COMMON[:6]:
        params = {"q": word, "sort": rng.choice(SORTS)}
        deep.append(_page_request(oracle, params, _deep_number(oracle, params, 40)))
    out.append(Scenario("search deep page (keyset)", deep))
    out.append(Scenario("tender page", [Request(f"/pengadaan/{code}/") for code in real]))
    out.append(
        Scenario(
            "OCDS feed (100 releases)",
            [
                Request(f"/api/v1/opendata/releases?after={rng.randint(0, max(top - 100, 0))}&limit=100")
                for _ in range(30)
            ],
        )
    )
    api = [_page_request(oracle, p, api=True) for p in q(COMMON + RARE + NOTHING, 24)]
    out.append(Scenario("search API", api))
    return [s for s in out if s.requests]  # a small database may have no real tender to show


def check_html(body: str, expected: Expected) -> str:
    """'' when the page lists exactly the expected rows in order, else what is wrong."""
    match = _TBODY.search(body)
    if not match:
        return "no result table"
    codes = _CODE.findall(match.group(1))
    if codes != expected.codes:
        return (
            f"rows {codes[:3]}... ({len(codes)}) != expected {expected.codes[:3]}... ({len(expected.codes)})"
        )
    return ""


def check_api(body: str, expected: Expected) -> str:
    codes = [r["code"] for r in json.loads(body)["results"]]
    if codes != expected.codes:
        return (
            f"rows {codes[:3]}... ({len(codes)}) != expected {expected.codes[:3]}... ({len(expected.codes)})"
        )
    return ""


def check(request: Request, status: int, body: str) -> str:
    if status != 200:
        return f"status {status}"
    if request.expected is None:
        return ""
    return (check_api if request.api else check_html)(body, request.expected)


def lua_marker(request: Request) -> str:
    if request.expected is None:
        return ""
    return request.expected.api_marker if request.api else request.expected.marker
