"""Demo catalogue of Kabupaten Contoh: a small tree of etalase with typed attributes, penyedia1..penyedia4
admitted, ~200 live products with their price history, two waiting for the curator, and one direct order by
the PPK of Dinas Kesehatan on the e-Purchasing package "Pengadaan Obat dan BMHP". Idempotent (looked up by
code / number). The 200 products are inserted in bulk (one audit event for the batch) so the demo loads fast;
the waiting products and the order go through the services like any user's."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from lentera.core import audit
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.demo import DemoContext
from lentera.planning import services as planning_services
from lentera.planning.models import Package

from . import services
from .models import Admission, Category, Order, PriceHistory, Product
from .states import ProductStatus

#: code: (name, parent, unit, required documents, attributes (code, label, kind, unit, choices))
CATEGORIES: dict[str, tuple] = {
    "perlengkapan-kantor": ("Perlengkapan Kantor", None, "unit", "", []),
    "atk": (
        "Alat Tulis Kantor",
        "perlengkapan-kantor",
        "pak",
        "Surat pernyataan keaslian produk",
        [
            ("jenis", "Jenis", "CHOICE", "", ["Kertas HVS", "Map", "Pulpen", "Tinta printer"]),
            ("isi", "Isi per pak", "NUMBER", "buah", []),
            ("warna", "Warna", "TEXT", "", []),
        ],
    ),
    "komputer": (
        "Komputer dan Laptop",
        "perlengkapan-kantor",
        "unit",
        "Surat penunjukan distributor\nSertifikat TKDN",
        [
            ("ram", "Memori (RAM)", "NUMBER", "GB", []),
            ("penyimpanan", "Penyimpanan", "NUMBER", "GB", []),
            ("prosesor", "Prosesor", "TEXT", "", []),
        ],
    ),
    "obat": (
        "Obat dan Bahan Medis Habis Pakai",
        None,
        "box",
        "Izin edar / sertifikat CDOB",
        [
            ("bentuk", "Bentuk sediaan", "CHOICE", "", ["Tablet", "Kapsul", "Sirup", "Injeksi"]),
            ("isi", "Isi per box", "NUMBER", "butir", []),
        ],
    ),
    "semen": (
        "Semen dan Bahan Bangunan",
        None,
        "sak",
        "",
        [
            ("berat", "Berat per sak", "NUMBER", "kg", []),
            ("mutu", "Jenis semen", "CHOICE", "", ["PCC", "OPC"]),
        ],
    ),
}

BRANDS = {
    "atk": ["Sinar Dunia", "Bantex", "Snowman", "Joyko", "Epson"],
    "komputer": ["Axioo", "Zyrex", "Lenovo", "Acer", "Advan"],
    "obat": ["Kimia Farma", "Indofarma", "Phapros", "Kalbe", "Sanbe"],
    "semen": ["Semen Tonasa", "Semen Gresik", "Tiga Roda", "Semen Padang", "Conch"],
}
NAMES = {
    "atk": ["Kertas A4 70 gsm", "Map plastik", "Pulpen gel", "Tinta isi ulang", "Kertas F4 80 gsm"],
    "komputer": ["Laptop 14 inci", "PC desktop", "Laptop 15 inci", "Mini PC", "All-in-one PC"],
    "obat": ["Paracetamol 500 mg", "Amoxicillin 500 mg", "Sirup obat batuk", "Vitamin C", "Oralit"],
    "semen": ["Semen portland", "Semen serbaguna", "Semen putih", "Semen instan", "Semen mortar"],
}
PRICES = {
    "atk": (25_000, 95_000),
    "komputer": (6_000_000, 18_000_000),
    "obat": (15_000, 250_000),
    "semen": (55_000, 95_000),
}
PRODUCTS_PER_CATEGORY = 50


def _category(ctx: DemoContext, code: str, ukpbj) -> Category:
    found = Category.objects.filter(code=code).first()
    if found is not None:
        return found
    name, parent, unit, docs, attributes = CATEGORIES[code]
    category = services.category_create(
        actor=ukpbj,
        code=code,
        name=name,
        unit_of_sale=unit,
        parent=Category.objects.get(code=parent) if parent else None,
        required_documents=docs,
    )
    for a_code, label, kind, a_unit, choices in attributes:
        services.attribute_add(
            actor=ukpbj,
            category=category,
            code=a_code,
            label=label,
            kind=kind,
            unit=a_unit,
            choices=choices,
            required_value=kind != "TEXT",
        )
    return category


def _attributes(code: str, rng: random.Random) -> dict[str, str]:
    if code == "atk":
        return {
            "jenis": rng.choice(CATEGORIES["atk"][4][0][4]),
            "isi": str(rng.choice([12, 50, 100, 500])),
            "warna": rng.choice(["hitam", "biru", "putih"]),
        }
    if code == "komputer":
        return {
            "ram": str(rng.choice([8, 16, 32])),
            "penyimpanan": str(rng.choice([256, 512, 1024])),
            "prosesor": rng.choice(["Intel Core i5", "Intel Core i7", "AMD Ryzen 5"]),
        }
    if code == "obat":
        return {"bentuk": rng.choice(["Tablet", "Kapsul", "Sirup"]), "isi": str(rng.choice([10, 30, 100]))}
    return {"berat": str(rng.choice([40, 50])), "mutu": rng.choice(["PCC", "OPC"])}


def _admit(ukpbj, category: Category, provider, today: dt.date) -> None:
    if Admission.objects.filter(category=category, provider=provider).exists():
        return
    admission = Admission.objects.create(
        category=category, provider=provider, applied_at=db_now(), note="Demo"
    )
    services.admission_admit(
        actor=ukpbj,
        admission=admission,
        valid_from=today - dt.timedelta(days=30),
        valid_until=today + dt.timedelta(days=335),
        criteria="Dokumen lengkap; produk sesuai etalase (demo).",
    )


@transaction.atomic
def _bulk_products(ukpbj, categories: list[Category], providers: list, today: dt.date) -> int:
    rng = random.Random(15)
    now = db_now()
    made: list[Product] = []
    for category in categories:
        for i in range(PRODUCTS_PER_CATEGORY):
            low, high = PRICES[category.code]
            product = Product(
                category=category,
                provider=providers[i % len(providers)],
                name=f"{rng.choice(NAMES[category.code])} seri {i + 1}",
                brand=rng.choice(BRANDS[category.code]),
                model=f"{category.code.upper()[:3]}-{100 + i}",
                attributes=_attributes(category.code, rng),
                tkdn=Decimal(rng.choice([0, 15, 25, 40, 60, 85])),
                price=Decimal(rng.randrange(low, high, 500)),
                price_valid_from=today - dt.timedelta(days=10),
                price_valid_until=today + dt.timedelta(days=170),
                delivery_areas="Kabupaten Contoh",
                delivery_days=rng.choice([3, 5, 7, 14]),
                stock=rng.choice([50, 200, 1000]),
                status=ProductStatus.LIVE,
                created_at=now,
            )
            product.search_text = services.search_text_for(product)
            made.append(product)
    Product.objects.bulk_create(made)
    PriceHistory.objects.bulk_create(
        PriceHistory(
            product=p,
            price=p.price,
            valid_from=p.price_valid_from or today,
            valid_until=p.price_valid_until or today,
            shown_from=now,
            approved_by=ukpbj,
        )
        for p in made
    )
    audit.record(
        actor=ukpbj, action="catalog.demo.products", object_type="catalog.product", after={"count": len(made)}
    )
    return len(made)


def _package(ctx: DemoContext, ppk) -> Package | None:
    item = ctx.objects.get("rup_items", {}).get("obat")
    if item is None:
        return None
    package = item.packages.exclude(status=Package.Status.CANCELLED).first()
    if package is None:
        package = planning_services.package_create(
            actor=ppk, rup_items=[item], specification="Obat dan BMHP dari katalog lokal Kabupaten Contoh."
        )
        package = planning_services.package_update(
            actor=ppk,
            package=package,
            catalogue_reference="Katalog lokal Kabupaten Contoh, etalase Obat dan BMHP",
        )
    if package.status == Package.Status.DRAFT:
        package = planning_services.package_mark_ready(actor=ppk, package=package)
    return package


def load(ctx: DemoContext) -> None:
    ukpbj, providers_by_id = ctx.objects.get("kepala.ukpbj"), ctx.objects.get("providers")
    if ukpbj is None or not providers_by_id:
        return  # accounts' / providers' demo did not run
    today = db_now().date()
    categories = [_category(ctx, code, ukpbj) for code in CATEGORIES]
    leaves = [c for c in categories if c.code in BRANDS]
    providers = [
        providers_by_id[k]
        for k in ("penyedia1", "penyedia2", "penyedia3", "penyedia4")
        if k in providers_by_id
    ]
    for category in leaves:
        for provider in providers:
            _admit(ukpbj, category, provider, today)
    if not Product.objects.exists():
        _bulk_products(ukpbj, leaves, providers, today)
        seller = providers[0].account
        obat = Category.objects.get(code="obat")
        services.product_submit(
            actor=seller,
            category=obat,
            name="Masker medis 3 lapis",
            brand="Sensi",
            model="MM-3",
            attributes={"bentuk": "Tablet", "isi": "50"},
            tkdn=Decimal("45"),
            price="38500",
            valid_from=today,
            valid_until=today + dt.timedelta(days=180),
            delivery_areas="Kabupaten Contoh",
            delivery_days=3,
            stock=500,
        )
    ppk = ctx.objects.get("ppk.dinkes")
    package = _package(ctx, ppk) if ppk is not None else None
    if package is not None and not Order.objects.filter(package=package).exists():
        product = (
            Product.objects.filter(category__code="obat", status=ProductStatus.LIVE, provider=providers[0])
            .order_by("price")
            .first()
        )
        if product is not None:
            # one order accepted and its Surat Pesanan issued: a contract in progress (delivery, BAST, payment
            # on /kontrak/); one still waiting for penyedia1's answer
            contracted = services.order_create(
                actor=ppk,
                package=package,
                product=product,
                quantity=10,
                delivery_address="Puskesmas Sepaku",
            )
            contracted = services.order_accept(actor=providers[0].account, order=contracted)
            services.purchase_order_issue(
                actor=ppk,
                order=contracted,
                number=f"SP/DINKES/{today.year}/001",
                issued_on=local_date(db_now()),
            )
            services.order_create(
                actor=ppk,
                package=package,
                product=product,
                quantity=20,
                delivery_address="Gudang Farmasi Kabupaten Contoh",
            )
    ctx.notes.append(
        "Catalogue: ~200 products at /katalog/; one waits for the curator (kepala.ukpbj, /katalog/ukpbj/kurasi/); "
        "ppk.dinkes: one order is a Surat Pesanan contract, one waits for penyedia1 (/katalog/penyedia/pesanan/)."
    )
