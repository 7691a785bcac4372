"""Public search of the catalogue: what is listed today, full-text over name, brand, model and attribute values,
filters (category and its sub-categories, price range, provider, minimum TKDN), sort, pages with the count.

Listed today means: the product is LIVE, its price valid today, its provider verified and active, admitted to the
category today, and not on the blacklist today. These are read at query time (no copy), so a sanction hides the
listings at once and they come back by themselves when it ends.

Text: PostgreSQL full-text (a generated ``search_vector`` column, 'simple' configuration, GIN index; migration
0001) with ``websearch_to_tsquery``; any other database: every word must be contained in ``search_text``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from lentera.providers import selectors as provider_selectors
from lentera.providers.models import Provider

from .models import Admission, Category, Product
from .states import AdmissionStatus, ProductStatus

PAGE_SIZE = 20
SORTS = {
    "price": ("price", "pk"),
    "-price": ("-price", "pk"),
    "-tkdn": ("-tkdn", "price", "pk"),
    "name": ("name", "pk"),
}


def listed(day: dt.date | None = None) -> QuerySet[Product]:
    """The products shown to the public and orderable on ``day`` (Asia/Jakarta)."""
    day = day or timezone.localdate()
    admitted = Admission.objects.filter(
        provider=OuterRef("provider"),
        category=OuterRef("category"),
        status=AdmissionStatus.ADMITTED,
        valid_from__lte=day,
        valid_until__gte=day,
    )
    blacklisted = provider_selectors.active_blacklist(day).order_by().values("npwp")
    return (
        Product.objects.filter(
            status=ProductStatus.LIVE,
            price_valid_from__lte=day,
            price_valid_until__gte=day,
            provider__status=Provider.Status.VERIFIED,
            provider__account__is_active=True,
        )
        .filter(Exists(admitted))
        .exclude(provider__npwp__in=blacklisted)
        .select_related("category", "provider")
    )


def _decimal(value: str | None) -> Decimal | None:
    try:
        return Decimal(str(value).replace(".", "").replace(",", ".")) if value not in (None, "") else None
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class ProductQuery:
    q: str = ""
    category: str = ""
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    provider: int | None = None
    tkdn_min: Decimal | None = None
    sort: str = "price"
    page: int = 1

    @classmethod
    def from_params(cls, params) -> ProductQuery:
        provider = params.get("penyedia") or params.get("provider")
        page = params.get("halaman") or params.get("page") or "1"
        sort = params.get("urut") or params.get("sort") or "price"
        return cls(
            q=(params.get("q") or "").strip()[:200],
            category=(params.get("etalase") or params.get("category") or "").strip(),
            price_min=_decimal(params.get("harga_min") or params.get("price_min")),
            price_max=_decimal(params.get("harga_maks") or params.get("price_max")),
            provider=int(provider) if str(provider or "").isdigit() else None,
            tkdn_min=_decimal(params.get("tkdn_min")),
            sort=sort if sort in SORTS else "price",
            page=int(page) if str(page).isdigit() and int(page) > 0 else 1,
        )


def _words(q: str) -> list[str]:
    return [w for w in re.split(r"\W+", q.lower()) if w]


def category_ids(code: str) -> list[int]:
    """The category and every category below it in the tree."""
    root = Category.objects.filter(code=code).values_list("pk", flat=True).first()
    if root is None:
        return []
    ids, frontier = [root], [root]
    while frontier:
        frontier = list(Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.extend(frontier)
    return ids


def search(query: ProductQuery, *, day: dt.date | None = None) -> Page:
    qs = listed(day)
    if query.category:
        qs = qs.filter(category_id__in=category_ids(query.category))
    if query.price_min is not None:
        qs = qs.filter(price__gte=query.price_min)
    if query.price_max is not None:
        qs = qs.filter(price__lte=query.price_max)
    if query.provider is not None:
        qs = qs.filter(provider_id=query.provider)
    if query.tkdn_min is not None:
        qs = qs.filter(tkdn__gte=query.tkdn_min)
    words = _words(query.q)
    if words and connection.vendor == "postgresql":
        qs = qs.extra(
            where=["catalog_product.search_vector @@ websearch_to_tsquery('simple', %s)"], params=[query.q]
        )
    else:
        for word in words:
            qs = qs.filter(search_text__contains=word)
    paginator = Paginator(qs.order_by(*SORTS[query.sort]), PAGE_SIZE)
    return paginator.get_page(query.page)
