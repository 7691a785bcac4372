"""Categories, admission, products and curation through the services: refusals change nothing, every price
shown is kept, a blacklisted provider's listings disappear at once and come back when the sanction ends."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lentera.catalog import search, services
from lentera.catalog.errors import CatalogError
from lentera.catalog.models import Admission, PriceHistory, Product
from lentera.catalog.search import ProductQuery
from lentera.core.audit import verify_chain
from lentera.core.errors import AccessDenied
from lentera.core.models import AuditEvent
from lentera.providers.tests.factories import exe_bytes, make_verified_provider
from lentera.tendering.tests.factories import clock

from . import builders as b


def test_category_tree_and_typed_attributes(cw):
    child = b.category(cw.ukpbj, code="laptop-sekolah", parent=cw.category)
    assert child.parent == cw.category and [a.kind for a in child.attributes.all()] == [
        "NUMBER",
        "CHOICE",
        "TEXT",
    ]
    with pytest.raises(CatalogError) as exc:
        services.attribute_add(actor=cw.ukpbj, category=child, code="berat", label="Berat", kind="NUMBER")
    assert exc.value.code == "UNIT_REQUIRED"
    with pytest.raises(CatalogError) as exc:
        services.attribute_add(
            actor=cw.ukpbj, category=child, code="x", label="X", kind="CHOICE", choices=["a"]
        )
    assert exc.value.code == "CHOICES_REQUIRED"
    with pytest.raises(CatalogError):
        services.category_create(actor=cw.ukpbj, code=child.code, name="Lagi", unit_of_sale="unit")
    with pytest.raises(AccessDenied):
        services.category_create(actor=cw.ppk, code="lain", name="Lain", unit_of_sale="unit")


def test_admission_needs_every_document_checked_by_content(cw):
    other = make_verified_provider()
    with pytest.raises(CatalogError) as exc:
        services.admission_apply(actor=other.account, category=cw.category, documents={})
    assert exc.value.code == "DOCUMENT_REQUIRED"
    renamed = SimpleUploadedFile("surat.pdf", exe_bytes(), content_type="application/pdf")
    with pytest.raises(CatalogError) as exc:
        services.admission_apply(
            actor=other.account, category=cw.category, documents={"Surat pernyataan": renamed}
        )
    assert exc.value.code == "FILE_TYPE_NOT_ALLOWED"
    assert not Admission.objects.filter(provider=other).exists()
    admission = services.admission_apply(
        actor=other.account, category=cw.category, documents={"Surat pernyataan": b.pdf_file()}
    )
    assert admission.documents.get().content_type == "application/pdf"
    with pytest.raises(CatalogError) as exc:
        services.admission_apply(
            actor=other.account, category=cw.category, documents={"Surat pernyataan": b.pdf_file()}
        )
    assert exc.value.code == "APPLICATION_OPEN"
    refused = services.admission_refuse(actor=cw.ukpbj, admission=admission, reason="Izin edar tidak sesuai")
    assert refused.status == "REFUSED" and refused.reason
    with pytest.raises(CatalogError) as exc:
        services.admission_admit(
            actor=cw.ukpbj, admission=refused, valid_from=b.TODAY, valid_until=b.TODAY, criteria="x"
        )
    assert exc.value.code == "TRANSITION_NOT_ALLOWED"


def test_unverified_provider_cannot_apply(cw):
    draft = make_verified_provider(status="DRAFT")
    with pytest.raises(CatalogError) as exc:
        services.admission_apply(
            actor=draft.account, category=cw.category, documents={"Surat pernyataan": b.pdf_file()}
        )
    assert exc.value.code == "PROVIDER_NOT_VERIFIED"


def test_product_waits_for_the_curator_and_every_price_is_kept(cw):
    product = services.product_submit(
        actor=cw.provider.account, category=cw.category, **b.product_fields(name="Laptop Guru")
    )
    assert product.status == "PENDING" and product.price is None
    assert not search.listed().filter(pk=product.pk).exists()
    services.change_approve(actor=cw.ukpbj, change=product.changes.get())
    product.refresh_from_db()
    assert product.status == "LIVE" and product.price == Decimal("8500000")
    change = services.price_change_submit(
        actor=cw.provider.account,
        product=product,
        price="8200000",
        valid_from=b.TODAY,
        valid_until=b.TODAY + dt.timedelta(days=30),
    )
    product.refresh_from_db()
    assert product.price == Decimal("8500000")  # still the approved price
    with pytest.raises(CatalogError) as exc:
        services.price_change_submit(
            actor=cw.provider.account, product=product, price="1", valid_from=b.TODAY, valid_until=b.TODAY
        )
    assert exc.value.code == "CHANGE_PENDING"
    services.change_approve(actor=cw.ukpbj, change=change)
    product.refresh_from_db()
    assert product.price == Decimal("8200000")
    assert [h.price for h in PriceHistory.objects.filter(product=product).order_by("pk")] == [
        Decimal("8500000"),
        Decimal("8200000"),
    ]
    assert AuditEvent.objects.filter(action="catalog.change.approve", object_id=str(product.pk)).count() == 2
    assert verify_chain().ok


def test_rejected_price_change_keeps_the_live_price(cw):
    change = services.price_change_submit(
        actor=cw.provider.account,
        product=cw.product,
        price="9900000",
        valid_from=b.TODAY,
        valid_until=b.TODAY + dt.timedelta(days=5),
    )
    services.change_reject(actor=cw.ukpbj, change=change, reason="Harga tidak wajar")
    cw.product.refresh_from_db()
    assert cw.product.status == "LIVE" and cw.product.price == Decimal("8500000")


def test_product_refused_when_not_admitted_or_attributes_wrong(cw):
    stranger = make_verified_provider()
    with pytest.raises(CatalogError) as exc:
        services.product_submit(actor=stranger.account, category=cw.category, **b.product_fields())
    assert exc.value.code == "NOT_ADMITTED"
    with pytest.raises(CatalogError) as exc:
        services.product_submit(
            actor=cw.provider.account,
            category=cw.category,
            **b.product_fields(attributes={"ram": "16", "layar": "17 inci"}),
        )
    assert exc.value.code == "ATTRIBUTE_NOT_A_CHOICE"
    with pytest.raises(CatalogError) as exc:
        services.product_submit(
            actor=cw.provider.account, category=cw.category, **b.product_fields(tkdn="101")
        )
    assert exc.value.code == "TKDN_OUT_OF_RANGE"
    assert Product.objects.count() == 1


def test_blacklisted_provider_hidden_at_once_and_back_when_the_sanction_ends(cw):
    assert list(search.listed()) == [cw.product]
    b.blacklist(cw.w, cw.provider, starts_on=b.TODAY, ends_on=b.TODAY + dt.timedelta(days=30))
    assert list(search.listed()) == []
    assert search.search(ProductQuery()).paginator.count == 0
    assert list(search.listed(b.TODAY + dt.timedelta(days=31))) == [cw.product]


def test_listing_ends_with_the_admission_and_the_price_validity(cw):
    assert search.listed(b.TODAY + dt.timedelta(days=90)).exists()
    assert not search.listed(b.TODAY + dt.timedelta(days=91)).exists()  # price validity over
    services.price_change_submit(
        actor=cw.provider.account,
        product=cw.product,
        price="8000000",
        valid_from=b.TODAY,
        valid_until=b.TODAY + dt.timedelta(days=400),
    )
    services.change_approve(actor=cw.ukpbj, change=cw.product.changes.get(status="PENDING"))
    assert search.listed(b.TODAY + dt.timedelta(days=365)).exists()
    assert not search.listed(b.TODAY + dt.timedelta(days=366)).exists()  # admission over


def test_search_text_filters_sort_and_count(cw):
    cheap = b.live_product(
        cw.ukpbj,
        cw.category,
        cw.provider,
        name="Laptop Hemat",
        brand="Zyrex",
        price="5000000",
        tkdn="60",
        attributes={"ram": "8", "layar": "15 inci", "warna": "merah"},
    )
    assert search.search(ProductQuery(q="zyrex")).object_list[0] == cheap
    assert [p.pk for p in search.search(ProductQuery(q="merah"))] == [cheap.pk]
    assert search.search(ProductQuery(q="laptop")).paginator.count == 2
    assert [p.pk for p in search.search(ProductQuery(sort="price"))] == [cheap.pk, cw.product.pk]
    assert [p.pk for p in search.search(ProductQuery(sort="-price"))] == [cw.product.pk, cheap.pk]
    assert [p.pk for p in search.search(ProductQuery(sort="-tkdn"))] == [cheap.pk, cw.product.pk]
    assert [p.pk for p in search.search(ProductQuery(price_max=Decimal("6000000")))] == [cheap.pk]
    assert [p.pk for p in search.search(ProductQuery(price_min=Decimal("6000000")))] == [cw.product.pk]
    assert [p.pk for p in search.search(ProductQuery(tkdn_min=Decimal("50")))] == [cheap.pk]
    assert search.search(ProductQuery(provider=cw.provider.pk)).paginator.count == 2
    child = b.category(cw.ukpbj, code="sub", parent=cw.category)
    b.admitted(cw.ukpbj, child, cw.provider)
    sub = b.live_product(cw.ukpbj, child, cw.provider, name="Tablet")
    assert sub in search.search(ProductQuery(category=cw.category.code)).object_list
    assert [p.pk for p in search.search(ProductQuery(category="sub"))] == [sub.pk]
    query = ProductQuery.from_params(
        {"q": "laptop", "harga_maks": "6.000.000", "urut": "bogus", "halaman": "x"}
    )
    assert query.price_max == Decimal("6000000") and query.sort == "price" and query.page == 1


def test_search_pages_hold_twenty(cw):
    for i in range(21):
        b.live_product(cw.ukpbj, cw.category, cw.provider, name=f"Laptop seri {i}", price=str(1000000 + i))
    first = search.search(ProductQuery())
    assert len(first.object_list) == 20 and first.paginator.count == 22 and first.has_next()
    assert len(search.search(ProductQuery(page=2)).object_list) == 2


def test_admission_expiry_at_a_later_clock(cw):
    with clock(dt.datetime(2027, 7, 10, 9, 0, tzinfo=dt.UTC)), pytest.raises(CatalogError) as exc:
        services.product_submit(
            actor=cw.provider.account,
            category=cw.category,
            **b.product_fields(valid_from=dt.date(2027, 7, 10), valid_until=dt.date(2027, 8, 1)),
        )
    assert exc.value.code == "NOT_ADMITTED"


def _pks(query: ProductQuery) -> list[int]:
    return [p.pk for p in search.search(query)]


def test_search_attribute_filters_area_and_delivery_sort(cw):
    small = b.live_product(
        cw.ukpbj,
        cw.category,
        cw.provider,
        name="Laptop Ringan",
        price="6000000",
        delivery_days=2,
        delivery_areas="Kecamatan Utara",
        attributes={"ram": "8", "layar": "15 inci", "warna": "Merah Marun"},
    )
    big = cw.product  # ram 16, 14 inci, 7 days, Kabupaten Contoh
    q = ProductQuery.from_params
    assert _pks(q({"attr": "ram:8"})) == [small.pk]
    assert _pks(q({"attr": "ram:10.."})) == [big.pk]
    assert _pks(q({"attr": "ram:..16"})) == [small.pk, big.pk]
    assert _pks(q({"attr": "ram:9..15"})) == []
    assert _pks(q({"attr": "layar:14 inci"})) == [big.pk]
    assert _pks(q({"attr": "warna:marun"})) == [small.pk]  # text: contained, any case
    assert _pks(q({"attr": "tidakada:1"})) == []  # no category defines it
    assert _pks(q({"attr": "layar:1..2"})) == []  # a range needs a number attribute
    # the search form's fields, several filters together, with the category
    form = {"etalase": cw.category.code, "a_ram_min": "4", "a_ram_max": "12", "a_layar": "15 inci"}
    assert _pks(q(form)) == [small.pk]
    assert q(form).attr_value("ram", "low") == "4"
    assert _pks(q({"wilayah": "utara"})) == [small.pk]
    assert _pks(q({"area": "kabupaten"})) == [big.pk]
    assert _pks(q({"urut": "delivery"})) == [small.pk, big.pk]
    assert _pks(q({"sort": "price"})) == [small.pk, big.pk]  # the existing sorts are unchanged
    # malformed filters are ignored, never an error
    assert q({"attr": "ram", "a_ram_min": "x"}).attrs == ()
    assert search.AttrFilter.parse("ram:4..8").as_param() == "ram:4..8"


def test_search_attribute_filter_only_in_categories_defining_it(cw):
    other = services.category_create(actor=cw.ukpbj, code="kertas", name="Kertas", unit_of_sale="rim")
    services.attribute_add(actor=cw.ukpbj, category=other, code="ram", label="Rim", kind="TEXT")
    b.admitted(cw.ukpbj, other, cw.provider)
    paper = b.live_product(cw.ukpbj, other, cw.provider, name="Kertas", attributes={"ram": "A4 banyak"})
    # "ram" is a number in the laptops and text in the paper category: a range never casts the text
    assert _pks(ProductQuery.from_params({"attr": "ram:1..100"})) == [cw.product.pk]
    assert _pks(ProductQuery.from_params({"attr": "ram:a4"})) == [paper.pk]
    assert search.filterable_attributes(other.code)[0].kind == "TEXT"
