"""Demo providers of Kabupaten Contoh: five verified profiles (penyedia1..penyedia5) with their ADP, one
application waiting for the Verifikator (calon.penyedia), and two blacklist entries (one expired, one active)
for NPWPs that are not among the five.

Idempotent: providers are looked up by account, sections only filled when empty, documents and rounds only made
once, blacklist entries looked up by NPWP and decree number. Everything goes through the services (audited).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from stdnum import luhn

from lentera.accounts import services as accounts_services
from lentera.accounts.models import RoleAssignment, User
from lentera.core.demo import DemoContext
from lentera.core.roles import Role

from . import services
from .models import BlacklistEntry, Document, Provider, VerificationRound
from .samples import pdf_bytes
from .services import CheckInput
from .tokens import make_applicant_token


def npwp_from(base8: str, kpp: str = "424", branch: str = "000") -> str:
    """A valid NPWP (canonical 16 digits) from 8 digits: the Luhn check digit is computed with python-stdnum."""
    return f"0{base8}{luhn.calc_check_digit(base8)}{kpp}{branch}"


# user_id: (name, form, npwp base, address, representative, position, NIK, small business)
PROVIDERS = {
    "penyedia1": (
        "PT Karya Bangun Nusantara",
        Provider.BusinessForm.PT,
        "21345678",
        "Jl. Raya Soreang No. 12",
        "Ir. Darmawan Saputra",
        "Direktur Utama",
        "3204011203750002",
        False,
    ),
    "penyedia2": (
        "CV Sinar Jaya Konstruksi",
        Provider.BusinessForm.CV,
        "31456712",
        "Jl. Cibaduyut No. 45",
        "Asep Sunandar",
        "Direktur",
        "3204021507820001",
        True,
    ),
    "penyedia3": (
        "PT Medika Sehat Sentosa",
        Provider.BusinessForm.PT,
        "02789123",
        "Jl. Asia Afrika No. 88",
        "dr. Lestari Wulandari",
        "Direktur",
        "3273015508790003",
        False,
    ),
    "penyedia4": (
        "Koperasi Usaha Tani Makmur",
        Provider.BusinessForm.KOPERASI,
        "53912467",
        "Jl. Desa Sukamaju No. 3",
        "H. Rohmat",
        "Ketua",
        "3204031001680004",
        True,
    ),
    "penyedia5": (
        "Hadi Prasetyo",
        Provider.BusinessForm.INDIVIDUAL,
        "64120985",
        "Jl. Melati No. 7",
        "Hadi Prasetyo",
        "Pemilik",
        "3204052208900001",
        True,
    ),
}

# user_id: (NIB, KBLI, [(contract, client, number, date, value, done)], [(expert, education, expertise, years,
# certificate, number)], [(equipment, quantity, capacity, ownership)])
ADP = {
    "penyedia1": (
        "9120001110001",
        "41011, 42101",
        [
            (
                "Peningkatan Jalan Lingkar Timur",
                "Dinas PUPR Kabupaten Contoh",
                "600/31/PUPR/2024",
                "2024-04-02",
                "2850000000",
                "2024-11-20",
            ),
            (
                "Pembangunan Jembatan Cisangkuy",
                "Dinas PUPR Kabupaten Tetangga",
                "620/7/BM/2025",
                "2025-03-10",
                "4120000000",
                "2025-10-30",
            ),
        ],
        [
            (
                "Ir. Joko Susilo",
                "S1 Teknik Sipil",
                "Ahli Madya Jalan",
                14,
                "SKK Ahli Madya Teknik Jalan",
                "SKK-JL-2231",
            )
        ],
        [("Excavator PC200", 2, "0,9 m3", "OWNED"), ("Asphalt finisher", 1, "6 ton", "LEASED")],
    ),
    "penyedia2": (
        "9120001110002",
        "41012, 43211",
        [
            (
                "Rehabilitasi Gedung SD Negeri 2",
                "Dinas Pendidikan Kabupaten Contoh",
                "027/12/DISDIK/2025",
                "2025-06-02",
                "640000000",
                "2025-09-15",
            )
        ],
        [
            (
                "Rina Kartika, S.T.",
                "S1 Teknik Sipil",
                "Ahli Muda Bangunan Gedung",
                6,
                "SKK Ahli Muda Bangunan Gedung",
                "SKK-BG-8812",
            )
        ],
        [("Concrete mixer", 2, "0,35 m3", "OWNED")],
    ),
    "penyedia3": (
        "9120001110003",
        "46691, 47723",
        [
            (
                "Pengadaan Alat Kesehatan Puskesmas",
                "Dinas Kesehatan Kabupaten Contoh",
                "440/5/DINKES/2025",
                "2025-02-17",
                "975000000",
                "2025-04-30",
            )
        ],
        [
            (
                "apt. Maya Sari, S.Farm.",
                "Profesi Apoteker",
                "Penanggung jawab teknis alat kesehatan",
                9,
                "STRA",
                "STRA-3273-0091",
            )
        ],
        [],
    ),
    "penyedia4": (
        "9120001110004",
        "01111, 46201",
        [
            (
                "Penyediaan Benih Padi Bersertifikat",
                "Dinas Pertanian Kabupaten Contoh",
                "521/8/DISTAN/2025",
                "2025-08-04",
                "185000000",
                "2025-09-05",
            )
        ],
        [],
        [("Truk engkel", 1, "4 ton", "OWNED")],
    ),
    "penyedia5": (
        "9120001110005",
        "71102",
        [
            (
                "Jasa Konsultansi Perencanaan Drainase",
                "Dinas PUPR Kabupaten Contoh",
                "600/44/PUPR/2025",
                "2025-05-12",
                "95000000",
                "2025-07-11",
            )
        ],
        [
            (
                "Hadi Prasetyo, S.T., M.T.",
                "S2 Teknik Sipil",
                "Ahli Muda Sumber Daya Air",
                8,
                "SKK Ahli Muda SDA",
                "SKK-SDA-4410",
            )
        ],
        [],
    ),
}


def _documents(provider: Provider, nik: str) -> None:
    user = provider.account
    if Document.objects.filter(user=user).exists():
        return

    def upload(name: str, text: str):
        return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")

    services.document_upload(
        actor=user, user=user, kind=Document.Kind.KTP, file=upload("ktp.pdf", "KTP"), number=nik
    )
    services.document_upload(
        actor=user, user=user, kind=Document.Kind.NPWP, file=upload("npwp.pdf", "NPWP"), number=provider.npwp
    )
    if not provider.is_individual:
        services.document_upload(
            actor=user,
            user=user,
            kind=Document.Kind.DEED_ESTABLISHMENT,
            file=upload("akta.pdf", "Akta pendirian"),
            number="14",
            issued_on=dt.date(2012, 5, 21),
            issuer="Notaris Ratna Komala, S.H., M.Kn.",
        )


def _verified_provider(ctx: DemoContext, user_id: str, verifier: User) -> Provider:
    user: User = ctx.objects[user_id]
    name, form, base, address, rep, position, nik, small = PROVIDERS[user_id]
    provider = Provider.objects.filter(account=user).first()
    if provider is None:
        provider = Provider.objects.create(
            account=user,
            npwp=npwp_from(base) if form != Provider.BusinessForm.INDIVIDUAL else nik,
            name=name,
            business_form=form,
            address=address,
            city="Kabupaten Contoh",
            province="Jawa Barat",
            postal_code="40911",
            phone="022-5890" + user_id[-1] * 3,
            email=user.email,
            representative_name=rep,
            representative_position=position,
            representative_nik=nik,
            is_small_business=small,
            status=Provider.Status.DRAFT,
        )
    if provider.status != Provider.Status.VERIFIED:
        _documents(provider, nik)
        round_ = VerificationRound.objects.filter(
            user=user, outcome=VerificationRound.Outcome.PENDING
        ).first()
        round_ = round_ or services.application_submit(actor=user, user=user)
        checks = [CheckInput(d.pk, True, "Sesuai asli") for d in round_.documents.all()]
        services.verification_approve(actor=verifier, round_id=round_.pk, checks=checks, notify=False)
        provider.refresh_from_db()
    _adp(provider, user_id)
    return provider


def _adp(provider: Provider, user_id: str) -> None:
    actor = provider.account
    nib, kbli, experience, experts, equipment = ADP[user_id]

    def add(section: str, data: dict) -> None:
        services.section_save(actor=actor, provider=provider, section=section, data=data)

    if not provider.licences.exists():
        add(
            "izin-usaha",
            {
                "kind": "NIB",
                "number": nib,
                "issuer": "Lembaga OSS",
                "issued_on": dt.date(2021, 3, 8),
                "kbli": kbli,
            },
        )
        if user_id in ("penyedia1", "penyedia2"):
            add(
                "izin-usaha",
                {
                    "kind": "SBU",
                    "number": f"SBU-{nib[-4:]}-2025",
                    "issuer": "LPJK",
                    "issued_on": dt.date(2025, 1, 6),
                    "expires_on": dt.date(2028, 1, 5),
                    "kbli": kbli.split(",")[0],
                    "qualification": "Kecil" if user_id == "penyedia2" else "Menengah",
                },
            )
    if not provider.tax_reports.exists():
        add(
            "pajak",
            {"year": 2025, "receipt_number": f"BPE-2025-{nib[-6:]}", "submitted_on": dt.date(2026, 3, 25)},
        )
    rep_nik = PROVIDERS[user_id][6]
    if not provider.managers.exists():
        add(
            "pengurus",
            {
                "name": provider.representative_name,
                "position": provider.representative_position,
                "nik": rep_nik,
            },
        )
    if not provider.is_individual:
        if not provider.deeds.exists():
            add(
                "akta",
                {
                    "kind": "PENDIRIAN",
                    "number": "14",
                    "date": dt.date(2012, 5, 21),
                    "notary": "Ratna Komala, S.H., M.Kn.",
                },
            )
        if not provider.owners.exists():
            add(
                "pemilik",
                {"name": provider.representative_name, "id_number": rep_nik, "share_percent": Decimal("60")},
            )
            add(
                "pemilik",
                {"name": "Sri Handayani", "id_number": "3204016403800002", "share_percent": Decimal("40")},
            )
    if not provider.experience.exists():
        for contract, client, number, date, value, done in experience:
            add(
                "pengalaman",
                {
                    "contract_name": contract,
                    "client": client,
                    "contract_number": number,
                    "contract_date": dt.date.fromisoformat(date),
                    "value": Decimal(value),
                    "completed_on": dt.date.fromisoformat(done),
                    "location": "Kabupaten Contoh",
                },
            )
    if not provider.experts.exists():
        for name, education, expertise, years, certificate, number in experts:
            add(
                "tenaga-ahli",
                {
                    "name": name,
                    "education": education,
                    "expertise": expertise,
                    "years_experience": years,
                    "certificate_name": certificate,
                    "certificate_number": number,
                    "certificate_expires_on": dt.date(2029, 6, 30),
                },
            )
    if not provider.equipment.exists():
        for name, quantity, capacity, ownership in equipment:
            add(
                "peralatan",
                {
                    "name": name,
                    "quantity": quantity,
                    "capacity": capacity,
                    "ownership": ownership,
                    "condition": "Baik",
                },
            )


def _pending_application(ctx: DemoContext) -> User:
    """calon.penyedia: signed up, documents uploaded, waiting in the Verifikator's queue."""
    user = User.objects.filter(user_id__iexact="calon.penyedia").first()
    if user is None:
        user = accounts_services.user_create(
            actor=None,
            user_id="calon.penyedia",
            full_name="Dewi Anggraini",
            email="dewi@cahayateknik.example.id",
            password=ctx.password,
            status=User.Status.PENDING,
            check_actor=False,
        )
    if not RoleAssignment.objects.filter(user=user, role=Role.PENYEDIA).exists():
        accounts_services.role_assign(
            actor=None, user=user, role=Role.PENYEDIA, starts_on=dt.date(2026, 1, 2), check_actor=False
        )
    provider = Provider.objects.filter(account=user).first() or Provider.objects.create(
        account=user,
        npwp=npwp_from("75319864"),
        name="CV Cahaya Teknik Mandiri",
        business_form=Provider.BusinessForm.CV,
        address="Jl. Kopo No. 210",
        city="Kabupaten Contoh",
        province="Jawa Barat",
        phone="022-5401234",
        email=user.email,
        representative_name="Dewi Anggraini",
        representative_position="Direktur",
    )
    if provider.status == Provider.Status.DRAFT:
        _documents(provider, "3204054512880003")
        services.application_submit(actor=user, user=user)
    return user


BLACKLIST = [
    # (npwp base, name, decree, category, starts_on (None: 30 days ago), violation)
    (
        "88123457",
        "CV Lancar Abadi",
        "027/118/SK-DH/DPUPR/2023",
        BlacklistEntry.Category.WITHDRAWAL,
        dt.date(2023, 3, 1),
        "Mengundurkan diri setelah ditetapkan sebagai pemenang tanpa alasan yang dapat diterima.",
    ),
    (
        "91234566",
        "PT Prima Rekayasa Utama",
        "027/45/SK-DH/DPUPR/2026",
        BlacklistEntry.Category.FALSE_DOCUMENTS,
        None,
        "Menyampaikan surat dukungan peralatan yang dipalsukan pada tender pembangunan gedung.",
    ),
]


def _blacklist(ctx: DemoContext) -> None:
    verifier, pa = ctx.objects["verifikator"], ctx.objects["pa.dpupr"]
    for base, name, decree, category, starts_on, violation in BLACKLIST:
        npwp = npwp_from(base, kpp="421")
        if BlacklistEntry.objects.filter(npwp=npwp, decree_number=decree).exists():
            continue
        start = starts_on or timezone.localdate() - dt.timedelta(days=30)
        services.blacklist_create(
            actor=verifier,
            npwp=npwp,
            provider_name=name,
            decree_number=decree,
            decree_date=start - dt.timedelta(days=3),
            violation=violation,
            category=category,
            starts_on=start,
            requested_by=pa,
        )


def load(ctx: DemoContext) -> None:
    verifier = ctx.objects["verifikator"]
    providers = {user_id: _verified_provider(ctx, user_id, verifier) for user_id in PROVIDERS}
    ctx.objects["providers"] = providers
    applicant = _pending_application(ctx)
    ctx.objects["calon.penyedia"] = applicant
    _blacklist(ctx)
    ctx.notes.append(
        "Providers: penyedia1..penyedia5 are verified (profile at /penyedia/profil/). calon.penyedia's application "
        "waits in the Verifikator's queue (/penyedia/verifikasi/, log in as verifikator); the applicant's own page: "
        f"/penyedia/pendaftaran/masuk/{make_applicant_token(applicant)}/ . Public blacklist: /publik/daftar-hitam/."
    )
