"""Side-by-side comparison of 2 to 4 listed products and the price-history chart of a product (issue #15: "a
side-by-side comparison of up to 4 products, price history chart per product"). Reads only what is listed today
(``search.listed``); the chart is ``core.charts.bar_chart`` (server-rendered SVG with its data table)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from lentera.core import charts
from lentera.core.calendar import local_date
from lentera.core.errors import NotFound
from lentera.core.money import format_rupiah

from . import search
from .errors import CatalogError
from .models import PriceHistory, Product

COMPARE_MIN, COMPARE_MAX = 2, 4


@dataclass(frozen=True)
class Comparison:
    products: list[Product]
    #: (label, one value per product); attribute rows are the union of the products' etalase attributes
    rows: list[tuple[str, list[str]]]
    cheapest: int | None  # the product id with the lowest unit price


def parse_ids(values: Iterable[Any]) -> list[int]:
    """The distinct product ids asked for, in order (text from a query string or a list)."""
    ids: list[int] = []
    for value in values:
        for part in str(value).split(","):
            part = part.strip()
            if part.isdigit() and int(part) not in ids:
                ids.append(int(part))
    return ids


def comparison(ids: list[int]) -> Comparison:
    """The listed products with these ids side by side; 2 to 4 of them (``COMPARE_COUNT``), each listed today
    (a product not listed is ``PRODUCT_NOT_FOUND``, 404)."""
    if not COMPARE_MIN <= len(ids) <= COMPARE_MAX:
        raise CatalogError(
            "COMPARE_COUNT",
            _("Pilih %(min)s sampai %(max)s produk untuk dibandingkan."),
            min=COMPARE_MIN,
            max=COMPARE_MAX,
        )
    found = {p.pk: p for p in search.listed().filter(pk__in=ids).prefetch_related("category__attributes")}
    if len(found) != len(ids):
        raise NotFound("PRODUCT_NOT_FOUND", _("Produk tidak ditemukan."))
    products = [found[i] for i in ids]
    rows: list[tuple[str, list[str]]] = [
        (_("Etalase"), [p.category.name for p in products]),
        (_("Penyedia"), [p.provider.name for p in products]),
        (_("Tipe/model"), [p.model or "—" for p in products]),
        (
            _("Harga satuan"),
            [f"{format_rupiah(p.price)} / {p.category.unit_of_sale}" for p in products],
        ),
        (
            _("Harga berlaku sampai"),
            [date_format(p.price_valid_until, "j F Y") if p.price_valid_until else "—" for p in products],
        ),
        (_("TKDN"), [f"{p.tkdn.normalize():f}%" for p in products]),
        (_("Waktu pengiriman"), [_("%(d)s hari") % {"d": p.delivery_days} for p in products]),
        (_("Wilayah pengiriman"), [p.delivery_areas for p in products]),
        (_("Stok"), [str(p.stock) for p in products]),
    ]
    labels: dict[str, str] = {}
    for p in products:
        for a in p.category.attributes.all():
            labels.setdefault(a.label, a.unit)
    for label, _unit in labels.items():
        values = []
        for p in products:
            attribute = next((a for a in p.category.attributes.all() if a.label == label), None)
            value = (p.attributes or {}).get(attribute.code) if attribute is not None else None
            values.append(f"{value} {attribute.unit}".strip() if attribute is not None and value else "—")
        rows.append((label, values))
    priced = [p for p in products if p.price is not None]
    cheapest = min(priced, key=lambda p: p.price or 0).pk if priced else None
    return Comparison(products, rows, cheapest)


def price_history_chart(product: Product) -> SafeString:
    """Every price the product was ever shown at, oldest first, as a bar chart with its data table."""
    history = PriceHistory.objects.filter(product=product).order_by("shown_from", "pk")
    bars = [
        charts.Bar(date_format(local_date(h.shown_from), "j M Y"), h.price)
        for h in history
        if h.price is not None
    ]
    return charts.bar_chart(
        title=_("Riwayat harga %(name)s") % {"name": product},
        bars=bars,
        label_heading=_("Tayang sejak"),
        value_heading=_("Harga satuan"),
        formatter=lambda v: format_rupiah(v),
    )
