"""Mini-competition API (registered on the catalogue's router): the PPK requests quotations, lists and reads its
competitions, opens them after the deadline or cancels; the invited provider lists its invitations and sends its
sealed quotation. Thin: the same selectors and services as the pages."""

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema, Status

from lentera.accounts.http import AuthedRequest
from lentera.core.access import api_access
from lentera.core.roles import Role
from lentera.core.schemas import InputSchema

from .. import selectors, services
from ..models import MiniCompetition, Quotation
from .routes import router


class CompetitionIn(InputSchema):
    package_id: int
    category_id: int
    provider_ids: list[int] = Field(min_length=1, max_length=100)
    specification: str = Field(min_length=1, max_length=5000)
    quantity: int = Field(ge=1)
    delivery_address: str = Field(min_length=1, max_length=300)
    deadline: dt.datetime


class CompetitionCancelIn(InputSchema):
    reason: str = Field(min_length=1, max_length=2000)


class QuotationIn(InputSchema):
    product_id: int
    unit_price: Decimal = Field(gt=0, max_digits=18, decimal_places=2)
    delivery_days: int | None = Field(default=None, ge=1, le=365)


class QuotationOut(Schema):
    id: int
    competition_id: int
    provider_id: int
    provider: str
    submitted_at: dt.datetime | None
    #: filled in only after the opening (sealed until the deadline)
    product_id: int | None
    unit_price: Decimal | None
    delivery_days: int | None
    compliant: bool | None
    evaluation: str


class CompetitionOut(Schema):
    id: int
    number: str
    package_id: int
    category_id: int
    specification: str
    quantity: int
    delivery_address: str
    deadline: dt.datetime
    status: str
    reason: str
    order_id: int | None
    quotations: list[QuotationOut] | None = None


def _quotation(q: Quotation) -> dict[str, Any]:
    return {
        "id": q.pk,
        "competition_id": q.competition_id,
        "provider_id": q.provider_id,
        "provider": q.provider.name,
        "submitted_at": q.submitted_at,
        "product_id": q.product_id,
        "unit_price": q.unit_price,
        "delivery_days": q.delivery_days,
        "compliant": q.compliant,
        "evaluation": q.evaluation,
    }


def _competition(c: MiniCompetition, *, with_quotations: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": c.pk,
        "number": c.number,
        "package_id": c.package_id,
        "category_id": c.category_id,
        "specification": c.specification,
        "quantity": c.quantity,
        "delivery_address": c.delivery_address,
        "deadline": c.deadline,
        "status": c.status,
        "reason": c.reason,
        "order_id": c.order_id,
    }
    if with_quotations:
        out["quotations"] = [_quotation(q) for q in selectors.quotations_of(c)]
    return out


@router.post("/competitions", response={201: CompetitionOut}, summary="Request quotations (mini-competition)")
@api_access(Role.PPK, scope="the PPK's own e-Purchasing package")
def competition_create(request: AuthedRequest, payload: CompetitionIn):
    competition = services.competition_create(
        actor=request.user,
        package=selectors.own_package_or_404(user=request.user, pk=payload.package_id),
        category=selectors.category_or_404(payload.category_id),
        provider_ids=payload.provider_ids,
        specification=payload.specification,
        quantity=payload.quantity,
        delivery_address=payload.delivery_address,
        deadline=payload.deadline,
    )
    return Status(201, _competition(competition))


@router.get("/competitions", response=list[CompetitionOut], summary="The PPK's mini-competitions")
@api_access(Role.PPK, scope="the PPK's own mini-competitions")
def competition_list(request: AuthedRequest):
    return [_competition(c) for c in selectors.ppk_competitions(request.user)]


@router.get("/competitions/{competition_id}", response=CompetitionOut, summary="A mini-competition")
@api_access(Role.PPK, scope="the PPK's own mini-competition (prices only after the opening)")
def competition_detail(request: AuthedRequest, competition_id: int):
    c = selectors.ppk_competition_or_404(user=request.user, pk=competition_id)
    return _competition(c, with_quotations=True)


@router.post(
    "/competitions/{competition_id}/award",
    response=CompetitionOut,
    summary="Open the quotations after the deadline; the lowest compliant becomes the order",
)
@api_access(Role.PPK, scope="the PPK's own mini-competition, after its deadline")
def competition_award(request: AuthedRequest, competition_id: int):
    c = selectors.ppk_competition_or_404(user=request.user, pk=competition_id)
    return _competition(services.competition_award(actor=request.user, competition=c), with_quotations=True)


@router.post(
    "/competitions/{competition_id}/cancel", response=CompetitionOut, summary="Cancel a mini-competition"
)
@api_access(Role.PPK, scope="the PPK's own open mini-competition")
def competition_cancel(request: AuthedRequest, competition_id: int, payload: CompetitionCancelIn):
    c = selectors.ppk_competition_or_404(user=request.user, pk=competition_id)
    return _competition(services.competition_cancel(actor=request.user, competition=c, reason=payload.reason))


@router.get("/my/quotations", response=list[QuotationOut], summary="The provider's invitations")
@api_access(Role.PENYEDIA, scope="the provider's own invitations")
def my_quotations(request: AuthedRequest):
    return [_quotation(q) for q in selectors.provider_quotations(request.user)]


@router.post(
    "/my/quotations/{quotation_id}", response=QuotationOut, summary="Send or replace the sealed quotation"
)
@api_access(Role.PENYEDIA, scope="the invited provider, before the deadline")
def quotation_submit(request: AuthedRequest, quotation_id: int, payload: QuotationIn):
    q = selectors.own_quotation_or_404(user=request.user, pk=quotation_id)
    product = selectors.public_product_or_404(payload.product_id)
    q = services.quotation_submit(
        actor=request.user,
        quotation=q,
        product=product,
        unit_price=payload.unit_price,
        delivery_days=payload.delivery_days,
    )
    return _quotation(q)
