"""The catalogue's pages through forms: the UKPBJ makes an etalase and an attribute, a provider applies with a
document (checked by content) and is admitted, lists a product, the curator approves, anyone finds it in the
public search and opens its page with the price history, the PPK orders it and the provider accepts."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lentera.catalog.models import Admission, Category, Order, Product
from lentera.core.roles import Role
from lentera.providers.tests.factories import exe_bytes, make_verified_provider
from lentera.testing import login_client

from . import builders as b


def test_pages_journey(cw):
    ukpbj = login_client(cw.ukpbj, Role.KEPALA_UKPBJ)
    r = ukpbj.post(
        reverse("catalog:categories"),
        {"code": "kursi", "name": "Kursi Kantor", "unit_of_sale": "unit", "required_documents": "Brosur"},
    )
    cat = Category.objects.get(code="kursi")
    assert r.status_code == 302 and r["Location"] == reverse("catalog:category", args=[cat.pk])
    ukpbj.post(
        reverse("catalog:category", args=[cat.pk]),
        {
            "code": "bahan",
            "label": "Bahan",
            "kind": "CHOICE",
            "choices": "Kayu, Besi",
            "required_value": "on",
        },
    )
    assert cat.attributes.get().choices == ["Kayu", "Besi"]
    assert "Kursi Kantor" in ukpbj.get(reverse("catalog:categories")).content.decode()

    seller = make_verified_provider()
    sc = login_client(seller.account, Role.PENYEDIA)
    assert "Kursi Kantor" in sc.get(reverse("catalog:my_admissions")).content.decode()
    exe = SimpleUploadedFile("brosur.pdf", exe_bytes())
    bad = sc.post(reverse("catalog:apply", args=[cat.pk]), {"doc_0": exe})
    assert (
        bad.status_code == 200
        and "isinya bukan" in bad.content.decode()
        and not Admission.objects.filter(provider=seller).exists()
    )
    sc.post(reverse("catalog:apply", args=[cat.pk]), {"doc_0": b.pdf_file("brosur.pdf")})
    admission = Admission.objects.get(provider=seller)
    page = ukpbj.get(reverse("catalog:admission", args=[admission.pk])).content.decode()
    assert "brosur.pdf" in page
    doc = admission.documents.get()
    assert ukpbj.get(reverse("catalog:admission_document", args=[admission.pk, doc.pk])).status_code == 200
    ukpbj.post(
        reverse("catalog:admission_decide", args=[admission.pk, "terima"]),
        {"valid_from": "2026-07-03", "valid_until": "2027-07-02", "criteria": "Brosur sesuai"},
    )
    admission.refresh_from_db()
    assert admission.status == "ADMITTED"

    assert "Kursi Kantor" in sc.get(reverse("catalog:my_products")).content.decode()
    form = {
        "name": "Kursi Ergonomis",
        "brand": "Chitose",
        "model": "CE-9",
        "tkdn": "55",
        "price": "1750000",
        "valid_from": "2026-07-03",
        "valid_until": "2026-12-31",
        "delivery_areas": "Kabupaten Contoh",
        "delivery_days": "4",
        "stock": "30",
        "attr_bahan": "Kayu",
    }
    r = sc.post(reverse("catalog:product_new", args=[cat.pk]), form)
    product = Product.objects.get(name="Kursi Ergonomis")
    assert r.status_code == 302 and product.status == "PENDING"
    assert "0 produk" in Client().get(reverse("catalog:search"), {"q": "ergonomis"}).content.decode()
    change = product.changes.get()
    assert "Kursi Ergonomis" in ukpbj.get(reverse("catalog:curation")).content.decode()
    ukpbj.post(reverse("catalog:curation_decide", args=[change.pk, "setujui"]))

    public = Client().get(reverse("catalog:search"), {"q": "ergonomis"}).content.decode()
    assert "Kursi Ergonomis" in public and "1 produk" in public
    detail = Client().get(reverse("catalog:product", args=[product.pk])).content.decode()
    assert "Riwayat harga" in detail and "Rp1.750.000" in detail and "Kayu" in detail

    ppk = login_client(cw.ppk, Role.PPK)
    assert (
        reverse("catalog:order_new", args=[product.pk])
        in ppk.get(reverse("catalog:product", args=[product.pk])).content.decode()
    )
    r = ppk.post(
        reverse("catalog:order_new", args=[product.pk]),
        {"package": cw.package.pk, "quantity": "2", "delivery_address": "Kantor Dinas PUPR"},
    )
    assert r.status_code == 302
    order = Order.objects.get(product=product)
    assert order.number in ppk.get(reverse("catalog:ppk_orders")).content.decode()
    assert order.number in sc.get(reverse("catalog:provider_orders")).content.decode()
    sc.post(reverse("catalog:provider_order_decide", args=[order.pk, "terima"]))
    order.refresh_from_db()
    assert order.status == "ACCEPTED"

    r = sc.post(
        reverse("catalog:my_product", args=[product.pk]),
        {"price": "1700000", "valid_from": "2026-07-03", "valid_until": "2026-12-31"},
    )
    assert r.status_code == 302 and product.changes.filter(status="PENDING").exists()
    ukpbj.post(
        reverse("catalog:curation_decide", args=[product.changes.get(status="PENDING").pk, "tolak"]),
        {"reason": "Tidak wajar"},
    )
    assert "Tidak wajar" in sc.get(reverse("catalog:my_product", args=[product.pk])).content.decode()


def test_refusals_show_as_form_errors_and_change_nothing(cw):
    ppk = login_client(cw.ppk, Role.PPK)
    r = ppk.post(
        reverse("catalog:order_new", args=[cw.product.pk]),
        {"package": cw.package.pk, "quantity": "12", "delivery_address": "x"},
    )
    assert r.status_code == 200 and "melebihi sisa pagu" in r.content.decode()
    assert not Order.objects.exists()
    sc = login_client(cw.provider.account, Role.PENYEDIA)
    form = {
        "name": "X",
        "brand": "Y",
        "tkdn": "10",
        "price": "1",
        "valid_from": "2026-07-03",
        "valid_until": "2026-07-04",
        "delivery_areas": "x",
        "delivery_days": "1",
        "stock": "1",
        "attr_ram": "abc",
        "attr_layar": "14 inci",
    }
    r = sc.post(reverse("catalog:product_new", args=[cw.category.pk]), form)
    assert r.status_code == 200 and "harus angka" in r.content.decode()
    assert Product.objects.count() == 1


def test_search_page_filters_pages_and_count(cw):
    for i in range(21):
        b.live_product(cw.ukpbj, cw.category, cw.provider, name=f"Notebook {i}", price=str(3000000 + i))
    page = Client().get(reverse("catalog:search"), {"q": "notebook", "urut": "-price"}).content.decode()
    assert "21 produk" in page and "Notebook 20" in page and "halaman=2" in page
    assert (
        "Notebook 0"
        in Client()
        .get(reverse("catalog:search"), {"q": "notebook", "urut": "-price", "halaman": "2"})
        .content.decode()
    )
    cheap = Client().get(reverse("catalog:search"), {"harga_maks": "3000000"}).content.decode()
    assert "1 produk" in cheap and "Notebook 0" in cheap
    assert Client().get(reverse("catalog:product", args=[999999])).status_code == 404


def test_menu_links_for_each_side(cw):
    from lentera.core import menu

    def links(user, role):
        c = login_client(user, role)
        return c.get(reverse("catalog:search")).content.decode()

    assert reverse("catalog:curation") in links(cw.ukpbj, Role.KEPALA_UKPBJ)
    assert reverse("catalog:my_products") in links(cw.provider.account, Role.PENYEDIA)
    assert reverse("catalog:ppk_orders") in links(cw.ppk, Role.PPK)
    assert reverse("catalog:search") in Client().get("/").content.decode()
    assert any(e.url_name == "catalog:search" for e in menu.entries("public"))


def test_search_page_attribute_fields_area_and_delivery_sort(cw):
    fast = b.live_product(
        cw.ukpbj,
        cw.category,
        cw.provider,
        name="Laptop Kilat",
        delivery_days=1,
        delivery_areas="Kecamatan Utara",
        attributes={"ram": "8", "layar": "15 inci"},
    )
    client = Client()
    page = client.get(reverse("catalog:search")).content.decode()
    assert "Pengiriman tercepat" in page and 'name="a_ram_min"' not in page
    page = client.get(reverse("catalog:search"), {"etalase": cw.category.code}).content.decode()
    assert 'name="a_ram_min"' in page and 'name="a_layar"' in page and "15 inci</option>" in page
    page = client.get(
        reverse("catalog:search"), {"etalase": cw.category.code, "a_ram_max": "8", "urut": "delivery"}
    ).content.decode()
    assert "Laptop Kilat" in page and cw.product.name not in page and 'value="8"' in page
    page = client.get(reverse("catalog:search"), {"wilayah": "utara"}).content.decode()
    assert "1 produk" in page and "Laptop Kilat" in page
    # an attr= link keeps its filter through the form (hidden field)
    page = client.get(reverse("catalog:search"), {"attr": "ram:..8"}).content.decode()
    assert 'name="attr" value="ram:..8"' in page and "1 produk" in page
    assert fast.pk
