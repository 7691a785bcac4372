"""The catalogue's listing side: the UKPBJ's categories and attributes, the providers' applications for
admission and the UKPBJ's decision, products and price changes and the curator's approval."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.access import ensure_role
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.roles import Role

from .. import rules, states
from ..errors import CatalogError
from ..models import Admission, AdmissionDocument, Attribute, Category, PriceHistory, Product, ProductChange
from ..states import AdmissionStatus, ChangeStatus, ProductStatus
from ._base import checked_file, provider_of, required

#: The UKPBJ runs the local catalogue: its head and its administrators (categories, admissions, curation).
UKPBJ_ROLES = (Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ)

CATEGORY_FIELDS = ("code", "name", "unit_of_sale", "parent_id", "required_documents", "is_active")
ADMISSION_FIELDS = ("status", "valid_from", "valid_until", "criteria", "reason")
PRODUCT_FIELDS = (
    "name",
    "brand",
    "model",
    "attributes",
    "tkdn",
    "price",
    "price_valid_from",
    "price_valid_until",
    "delivery_areas",
    "delivery_days",
    "stock",
    "status",
)
CHANGE_FIELDS = ("kind", "price", "valid_from", "valid_until", "status", "reason")


def search_text_for(product: Product) -> str:
    values = " ".join(str(v) for v in (product.attributes or {}).values())
    provider = getattr(product, "provider", None)
    parts = (
        product.name,
        product.brand,
        product.model,
        values,
        product.category.name,
        getattr(provider, "name", ""),
    )
    return " ".join(p for p in parts if p).lower()


@transaction.atomic
def category_create(
    *,
    actor: Any,
    code: str,
    name: str,
    unit_of_sale: str,
    parent: Category | None = None,
    required_documents: str = "",
) -> Category:
    """A new etalase (a node of the tree), with the documents a provider attaches to apply."""
    ensure_role(actor, *UKPBJ_ROLES)
    code = required(code, str(_("kode etalase"))).lower()
    if Category.objects.filter(code=code).exists():
        raise CatalogError("CATEGORY_CODE_TAKEN", _("Kode etalase %(value)s sudah dipakai."), value=code)
    category = Category.objects.create(
        code=code,
        name=required(name, str(_("nama etalase"))),
        unit_of_sale=required(unit_of_sale, str(_("satuan penjualan"))),
        parent=parent,
        required_documents=(required_documents or "").strip(),
        created_at=db_now(),
    )
    audit.record(
        actor=actor,
        action="catalog.category.create",
        obj=category,
        after=audit.snapshot(category, CATEGORY_FIELDS),
    )
    return category


@transaction.atomic
def attribute_add(
    *,
    actor: Any,
    category: Category,
    code: str,
    label: str,
    kind: str,
    unit: str = "",
    choices: Sequence[str] = (),
    required_value: bool = True,
) -> Attribute:
    """A typed attribute of the category: a number with its unit, a choice among listed values, or text."""
    ensure_role(actor, *UKPBJ_ROLES)
    if kind not in Attribute.Kind.values:
        raise CatalogError("INVALID_CHOICE", _("Jenis atribut tidak dikenal."))
    code = required(code, str(_("kode atribut"))).lower()
    clean_choices = [c.strip() for c in choices if c and c.strip()]
    if kind == Attribute.Kind.CHOICE and len(clean_choices) < 2:
        raise CatalogError("CHOICES_REQUIRED", _("Atribut pilihan memerlukan paling sedikit dua pilihan."))
    if kind == Attribute.Kind.NUMBER and not (unit or "").strip():
        raise CatalogError("UNIT_REQUIRED", _("Atribut angka memerlukan satuan."))
    if Attribute.objects.filter(category=category, code=code).exists():
        raise CatalogError("ATTRIBUTE_CODE_TAKEN", _("Kode atribut %(value)s sudah dipakai."), value=code)
    attribute = Attribute.objects.create(
        category=category,
        code=code,
        label=required(label, str(_("nama atribut"))),
        kind=kind,
        unit=(unit or "").strip() if kind == Attribute.Kind.NUMBER else "",
        choices=clean_choices if kind == Attribute.Kind.CHOICE else [],
        required=required_value,
    )
    audit.record(
        actor=actor,
        action="catalog.attribute.add",
        obj=category,
        after={"code": code, "kind": kind, "unit": attribute.unit, "choices": attribute.choices},
    )
    return attribute


@transaction.atomic
def admission_apply(
    *, actor: Any, category: Category, documents: Mapping[str, Any], note: str = ""
) -> Admission:
    """A verified provider applies to list in a category, attaching each of the category's required documents
    (type judged by content)."""
    provider = provider_of(actor)
    if not category.is_active:
        raise CatalogError("CATEGORY_INACTIVE", _("Etalase ini tidak aktif."))
    if Admission.objects.filter(
        category=category, provider=provider, status=AdmissionStatus.SUBMITTED
    ).exists():
        raise CatalogError(
            "APPLICATION_OPEN", _("Permohonan untuk etalase ini masih menunggu evaluasi."), status=409
        )
    checked = []
    for requirement in category.document_names:
        f = documents.get(requirement)
        if f is None:
            raise CatalogError(
                "DOCUMENT_REQUIRED", _("Dokumen “%(name)s” wajib dilampirkan."), name=requirement
            )
        checked.append((requirement, *checked_file(f)))
    admission = Admission.objects.create(
        category=category, provider=provider, note=(note or "").strip(), applied_at=db_now()
    )
    for requirement, f, name, mime in checked:
        doc = AdmissionDocument(
            admission=admission, requirement=requirement, name=name, content_type=mime, size=f.size or 0
        )
        doc.file.save(name, f, save=False)
        doc.save()
    audit.record(
        actor=actor,
        action="catalog.admission.apply",
        obj=admission,
        after={"category": category.code, "provider_id": provider.pk, "documents": [c[2] for c in checked]},
    )
    return admission


def _locked_admission(admission: Admission) -> Admission:
    return Admission.objects.select_for_update().select_related("category", "provider").get(pk=admission.pk)


@transaction.atomic
def admission_admit(
    *, actor: Any, admission: Admission, valid_from: dt.date, valid_until: dt.date, criteria: str
) -> Admission:
    """The UKPBJ admits the provider to the category for a period, recording the criteria it evaluated."""
    ensure_role(actor, *UKPBJ_ROLES)
    admission = _locked_admission(admission)
    before = audit.snapshot(admission, ADMISSION_FIELDS)
    to = states.transition("admission", admission.status, "admit")
    now = db_now()
    rules.admission_period_valid(valid_from=valid_from, valid_until=valid_until, today=local_date(now))
    admission.status = to
    admission.valid_from, admission.valid_until = valid_from, valid_until
    admission.criteria = required(criteria, str(_("kriteria evaluasi")))
    admission.decided_at, admission.decided_by = now, actor
    admission.save()
    audit.record(
        actor=actor,
        action="catalog.admission.admit",
        obj=admission,
        before=before,
        after=audit.snapshot(admission, ADMISSION_FIELDS),
    )
    return admission


@transaction.atomic
def admission_refuse(*, actor: Any, admission: Admission, reason: str, criteria: str = "") -> Admission:
    """The UKPBJ refuses the application with its reasons."""
    ensure_role(actor, *UKPBJ_ROLES)
    admission = _locked_admission(admission)
    before = audit.snapshot(admission, ADMISSION_FIELDS)
    admission.status = states.transition("admission", admission.status, "refuse")
    admission.reason = required(reason, str(_("alasan penolakan")))
    admission.criteria = (criteria or "").strip()
    admission.decided_at, admission.decided_by = db_now(), actor
    admission.save()
    audit.record(
        actor=actor,
        action="catalog.admission.refuse",
        obj=admission,
        before=before,
        after=audit.snapshot(admission, ADMISSION_FIELDS),
    )
    return admission


def _ensure_admitted(provider: Any, category: Category, day: dt.date) -> None:
    admitted = any(
        rules.admission_in_force(status=a.status, valid_from=a.valid_from, valid_until=a.valid_until, day=day)
        for a in Admission.objects.filter(
            category=category, provider=provider, status=AdmissionStatus.ADMITTED
        )
    )
    if not admitted:
        raise CatalogError(
            "NOT_ADMITTED", _("Penyedia belum atau tidak lagi diterima di etalase ini."), status=403
        )


@transaction.atomic
def product_submit(
    *,
    actor: Any,
    category: Category,
    name: str,
    brand: str,
    model: str = "",
    attributes: Mapping[str, Any],
    tkdn: Any,
    price: Any,
    valid_from: dt.date,
    valid_until: dt.date,
    delivery_areas: str,
    delivery_days: int,
    stock: int,
) -> Product:
    """An admitted provider lists a product; it waits for the curator (status PENDING, no live price yet)."""
    provider = provider_of(actor)
    now = db_now()
    today = local_date(now)
    _ensure_admitted(provider, category, today)
    clean = rules.attribute_values_clean(list(category.attributes.all()), dict(attributes))
    amount = rules.price_period_valid(
        price=price, valid_from=valid_from, valid_until=valid_until, today=today
    )
    if int(delivery_days) < 1 or int(stock) < 0:
        raise CatalogError(
            "DELIVERY_INVALID", _("Waktu pengiriman paling sedikit 1 hari; stok tidak negatif.")
        )
    product = Product(
        category=category,
        provider=provider,
        name=required(name, str(_("nama produk"))),
        brand=required(brand, str(_("merek"))),
        model=(model or "").strip(),
        attributes=clean,
        tkdn=rules.tkdn_valid(tkdn),
        delivery_areas=required(delivery_areas, str(_("wilayah pengiriman"))),
        delivery_days=int(delivery_days),
        stock=int(stock),
        created_at=now,
    )
    product.search_text = search_text_for(product)
    product.save()
    ProductChange.objects.create(
        product=product,
        kind=ProductChange.Kind.NEW,
        price=amount,
        valid_from=valid_from,
        valid_until=valid_until,
        submitted_by=actor,
        submitted_at=now,
    )
    audit.record(
        actor=actor,
        action="catalog.product.submit",
        obj=product,
        after=audit.snapshot(product, PRODUCT_FIELDS) | {"proposed_price": str(amount)},
    )
    return product


@transaction.atomic
def price_change_submit(
    *, actor: Any, product: Product, price: Any, valid_from: dt.date, valid_until: dt.date
) -> ProductChange:
    """The provider proposes a new price (or a new validity); the live price stays until the curator approves."""
    provider = provider_of(actor)
    product = Product.objects.select_for_update().get(pk=product.pk)
    if product.provider_id != provider.pk:
        raise CatalogError("PRODUCT_NOT_FOUND", _("Produk tidak ditemukan."), status=404)
    if product.status != ProductStatus.LIVE:
        raise CatalogError(
            "PRODUCT_NOT_LIVE", _("Perubahan harga hanya untuk produk yang tayang."), status=409
        )
    if product.changes.filter(status=ChangeStatus.PENDING).exists():
        raise CatalogError("CHANGE_PENDING", _("Masih ada perubahan yang menunggu kurasi."), status=409)
    now = db_now()
    amount = rules.price_period_valid(
        price=price, valid_from=valid_from, valid_until=valid_until, today=local_date(now)
    )
    change = ProductChange.objects.create(
        product=product,
        kind=ProductChange.Kind.PRICE,
        price=amount,
        valid_from=valid_from,
        valid_until=valid_until,
        submitted_by=actor,
        submitted_at=now,
    )
    audit.record(
        actor=actor, action="catalog.price.submit", obj=product, after=audit.snapshot(change, CHANGE_FIELDS)
    )
    return change


def _locked_change(change: ProductChange) -> tuple[ProductChange, Product]:
    change = ProductChange.objects.select_for_update().get(pk=change.pk)
    product = (
        Product.objects.select_for_update().select_related("category", "provider").get(pk=change.product_id)
    )
    return change, product


@transaction.atomic
def change_approve(*, actor: Any, change: ProductChange) -> ProductChange:
    """The curator approves: the price goes live (kept in the price history) and a new product is shown."""
    ensure_role(actor, *UKPBJ_ROLES)
    change, product = _locked_change(change)
    change.status = states.transition("change", change.status, "approve")
    before = audit.snapshot(product, PRODUCT_FIELDS)
    now = db_now()
    product.status = states.transition("product", product.status, "approve")
    product.price = change.price
    product.price_valid_from, product.price_valid_until = change.valid_from, change.valid_until
    product.search_text = search_text_for(product)
    product.save()
    PriceHistory.objects.create(
        product=product,
        price=change.price,
        valid_from=change.valid_from,
        valid_until=change.valid_until,
        shown_from=now,
        approved_by=actor,
    )
    change.decided_by, change.decided_at = actor, now
    change.save()
    audit.record(
        actor=actor,
        action="catalog.change.approve",
        obj=product,
        before=before,
        after=audit.snapshot(product, PRODUCT_FIELDS) | {"change": change.kind},
    )
    return change


@transaction.atomic
def change_reject(*, actor: Any, change: ProductChange, reason: str) -> ProductChange:
    """The curator rejects with a reason: a new product stays hidden, a live one keeps its price."""
    ensure_role(actor, *UKPBJ_ROLES)
    change, product = _locked_change(change)
    change.status = states.transition("change", change.status, "reject")
    before = audit.snapshot(product, PRODUCT_FIELDS)
    product.status = states.transition("product", product.status, "reject")
    product.save(update_fields=["status", "updated_at"])
    change.reason = required(reason, str(_("alasan")))
    change.decided_by, change.decided_at = actor, db_now()
    change.save()
    audit.record(
        actor=actor,
        action="catalog.change.reject",
        obj=product,
        before=before,
        after=audit.snapshot(product, PRODUCT_FIELDS) | {"change": change.kind, "reason": change.reason},
    )
    return change
