"""Catalogue API: the public search and product pages; the UKPBJ's categories, admissions and curation; the
provider's applications, products, prices and orders; the PPK's direct orders. Thin: the same selectors and
services as the pages."""

from typing import Annotated, Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from pydantic import StringConstraints

from lentera.accounts.http import AuthedRequest
from lentera.core.access import api_access
from lentera.core.api import PUBLIC
from lentera.core.roles import Role

from .. import compare, purchases, search, selectors, services
from ..models import Admission, Category, NegotiationRound, Order, Product, ProductChange, ProductFile
from ..search import ProductQuery
from . import schemas as s

router = Router(tags=["catalog"])
PREFIX = "/catalog/"
UKPBJ = services.UKPBJ_ROLES
#: repeatable ``attr=code:value`` query parameter of the search; a value that is not ``code:something`` is
#: refused (422) rather than silently ignored
AttrItem = Annotated[str, StringConstraints(pattern=r"^\s*[-A-Za-z0-9_]{1,40}\s*:.*\S", max_length=250)]
ATTR_PARAM = Query(None)


def _category(c: Category) -> dict[str, Any]:
    return {
        "id": c.pk,
        "code": c.code,
        "name": c.name,
        "parent_id": c.parent_id,
        "unit_of_sale": c.unit_of_sale,
        "required_documents": c.document_names,
        "attributes": selectors.attributes_of(c),
    }


def _product(p: Product) -> dict[str, Any]:
    return {
        "id": p.pk,
        "category": p.category.code,
        "provider_id": p.provider_id,
        "provider": p.provider.name,
        "name": p.name,
        "brand": p.brand,
        "model": p.model,
        "attributes": p.attributes,
        "tkdn": p.tkdn,
        "price": p.price,
        "price_valid_from": p.price_valid_from,
        "price_valid_until": p.price_valid_until,
        "delivery_areas": p.delivery_areas,
        "delivery_days": p.delivery_days,
        "stock": p.stock,
        "status": p.status,
    }


def _admission(a: Admission) -> dict[str, Any]:
    return {
        "id": a.pk,
        "category_id": a.category_id,
        "provider_id": a.provider_id,
        "status": a.status,
        "applied_at": a.applied_at,
        "valid_from": a.valid_from,
        "valid_until": a.valid_until,
        "criteria": a.criteria,
        "reason": a.reason,
        "documents": [d.requirement for d in selectors.documents_of(a)],
    }


def _change(c: ProductChange) -> dict[str, Any]:
    return {
        "id": c.pk,
        "product_id": c.product_id,
        "kind": c.kind,
        "price": c.price,
        "valid_from": c.valid_from,
        "valid_until": c.valid_until,
        "status": c.status,
        "reason": c.reason,
    }


def _order(o: Order) -> dict[str, Any]:
    return {
        "id": o.pk,
        "number": o.number,
        "package_id": o.package_id,
        "product_id": o.product_id,
        "provider_id": o.provider_id,
        "quantity": o.quantity,
        "unit_price": o.unit_price,
        "total": o.total,
        "status": o.status,
        "reason": o.reason,
        "ordered_at": o.ordered_at,
        "split_warning": o.split_warning,
        "split_total": o.split_total,
        "split_reason": o.split_reason,
        "contract_id": o.contract_id,
        "method": o.method,
        "listed_price": o.listed_price,
        "delivery_days": o.delivery_days,
        "terms": o.terms,
    }


# --- public -----------------------------------------------------------------------------------------------


@router.get("/products", response=s.SearchOut, auth=PUBLIC, summary="Search the listed products")
@api_access(public=True, scope="anyone: the products listed today")
def product_search(
    request: HttpRequest,
    q: str = "",
    category: str = "",
    price_min: str = "",
    price_max: str = "",
    provider: str = "",
    tkdn_min: str = "",
    area: str = "",
    attr: list[AttrItem] | None = ATTR_PARAM,
    sort: str = "price",
    page: int = Query(1, ge=1),
):
    """Filters: ``category`` (code, with its sub-categories), ``attr`` (repeatable: ``code:value`` — a choice
    equal, a text contained, a number equal — or ``code:low..high`` for a number, either end open), price
    range, ``provider`` (id), ``area`` (delivery area, contained), ``tkdn_min``. ``sort``: ``price``,
    ``-price``, ``-tkdn``, ``delivery`` (fastest delivery first), ``name``."""
    query = ProductQuery.from_params(
        {
            "area": area,
            "attr": attr or [],
            "q": q,
            "category": category,
            "price_min": price_min,
            "price_max": price_max,
            "provider": provider,
            "tkdn_min": tkdn_min,
            "sort": sort,
            "page": str(page),
        }
    )
    found = search.search(query)
    return {
        "count": found.paginator.count,
        "page": found.number,
        "pages": found.paginator.num_pages,
        "results": [_product(p) for p in found.object_list],
    }


@router.get("/products/{product_id}", response=s.ProductDetailOut, auth=PUBLIC, summary="A listed product")
@api_access(public=True, scope="anyone: a product listed today and its price history")
def product_detail(request: HttpRequest, product_id: int):
    product = selectors.public_product_or_404(product_id)
    return {**_product(product), "price_history": list(selectors.price_history(product))}


@router.get("/compare", response=s.CompareOut, auth=PUBLIC, summary="2 to 4 listed products side by side")
@api_access(public=True, scope="anyone: products listed today")
def product_compare(request: HttpRequest, ids: str):
    """``ids``: 2 to 4 product ids, comma-separated (400 COMPARE_COUNT otherwise; 404 for one not listed)."""
    result = compare.comparison(compare.parse_ids([ids]))
    return {
        "products": [_product(p) for p in result.products],
        "rows": [{"label": label, "values": values} for label, values in result.rows],
        "cheapest_id": result.cheapest,
    }


@router.get("/categories", response=list[s.CategoryOut], auth=PUBLIC, summary="The etalase tree")
@api_access(public=True, scope="anyone: the active etalase")
def category_list(request: HttpRequest):
    return [_category(c) for c in selectors.active_categories()]


# --- UKPBJ ------------------------------------------------------------------------------------------------


@router.post("/categories", response={201: s.CategoryOut}, summary="Create an etalase")
@api_access(*UKPBJ, scope="the UKPBJ")
def category_create(request: AuthedRequest, payload: s.CategoryIn):
    parent = selectors.category_or_404(payload.parent_id) if payload.parent_id else None
    category = services.category_create(
        actor=request.user,
        code=payload.code,
        name=payload.name,
        unit_of_sale=payload.unit_of_sale,
        parent=parent,
        required_documents="\n".join(payload.required_documents),
    )
    return Status(201, _category(category))


@router.post(
    "/categories/{category_id}/attributes", response={201: s.CategoryOut}, summary="Add an attribute"
)
@api_access(*UKPBJ, scope="the UKPBJ")
def attribute_add(request: AuthedRequest, category_id: int, payload: s.AttributeIn):
    category = selectors.category_or_404(category_id)
    services.attribute_add(
        actor=request.user,
        category=category,
        code=payload.code,
        label=payload.label,
        kind=payload.kind,
        unit=payload.unit,
        choices=payload.choices,
        required_value=payload.required,
    )
    return Status(201, _category(category))


@router.get("/admissions", response=list[s.AdmissionOut], summary="Applications waiting for the UKPBJ")
@api_access(*UKPBJ, scope="the UKPBJ")
def admission_queue(request: AuthedRequest):
    return [_admission(a) for a in selectors.admission_queue()]


@router.post("/admissions/{admission_id}/admit", response=s.AdmissionOut, summary="Admit for a period")
@api_access(*UKPBJ, scope="the UKPBJ")
def admission_admit(request: AuthedRequest, admission_id: int, payload: s.AdmitIn):
    admission = selectors.admission_or_404(admission_id)
    admission = services.admission_admit(
        actor=request.user,
        admission=admission,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
        criteria=payload.criteria,
    )
    return _admission(admission)


@router.post("/admissions/{admission_id}/refuse", response=s.AdmissionOut, summary="Refuse with reasons")
@api_access(*UKPBJ, scope="the UKPBJ")
def admission_refuse(request: AuthedRequest, admission_id: int, payload: s.CatalogReasonIn):
    admission = selectors.admission_or_404(admission_id)
    return _admission(
        services.admission_refuse(actor=request.user, admission=admission, reason=payload.reason)
    )


@router.get("/curation", response=list[s.ChangeOut], summary="New products and price changes waiting")
@api_access(*UKPBJ, scope="the UKPBJ curator")
def curation_queue(request: AuthedRequest):
    return [_change(c) for c in selectors.curation_queue()]


@router.post("/curation/{change_id}/approve", response=s.ChangeOut, summary="Approve: the price goes live")
@api_access(*UKPBJ, scope="the UKPBJ curator")
def curation_approve(request: AuthedRequest, change_id: int):
    change = selectors.pending_change_or_404(change_id)
    return _change(services.change_approve(actor=request.user, change=change))


@router.post("/curation/{change_id}/reject", response=s.ChangeOut, summary="Reject with a reason")
@api_access(*UKPBJ, scope="the UKPBJ curator")
def curation_reject(request: AuthedRequest, change_id: int, payload: s.CatalogReasonIn):
    change = selectors.pending_change_or_404(change_id)
    return _change(services.change_reject(actor=request.user, change=change, reason=payload.reason))


# --- provider ---------------------------------------------------------------------------------------------


@router.get("/my/admissions", response=list[s.AdmissionOut], summary="My applications")
@api_access(Role.PENYEDIA, scope="the provider's own applications")
def my_admissions(request: AuthedRequest):
    return [_admission(a) for a in selectors.own_admissions(request.user)]


@router.post("/my/admissions", response={201: s.AdmissionOut}, summary="Apply to an etalase")
@api_access(Role.PENYEDIA, scope="a verified provider")
def my_admission_apply(
    request: AuthedRequest,
    category_id: Form[int],
    files: File[list[UploadedFile]],
    note: Form[str] = "",
):
    """One file per required document of the etalase, in the order the etalase lists them."""
    category = selectors.category_or_404(category_id)
    documents = dict(zip(category.document_names, files, strict=False))
    admission = services.admission_apply(
        actor=request.user, category=category, documents=documents, note=note
    )
    return Status(201, _admission(admission))


@router.get("/my/products", response=list[s.ProductOut], summary="My products")
@api_access(Role.PENYEDIA, scope="the provider's own products")
def my_products(request: AuthedRequest):
    return [_product(p) for p in selectors.own_products(request.user)]


@router.post("/my/products", response={201: s.ProductOut}, summary="List a product (waits for the curator)")
@api_access(Role.PENYEDIA, scope="an admitted provider")
def my_product_submit(request: AuthedRequest, payload: s.ProductIn):
    data = payload.dict()
    category = selectors.category_or_404(data.pop("category_id"))
    product = services.product_submit(actor=request.user, category=category, **data)
    return Status(201, _product(product))


@router.post("/my/products/{product_id}/price", response={201: s.ChangeOut}, summary="Propose a new price")
@api_access(Role.PENYEDIA, scope="the provider's own live product")
def my_price_change(request: AuthedRequest, product_id: int, payload: s.CatalogPriceIn):
    product = selectors.own_product_or_404(user=request.user, pk=product_id)
    change = services.price_change_submit(
        actor=request.user,
        product=product,
        price=payload.price,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
    )
    return Status(201, _change(change))


@router.get("/my/orders", response=list[s.OrderOut], summary="Orders to me")
@api_access(Role.PENYEDIA, scope="orders to the provider")
def my_orders(request: AuthedRequest):
    return [_order(o) for o in selectors.provider_orders(request.user)]


@router.post("/my/orders/{order_id}/accept", response=s.OrderOut, summary="Accept an order")
@api_access(Role.PENYEDIA, scope="the provider's own order")
def my_order_accept(request: AuthedRequest, order_id: int):
    order = selectors.provider_order_or_404(user=request.user, pk=order_id)
    return _order(services.order_accept(actor=request.user, order=order))


@router.post("/my/orders/{order_id}/refuse", response=s.OrderOut, summary="Refuse an order")
@api_access(Role.PENYEDIA, scope="the provider's own order")
def my_order_refuse(request: AuthedRequest, order_id: int, payload: s.CatalogReasonIn):
    order = selectors.provider_order_or_404(user=request.user, pk=order_id)
    return _order(services.order_refuse(actor=request.user, order=order, reason=payload.reason))


# --- PPK --------------------------------------------------------------------------------------------------


@router.get("/orders", response=list[s.OrderOut], summary="My orders (PPK)")
@api_access(Role.PPK, scope="the PPK's own orders")
def ppk_orders(request: AuthedRequest):
    return [_order(o) for o in selectors.ppk_orders(request.user)]


@router.post("/orders", response={201: s.OrderOut}, summary="Direct order of a listed product")
@api_access(Role.PPK, scope="the PPK's own e-Purchasing package")
def order_create(request: AuthedRequest, payload: s.OrderIn):
    package = selectors.own_package_or_404(user=request.user, pk=payload.package_id)
    product = selectors.public_product_or_404(payload.product_id)
    order = services.order_create(
        actor=request.user,
        package=package,
        product=product,
        quantity=payload.quantity,
        delivery_address=payload.delivery_address,
        split_reason=payload.split_reason,
    )
    return Status(201, _order(order))


@router.post("/orders/{order_id}/cancel", response=s.OrderOut, summary="Withdraw an unanswered order")
@api_access(Role.PPK, scope="the PPK's own order")
def ppk_order_cancel(request: AuthedRequest, order_id: int, payload: s.CatalogReasonIn):
    order = selectors.ppk_order_or_404(user=request.user, pk=order_id)
    return _order(services.order_cancel(actor=request.user, order=order, reason=payload.reason))


@router.post(
    "/orders/{order_id}/purchase-order",
    response=s.OrderOut,
    summary="Issue the Surat Pesanan of an accepted order (it becomes a contract)",
)
@api_access(Role.PPK, scope="the PPK's own accepted order")
def ppk_purchase_order(request: AuthedRequest, order_id: int, payload: s.PurchaseOrderIn):
    order = selectors.ppk_order_or_404(user=request.user, pk=order_id)
    return _order(
        services.purchase_order_issue(
            actor=request.user,
            order=order,
            number=payload.number,
            issued_on=payload.issued_on,
            deliver_by=payload.deliver_by,
        )
    )


# --- negotiation (PPK and provider) --------------------------------------------------------------------------


def _round(r: NegotiationRound) -> dict[str, Any]:
    return {
        "number": r.number,
        "side": r.side,
        "unit_price": r.unit_price,
        "quantity": r.quantity,
        "delivery_days": r.delivery_days,
        "terms": r.terms,
        "proposed_at": r.proposed_at,
        "respond_by": r.respond_by,
        "outcome": r.outcome,
        "answered_at": r.answered_at,
    }


def _party_order(request: AuthedRequest, order_id: int) -> Order:
    return purchases.order_for_party_or_404(user=request.user, role=request.acting_role, pk=order_id)


@router.post(
    "/orders/negotiations",
    response={201: s.OrderOut},
    summary="Open a negotiation with a listed product's provider (the first proposal)",
)
@api_access(Role.PPK, scope="the PPK's own e-Purchasing package")
def negotiation_open(request: AuthedRequest, payload: s.NegotiationOpenIn):
    package = selectors.own_package_or_404(user=request.user, pk=payload.package_id)
    product = selectors.public_product_or_404(payload.product_id)
    order = services.negotiation_open(
        actor=request.user,
        package=package,
        product=product,
        quantity=payload.quantity,
        unit_price=payload.unit_price,
        delivery_days=payload.delivery_days,
        terms=payload.terms,
        respond_by=payload.respond_by,
        delivery_address=payload.delivery_address,
        split_reason=payload.split_reason,
    )
    return Status(201, _order(order))


@router.get(
    "/negotiations/{order_id}/rounds",
    response=list[s.NegotiationRoundOut],
    summary="The negotiation's rounds",
)
@api_access(Role.PPK, Role.PENYEDIA, scope="the PPK who placed the order, the provider it is addressed to")
def negotiation_rounds(request: AuthedRequest, order_id: int):
    return [_round(r) for r in purchases.rounds_of(_party_order(request, order_id))]


@router.post(
    "/negotiations/{order_id}/counter", response=s.OrderOut, summary="Counter the other side's open proposal"
)
@api_access(Role.PPK, Role.PENYEDIA, scope="the two parties of the order, on their turn")
def negotiation_counter(request: AuthedRequest, order_id: int, payload: s.NegotiationCounterIn):
    order = services.negotiation_counter(
        actor=request.user,
        order=_party_order(request, order_id),
        unit_price=payload.unit_price,
        quantity=payload.quantity,
        delivery_days=payload.delivery_days,
        terms=payload.terms,
        respond_by=payload.respond_by,
    )
    return _order(order)


@router.post(
    "/negotiations/{order_id}/accept", response=s.OrderOut, summary="Accept the other side's open proposal"
)
@api_access(Role.PPK, Role.PENYEDIA, scope="the two parties of the order, on their turn")
def negotiation_accept(request: AuthedRequest, order_id: int):
    order = services.negotiation_accept(actor=request.user, order=_party_order(request, order_id))
    return _order(order)


# --- product photos and datasheets ------------------------------------------------------------------------


def _file(f: ProductFile) -> dict[str, Any]:
    return {
        "id": f.pk,
        "kind": f.kind,
        "name": f.name,
        "content_type": f.content_type,
        "size": f.size,
        "url": reverse("catalog:product_file", args=[f.product_id, f.pk]),
    }


@router.get(
    "/products/{product_id}/files",
    response=list[s.ProductFileOut],
    auth=PUBLIC,
    summary="A listed product's photos and datasheet",
)
@api_access(public=True, scope="anyone: the files of a product listed today")
def product_files(request: HttpRequest, product_id: int):
    return [_file(f) for f in selectors.product_files(selectors.public_product_or_404(product_id))]


@router.post(
    "/my/products/{product_id}/files",
    response={201: s.ProductFileOut},
    summary="Add a photo (JPEG/PNG, 2 MB) or the datasheet (PDF, 5 MB) to my product",
)
@api_access(Role.PENYEDIA, scope="the provider's own product")
def my_product_file_add(
    request: AuthedRequest, product_id: int, kind: Form[s.ProductFileKind], file: File[UploadedFile]
):
    product = selectors.own_product_or_404(user=request.user, pk=product_id)
    item = services.product_file_add(actor=request.user, product=product, kind=kind, upload=file)
    return Status(201, _file(item))


@router.post(
    "/my/products/{product_id}/files/{file_id}/remove",
    response={204: None},
    summary="Remove a photo or the datasheet of my product",
)
@api_access(Role.PENYEDIA, scope="the provider's own product")
def my_product_file_remove(request: AuthedRequest, product_id: int, file_id: int):
    item = selectors.own_product_file_or_404(user=request.user, product_id=product_id, pk=file_id)
    services.product_file_remove(actor=request.user, product_file=item)
    return Status(204, None)


from . import competition as _competition_routes  # noqa: E402,F401  (registers the mini-competition routes)
from . import notices as _notice_routes  # noqa: E402,F401  (registers the notice routes)
