"""Product photos and datasheets: the provider adds them to its own product (each judged by its content, within
a size limit, stored through the default storage) and removes them; one audit event each. A product has at most
``MAX_PHOTOS`` photos and one datasheet (a new one replaces the old)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now

from ..errors import CatalogError
from ..models import Product, ProductFile
from ..states import ProductStatus
from ._base import checked_file, provider_of

#: Kebijakan Lentera: photos are JPEG or PNG up to 2 MB, at most 5 per product; the datasheet is a PDF up to 5 MB.
PHOTO_TYPES = frozenset({"image/jpeg", "image/png"})
DATASHEET_TYPES = frozenset({"application/pdf"})
PHOTO_MAX_BYTES = 2 * 1024 * 1024
DATASHEET_MAX_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 5

FILE_FIELDS = ("product_id", "kind", "name", "content_type", "size", "file")


def _own_product(actor: Any, product: Product) -> Product:
    provider = provider_of(actor)
    product = Product.objects.select_for_update().get(pk=product.pk)
    if product.provider_id != provider.pk:
        raise CatalogError("PRODUCT_NOT_FOUND", _("Produk tidak ditemukan."), status=404)
    if product.status == ProductStatus.REJECTED:
        raise CatalogError("PRODUCT_REJECTED", _("Produk ini ditolak kurator."), status=409)
    return product


def _delete_stored(name: str | None, storage: Any) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def product_file_add(*, actor: Any, product: Product, kind: str, upload: Any) -> ProductFile:
    """Add a photo (JPEG/PNG, 2 MB, at most 5) or the datasheet (PDF, 5 MB; replaces the previous one) to the
    provider's own product; the type is judged by the bytes, not the name."""
    product = _own_product(actor, product)
    if upload is None:
        raise CatalogError("FILE_REQUIRED", _("Pilih berkas yang akan diunggah."))
    if kind == ProductFile.Kind.PHOTO:
        if ProductFile.objects.filter(product=product, kind=kind).count() >= MAX_PHOTOS:
            raise CatalogError(
                "PHOTO_LIMIT", _("Paling banyak %(n)s foto per produk."), status=409, n=MAX_PHOTOS
            )
        f, name, mime = checked_file(upload, allowed=PHOTO_TYPES, max_bytes=PHOTO_MAX_BYTES)
    elif kind == ProductFile.Kind.DATASHEET:
        f, name, mime = checked_file(upload, allowed=DATASHEET_TYPES, max_bytes=DATASHEET_MAX_BYTES)
    else:
        raise CatalogError("FILE_KIND_INVALID", _("Jenis berkas tidak dikenal."))
    replaced = []
    if kind == ProductFile.Kind.DATASHEET:
        for old in ProductFile.objects.filter(product=product, kind=kind):
            replaced.append(old.name)
            _delete_stored(old.file.name, old.file.storage)
            old.delete()
    item = ProductFile(
        product=product,
        kind=kind,
        name=name,
        content_type=mime,
        size=f.size or 0,
        uploaded_at=db_now(),
        uploaded_by=actor,
    )
    item.file.save(name, f, save=False)
    item.save()
    after = audit.snapshot(item, FILE_FIELDS) | ({"replaced": replaced} if replaced else {})
    audit.record(actor=actor, action="catalog.product.file_add", obj=product, after=after)
    return item


@transaction.atomic
def product_file_remove(*, actor: Any, product_file: ProductFile) -> None:
    """The provider removes a photo or the datasheet of its own product (the stored file goes after commit)."""
    item = ProductFile.objects.select_for_update().get(pk=product_file.pk)
    product = _own_product(actor, item.product)
    before = audit.snapshot(item, FILE_FIELDS)
    _delete_stored(item.file.name, item.file.storage)
    item.delete()
    audit.record(actor=actor, action="catalog.product.file_remove", obj=product, before=before)
