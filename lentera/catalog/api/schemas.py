from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from lentera.core.schemas import InputSchema


class AttributeOut(Schema):
    code: str
    label: str
    kind: str
    unit: str
    choices: list[str]
    required: bool


class CategoryOut(Schema):
    id: int
    code: str
    name: str
    parent_id: int | None
    unit_of_sale: str
    required_documents: list[str]
    attributes: list[AttributeOut]


class CategoryIn(InputSchema):
    code: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=200)
    unit_of_sale: str = Field(min_length=1, max_length=40)
    parent_id: int | None = None
    required_documents: list[str] = []


class AttributeIn(InputSchema):
    code: str = Field(min_length=1, max_length=40)
    label: str = Field(min_length=1, max_length=120)
    kind: Literal["NUMBER", "CHOICE", "TEXT"]
    unit: str = Field("", max_length=20)
    choices: list[str] = []
    required: bool = True


class ProductOut(Schema):
    id: int
    category: str
    provider_id: int
    provider: str
    name: str
    brand: str
    model: str
    attributes: dict[str, Any]
    tkdn: Decimal
    price: Decimal | None
    price_valid_from: dt.date | None
    price_valid_until: dt.date | None
    delivery_areas: str
    delivery_days: int
    stock: int
    status: str


class PriceOut(Schema):
    price: Decimal
    valid_from: dt.date
    valid_until: dt.date
    shown_from: dt.datetime


class ProductDetailOut(ProductOut):
    price_history: list[PriceOut]


class SearchOut(Schema):
    count: int
    page: int
    pages: int
    results: list[ProductOut]


class ProductIn(InputSchema):
    category_id: int
    name: str = Field(min_length=1, max_length=200)
    brand: str = Field(min_length=1, max_length=100)
    model: str = Field("", max_length=100)
    attributes: dict[str, str]
    tkdn: Decimal
    price: Decimal
    valid_from: dt.date
    valid_until: dt.date
    delivery_areas: str = Field(min_length=1, max_length=300)
    delivery_days: int = Field(ge=1)
    stock: int = Field(ge=0)


class CatalogPriceIn(InputSchema):
    price: Decimal
    valid_from: dt.date
    valid_until: dt.date


class ChangeOut(Schema):
    id: int
    product_id: int
    kind: str
    price: Decimal
    valid_from: dt.date
    valid_until: dt.date
    status: str
    reason: str


class AdmissionOut(Schema):
    id: int
    category_id: int
    provider_id: int
    status: str
    applied_at: dt.datetime
    valid_from: dt.date | None
    valid_until: dt.date | None
    criteria: str
    reason: str
    documents: list[str]


class AdmitIn(InputSchema):
    valid_from: dt.date
    valid_until: dt.date
    criteria: str = Field(min_length=1, max_length=5000)


class CatalogReasonIn(InputSchema):
    reason: str = Field(min_length=1, max_length=5000)


class OrderIn(InputSchema):
    package_id: int
    product_id: int
    quantity: int = Field(ge=1)
    delivery_address: str = Field(min_length=1, max_length=300)
    #: required when the order is a possible split purchase (409 SPLIT_PURCHASE_CONFIRM without it)
    split_reason: str = Field(default="", max_length=2000)


class OrderOut(Schema):
    id: int
    number: str
    package_id: int
    product_id: int
    provider_id: int
    quantity: int
    unit_price: Decimal
    total: Decimal
    status: str
    reason: str
    ordered_at: dt.datetime
    split_warning: bool
    split_total: Decimal | None
    split_reason: str
    contract_id: int | None
    method: str
    listed_price: Decimal | None
    delivery_days: int | None
    terms: str


class PurchaseOrderIn(InputSchema):
    number: str = Field(min_length=1, max_length=100)
    issued_on: dt.date
    #: the delivery deadline (the contract's planned end); default: issued_on + the product's delivery days
    deliver_by: dt.date | None = None


class CompareRowOut(Schema):
    label: str
    values: list[str]


class CompareOut(Schema):
    products: list[ProductOut]
    rows: list[CompareRowOut]
    cheapest_id: int | None


class NegotiationCounterIn(InputSchema):
    """A negotiation proposal: the unit price (at most the listed price in force), quantity, delivery time (days;
    default the product's), terms, and the deadline for the other side's answer (at most 7 days ahead)."""

    unit_price: Decimal = Field(gt=0, max_digits=18, decimal_places=2)
    quantity: int = Field(ge=1)
    respond_by: dt.datetime
    delivery_days: int | None = Field(default=None, ge=1, le=365)
    terms: str = Field(default="", max_length=5000)


class NegotiationOpenIn(NegotiationCounterIn):
    package_id: int
    product_id: int
    delivery_address: str = Field(min_length=1, max_length=300)
    #: required when the order is a possible split purchase (409 SPLIT_PURCHASE_CONFIRM without it)
    split_reason: str = Field(default="", max_length=2000)


class NegotiationRoundOut(Schema):
    number: int
    side: str
    unit_price: Decimal
    quantity: int
    delivery_days: int
    terms: str
    proposed_at: dt.datetime
    respond_by: dt.datetime
    outcome: str
    answered_at: dt.datetime | None


ProductFileKind = Literal["PHOTO", "DATASHEET"]


class ProductFileOut(Schema):
    id: int
    kind: str
    name: str
    content_type: str
    size: int
    #: the public address of the file while the product is listed (the product page shows it)
    url: str
