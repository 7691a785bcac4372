"""Regulation rules kept as data, each citing its source."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings

from .models import BlacklistEntry, Document, Provider
from .sections import VERIFIED_IDENTITY_FIELDS

#: Documents a provider submits with the registration and participation forms (Permendagri 53/2021
#: Lampiran 2.5.1 b 2): a) KTP of the director/owner/authorised officer; b) akta pendirian and the latest akta
#: perubahan (if any) — for a business entity; c) NPWP of the business, or of the person for an individual.
PROVIDER_REQUIRED_DOCUMENTS_ENTITY = (
    Document.Kind.KTP,
    Document.Kind.DEED_ESTABLISHMENT,
    Document.Kind.NPWP,
)
PROVIDER_REQUIRED_DOCUMENTS_INDIVIDUAL = (Document.Kind.KTP, Document.Kind.NPWP)
PROVIDER_OPTIONAL_DOCUMENTS = (Document.Kind.DEED_AMENDMENT,)

#: Users other than providers show and hand in the surat tugas and/or SK of their agency (Lampiran 2.5.1 a).
STAFF_REQUIRED_DOCUMENTS = (Document.Kind.ASSIGNMENT_LETTER,)


def provider_required_documents(provider: Provider) -> tuple[str, ...]:
    """Lampiran 2.5.1 b 2: deeds are asked of business entities only.

    Cites: Permendagri 53/2021 Lampiran 2.5.1 b 2.
    """
    if provider.business_form == Provider.BusinessForm.INDIVIDUAL:
        return PROVIDER_REQUIRED_DOCUMENTS_INDIVIDUAL
    return PROVIDER_REQUIRED_DOCUMENTS_ENTITY


def provider_allowed_documents(provider: Provider) -> tuple[str, ...]:
    """The documents a provider may upload: the required ones, and for a business entity also the latest akta
    perubahan (Lampiran 2.5.1 b 2 b: "bila ada").

    Cites: Permendagri 53/2021 Lampiran 2.5.1 b 2.
    """
    if provider.business_form == Provider.BusinessForm.INDIVIDUAL:
        return PROVIDER_REQUIRED_DOCUMENTS_INDIVIDUAL
    return PROVIDER_REQUIRED_DOCUMENTS_ENTITY + PROVIDER_OPTIONAL_DOCUMENTS


#: Uploads: the type is decided from the content (magic bytes), never from the name.
ALLOWED_UPLOAD_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def upload_max_bytes() -> int:
    """Size limit of one document (setting PROVIDERS_UPLOAD_MAX_BYTES, default 5 MB).

    Cites: Kebijakan Lentera: one limit bounds the storage and the request; the LPSE sets it
           (PROVIDERS_UPLOAD_MAX_BYTES).
    """
    return int(getattr(settings, "PROVIDERS_UPLOAD_MAX_BYTES", 5 * 1024 * 1024))


def email_link_max_age() -> int:
    """How long the e-mail verification link of the sign-up stays valid (seconds; default 2 days).

    Cites: Kebijakan Lentera: a verification link expires so an old message cannot confirm an address later
           (PROVIDERS_EMAIL_LINK_MAX_AGE).
    """
    return int(getattr(settings, "PROVIDERS_EMAIL_LINK_MAX_AGE", 2 * 24 * 3600))


def applicant_link_max_age() -> int:
    """How long the link to continue an application stays valid (seconds; default 30 days).

    Cites: Kebijakan Lentera: a link to continue an application expires (PROVIDERS_APPLICANT_LINK_MAX_AGE).
    """
    return int(getattr(settings, "PROVIDERS_APPLICANT_LINK_MAX_AGE", 30 * 24 * 3600))


#: Blacklist durations (Perpres 16/2018 as changed by Perpres 12/2021, Pasal 78): 2 years for false documents
#: or statements and for collusion / KKN; 1 year for withdrawing without an acceptable reason and for not
#: performing or not completing the contract.
BLACKLIST_YEARS: dict[str, int] = {
    BlacklistEntry.Category.FALSE_DOCUMENTS: 2,
    BlacklistEntry.Category.COLLUSION: 2,
    BlacklistEntry.Category.WITHDRAWAL: 1,
    BlacklistEntry.Category.NON_PERFORMANCE: 1,
}


def blacklist_end(category: str, starts_on: dt.date) -> dt.date:
    """Last day in force: `years` after the start, minus one day (a 1-year entry from 1 Mar ends 28/29 Feb).

    Cites: Perpres 16/2018 Pasal 78 (diubah Perpres 12/2021: daftar hitam 2 tahun atau 1 tahun).
    """
    years = BLACKLIST_YEARS[category]
    try:
        anniversary = starts_on.replace(year=starts_on.year + years)
    except ValueError:  # 29 February
        anniversary = starts_on.replace(year=starts_on.year + years, day=28) + dt.timedelta(days=1)
    return anniversary - dt.timedelta(days=1)


def identity_change_needs_reverification(provider: Provider, changed_fields: Iterable[str]) -> bool:
    """Whether a change to these identity fields waits for the Verifikator instead of taking effect at once.

    Perbup Penajam Paser Utara 2/2021 Pasal 2 b (the LPSE registers and verifies the users of the procurement
    system) and Pasal 4 d 3-4 (the registration and verification field verifies every document and piece of
    information required, and approves or refuses on the result of that verification); Permendagri 53/2021
    Lampiran 2.5.1 b 2 (the provider's KTP, deeds and NPWP are compared with the originals). Data that was
    verified stays verified: once a provider is VERIFIED, a change to a field the Verifikator checked
    (`sections.VERIFIED_IDENTITY_FIELDS`) is a request, approved against new documents; the old value stays in
    force meanwhile. A provider not yet verified edits freely (its data is verified when it is submitted).

    Cites: Perbup PPU 2/2021 Pasal 2 b;
           Perbup PPU 2/2021 Pasal 4 d 3-4;
           Permendagri 53/2021 Lampiran 2.5.1 b 2.
    """
    if provider.status != Provider.Status.VERIFIED:
        return False
    return any(field in VERIFIED_IDENTITY_FIELDS for field in changed_fields)
