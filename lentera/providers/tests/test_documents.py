"""Uploads of registration documents (Lampiran 2.5.1 b 2) and the archive (Lampiran 2.3 c 4)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from lentera.core.errors import LenteraError
from lentera.core.roles import Role
from lentera.providers import services
from lentera.providers.models import Document, Provider
from lentera.providers.tests.conftest import refused
from lentera.providers.tests.factories import (
    VALID_NIK,
    exe_bytes,
    make_applicant,
    make_npwp,
    pdf_bytes,
    png_bytes,
    stored_files,
    upload,
    upload_required_documents,
)
from lentera.testing import login_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant():
    return make_applicant()


def _upload(provider, kind=Document.Kind.KTP, file=None, **fields):
    user = provider.account
    fields.setdefault("number", VALID_NIK if kind == Document.Kind.KTP else provider.npwp)
    return services.document_upload(actor=user, user=user, kind=kind, file=file or upload(), **fields)


def test_lampiran_2_5_1_b_2_pdf_jpeg_and_png_are_accepted_by_content_and_stored_privately(applicant):
    pdf = _upload(applicant, Document.Kind.NPWP, upload("scan.bin", pdf_bytes(), "application/octet-stream"))
    png = _upload(applicant, Document.Kind.KTP, upload("ktp.jpg", png_bytes(), "image/jpeg"))
    assert (pdf.content_type, png.content_type) == ("application/pdf", "image/png")
    assert png.file.name.endswith(".png")  # the extension follows the content, not the name sent
    for doc in (pdf, png):
        assert doc.file.name.startswith(f"private/accounts/{applicant.account.pk}/")
        with default_storage.open(doc.file.name) as fh:
            assert hashlib.sha256(fh.read()).hexdigest() == doc.sha256
    applicant.refresh_from_db()
    assert applicant.representative_nik == VALID_NIK


def test_lampiran_2_5_1_b_2_jpeg_is_accepted(applicant):
    jpeg = (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
    )
    doc = _upload(applicant, Document.Kind.KTP, upload("ktp.jpeg", jpeg, "image/jpeg"))
    assert doc.content_type == "image/jpeg"


def test_renamed_exe_as_pdf_is_refused_and_leaves_nothing(applicant):
    refused(
        lambda: _upload(applicant, Document.Kind.NPWP, upload("npwp.pdf", exe_bytes(), "application/pdf")),
        "FILE_TYPE_NOT_ALLOWED",
        "hanya PDF, JPEG atau PNG",
    )


def test_html_or_text_named_pdf_is_refused(applicant):
    refused(
        lambda: _upload(applicant, Document.Kind.NPWP, upload("x.pdf", b"<html><script>alert(1)</script>")),
        "FILE_TYPE_NOT_ALLOWED",
        "dinilai dari isi berkas",
    )


def test_oversize_file_is_refused_and_leaves_nothing(applicant, settings):
    settings.PROVIDERS_UPLOAD_MAX_BYTES = 1024 * 1024
    big = pdf_bytes() + b"0" * (1024 * 1024)
    refused(
        lambda: _upload(applicant, Document.Kind.NPWP, upload("besar.pdf", big)),
        "FILE_TOO_LARGE",
        "paling besar 1 MB",
    )


def test_empty_file_is_refused(applicant):
    refused(lambda: _upload(applicant, Document.Kind.NPWP, upload("kosong.pdf", b"")), "FILE_EMPTY", "kosong")


def test_wrong_nik_length_is_refused_and_leaves_nothing(applicant):
    refused(
        lambda: _upload(applicant, Document.Kind.KTP, number="320101170880000"),
        "NIK_LENGTH",
        "NIK harus 16 digit",
    )


def test_nik_with_an_impossible_birth_date_is_refused(applicant):
    refused(
        lambda: _upload(applicant, Document.Kind.KTP, number="3201013213800001"),
        "NIK_INVALID",
        "NIK tidak valid",
    )


def test_npwp_document_with_bad_check_digit_or_another_npwp_is_refused(applicant):
    number = applicant.npwp[1:]
    wrong = number[:8] + str((int(number[8]) + 1) % 10) + number[9:]
    refused(
        lambda: _upload(applicant, Document.Kind.NPWP, number=wrong), "NPWP_CHECK_DIGIT", "digit pemeriksa"
    )
    refused(lambda: _upload(applicant, Document.Kind.NPWP, number=make_npwp()), "NPWP_MISMATCH", "berbeda")


def test_deed_needs_number_date_and_notary(applicant):
    refused(
        lambda: _upload(applicant, Document.Kind.DEED_ESTABLISHMENT, number="12"),
        "DEED_DATA_REQUIRED",
        "notaris",
    )


def test_lampiran_2_5_1_b_2_individual_is_not_asked_for_deeds():
    provider = make_applicant(business_form=Provider.BusinessForm.INDIVIDUAL)
    refused(
        lambda: _upload(
            provider, Document.Kind.DEED_ESTABLISHMENT, number="1", issued_on=dt.date(2020, 1, 1), issuer="N"
        ),
        "DOCUMENT_KIND_NOT_ALLOWED",
        "tidak diminta",
    )


def test_lampiran_2_3_c_4_a_replaced_document_is_kept_as_an_older_version(applicant):
    first = _upload(applicant, Document.Kind.KTP)
    second = _upload(applicant, Document.Kind.KTP, upload("ktp2.png", png_bytes(), "image/png"))
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.replaced_at is not None and second.replaced_at is None
    assert default_storage.exists(first.file.name) and default_storage.exists(second.file.name)
    assert Document.objects.filter(user=applicant.account).count() == 2


def test_a_failure_after_the_file_was_stored_removes_the_file(applicant, monkeypatch):
    from lentera.providers.services import registration

    def boom(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(registration.audit, "record", boom)
    before = stored_files()
    with pytest.raises(RuntimeError):
        _upload(applicant, Document.Kind.KTP)
    assert stored_files() == before
    assert not Document.objects.exists()


def test_documents_cannot_be_replaced_while_under_review(applicant):
    upload_required_documents(applicant)
    services.application_submit(actor=applicant.account, user=applicant.account)
    refused(lambda: _upload(applicant, Document.Kind.KTP), "APPLICATION_UNDER_REVIEW", "sedang diverifikasi")


def test_nobody_else_uploads_for_a_provider(applicant, make_user):
    other = make_user(Role.PENYEDIA)
    refused(
        lambda: services.document_upload(
            actor=other, user=applicant.account, kind=Document.Kind.KTP, file=upload(), number=VALID_NIK
        ),
        "ROLE_NOT_ALLOWED",
        "tidak diizinkan",
        error=LenteraError,
    )


def test_documents_are_served_only_through_the_checked_view(applicant, make_user):
    doc = _upload(applicant, Document.Kind.NPWP)
    url = reverse("providers:document", args=[doc.pk])
    verifier, stranger = make_user(Role.VERIFIKATOR), make_user(Role.PENYEDIA)
    response = login_client(verifier, Role.VERIFIKATOR).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert login_client(stranger, Role.PENYEDIA).get(url).status_code == 403
    assert login_client(make_user(Role.PPK), Role.PPK).get(url).status_code == 403
    assert Client().get(url).status_code == 302
    assert Client().get("/media/" + doc.file.name).status_code == 404
