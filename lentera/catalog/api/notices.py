"""E-purchasing notices API (registered on the catalogue's router): the PPK's or provider's own notices and
marking them read. Thin."""

import datetime as dt

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
