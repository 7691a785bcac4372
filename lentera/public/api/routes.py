"""Public portal API: tender search (the same as the search page), one tender, service notices."""

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Annotated

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from lentera.core.access import api_access
from lentera.core.api import PUBLIC, api
from lentera.core.errors import NotFound
from lentera.core.schemas import BlankIsNone, query_number

from .. import pagecache, selectors
from ..search import TenderQuery, search

router = Router(tags=["public"])
PREFIX = "/public/"


class TenderRowOut(Schema):
    code: str
    title: str
    agency_name: str
    work_unit_name: str
    location: str
    method: str
    procurement_type: str
    fiscal_year: int
    hps: Decimal | None
    phase: str
    closing_at: dt.datetime | None
    published_at: dt.datetime
    winner_name: str
    winner_value: Decimal | None


class TenderPageOut(Schema):
    results: list[TenderRowOut]
    next_cursor: str | None


class AffectedTenderOut(Schema):
    code: str
    title: str
    closing_at: dt.datetime


class NoticeOut(Schema):
    id: int
    kind: str
    title: str
    summary: str
    severity: str
    affected_features: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    affected_tenders: list[AffectedTenderOut] = Field(
        default_factory=list, description="tenders whose bid deadline falls inside the notice's window"
    )


class TenderSearchIn(Schema):
    """The search page's parameters. An optional number left empty (``hps_max=``) means no bound."""

    q: str = ""
    instansi: str = ""
    satker: Annotated[int | None, BlankIsNone, query_number("integer", minimum=1)] = Field(None, ge=1)
    metode: str = ""
    jenis: str = ""
    tahap: str = ""
    tahun: Annotated[int | None, BlankIsNone, query_number("integer", minimum=2000, maximum=2100)] = Field(
        None, ge=2000, le=2100
    )
    hps_min: Annotated[Decimal | None, BlankIsNone, query_number(minimum=0)] = Field(None, ge=0)
    hps_max: Annotated[Decimal | None, BlankIsNone, query_number(minimum=0)] = Field(None, ge=0)
    sumber_dana: str = ""
    sort: str = "newest"
    setelah: str = ""


@router.get(
    "/tenders", response=TenderPageOut, auth=PUBLIC, summary="Search announced tenders (keyset pages)"
)
@api_access(public=True)
def tenders(request: HttpRequest, filters: Query[TenderSearchIn]):
    """Same parameters as the search page. Pass `next_cursor` back as `setelah` for the next page."""
    f = filters
    query = TenderQuery(
        q=f.q[:200],
        agency=f.instansi,
        work_unit=f.satker,
        method=f.metode,
        procurement_type=f.jenis,
        phase=f.tahap,
        fiscal_year=f.tahun,
        hps_min=f.hps_min,
        hps_max=f.hps_max,
        funding_source=f.sumber_dana,
        sort=f.sort if f.sort in ("newest", "oldest", "hps_desc", "hps_asc", "closing") else "newest",
        after=f.setelah,
    )
    key = (
        "public:api:tenders:"
        + hashlib.sha1(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    )
    body = cache.get(key) if pagecache.ttl() > 0 else None
    if body is None:  # public facts only: the same short cache as the search page, kept encoded
        page = search(query, now=timezone.now())
        out = TenderPageOut.model_validate({"results": page.rows, "next_cursor": page.next_cursor or None})
        body = api.renderer.render(request, out.model_dump(), response_status=200)
        if pagecache.ttl() > 0:
            cache.set(key, body, pagecache.ttl())
    return HttpResponse(body, content_type=api.renderer.media_type)


@router.get("/tenders/{code}", auth=PUBLIC, summary="Public facts of one tender")
@api_access(public=True)
def tender(request: HttpRequest, code: str):
    row = selectors.public_tender(code)
    if row is None:
        raise NotFound("TENDER_NOT_FOUND", "Tender tidak ditemukan.")
    facts = selectors.tender_page_facts(row)
    out = {
        "code": row.code,
        "ocid": row.ocid,
        "title": row.title,
        "agency_name": row.agency_name,
        "work_unit_name": row.work_unit_name,
        "method": row.method,
        "procurement_type": row.procurement_type,
        "fiscal_year": row.fiscal_year,
        "hps": row.hps,
        "pagu": row.pagu,
        "phase": row.phase,
        "published_at": row.published_at,
        "closing_at": row.closing_at,
        "winner_name": row.winner_name,
        "winner_value": row.winner_value,
        "contract_value": row.contract_value,
    }
    if facts:
        out["schedule"] = facts["schedule"]
        out["stage"] = facts["stage"]
        out["documents"] = [
            {k: d[k] for k in ("title", "kind", "number", "date", "note")} for d in facts["documents"]
        ]
        out["questions"] = facts["questions"]
        out["bids"] = (
            [
                {
                    "provider": b["provider"]["name"],
                    "value": b["value"],
                    "status": b["status"],
                    "rank": b["rank"],
                }
                for b in facts["bids"]
            ]
            if facts["opened"]
            else []
        )
        out["objections"] = facts["objections"]
        out["contract"] = selectors.contract_out(facts.get("contract"))
    return out


def _notices_out() -> list[dict]:
    return [
        {
            **n.__dict__,
            "affected_tenders": [
                {"code": c, "title": t, "closing_at": at} for c, t, at in n.affected_tenders
            ],
        }
        for n in selectors.active_notices()
    ]


@router.get(
    "/notices", response=list[NoticeOut], auth=PUBLIC, summary="Active service notices (maintenance, outages)"
)
@api_access(public=True)
def notices(request: HttpRequest):
    return _notices_out()


#: Routers mounted at another prefix than PREFIX (lentera/urls.py): ``GET /api/v1/notices``, the short address
#: the issue names for the active service notices (the same answer as ``/api/v1/public/notices``).
notices_router = Router(tags=["public"])
EXTRA_ROUTERS = (("/", notices_router),)


@notices_router.get(
    "/notices",
    response=list[NoticeOut],
    auth=PUBLIC,
    summary="Active service notices (maintenance, outages) at the API's root",
)
@api_access(public=True)
def service_notices(request: HttpRequest):
    return _notices_out()


@router.get("/stats", auth=PUBLIC, summary="Key statistics of a fiscal year")
@api_access(public=True)
def stats(request: HttpRequest, tahun: int | None = None):
    return selectors.key_statistics(year=tahun or timezone.localdate().year)
