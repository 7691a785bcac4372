"""Issue 12 items 1.1 and 1.2, issue 20 item 4: what a bid upload must refuse before it is sealed.

Web form and API share one check (lentera.core.uploads.check_content): an empty file or one whose bytes are not
an allowed document type is refused, nothing is sealed, and the provider's earlier bid stays the one that counts.
A price above the HPS is sealed only after the provider confirms it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lentera.bidding import rules
from lentera.bidding.models import BidPart, BidSubmission
from lentera.bidding.services import check_price_against_hps, parse_bid_form, tender_keys_create
from lentera.core import uploads
from lentera.core.errors import LenteraError
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.testing import api_headers, login_client, pdf

from .factories import give_opening_keys, make_tender, submit_bid

pytestmark = pytest.mark.django_db
BASE = "/api/v1/bidding"
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 200
    + b"This program cannot be run"
)


@pytest.fixture
def world(media_root):
    w = make_tender(members=3, providers=2)
    give_opening_keys(w.members)
    tender_keys_create(actor=w.members[0], tender=w.tender)
    return w


def _stored_files(root) -> set[str]:
    return {str(p) for p in Path(root).rglob("*") if p.is_file()}


def _post(client, world, files, **extra):
    data = {
        "offer_price": "850.000.000",
        "validity_days": "60",
        "completion_days": "90",
        "files": files,
    } | extra
    return client.post(reverse("bidding:bid_submit", args=[world.tender.pk]), data)


def _accepted(world, i=0):
    return BidSubmission.objects.get(tender=world.tender, provider=world.providers[i], status="ACCEPTED")


# ------------------------------------------------------------------ 1.1 empty upload


def test_empty_web_upload_does_not_replace_valid_bid(world, media_root):
    first = submit_bid(world, 0)
    files_before = _stored_files(media_root)
    client = login_client(world.provider_user(0), Role.PENYEDIA)
    response = _post(client, world, [SimpleUploadedFile("kosong.pdf", b"", content_type="application/pdf")])
    assert response.status_code == 400
    text = response.content.decode()
    assert "kosong.pdf kosong (0 byte)" in text and "EMPTY_FILE" not in text
    assert f"tetap versi {first.version}" in text  # the provider sees which version counts
    assert _accepted(world).pk == first.pk
    assert BidSubmission.objects.filter(tender=world.tender, provider=world.providers[0]).count() == 1
    assert _stored_files(media_root) == files_before, "nothing of the refused form is kept"


def test_empty_api_upload_is_refused_like_the_web(world):
    headers = api_headers(world.provider_user(0), Role.PENYEDIA)
    r = login_client(world.provider_user(0), Role.PENYEDIA).post(
        f"{BASE}/tenders/{world.tender.pk}/uploads",
        {"envelope": "SINGLE", "file_name": "kosong.pdf", "size": 0},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 400 and r.json()["error"]["code"] == "EMPTY_FILE"


# ------------------------------------------------------------------ 1.2 type from the bytes


def test_exe_renamed_pdf_is_refused_web(world, media_root):
    first = submit_bid(world, 0)
    files_before = _stored_files(media_root)
    client = login_client(world.provider_user(0), Role.PENYEDIA)
    response = _post(
        client, world, [SimpleUploadedFile("penawaran.pdf", EXE, content_type="application/pdf")]
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "penawaran.pdf tidak diterima" in text and "dinilai dari isinya" in text
    assert "FILE_TYPE_NOT_ALLOWED" not in text
    assert _accepted(world).pk == first.pk
    assert _stored_files(media_root) == files_before, "the program was never sealed or stored"


def test_exe_renamed_pdf_is_refused_api(world, media_root):
    first = submit_bid(world, 0)
    files_before = _stored_files(media_root)
    user = world.provider_user(0)
    client, headers = login_client(user, Role.PENYEDIA), api_headers(user, Role.PENYEDIA)
    r = client.post(
        f"{BASE}/tenders/{world.tender.pk}/uploads",
        {
            "envelope": "SINGLE",
            "file_name": "penawaran.pdf",
            "content_type": "application/pdf",
            "size": len(EXE),
        },
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 201
    uid = r.json()["uid"]
    r = client.put(
        f"{BASE}/uploads/{uid}/chunk?offset=0", EXE, content_type="application/octet-stream", **headers
    )
    assert r.status_code == 400 and r.json()["error"]["code"] == "FILE_TYPE_NOT_ALLOWED"
    assert "dinilai dari isinya" in r.json()["error"]["message"]
    assert not BidPart.objects.filter(uid=uid).exists(), "the refused upload session is closed"
    assert AuditEvent.objects.filter(action="bidding.upload.refuse").count() == 1
    assert _stored_files(media_root) == files_before
    assert _accepted(world).pk == first.pk


def test_english_refusal_of_a_program(world, settings):
    client = login_client(world.provider_user(0), Role.PENYEDIA)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _post(
        client, world, [SimpleUploadedFile("penawaran.pdf", EXE, content_type="application/pdf")]
    )
    assert response.status_code == 400
    assert "judged from its content, not its name" in response.content.decode()


def test_bid_file_types():
    """The rule function: every procurement document type, and no program or script."""
    allowed = rules.bid_file_types(None)
    assert uploads.detect(pdf(b"x")) in allowed
    assert uploads.detect(EXE) not in allowed
    assert uploads.detect(b"#!/bin/sh\nrm -rf /\n") not in allowed
    with pytest.raises(LenteraError) as exc:
        uploads.check_content(head=b"\x7fELF\x02\x01\x01" + b"\x00" * 64, size=71, allowed=allowed)
    assert exc.value.code == "FILE_TYPE_NOT_ALLOWED"


def test_office_documents_and_zip_pass_the_bid_check():
    import io
    import zipfile

    import openpyxl

    book = io.BytesIO()
    openpyxl.Workbook().save(book)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("gambar.txt", "denah")
    allowed = rules.bid_file_types(None)
    for data in (book.getvalue(), archive.getvalue(), b"\x89PNG\r\n\x1a\n" + b"\x00" * 32):
        head = data[: uploads.HEAD_BYTES]
        assert uploads.check_content(head=head, size=len(data), allowed=allowed) in allowed


def test_tender_document_named_pdf_holding_a_program_is_refused():
    from lentera.tendering.errors import TenderingError
    from lentera.tendering.services._base import check_upload

    with pytest.raises(TenderingError) as exc:
        check_upload(SimpleUploadedFile("dokumen-pemilihan.pdf", EXE))
    assert exc.value.code == "FILE_TYPE_NOT_ALLOWED"
    stored = check_upload(SimpleUploadedFile("dokumen.exe", pdf(b"isi")))
    assert stored == "dokumen.pdf", "stored under the extension of its content, never the uploader's"


# ------------------------------------------------------------------ issue 20 item 4: price above the HPS


def test_check_price_against_hps(world):
    """Perpres 16/2018 Pasal 26 ayat (5) huruf b: above the HPS needs the provider's confirmation."""
    tender = world.tender
    at_hps = parse_bid_form(
        {"offer_price": str(tender.hps_total), "validity_days": 60, "completion_days": 90}
    )
    above = parse_bid_form({"offer_price": "900.000.001", "validity_days": 60, "completion_days": 90})
    check_price_against_hps(tender=tender, form=at_hps, confirmed=False)  # the HPS itself is allowed
    with pytest.raises(LenteraError) as exc:
        check_price_against_hps(tender=tender, form=above, confirmed=False)
    assert exc.value.code == "PRICE_ABOVE_HPS" and "Rp900.000.000" in str(exc.value)
    check_price_against_hps(tender=tender, form=above, confirmed=True)


def test_bid_room_shows_hps_and_refuses_unconfirmed_price_above_it(world, media_root):
    client = login_client(world.provider_user(0), Role.PENYEDIA)
    page = client.get(reverse("bidding:bid_room", args=[world.tender.pk])).content.decode()
    assert "HPS tender ini: Rp900.000.000" in page
    files = [SimpleUploadedFile("teknis.pdf", pdf(b"isi"), content_type="application/pdf")]
    response = _post(client, world, files, offer_price="950.000.000")
    assert response.status_code == 400
    text = response.content.decode()
    assert "melebihi HPS" in text and "PRICE_ABOVE_HPS" not in text
    assert 'value="950.000.000"' in text, "the typed price is shown back, not wiped"
    assert 'id="hps-warning" class="card warn" role="alert" hidden' not in text, "the confirmation is shown"
    assert not BidSubmission.objects.filter(status="ACCEPTED").exists()
    assert not [p for p in Path(media_root).rglob("*") if p.is_file()]
    files = [SimpleUploadedFile("teknis.pdf", pdf(b"isi"), content_type="application/pdf")]
    response = _post(client, world, files, offer_price="950.000.000", confirm_above_hps="1")
    assert response.status_code == 302
    assert BidSubmission.objects.filter(status="ACCEPTED").count() == 1


def test_api_price_above_hps_needs_confirmation(world):
    from .factories import upload_file

    user = world.provider_user(0)
    client, headers = login_client(user, Role.PENYEDIA), api_headers(user, Role.PENYEDIA)
    uid = str(upload_file(user, world.tender, pdf(b"isi")).uid)
    body = {"offer_price": "950000000", "validity_days": 60, "completion_days": 90, "uploads": [uid]}
    url = f"{BASE}/tenders/{world.tender.pk}/submission"
    r = client.post(url, body, content_type="application/json", **headers)
    assert r.status_code == 400 and r.json()["error"]["code"] == "PRICE_ABOVE_HPS"
    assert BidPart.objects.filter(uid=uid).exists(), "the sealed upload waits in the draft"
    r = client.post(url, body | {"confirm_above_hps": True}, content_type="application/json", **headers)
    assert r.status_code == 201, r.content
