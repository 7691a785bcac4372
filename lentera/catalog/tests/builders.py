"""Builders for catalogue tests: the planning test world, a category with typed attributes, a verified and
admitted provider, a live product, an e-Purchasing package of the PPK."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from lentera.accounts.models import User
from lentera.planning import services as planning_services
from lentera.planning.models import Method, Package, ProcurementType
from lentera.planning.tests import factories as pf
from lentera.providers.models import Provider
from lentera.providers.tests.factories import make_verified_provider
from lentera.testing import pdf

from .. import services
from ..models import Admission, Category, Product

TODAY = dt.date(2026, 7, 3)
_seq = itertools.count(1)


def pdf_file(name: str = "surat.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf(b"katalog"), content_type="application/pdf")


def category(
    ukpbj: User, *, code: str = "", docs: str = "Surat pernyataan", parent: Category | None = None
) -> Category:
    code = code or f"laptop{next(_seq)}"
    cat = services.category_create(
        actor=ukpbj,
        code=code,
        name=f"Laptop {code}",
        unit_of_sale="unit",
        parent=parent,
        required_documents=docs,
    )
    services.attribute_add(actor=ukpbj, category=cat, code="ram", label="RAM", kind="NUMBER", unit="GB")
    services.attribute_add(
        actor=ukpbj, category=cat, code="layar", label="Layar", kind="CHOICE", choices=["14 inci", "15 inci"]
    )
    services.attribute_add(
        actor=ukpbj, category=cat, code="warna", label="Warna", kind="TEXT", required_value=False
    )
    return cat


def admitted(ukpbj: User, cat: Category, provider: Provider, *, days: int = 365) -> Admission:
    admission = services.admission_apply(
        actor=provider.account, category=cat, documents={n: pdf_file() for n in cat.document_names}
    )
    return services.admission_admit(
        actor=ukpbj,
        admission=admission,
        valid_from=TODAY,
        valid_until=TODAY + dt.timedelta(days=days),
        criteria="Dokumen lengkap",
    )


def product_fields(**kw) -> dict:
    fields = {
        "name": "Laptop Pelajar",
        "brand": "Axioo",
        "model": "MyBook 14",
        "attributes": {"ram": "16", "layar": "14 inci"},
        "tkdn": "42.5",
        "price": "8500000",
        "valid_from": TODAY,
        "valid_until": TODAY + dt.timedelta(days=90),
        "delivery_areas": "Kabupaten Contoh",
        "delivery_days": 7,
        "stock": 40,
    }
    fields.update(kw)
    return fields


def live_product(ukpbj: User, cat: Category, provider: Provider, **kw) -> Product:
    product = services.product_submit(actor=provider.account, category=cat, **product_fields(**kw))
    services.change_approve(actor=ukpbj, change=product.changes.get())
    product.refresh_from_db()
    return product


def e_purchasing_package(w: pf.World, *, pagu: str = "100000000", actor_key: str = "ppk") -> Package:
    item = pf.rup_item(
        w,
        actor_key=actor_key,
        pagu=pagu,
        ptype=ProcurementType.GOODS,
        method=Method.E_PURCHASING,
        name="Pengadaan Laptop Sekolah",
    )
    pkg = planning_services.package_create(actor=w[actor_key], rup_items=[item], specification="Laptop")
    pkg = planning_services.package_update(
        actor=w[actor_key], package=pkg, catalogue_reference="Katalog lokal"
    )
    pkg = planning_services.package_hps_set(
        actor=w[actor_key],
        package=pkg,
        lines=[planning_services.HpsLine("Laptop", "unit", 10, Decimal(pagu) / 10, "CATALOGUE")],
        hps_set_on=TODAY,
    )
    return planning_services.package_mark_ready(actor=w[actor_key], package=pkg)


@dataclass
class CW:
    w: pf.World
    ukpbj: User
    provider: Provider
    category: Category
    product: Product
    package: Package

    @property
    def ppk(self) -> User:
        return self.w["ppk"]


def catalog_world() -> CW:
    w = pf.build_world()
    ukpbj = w["kepala"]
    provider = make_verified_provider()
    cat = category(ukpbj)
    admitted(ukpbj, cat, provider)
    product = live_product(ukpbj, cat, provider)
    return CW(w, ukpbj, provider, cat, product, e_purchasing_package(w))


def blacklist(w: pf.World, provider: Provider, *, starts_on: dt.date, ends_on: dt.date):
    from lentera.providers.models import BlacklistEntry

    return BlacklistEntry.objects.create(
        npwp=provider.npwp,
        provider_name=provider.name,
        decree_number=f"SK/{next(_seq)}/2026",
        decree_date=starts_on,
        violation="Tidak melaksanakan kontrak",
        category=BlacklistEntry.Category.NON_PERFORMANCE,
        starts_on=starts_on,
        ends_on=ends_on,
        requested_by=w["pa"],
        entered_by=w["kepala"],
    )
