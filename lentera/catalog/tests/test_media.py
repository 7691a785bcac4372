"""Product photos and datasheets: the provider adds them to its own product (JPEG/PNG photos up to 2 MB, at most
5; one PDF datasheet up to 5 MB, a new one replacing the old), each judged by its content, stored through the
default storage, shown on the public product page while the product is listed; through the pages and the API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lentera.catalog import services
from lentera.catalog.errors import CatalogError
from lentera.catalog.models import ProductFile
from lentera.catalog.services.media import MAX_PHOTOS, PHOTO_MAX_BYTES
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.providers.samples import png_bytes
from lentera.providers.tests.factories import exe_bytes, make_verified_provider
from lentera.testing import api_headers, login_client, pdf, pdf_sized
from lentera.testing_routes import allowed, denied

from . import builders as b

API = "/api/v1/catalog"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"


def photo(name="foto.png", data=None):
    return SimpleUploadedFile(name, png_bytes() if data is None else data, content_type="image/png")


def add(cw, kind, upload, actor=None):
    return services.product_file_add(
        actor=actor or cw.provider.account, product=cw.product, kind=kind, upload=upload
    )


def refused(call) -> str:
    before = (ProductFile.objects.count(), AuditEvent.objects.count())
    with pytest.raises(CatalogError) as exc:
        call()
    assert (ProductFile.objects.count(), AuditEvent.objects.count()) == before
    return exc.value.code


def test_photos_and_datasheet_judged_by_content_and_size(cw):
    png = add(cw, "PHOTO", photo())
    assert (png.content_type, png.name) == ("image/png", "foto.png")
    assert add(cw, "PHOTO", photo("kamera.jpg", JPEG)).content_type == "image/jpeg"
    assert refused(lambda: add(cw, "PHOTO", photo("virus.jpg", exe_bytes()))) == "FILE_TYPE_NOT_ALLOWED"
    assert refused(lambda: add(cw, "PHOTO", photo("brosur.png", pdf(b"x")))) == "FILE_TYPE_NOT_ALLOWED"
    big = png_bytes() + b"\x00" * PHOTO_MAX_BYTES
    assert refused(lambda: add(cw, "PHOTO", photo("besar.png", big))) == "FILE_TOO_LARGE"
    assert refused(lambda: add(cw, "DATASHEET", photo())) == "FILE_TYPE_NOT_ALLOWED"
    assert refused(lambda: add(cw, "DATASHEET", None)) == "FILE_REQUIRED"
    assert refused(lambda: add(cw, "VIDEO", photo())) == "FILE_KIND_INVALID"
    too_big = SimpleUploadedFile("spek.pdf", pdf_sized(5 * 1024 * 1024 + 1), content_type="application/pdf")
    assert refused(lambda: add(cw, "DATASHEET", too_big)) == "FILE_TOO_LARGE"
    first = add(cw, "DATASHEET", b.pdf_file("spek-lama.pdf"))
    second = add(cw, "DATASHEET", b.pdf_file("spek.pdf"))
    assert list(ProductFile.objects.filter(kind="DATASHEET").values_list("pk", flat=True)) == [second.pk]
    assert not ProductFile.objects.filter(pk=first.pk).exists()
    assert second.file.storage.exists(second.file.name)
    event = AuditEvent.objects.filter(action="catalog.product.file_add").order_by("-pk").first()
    assert event is not None and event.after["replaced"] == ["spek-lama.pdf"]


def test_at_most_the_photo_limit_and_only_the_own_product(cw):
    for _ in range(MAX_PHOTOS):
        add(cw, "PHOTO", photo())
    assert refused(lambda: add(cw, "PHOTO", photo())) == "PHOTO_LIMIT"
    other = make_verified_provider()
    assert refused(lambda: add(cw, "DATASHEET", b.pdf_file(), actor=other.account)) == "PRODUCT_NOT_FOUND"
    one = ProductFile.objects.filter(kind="PHOTO").first()
    assert refused(lambda: services.product_file_remove(actor=other.account, product_file=one)) == (
        "PRODUCT_NOT_FOUND"
    )
    services.product_file_remove(actor=cw.provider.account, product_file=one)
    assert ProductFile.objects.filter(kind="PHOTO").count() == MAX_PHOTOS - 1
    assert AuditEvent.objects.filter(action="catalog.product.file_remove").count() == 1


def test_pages_upload_show_and_remove(cw, client):
    seller = login_client(cw.provider.account, Role.PENYEDIA)
    page = seller.get(reverse("catalog:my_product", args=[cw.product.pk])).content.decode()
    assert 'id="upload-file"' in page
    url = reverse("catalog:my_product_file_add", args=[cw.product.pk])
    seller.post(url, {"kind": "PHOTO", "file": photo()})
    seller.post(url, {"kind": "DATASHEET", "file": b.pdf_file("spek.pdf")})
    bad = seller.post(url, {"kind": "PHOTO", "file": photo("x.png", exe_bytes())}, follow=True)
    assert "isinya bukan" in bad.content.decode()
    pic, sheet = ProductFile.objects.get(kind="PHOTO"), ProductFile.objects.get(kind="DATASHEET")
    public = client.get(reverse("catalog:product", args=[cw.product.pk])).content.decode()
    pic_url = reverse("catalog:product_file", args=[cw.product.pk, pic.pk])
    assert pic_url in public and 'id="datasheet"' in public
    served = client.get(pic_url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == png_bytes()
    sheet_resp = client.get(reverse("catalog:product_file", args=[cw.product.pk, sheet.pk]))
    assert "attachment" in sheet_resp["Content-Disposition"]
    seller.post(reverse("catalog:my_product_file_remove", args=[cw.product.pk, pic.pk]))
    assert not ProductFile.objects.filter(pk=pic.pk).exists()
    assert client.get(pic_url).status_code == 404


def test_files_of_a_product_not_listed_are_not_served(cw, client):
    pending = services.product_submit(
        actor=cw.provider.account, category=cw.category, **b.product_fields(name="Baru")
    )
    item = services.product_file_add(actor=cw.provider.account, product=pending, kind="PHOTO", upload=photo())
    assert client.get(reverse("catalog:product_file", args=[pending.pk, item.pk])).status_code == 404
    # a file of another product under this product's address
    assert client.get(reverse("catalog:product_file", args=[cw.product.pk, item.pk])).status_code == 404


@allowed(
    "GET /api/v1/catalog/products/{product_id}/files",
    "POST /api/v1/catalog/my/products/{product_id}/files",
    "POST /api/v1/catalog/my/products/{product_id}/files/{file_id}/remove",
)
def test_files_through_the_api(cw, client):
    h = api_headers(cw.provider.account, Role.PENYEDIA)
    path = f"{API}/my/products/{cw.product.pk}/files"
    made = client.post(path, {"kind": "PHOTO", "file": photo()}, **h)
    assert made.status_code == 201 and made.json()["content_type"] == "image/png"
    bad = client.post(path, {"kind": "DATASHEET", "file": photo()}, **h)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "FILE_TYPE_NOT_ALLOWED"
    listed = client.get(f"{API}/products/{cw.product.pk}/files").json()
    assert [f["kind"] for f in listed] == ["PHOTO"] and client.get(listed[0]["url"]).status_code == 200
    gone = client.post(f"{path}/{made.json()['id']}/remove", **h)
    assert gone.status_code == 204 and client.get(f"{API}/products/{cw.product.pk}/files").json() == []


@denied(
    "GET /api/v1/catalog/products/{product_id}/files",
    "POST /api/v1/catalog/my/products/{product_id}/files",
    "POST /api/v1/catalog/my/products/{product_id}/files/{file_id}/remove",
)
def test_files_denied_calls_change_nothing(cw, client):
    pending = services.product_submit(
        actor=cw.provider.account, category=cw.category, **b.product_fields(name="Baru")
    )
    item = add(cw, "PHOTO", photo())
    assert client.get(f"{API}/products/{pending.pk}/files").status_code == 404  # waiting for the curator
    other = api_headers(make_verified_provider().account, Role.PENYEDIA)
    ppk = api_headers(cw.ppk, Role.PPK)
    path = f"{API}/my/products/{cw.product.pk}/files"
    before = (ProductFile.objects.count(), AuditEvent.objects.count())
    assert client.post(path, {"kind": "PHOTO", "file": photo()}, **other).status_code == 404
    assert client.post(path, {"kind": "PHOTO", "file": photo()}, **ppk).status_code == 403
    assert client.post(path, {"kind": "PHOTO", "file": photo()}).status_code in (401, 403)
    assert client.post(f"{path}/{item.pk}/remove", **other).status_code == 404
    assert client.post(f"{path}/{item.pk}/remove", **ppk).status_code == 403
    assert (ProductFile.objects.count(), AuditEvent.objects.count()) == before
