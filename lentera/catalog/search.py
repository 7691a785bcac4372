"""Public search of the catalogue: what is listed today, full-text over name, brand, model and attribute values,
filters (category and its sub-categories, the category's attributes, price range, provider, delivery area, minimum
TKDN), sort (price, TKDN, delivery time, name), pages with the count.

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
from django.db.models import Case, DecimalField, Exists, F, OuterRef, Q, QuerySet, TextField, When
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone

from lentera.providers import selectors as provider_selectors
from lentera.providers.models import Provider

from .models import Admission, Attribute, Category, Product
from .states import AdmissionStatus, ProductStatus

PAGE_SIZE = 20
SORTS = {
    "price": ("price", "pk"),
    "-price": ("-price", "pk"),
    "-tkdn": ("-tkdn", "price", "pk"),
    "name": ("name", "pk"),
    "delivery": ("delivery_days", "price", "pk"),
}
#: at most this many attribute filters in one query (each is one more condition on the JSON column)
MAX_ATTR_FILTERS = 8
#: a stored number attribute (rules.attribute_values_clean writes plain decimal text)
_NUMBER_TEXT = r"^-?[0-9]+(\.[0-9]+)?$"
_CODE = re.compile(r"^[-a-z0-9_]{1,40}$")


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
class AttrFilter:
    """One attribute condition: ``value`` (a choice equal, a text contained, a number equal) or, for a number,
    a range ``low``..``high`` (either end open)."""

    code: str
    value: str = ""
    low: Decimal | None = None
    high: Decimal | None = None

    @classmethod
    def parse(cls, raw: str) -> AttrFilter | None:
        """``code:value``, ``code:low..high``, ``code:low..`` or ``code:..high``; anything else is ignored."""
        code, sep, value = str(raw).partition(":")
        code, value = code.strip().lower(), value.strip()[:200]
        if not sep or not _CODE.match(code) or not value:
            return None
        if ".." in value:
            low_text, _sep, high_text = value.partition("..")
            low, high = _number(low_text), _number(high_text)
            if low is None and high is None:
                return None
            return cls(code=code, low=low, high=high)
        return cls(code=code, value=value)

    def as_param(self) -> str:
        if self.value:
            return f"{self.code}:{self.value}"
        return f"{self.code}:{'' if self.low is None else self.low}..{'' if self.high is None else self.high}"


def _number(text: str) -> Decimal | None:
    """A plain number as the attributes are stored (``1.5`` or ``1,5``; no thousands separators)."""
    text = text.strip().replace(",", ".")
    try:
        number = Decimal(text) if text else None
    except InvalidOperation:
        return None
    return number if number is not None and number.is_finite() else None


def attr_filters(params) -> tuple[AttrFilter, ...]:
    """The attribute filters of a query: repeated ``attr=code:value|low..high`` (API and links) and the search
    form's fields ``a_<code>`` (choice/text) and ``a_<code>_min`` / ``a_<code>_max`` (numbers)."""
    found: list[AttrFilter] = []
    getlist = getattr(params, "getlist", None)
    raw = getlist("attr") if getlist else params.get("attr") or []
    for item in [raw] if isinstance(raw, str) else raw:
        parsed = AttrFilter.parse(item)
        if parsed:
            found.append(parsed)
    ranges: dict[str, dict[str, Decimal | None]] = {}
    for key in list(params.keys()):
        if not key.startswith("a_"):
            continue
        value = str(params.get(key) or "").strip()
        if not value:
            continue
        name = key[2:]
        for end in ("_min", "_max"):
            if name.endswith(end) and _CODE.match(name[: -len(end)]):
                number = _number(value)
                if number is not None:
                    ranges.setdefault(name[: -len(end)], {})["low" if end == "_min" else "high"] = number
                break
        else:
            if _CODE.match(name):
                found.append(AttrFilter(code=name, value=value[:200]))
    for code, ends in ranges.items():
        found.append(AttrFilter(code=code, low=ends.get("low"), high=ends.get("high")))
    return tuple(found[:MAX_ATTR_FILTERS])


@dataclass(frozen=True)
class ProductQuery:
    q: str = ""
    category: str = ""
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    provider: int | None = None
    tkdn_min: Decimal | None = None
    area: str = ""
    attrs: tuple[AttrFilter, ...] = ()
    sort: str = "price"
    page: int = 1

    def attr_value(self, code: str, end: str = "") -> str:
        """The form's current value of an attribute field (``end``: "", "low" or "high")."""
        for f in self.attrs:
            if f.code == code:
                value = getattr(f, end) if end else f.value
                return "" if value is None else str(value)
        return ""

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
            area=(params.get("wilayah") or params.get("area") or "").strip()[:100],
            attrs=attr_filters(params),
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


def filterable_attributes(code: str) -> list[Attribute]:
    """The attributes the search form offers for the category ``code``: those of the category and of its
    sub-categories, one per code (the first defined)."""
    if not code:
        return []
    seen: dict[str, Attribute] = {}
    for attribute in Attribute.objects.filter(category_id__in=category_ids(code)).order_by(
        "category_id", "pk"
    ):
        seen.setdefault(attribute.code, attribute)
    return list(seen.values())


def attribute_fields(query: ProductQuery) -> list[dict]:
    """The search form's attribute fields for the chosen category, with the query's current values."""
    return [
        {
            "attribute": a,
            "value": query.attr_value(a.code),
            "low": query.attr_value(a.code, "low"),
            "high": query.attr_value(a.code, "high"),
        }
        for a in filterable_attributes(query.category)
    ]


def _filter_attributes(
    qs: QuerySet[Product], query: ProductQuery, within: list[int] | None
) -> QuerySet[Product]:
    """Each attribute filter keeps the products of a category that defines the attribute (of the kind the
    filter needs) and whose value matches. A number is compared as a number, only where the stored text is a
    plain number (so a cast never fails on PostgreSQL)."""
    for i, f in enumerate(query.attrs):
        defs = Attribute.objects.filter(code=f.code)
        if within is not None:
            defs = defs.filter(category_id__in=within)
        if f.value == "":
            defs = defs.filter(kind=Attribute.Kind.NUMBER)
        kinds = dict(defs.values_list("category_id", "kind"))
        if not kinds:
            return qs.none()
        text, num = f"_attr{i}", f"_attr{i}_n"
        qs = qs.annotate(**{text: Cast(KeyTextTransform(f.code, "attributes"), TextField())})
        by_kind: dict[str, list[int]] = {}
        for category_id, kind in kinds.items():
            by_kind.setdefault(kind, []).append(category_id)
        cond = Q()
        if f.value:
            for kind, ids in by_kind.items():
                if kind == Attribute.Kind.TEXT:
                    cond |= Q(category_id__in=ids, **{f"{text}__icontains": f.value})
                elif kind == Attribute.Kind.CHOICE:
                    cond |= Q(category_id__in=ids, **{text: f.value})
        numbers = by_kind.get(Attribute.Kind.NUMBER)
        wanted = (f.low, f.high) if not f.value else ((v := _number(f.value)), v)
        if numbers and (wanted[0] is not None or wanted[1] is not None):
            qs = qs.annotate(
                **{
                    num: Case(
                        When(
                            **{f"{text}__regex": _NUMBER_TEXT},
                            then=Cast(F(text), DecimalField(max_digits=30, decimal_places=10)),
                        ),
                        default=None,
                    )
                }
            )
            number_cond = Q(category_id__in=numbers, **{f"{num}__isnull": False})
            if wanted[0] is not None:
                number_cond &= Q(**{f"{num}__gte": wanted[0]})
            if wanted[1] is not None:
                number_cond &= Q(**{f"{num}__lte": wanted[1]})
            cond |= number_cond
        if not cond:
            return qs.none()
        qs = qs.filter(cond)
    return qs


def search(query: ProductQuery, *, day: dt.date | None = None) -> Page:
    qs = listed(day)
    within: list[int] | None = None
    if query.category:
        within = category_ids(query.category)
        qs = qs.filter(category_id__in=within)
    if query.attrs:
        qs = _filter_attributes(qs, query, within)
    if query.area:
        qs = qs.filter(delivery_areas__icontains=query.area)
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
