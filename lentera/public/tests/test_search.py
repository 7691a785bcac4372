"""Public search: filters, text in Indonesian, sorts and keyset pages (never OFFSET)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lentera.public.models import Phase, PublicTender
from lentera.public.search import TenderQuery, filtered, search
from lentera.public.services import search_text_for, sort_key_for

pytestmark = pytest.mark.django_db

TITLES = [
    "Pembangunan Jalan Desa Sukamaju",
    "Rehabilitasi Gedung Sekolah Dasar",
    "Pengadaan Obat dan Bahan Medis Habis Pakai",
    "Pembangunan Jembatan Gantung",
    "Jasa Konsultansi Perencanaan Jalan",
]


def _rows(n: int = 60):
    base = timezone.now() - dt.timedelta(days=400)
    rows = []
    for i in range(n):
        title = f"{TITLES[i % len(TITLES)]} Paket {i}"
        published = base + dt.timedelta(hours=i * 7)
        rows.append(
            PublicTender(
                code=f"B{i:05d}",
                ocid=f"ocds-x-B{i:05d}",
                title=title,
                agency_code="AG1" if i % 2 else "AG2",
                agency_name="Pemerintah Kabupaten Contoh" if i % 2 else "Pemerintah Kota Uji",
                work_unit_id=i % 3,
                work_unit_name="Dinas PUPR",
                location="Kecamatan Sukamaju" if i % 4 == 0 else "Kecamatan Lain",
                method="TENDER" if i % 5 else "PENGADAAN_LANGSUNG",
                procurement_type="WORKS" if i % 2 else "GOODS",
                funding_source="APBD",
                fiscal_year=2025 + (i % 2),
                hps=Decimal(100_000_000 + (i % 7) * 10_000_000),
                phase=Phase.ANNOUNCED if i % 3 else Phase.AWARDED,
                published_at=published,
                closing_at=timezone.now() + dt.timedelta(days=(i % 10) - 4),
                sort_key=sort_key_for(published, i + 1),
                search_text=search_text_for(
                    title, "Dinas PUPR", "Kecamatan Sukamaju" if i % 4 == 0 else "Kecamatan Lain"
                ),
            )
        )
    PublicTender.objects.bulk_create(rows)
    return rows


def _all_pages(query: TenderQuery, limit: int = 7) -> list[str]:
    codes, now = [], timezone.now()
    while True:
        page = search(query, now=now, limit=limit)
        codes.extend(r["code"] for r in page.rows)
        if not page.next_cursor:
            return codes
        query.after = page.next_cursor


@pytest.mark.parametrize("sort", ["newest", "oldest", "hps_desc", "hps_asc", "closing"])
def test_keyset_pages_cover_everything_once_in_order(sort):
    _rows()
    codes = _all_pages(TenderQuery(sort=sort))
    qs = PublicTender.objects.all()
    order = {
        "newest": ["-sort_key"],
        "oldest": ["sort_key"],
        "hps_desc": ["-hps", "-sort_key"],
        "hps_asc": ["hps", "sort_key"],
        "closing": ["closing_at", "sort_key"],
    }[sort]
    assert codes == list(qs.order_by(*order).values_list("code", flat=True))


def test_keyset_never_uses_offset():
    _rows()
    first = search(TenderQuery(), now=timezone.now())
    with CaptureQueriesContext(connection) as ctx:
        search(TenderQuery(after=first.next_cursor), now=timezone.now())
    assert all("OFFSET" not in q["sql"].upper() for q in ctx.captured_queries)


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"agency": "AG1"}, lambda r: r.agency_code == "AG1"),
        ({"method": "PENGADAAN_LANGSUNG"}, lambda r: r.method == "PENGADAAN_LANGSUNG"),
        ({"procurement_type": "GOODS"}, lambda r: r.procurement_type == "GOODS"),
        ({"fiscal_year": 2026}, lambda r: r.fiscal_year == 2026),
        ({"work_unit": 1}, lambda r: r.work_unit_id == 1),
        ({"hps_min": Decimal(150_000_000)}, lambda r: r.hps >= 150_000_000),
        ({"hps_max": Decimal(120_000_000)}, lambda r: r.hps <= 120_000_000),
        ({"funding_source": "APBN"}, lambda r: False),
        ({"phase": "AWARDED"}, lambda r: r.phase == "AWARDED"),
        ({"phase": "OPEN"}, lambda r: r.phase == "ANNOUNCED" and r.closing_at > timezone.now()),
        ({"phase": "EVALUATION"}, lambda r: r.phase == "ANNOUNCED" and r.closing_at <= timezone.now()),
    ],
)
def test_filters(params, expected):
    _rows()
    codes = set(_all_pages(TenderQuery(**params)))
    assert codes == {r.code for r in PublicTender.objects.all() if expected(r)}


@pytest.mark.parametrize(
    "q,expected",
    [
        ("jembatan", lambda t: "Jembatan" in t.title),
        ("pembangunan jalan", lambda t: "Pembangunan Jalan" in t.title),
        ("SUKAMAJU", lambda t: "sukamaju" in t.search_text),  # title or location, case-insensitive
        ("obat medis", lambda t: "Obat" in t.title),
        ("tidakadakatainiSama", lambda t: False),
    ],
)
def test_text_search_in_indonesian(q, expected):
    _rows()
    for sort in ("newest", "hps_desc"):
        codes = _all_pages(TenderQuery(q=q, sort=sort))
        assert set(codes) == {t.code for t in PublicTender.objects.all() if expected(t)}
        assert len(codes) == len(set(codes))


def test_text_and_filters_combined_walk_in_order():
    _rows(120)
    codes = _all_pages(TenderQuery(q="jalan", agency="AG1", fiscal_year=2026), limit=3)
    expected = list(
        PublicTender.objects.filter(search_text__contains="jalan", agency_code="AG1", fiscal_year=2026)
        .order_by("-sort_key")
        .values_list("code", flat=True)
    )
    assert codes == expected


def test_sqlite_text_search_of_a_common_word_reads_one_batch():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite strategy")
    _rows(300)
    with CaptureQueriesContext(connection) as ctx:
        page = search(TenderQuery(q="paket"), now=timezone.now())
    assert len(page.rows) == 25 and page.next_cursor
    assert len(ctx.captured_queries) <= 3


def test_search_api_and_page_agree():
    _rows()
    api = Client().get("/api/v1/public/tenders", {"q": "jembatan", "tahun": 2026}).json()
    page = Client().get("/pengadaan/", {"q": "jembatan", "tahun": 2026})
    assert api["results"]
    for row in api["results"]:
        assert row["code"] in page.content.decode()
    nxt = Client().get(
        "/api/v1/public/tenders", {"setelah": Client().get("/api/v1/public/tenders").json()["next_cursor"]}
    )
    assert nxt.status_code == 200 and nxt.json()["results"]


def test_bad_parameters_are_ignored_not_errors():
    _rows(5)
    response = Client().get(
        "/pengadaan/", {"tahun": "abc", "hps_min": "x", "sort": "drop table", "setelah": "!!"}
    )
    assert response.status_code == 200


def test_search_api_answer_is_the_same_from_the_cache_as_rendered(settings):
    """The search API keeps its encoded answer for the page-cache time: identical bytes and types, and the
    schema's fields only (validated before it is kept)."""
    _rows(30)
    fresh = Client().get("/api/v1/public/tenders", {"q": "jembatan"})
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    first = Client().get("/api/v1/public/tenders", {"q": "jembatan"})
    second = Client().get("/api/v1/public/tenders", {"q": "jembatan"})
    assert fresh.content == first.content == second.content
    assert second["Content-Type"].startswith("application/json")
    row = second.json()["results"][0]
    assert set(row) == {
        "code", "title", "agency_name", "work_unit_name", "location", "method", "procurement_type",
        "fiscal_year", "hps", "phase", "closing_at", "published_at", "winner_name", "winner_value",
    }  # fmt: skip
    assert isinstance(row["hps"], str) and row["published_at"].endswith(("Z", "+00:00"))


def test_search_form_keeps_every_chosen_filter_selected_in_both_languages(settings):
    _rows(3)
    params = {
        "metode": "TENDER",
        "jenis": "WORKS",
        "tahap": "CONTRACTED",
        "sumber_dana": "APBD",
        "tahun": 2025,
    }
    html = Client().get("/pengadaan/", params).content.decode()
    for value in params.values():
        assert f'<option value="{value}" selected>' in html, value
    assert html.count(" selected>") == len(params) + 2  # and the sort order and the language
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/pengadaan/", params).content.decode()
    assert '<option value="TENDER" selected>' in english and '<option value="">All</option>' in english
    assert '<option value="WORKS" selected>Construction Works</option>' in english


def test_home_counts_tenders_in_progress_by_stage_as_the_search_filter_does():
    """The home page's per-stage counts agree with the search page's `tahap` filter, and link to it."""
    _rows(60)
    now = timezone.now()
    expected = {
        phase: filtered(TenderQuery(phase=phase), now=now).count()
        for phase in (Phase.OPEN, Phase.EVALUATION, Phase.AWARDED)
    }
    assert all(expected.values())
    html = Client().get("/").content.decode()
    for phase, count in expected.items():
        assert f'href="/pengadaan/?tahap={phase}"><span class="count">{count}</span>' in html


def test_public_tender_search_api_takes_an_empty_optional_number_as_no_bound():
    """#12 1.8 (schemathesis): `hps_max=` (what a form sends for an empty field) was refused with 422 although
    the document allows it; it now means "no bound", and the answer equals leaving the parameter out."""
    _rows(5)
    empty = Client().get("/api/v1/public/tenders", {"hps_min": "", "hps_max": "", "tahun": "", "satker": ""})
    absent = Client().get("/api/v1/public/tenders")
    assert empty.status_code == 200, empty.content
    assert [r["code"] for r in empty.json()["results"]] == [r["code"] for r in absent.json()["results"]]
    assert len(absent.json()["results"]) == 5
    for bad in ({"hps_max": "abc"}, {"hps_max": "-1"}, {"tahun": "1999"}):
        refused = Client().get("/api/v1/public/tenders", bad)
        assert refused.status_code == 422, bad
        assert refused.json()["error"]["code"] == "VALIDATION_ERROR"
