"""Reads of the catalogue, scoped to the user: the UKPBJ sees every category, application and pending change;
a provider its own applications, products and orders; a PPK its own e-Purchasing packages and orders; the public
what is listed today (:mod:`.search`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lentera.core.errors import NotFound
from lentera.planning.models import Method, Package
from lentera.providers.models import Provider

from . import search
from .models import (
    Admission,
    AdmissionDocument,
    Attribute,
    Category,
    MiniCompetition,
    Notice,
    Order,
    PriceHistory,
    Product,
    ProductChange,
    ProductFile,
    Quotation,
)
from .states import AdmissionStatus, ChangeStatus


def _missing(code: str, message: Any) -> NotFound:
    return NotFound(code, message)


def categories() -> QuerySet[Category]:
    return Category.objects.select_related("parent").prefetch_related("attributes").order_by("code")


def active_categories() -> QuerySet[Category]:
    return categories().filter(is_active=True)


def category_or_404(pk: int) -> Category:
    category = categories().filter(pk=pk).first()
    if category is None:
        raise _missing("CATEGORY_NOT_FOUND", _("Etalase tidak ditemukan."))
    return category


def attributes_of(category: Category) -> list[Attribute]:
    return list(Attribute.objects.filter(category=category).order_by("pk"))


def category_tree() -> list[tuple[int, Category]]:
    """(depth, category) in tree order."""
    rows = list(categories())
    children: dict[int | None, list[Category]] = {}
    for c in rows:
        children.setdefault(c.parent_id, []).append(c)
    out: list[tuple[int, Category]] = []

    def walk(parent: int | None, depth: int) -> None:
        for c in children.get(parent, []):
            out.append((depth, c))
            walk(c.pk, depth + 1)

    walk(None, 0)
    return out


def admission_queue() -> QuerySet[Admission]:
    return (
        Admission.objects.select_related("category", "provider")
        .prefetch_related("documents")
        .filter(status=AdmissionStatus.SUBMITTED)
        .order_by("applied_at", "pk")
    )


def admissions_all() -> QuerySet[Admission]:
    return Admission.objects.select_related("category", "provider", "decided_by").order_by(
        "-applied_at", "-pk"
    )


def admission_or_404(pk: int) -> Admission:
    admission = admissions_all().filter(pk=pk).first()
    if admission is None:
        raise _missing("ADMISSION_NOT_FOUND", _("Permohonan tidak ditemukan."))
    return admission


def document_for_ukpbj(*, admission_id: int, pk: int) -> AdmissionDocument:
    doc = AdmissionDocument.objects.filter(admission_id=admission_id, pk=pk).first()
    if doc is None:
        raise _missing("DOCUMENT_NOT_FOUND", _("Dokumen tidak ditemukan."))
    return doc


def documents_of(admission: Admission) -> list[AdmissionDocument]:
    return list(AdmissionDocument.objects.filter(admission=admission).order_by("pk"))


def decided_admissions() -> QuerySet[Admission]:
    return admissions_all().exclude(status=AdmissionStatus.SUBMITTED)


def provider_of(user: Any) -> Provider | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Provider.objects.filter(account=user).first()


def own_admissions(user: Any) -> QuerySet[Admission]:
    provider = provider_of(user)
    if provider is None:
        return Admission.objects.none()
    return admissions_all().filter(provider=provider)


def admitted_categories(user: Any) -> list[Category]:
    """The categories the provider is admitted to today (where it may list products)."""
    provider = provider_of(user)
    if provider is None:
        return []
    day = timezone.localdate()
    ids = Admission.objects.filter(
        provider=provider, status=AdmissionStatus.ADMITTED, valid_from__lte=day, valid_until__gte=day
    ).values("category_id")
    return list(categories().filter(pk__in=ids))


def own_products(user: Any) -> QuerySet[Product]:
    provider = provider_of(user)
    if provider is None:
        return Product.objects.none()
    return (
        Product.objects.select_related("category", "provider")
        .filter(provider=provider)
        .order_by("-created_at", "-pk")
    )


def own_product_or_404(*, user: Any, pk: int) -> Product:
    product = own_products(user).filter(pk=pk).first()
    if product is None:
        raise _missing("PRODUCT_NOT_FOUND", _("Produk tidak ditemukan."))
    return product


def curation_queue() -> QuerySet[ProductChange]:
    return (
        ProductChange.objects.select_related("product__category", "product__provider", "submitted_by")
        .filter(status=ChangeStatus.PENDING)
        .order_by("submitted_at", "pk")
    )


def pending_change_or_404(pk: int) -> ProductChange:
    change = curation_queue().filter(pk=pk).first()
    if change is None:
        raise _missing("CHANGE_NOT_FOUND", _("Pengajuan tidak ditemukan."))
    return change


def changes_of(product: Product) -> QuerySet[ProductChange]:
    return product.changes.order_by("-submitted_at", "-pk")


def public_product_or_404(pk: int) -> Product:
    product = search.listed().filter(pk=pk).first()
    if product is None:
        raise _missing("PRODUCT_NOT_FOUND", _("Produk tidak ditemukan."))
    return product


def price_history(product: Product) -> QuerySet[PriceHistory]:
    return PriceHistory.objects.filter(product=product).order_by("-shown_from", "-pk")


def attribute_rows(product: Product) -> list[tuple[str, str]]:
    rows = []
    for a in product.category.attributes.all():
        value = (product.attributes or {}).get(a.code)
        if value not in (None, ""):
            rows.append((a.label, f"{value} {a.unit}".strip()))
    return rows


def own_packages(user: Any) -> QuerySet[Package]:
    """The PPK's e-Purchasing packages that may take orders."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Package.objects.none()
    return Package.objects.filter(
        ppk=user, method=Method.E_PURCHASING, status__in=["READY", "ASSIGNED", "IN_SELECTION", "CONTRACTED"]
    ).order_by("code")


def own_package_or_404(*, user: Any, pk: int) -> Package:
    package = own_packages(user).filter(pk=pk).first()
    if package is None:
        raise _missing("PACKAGE_NOT_FOUND", _("Paket tidak ditemukan."))
    return package


def _orders() -> QuerySet[Order]:
    return Order.objects.select_related("product", "provider", "package", "ppk")


def ppk_orders(user: Any) -> QuerySet[Order]:
    if user is None or not getattr(user, "is_authenticated", False):
        return Order.objects.none()
    return _orders().filter(ppk=user)


def ppk_order_or_404(*, user: Any, pk: int) -> Order:
    order = ppk_orders(user).filter(pk=pk).first()
    if order is None:
        raise _missing("ORDER_NOT_FOUND", _("Pesanan tidak ditemukan."))
    return order


def provider_orders(user: Any) -> QuerySet[Order]:
    provider = provider_of(user)
    if provider is None:
        return Order.objects.none()
    return _orders().filter(provider=provider)


def provider_order_or_404(*, user: Any, pk: int) -> Order:
    order = provider_orders(user).filter(pk=pk).first()
    if order is None:
        raise _missing("ORDER_NOT_FOUND", _("Pesanan tidak ditemukan."))
    return order


def order_rows_for_report(*, package_ids: Any) -> list[dict[str, Any]]:
    """E-purchasing orders of these packages with the TKDN (%) of the product ordered (read by lentera.reporting;
    the packages are already scoped)."""
    qs = Order.objects.filter(package_id__in=list(package_ids))
    return [
        dict(row)
        for row in qs.order_by("pk").values(
            "id", "package_id", "status", "total", "ordered_at", "decided_at", "product__tkdn"
        )
    ]


def product_files(product: Product) -> QuerySet[ProductFile]:
    """A product's photos, then its datasheet."""
    return ProductFile.objects.filter(product=product).order_by("kind", "pk")


def public_product_file_or_404(*, product_id: int, pk: int) -> ProductFile:
    """A photo or datasheet of a product listed today (anyone)."""
    product = public_product_or_404(product_id)
    found = product_files(product).filter(pk=pk).first()
    if found is None:
        raise _missing("FILE_NOT_FOUND", _("Berkas tidak ditemukan."))
    return found


def own_product_file_or_404(*, user: Any, product_id: int, pk: int) -> ProductFile:
    """A photo or datasheet of the provider's own product."""
    product = own_product_or_404(user=user, pk=product_id)
    found = product_files(product).filter(pk=pk).first()
    if found is None:
        raise _missing("FILE_NOT_FOUND", _("Berkas tidak ditemukan."))
    return found


# --- mini-competition -----------------------------------------------------------------------------------------


def ppk_competitions(user: Any) -> QuerySet[MiniCompetition]:
    """The PPK's own mini-competitions."""
    if user is None or not getattr(user, "is_authenticated", False):
        return MiniCompetition.objects.none()
    return MiniCompetition.objects.select_related("category", "package", "order").filter(ppk=user)


def ppk_competition_or_404(*, user: Any, pk: int) -> MiniCompetition:
    competition = ppk_competitions(user).filter(pk=pk).first()
    if competition is None:
        raise _missing("COMPETITION_NOT_FOUND", _("Mini-kompetisi tidak ditemukan."))
    return competition


def quotations_of(competition: MiniCompetition) -> QuerySet[Quotation]:
    """The invitations and (after the opening) the opened quotations of a competition already scoped."""
    return Quotation.objects.select_related("provider", "product").filter(competition=competition)


def provider_quotations(user: Any) -> QuerySet[Quotation]:
    """The provider's invitations to mini-competitions (its own only)."""
    provider = provider_of(user)
    if provider is None:
        return Quotation.objects.none()
    return (
        Quotation.objects.select_related("competition__category", "competition__order", "product")
        .filter(provider=provider)
        .order_by("-invited_at", "-pk")
    )


def own_quotation_or_404(*, user: Any, pk: int) -> Quotation:
    quotation = provider_quotations(user).filter(pk=pk).first()
    if quotation is None:
        raise _missing("QUOTATION_NOT_FOUND", _("Undangan tidak ditemukan."))
    return quotation


def quotable_products(quotation: Quotation) -> QuerySet[Product]:
    """The provider's products listed today in the competition's etalase (what it may quote)."""
    return search.listed().filter(
        provider_id=quotation.provider_id, category_id=quotation.competition.category_id
    )


# --- notices --------------------------------------------------------------------------------------------------


def own_notices(user: Any) -> QuerySet[Notice]:
    """The user's own e-purchasing notices, newest first."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Notice.objects.none()
    return Notice.objects.filter(recipient=user)


def unread_notice_count(user: Any) -> int:
    return own_notices(user).filter(read_at__isnull=True).count()


# --- statistics (UKPBJ) ---------------------------------------------------------------------------------------


def catalog_statistics() -> dict[str, Any]:
    """The UKPBJ's catalogue statistics: orders accepted or under a Surat Pesanan (count and value) per work unit,
    per provider and per way of buying, with the totals."""
    from django.db.models import Count, Sum

    from .states import OrderStatus

    done = Order.objects.filter(status__in=[OrderStatus.ACCEPTED, OrderStatus.CONTRACTED])

    def rows(*fields: str) -> list[dict[str, Any]]:
        return list(
            done.values(*fields).annotate(orders=Count("pk"), value=Sum("total")).order_by("-value", *fields)
        )

    totals = done.aggregate(orders=Count("pk"), value=Sum("total"))
    return {
        "per_unit": rows("package__work_unit__name"),
        "per_provider": rows("provider__name"),
        "per_method": rows("method"),
        "orders": totals["orders"] or 0,
        "value": totals["value"] or 0,
    }
