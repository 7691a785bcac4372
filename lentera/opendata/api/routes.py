"""Open data API: OCDS change feed, releases, records, bulk packages; red flags."""

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse
from ninja import Router

from lentera.core.access import api_access
from lentera.core.api import PUBLIC
from lentera.core.errors import NotFound
from lentera.core.roles import Role

from .. import bulk, redflags, redflags_ratings, selectors

router = Router(tags=["opendata"])
PREFIX = "/opendata/"

AUDIT_ROLES = (Role.AUDITOR, Role.KEPALA_UKPBJ)


@router.get("/ping", auth=PUBLIC, summary="Constant answer (benchmark ceiling through the API stack)")
@api_access(public=True)
def ping(request: HttpRequest):
    return {"ok": True}


@router.get("/releases", auth=PUBLIC, summary="Change feed: OCDS release package in publication order")
@api_access(public=True)
def feed(request: HttpRequest, after: int = 0, limit: int = 100):
    """Releases with publication sequence greater than `after`. Store `links.next`'s `after` (= `cursor`) and
    ask again later: nothing is ever skipped (releases still being written are not yet visible, and none with a
    higher sequence can become visible before them)."""
    body = selectors.feed_body(after=after, limit=limit, base=request.build_absolute_uri(request.path))
    return HttpResponse(body, content_type="application/json")


@router.get("/releases/{release_id}", auth=PUBLIC, summary="One release, as a release package")
@api_access(public=True)
def release(request: HttpRequest, release_id: str):
    row = selectors.release_by_id(release_id)
    if row is None:
        raise NotFound("RELEASE_NOT_FOUND", "Rilis tidak ditemukan.")
    return selectors.release_package([row.data], uri=request.build_absolute_uri())


@router.get("/records/{ocid}", auth=PUBLIC, summary="Record of one contracting process (record package)")
@api_access(public=True)
def record(request: HttpRequest, ocid: str):
    package = selectors.record_package(ocid, uri=request.build_absolute_uri())
    if package is None:
        raise NotFound("RECORD_NOT_FOUND", "Rekaman tidak ditemukan.")
    return package


@router.get("/bulk", auth=PUBLIC, summary="Fiscal years with bulk packages")
@api_access(public=True)
def bulk_index(request: HttpRequest):
    base = request.build_absolute_uri(f"{request.path.rstrip('/')}/")
    return [
        {
            "fiscal_year": row["fiscal_year"],
            "last_seq": row["top"],
            "files": {fmt: f"{base}{row['fiscal_year']}.{fmt}" for fmt in bulk.FORMATS},
        }
        for row in selectors.fiscal_years()
    ]


@router.get(
    "/bulk/{year}.{fmt}", auth=PUBLIC, summary="Bulk release package of a fiscal year (json, csv, xlsx)"
)
@api_access(public=True)
def bulk_download(request: HttpRequest, year: int, fmt: str):
    if fmt not in bulk.FORMATS:
        raise NotFound("FORMAT_UNKNOWN", "Format tidak dikenal.")
    name = bulk.bulk_file(year, fmt, uri=request.build_absolute_uri())
    if name is None:
        raise NotFound("YEAR_EMPTY", "Belum ada data untuk tahun ini.")
    filename = f"ocds-{year}.{'csv.zip' if fmt == 'csv' else fmt}"
    return FileResponse(
        default_storage.open(name, "rb"),
        content_type=bulk.FORMATS[fmt],
        as_attachment=True,
        filename=filename,
    )


def _flag_out(flag) -> dict:
    return {"code": flag.code, "value": flag.value, "flagged": flag.flagged, "detail": flag.detail}


@router.get("/redflags/tenders", summary="Tenders ranked by raised red flags (auditors, Kepala UKPBJ)")
@api_access(*AUDIT_ROLES, scope="every tender")
def redflag_tenders(request: HttpRequest, fiscal_year: int | None = None, limit: int = 100):
    rows = redflags.ranked_cached(fiscal_year=fiscal_year)[: max(1, min(limit, 1000))]
    return [
        {
            "code": r["tender"].code,
            "title": r["tender"].title,
            "buyer": r["tender"].buyer_name,
            "score": r["score"],
            "flags": [_flag_out(f) for f in r["flags"]],
        }
        for r in rows
    ]


@router.get("/redflags/tenders/{code}", summary="Red flags of one tender (auditors, Kepala UKPBJ)")
@api_access(*AUDIT_ROLES, scope="every tender")
def redflag_tender(request: HttpRequest, code: str):
    for r in redflags.ranked_cached():
        if r["tender"].code == code:
            return {"code": code, "score": r["score"], "flags": [_flag_out(f) for f in r["flags"]]}
    raise NotFound("TENDER_NOT_FOUND", "Tender tidak ditemukan.")


@router.get("/redflags/providers", summary="Providers bidding often and never winning (auditors)")
@api_access(*AUDIT_ROLES, scope="every provider")
def redflag_providers(request: HttpRequest, fiscal_year: int | None = None):
    return redflags.never_winning_cached(fiscal_year=fiscal_year)


@router.get(
    "/redflags/providers/terminated", summary="Suppliers with terminated contracts (auditors, Kepala UKPBJ)"
)
@api_access(*AUDIT_ROLES, scope="every provider")
def redflag_providers_terminated(request: HttpRequest, fiscal_year: int | None = None):
    return redflags.terminated_per_provider_cached(fiscal_year=fiscal_year)


@router.get(
    "/redflags/providers/low-rating", summary="Suppliers rated under the flag line (auditors, Kepala UKPBJ)"
)
@api_access(*AUDIT_ROLES, scope="every provider")
def redflag_providers_low_rating(request: HttpRequest, fiscal_year: int | None = None):
    return [
        p | {"average": str(p["average"])}
        for p in redflags_ratings.low_rating_per_provider_cached(fiscal_year=fiscal_year)
    ]


@router.get("/redflags/buyers", auth=PUBLIC, summary="Per-buyer red-flag aggregates (public)")
@api_access(public=True)
def redflag_buyers(request: HttpRequest, fiscal_year: int | None = None):
    return [
        {
            "buyer_id": b["buyer_id"],
            "name": b["name"],
            "agency_name": b["agency_name"],
            "tenders": b["tenders"],
            "indicators": {v["code"]: {"value": v["value"], "flagged": v["flag"]} for v in b["values"]},
        }
        for b in redflags.buyer_aggregates_cached(fiscal_year=fiscal_year)
    ]
