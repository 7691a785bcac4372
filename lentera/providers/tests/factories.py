"""Test data for the providers app: valid NIK/NPWP numbers, small files of each type, applicants, providers."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import struct

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from stdnum import luhn

from lentera.accounts.models import User
from lentera.accounts.tests.factories import PASSWORD, user_with_role
from lentera.core.roles import Role
from lentera.providers import services
from lentera.providers.models import Document, Provider
from lentera.providers.samples import pdf_bytes, png_bytes
from lentera.providers.tokens import make_email_token

_seq = itertools.count(1)

VALID_NIK = "3201011708800001"
VALID_NIK_2 = "3273012505900003"
STRONG_PASSWORD = "Penyedia-Kuat-2026"


def make_npwp(seed: int | None = None) -> str:
    """A valid old-format (15-digit) NPWP: 8 digits, the Luhn check digit, KPP 091, branch 000."""
    base = f"{(seed if seed is not None else next(_seq) + 10_000_000) % 100_000_000:08d}"
    return f"{base}{luhn.calc_check_digit(base)}091000"


def canonical(npwp15: str) -> str:
    return "0" + npwp15


def bad_check_digit(npwp15: str) -> str:
    wrong = (int(npwp15[8]) + 1) % 10
    return npwp15[:8] + str(wrong) + npwp15[9:]


def exe_bytes() -> bytes:
    """The start of a Windows executable (MZ header + PE signature)."""
    head = bytearray(b"MZ" + b"\x90\x00" + b"\x00" * 56)
    head[0x3C:0x40] = struct.pack("<I", 64)
    return bytes(head) + b"PE\x00\x00" + b"\x00" * 200


def upload(name: str = "dokumen.pdf", content: bytes | None = None, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, content_type=content_type)


def stored_files() -> set[str]:
    """Every file under the test media root (to prove that a refused upload leaves nothing)."""
    root = str(settings.MEDIA_ROOT)
    found = set()
    for base, _dirs, files in os.walk(root):
        for name in files:
            found.add(os.path.relpath(os.path.join(base, name), root))
    return found


def registration_data(**overrides) -> dict:
    n = next(_seq)
    data = {
        "email_token": make_email_token(f"calon{n}@usaha.example.id"),
        "user_id": f"calon{n}",
        "full_name": f"Calon Penyedia {n}",
        "password": STRONG_PASSWORD,
        "business_form": Provider.BusinessForm.CV,
        "name": f"CV Maju Bersama {n}",
        "npwp": make_npwp(),
        "address": "Jl. Merdeka 1",
        "city": "Kabupaten Contoh",
        "province": "Jawa Barat",
        "representative_name": "Budi Santoso",
        "representative_position": "Direktur",
    }
    data.update(overrides)
    return data


def make_applicant(**overrides) -> Provider:
    """A pending applicant through the real sign-up service (account PENDING, provider DRAFT)."""
    return services.registration_create(**registration_data(**overrides))


def upload_required_documents(provider: Provider) -> dict[str, Document]:
    user = provider.account
    docs = {
        Document.Kind.KTP: services.document_upload(
            actor=user,
            user=user,
            kind=Document.Kind.KTP,
            file=upload("ktp.png", png_bytes(), "image/png"),
            number=VALID_NIK,
        ),
        Document.Kind.NPWP: services.document_upload(
            actor=user, user=user, kind=Document.Kind.NPWP, file=upload("npwp.pdf"), number=provider.npwp
        ),
    }
    if not provider.is_individual:
        docs[Document.Kind.DEED_ESTABLISHMENT] = services.document_upload(
            actor=user,
            user=user,
            kind=Document.Kind.DEED_ESTABLISHMENT,
            file=upload("akta.pdf"),
            number="12",
            issued_on=dt.date(2015, 3, 2),
            issuer="Notaris Siti Aminah, S.H.",
        )
    return docs


def submitted_applicant(**overrides):
    """An applicant whose documents are uploaded and submitted: returns (provider, round)."""
    provider = make_applicant(**overrides)
    upload_required_documents(provider)
    round_ = services.application_submit(actor=provider.account, user=provider.account)
    provider.refresh_from_db()
    return provider, round_


def make_verified_provider(*, user: User | None = None, npwp: str | None = None, **fields) -> Provider:
    """A verified provider with an active PENYEDIA account (built directly, for tests of later stages)."""
    user = user or user_with_role(Role.PENYEDIA, totp=False)
    defaults = {
        "name": f"PT Sejahtera {user.pk}",
        "business_form": Provider.BusinessForm.PT,
        "address": "Jl. Sudirman 5",
        "city": "Kabupaten Contoh",
        "province": "Jawa Barat",
        "phone": "0221234567",
        "representative_name": "Siti Rahayu",
        "representative_position": "Direktur Utama",
        "status": Provider.Status.VERIFIED,
        "verified_at": dt.datetime(2026, 1, 5, 3, 0, tzinfo=dt.UTC),
    }
    defaults.update(fields)
    return Provider.objects.create(account=user, npwp=npwp or canonical(make_npwp()), **defaults)


__all__ = ["PASSWORD"]
