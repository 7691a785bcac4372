"""E-purchasing notices API (registered on the catalogue's router): the PPK's or provider's own notices and
marking them read. Thin."""

import datetime as dt
from decimal import Decimal

from ninja import Schema

from lentera.accounts.http import AuthedRequest
from lentera.core.access import api_access
from lentera.core.roles import Role

from .. import notices, selectors, services
from .routes import router


class CatalogNoticeOut(Schema):
    id: int
    kind: str
    text: str
    link: str
    order_id: int | None
    competition_id: int | None
    created_at: dt.datetime
    read_at: dt.datetime | None


class NoticesReadOut(Schema):
    marked: int


@router.get(
    "/my/notices", response=list[CatalogNoticeOut], summary="My e-purchasing notices (newest first, 200)"
)
@api_access(Role.PPK, Role.PENYEDIA, scope="the user's own notices")
def notice_list(request: AuthedRequest):
    provider = request.acting_role == Role.PENYEDIA
    return [
        {
            "id": n.pk,
            "kind": n.kind,
            "text": notices.text(n),
            "link": notices.link(n, provider=provider),
            "order_id": n.order_id,
            "competition_id": n.competition_id,
            "created_at": n.created_at,
            "read_at": n.read_at,
        }
        for n in selectors.own_notices(request.user)[:200]
    ]


@router.post("/my/notices/read", response=NoticesReadOut, summary="Mark all my notices read")
@api_access(Role.PPK, Role.PENYEDIA, scope="the user's own notices")
def notices_read(request: AuthedRequest):
    return {"marked": services.notices_mark_read(actor=request.user)}


class CatalogStatRow(Schema):
    name: str
    orders: int
    value: Decimal


class CatalogStatisticsOut(Schema):
    orders: int
    value: Decimal
    per_unit: list[CatalogStatRow]
    per_provider: list[CatalogStatRow]
    per_method: list[CatalogStatRow]


@router.get("/statistics", response=CatalogStatisticsOut, summary="Catalogue statistics (UKPBJ)")
@api_access(Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ, scope="the UKPBJ: orders per unit, provider and method")
def statistics(request: AuthedRequest):
    stats = selectors.catalog_statistics()

    def rows(key: str, items: list) -> list[dict]:
        return [{"name": str(r[key] or ""), "orders": r["orders"], "value": r["value"]} for r in items]

    return {
        "orders": stats["orders"],
        "value": stats["value"],
        "per_unit": rows("package__work_unit__name", stats["per_unit"]),
        "per_provider": rows("provider__name", stats["per_provider"]),
        "per_method": rows("method", stats["per_method"]),
    }
