"""The providers pages end to end through the Django test client."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from lentera.accounts.models import User
from lentera.accounts.tests.factories import WorkUnitFactory
from lentera.core.roles import Role
from lentera.providers.models import BlacklistEntry, Document, Provider, VerificationRound
from lentera.providers.tests.factories import (
    STRONG_PASSWORD,
    VALID_NIK,
    exe_bytes,
    make_npwp,
    make_verified_provider,
    pdf_bytes,
    png_bytes,
    stored_files,
    submitted_applicant,
    upload,
)
from lentera.testing import db_fingerprint, login_client

pytestmark = pytest.mark.django_db


def _link(outbox, pattern) -> str:
    match = re.search(pattern, outbox[-1].body)
    assert match, outbox[-1].body
    return match.group(0)


def _account_form(npwp: str, **extra) -> dict:
    data = {
        "user_id": "cv.maju",
        "full_name": "Budi Santoso",
        "phone": "08123456789",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
        "business_form": "CV",
        "name": "CV Maju Jaya",
        "npwp": npwp,
        "address": "Jl. Pahlawan 3",
        "city": "Kabupaten Contoh",
        "province": "Jawa Barat",
        "postal_code": "40111",
        "provider_phone": "0227654321",
        "representative_name": "Budi Santoso",
        "representative_position": "Direktur",
    }
    data.update(extra)
    return data


def test_lampiran_2_5_1_no_fee_is_stated_on_the_sign_up_page_which_needs_no_login():
    response = Client().get(reverse("providers:signup"))
    assert response.status_code == 200
    assert "tidak dipungut biaya dalam bentuk apa pun" in response.content.decode()


def test_sign_up_upload_forms_and_submit_through_the_pages(mailoutbox, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("providers:signup"), {"email": "budi@majujaya.example.id"})
    assert response.status_code == 200 and "budi@majujaya.example.id" in response.content.decode()
    link = _link(mailoutbox, r"/penyedia/daftar/akun/[^/\s]+/")
    assert client.get(link).status_code == 200
    npwp = make_npwp()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, _account_form(npwp))
    assert response.status_code == 302 and response["Location"] == reverse("providers:applicant_home")
    user = User.objects.get(user_id="cv.maju")
    assert user.status == User.Status.PENDING
    home = client.get(reverse("providers:applicant_home"))
    assert home.status_code == 200 and "CV Maju Jaya" in home.content.decode()

    files_before = stored_files()
    bad = client.post(
        reverse("providers:applicant_home"),
        {"kind": "NPWP", "number": npwp, "file": upload("npwp.pdf", exe_bytes())},
    )
    assert bad.status_code == 400 and "hanya PDF, JPEG atau PNG" in bad.content.decode()
    assert not Document.objects.exists() and stored_files() == files_before

    for data in (
        {"kind": "KTP", "number": VALID_NIK, "file": upload("ktp.png", png_bytes(), "image/png")},
        {"kind": "NPWP", "number": npwp, "file": upload("npwp.pdf")},
        {
            "kind": "AKTA_PENDIRIAN",
            "number": "5",
            "issued_on": "2018-07-02",
            "issuer": "Notaris Ani, S.H.",
            "file": upload("akta.pdf"),
        },
    ):
        assert client.post(reverse("providers:applicant_home"), data).status_code == 302
    assert Document.objects.filter(user=user).count() == 3

    for kind in ("pendaftaran", "keikutsertaan"):
        pdf = client.get(reverse("providers:applicant_form", args=[kind]))
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
    doc = Document.objects.filter(user=user).first()
    assert client.get(reverse("providers:applicant_document", args=[doc.pk])).status_code == 200

    assert client.post(reverse("providers:applicant_submit")).status_code == 302
    assert Provider.objects.get(account=user).status == Provider.Status.SUBMITTED
    page = client.get(reverse("providers:applicant_home")).content.decode()
    assert 'id="pending"' in page and 'id="upload-form"' not in page

    # A stranger's session sees nothing.
    assert Client().get(reverse("providers:applicant_home")).status_code == 403
    assert Client().get(reverse("providers:applicant_form", args=["pendaftaran"])).status_code == 403


def test_empty_sign_up_form_shows_errors_and_stores_nothing(mailoutbox):
    from lentera.providers.tokens import make_email_token

    link = reverse("providers:signup_account", args=[make_email_token("kosong@example.id")])
    before = db_fingerprint()
    response = Client().post(link, {})
    assert response.status_code == 200
    assert response.content.decode().count("errorlist") >= 5
    assert db_fingerprint() == before


def test_duplicate_npwp_is_shown_on_the_npwp_field():
    provider = make_verified_provider()
    from lentera.providers.tokens import make_email_token

    link = reverse("providers:signup_account", args=[make_email_token("dua@example.id")])
    before = db_fingerprint()
    response = Client().post(link, _account_form(provider.npwp, user_id="dua.kali"))
    assert "sudah terdaftar sebagai penyedia" in response.content.decode()
    assert db_fingerprint() == before


def test_applicant_link_from_email_opens_the_application(mailoutbox, django_capture_on_commit_callbacks):
    provider, _round = submitted_applicant()
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("providers:applicant_link"), {"email": provider.account.email})
    link = _link(mailoutbox, r"/penyedia/pendaftaran/masuk/[^/\s]+/")
    assert client.get(link).status_code == 302
    assert provider.name in client.get(reverse("providers:applicant_home")).content.decode()
    assert Client().get("/penyedia/pendaftaran/masuk/rusak/").status_code == 400


def test_verifier_checks_each_document_and_approves(
    make_user, mailoutbox, django_capture_on_commit_callbacks
):
    provider, round_ = submitted_applicant()
    verifier = login_client(make_user(Role.VERIFIKATOR), Role.VERIFIKATOR)
    queue = verifier.get(reverse("providers:queue")).content.decode()
    assert provider.name in queue
    page = verifier.get(reverse("providers:round", args=[round_.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and "<iframe" in body and "<img" in body and provider.npwp_display in body
    docs = list(round_.documents.all())
    incomplete = {"approve": "1", f"match_{docs[0].pk}": "yes"}
    assert verifier.post(reverse("providers:round", args=[round_.pk]), incomplete).status_code == 400
    data = {"approve": "1", "note": "lengkap"} | {f"match_{d.pk}": "yes" for d in docs}
    with django_capture_on_commit_callbacks(execute=True):
        response = verifier.post(reverse("providers:round", args=[round_.pk]), data)
    assert response.status_code == 302
    provider.account.refresh_from_db()
    assert provider.account.status == User.Status.ACTIVE
    client = Client()
    assert (
        client.post(
            reverse("accounts:login"), {"username": provider.account.user_id, "password": STRONG_PASSWORD}
        ).status_code
        == 302
    )
    assert client.get(reverse("providers:profile")).status_code == 200


def test_verifier_rejects_with_a_reason_the_applicant_sees(
    make_user, mailoutbox, django_capture_on_commit_callbacks
):
    provider, round_ = submitted_applicant()
    verifier = login_client(make_user(Role.VERIFIKATOR), Role.VERIFIKATOR)
    ktp = round_.documents.get(kind=Document.Kind.KTP)
    data = {"reject": "1"} | {f"match_{d.pk}": "yes" for d in round_.documents.all()}
    data |= {f"match_{ktp.pk}": "no", f"note_{ktp.pk}": "Foto KTP terpotong"}
    with django_capture_on_commit_callbacks(execute=True):
        assert verifier.post(reverse("providers:round", args=[round_.pk]), data).status_code == 302
    client = Client()
    client.get(_link(mailoutbox, r"/penyedia/pendaftaran/masuk/[^/\s]+/"))
    page = client.get(reverse("providers:applicant_home")).content.decode()
    assert 'id="rejections"' in page and "Foto KTP terpotong" in page and 'id="upload-form"' in page


def test_provider_profile_pages(make_user):
    provider = make_verified_provider()
    client = login_client(provider.account, Role.PENYEDIA)
    assert client.get(reverse("providers:profile")).status_code == 200
    response = client.post(
        reverse("providers:section_add", args=["izin-usaha"]),
        {
            "kind": "NIB",
            "number": "9120001234567",
            "issuer": "OSS",
            "issued_on": "2021-01-04",
            "kbli": "41011",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    licence = provider.licences.get()
    assert client.get(reverse("providers:section_edit", args=["izin-usaha", licence.pk])).status_code == 200
    bad = client.post(
        reverse("providers:section_edit", args=["izin-usaha", licence.pk]),
        {"kind": "NIB", "number": "12", "issuer": "OSS", "issued_on": "2021-01-04", "kbli": "41011"},
    )
    assert "13 digit" in bad.content.decode()
    assert (
        client.post(reverse("providers:section_delete", args=["izin-usaha", licence.pk])).status_code == 302
    )
    assert not provider.licences.exists()
    for key in ("pajak", "akta", "pemilik", "pengurus", "tenaga-ahli", "peralatan", "pengalaman"):
        assert client.get(reverse("providers:section_add", args=[key])).status_code == 200
    assert client.get(reverse("providers:section_add", args=["tidak-ada"])).status_code == 404
    identity = reverse("providers:profile_identity")
    assert client.get(identity).status_code == 200
    data = {
        "name": "PT Ganti Nama",
        "business_form": "PT",
        "address": "Jl. Baru",
        "city": "Kota",
        "province": "Prov",
        "representative_name": "Siti",
        "phone": "1",
        "dok-kind_1": "AKTA_PERUBAHAN",
        "dok-file_1": upload("akta.pdf"),
    }
    response = client.post(identity, data)
    assert response.status_code == 302 and response["Location"] == reverse("providers:identity_changes")
    provider.refresh_from_db()
    # A verified provider's rename waits for the Verifikator; the telephone (not verified data) is written.
    assert provider.name != "PT Ganti Nama" and provider.phone == "1"
    page = client.get(reverse("providers:identity_changes")).content.decode()
    assert 'id="pending-change"' in page and "PT Ganti Nama" in page
    assert 'id="identity-pending"' in client.get(reverse("providers:profile")).content.decode()
    assert client.get(reverse("providers:documents")).status_code == 200
    assert client.get(reverse("providers:form", args=["keikutsertaan"])).content.startswith(b"%PDF")
    assert client.get(reverse("providers:archive_mine")).status_code == 200


def test_staff_registration_archive_and_status_pages(make_user):
    unit = WorkUnitFactory()
    admin = login_client(make_user(Role.SYSADMIN), Role.SYSADMIN)
    assert admin.get(reverse("providers:staff_register")).status_code == 200
    response = admin.post(
        reverse("providers:staff_register"),
        {
            "user_id": "pokja.baru",
            "full_name": "Anggota Pokja Baru",
            "email": "pokja.baru@kab.example.go.id",
            "role": Role.PENGELOLA_PBJ,
            "work_unit": unit.pk,
            "decree_number": "821/9/SK/2026",
            "decree_date": "2026-01-05",
            "file": upload("sk.pdf", pdf_bytes()),
        },
    )
    assert response.status_code == 302
    staff = User.objects.get(user_id="pokja.baru")
    assert staff.status == User.Status.PENDING
    assert VerificationRound.objects.filter(user=staff, outcome="PENDING").exists()
    archive = admin.get(reverse("providers:archive_user", args=[staff.pk]))
    assert archive.status_code == 200 and "821/9/SK/2026" in archive.content.decode()
    assert admin.get(reverse("providers:archive_index") + "?q=pokja").status_code == 200

    verifier = login_client(make_user(Role.VERIFIKATOR), Role.VERIFIKATOR)
    target = make_verified_provider().account
    assert verifier.get(reverse("providers:accounts") + f"?q={target.user_id}").status_code == 200
    verifier.post(reverse("providers:account_deactivate", args=[target.pk]), {"reason": "Pelanggaran"})
    target.refresh_from_db()
    assert target.status == User.Status.DEACTIVATED
    verifier.post(reverse("providers:account_reactivate", args=[target.pk]), {"reason": "Selesai"})
    target.refresh_from_db()
    assert target.status == User.Status.ACTIVE


def test_blacklist_pages(make_user):
    pa_user = make_user(Role.PA)
    verifier = login_client(make_user(Role.VERIFIKATOR), Role.VERIFIKATOR)
    assert verifier.get(reverse("providers:blacklist_manage")).status_code == 200
    today = dt.date.today()
    data = {
        "npwp": make_npwp(),
        "provider_name": "CV Curang",
        "decree_number": "027/1/DH/2026",
        "decree_date": today.isoformat(),
        "category": "COLLUSION",
        "violation": "Persekongkolan",
        "starts_on": today.isoformat(),
        "requested_by": pa_user.pk,
    }
    assert verifier.post(reverse("providers:blacklist_manage"), data).status_code == 302
    assert BlacklistEntry.objects.get().requested_by == pa_user
    missing_requester = verifier.post(
        reverse("providers:blacklist_manage"), data | {"requested_by": "", "decree_number": "x"}
    )
    assert missing_requester.status_code == 400 and "PA/KPA" in missing_requester.content.decode()
    public = Client().get(reverse("public:blacklist")).content.decode()
    assert "CV Curang" in public
