"""Demo governance of Kabupaten Contoh: the Keputusan Bupati forming the Tim Pengelolaan LPSE (chair, secretary,
members in the three fields, one of them granted the Trainer role by it) and the staff's procurement certificates,
one lapsing within the warning window and one lapsed, so the head of UKPBJ's dashboard shows both.
Idempotent: the decree and certificates are looked up by number."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.demo import DemoContext
from lentera.core.roles import Role
from lentera.core.seeds import reseed

from . import demo_registers, services
from .enums import CertificateLevel, DecreeKind, LpseField, Position
from .models import Certificate, Decree

DEMO_PDF = b"%PDF-1.4\n% Lentera demo scan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TEAM_DECREE = "188.45/012/KEP-BUP/{year}"

# (user_id, position, field, role granted by the decree)
TEAM = [
    ("kepala.ukpbj", Position.LPSE_CHAIR, "", ""),
    ("admin", Position.LPSE_SECRETARY, "", ""),
    ("kasubag.lpse", Position.LPSE_MEMBER, LpseField.SYSTEM, ""),
    ("verifikator", Position.LPSE_MEMBER, LpseField.REGISTRATION, ""),
    ("helpdesk", Position.LPSE_MEMBER, LpseField.SERVICE, Role.TRAINER),
]

# (user_id, level, number, issued days ago, expires in days (None: no expiry))
CERTIFICATES = [
    ("pokja1", CertificateLevel.POKJA, "LKPP-OKP-2024-000101", 700, 395),
    ("pokja2", CertificateLevel.POKJA, "LKPP-OKP-2024-000102", 700, 45),
    ("pokja3", CertificateLevel.BASIC, "LKPP-L1-2019-004417", 2400, None),
    ("pokja4", CertificateLevel.FUNCTIONAL, "LKPP-JF-2023-000977", 1100, -20),
    ("kepala.ukpbj", CertificateLevel.BASIC, "LKPP-L1-2016-001234", 3600, None),
]


def load(ctx: DemoContext) -> None:
    reseed(
        "governance.0003_maturity_model_seed:seed", "governance.0006_lpse_standards_seed:seed"
    )  # a flushed database lost the migrations' reference rows
    head, agency = ctx.objects.get("kepala.ukpbj"), ctx.objects.get("agency")
    if head is None or agency is None:
        return  # accounts' demo did not run
    today = local_date(db_now())
    number = TEAM_DECREE.format(year=today.year)
    decree = Decree.objects.filter(agency=agency, number=number).first()
    if decree is None:
        decree = services.decree_create(
            actor=head,
            agency=agency,
            kind=DecreeKind.LPSE_TEAM,
            number=number,
            title=f"Pembentukan Tim Pengelolaan LPSE Kabupaten Contoh Tahun {today.year}",
            signed_on=dt.date(today.year, 1, 2),
            valid_from=dt.date(today.year, 1, 2),
            valid_until=dt.date(today.year + 1, 12, 31),
            scan=SimpleUploadedFile("keputusan-bupati.pdf", DEMO_PDF, "application/pdf"),
        )
        units = ctx.objects.get("units", {})
        for user_id, position, field, role in TEAM:
            person = ctx.objects.get(user_id)
            if person is None:
                continue
            services.appointment_create(
                actor=head,
                decree=decree,
                person=person,
                position=position,
                lpse_field=field,
                role=role,
                work_unit=units.get("LPSE") if role else None,
            )
    ctx.objects["lpse_team_decree"] = decree
    for user_id, level, cert_number, issued_ago, expires_in in CERTIFICATES:
        person = ctx.objects.get(user_id)
        if person is None or Certificate.objects.filter(number=cert_number).exists():
            continue
        services.certificate_record(
            actor=head,
            agency=agency,
            person=person,
            level=level,
            number=cert_number,
            issued_on=today - dt.timedelta(days=issued_ago),
            expires_on=None if expires_in is None else today + dt.timedelta(days=expires_in),
        )
    demo_registers.load(ctx, agency, decree)
    ctx.notes.append(
        "Tata kelola (kepala.ukpbj, menu Administrasi): SK dan Tim LPSE; Sertifikat PBJ pegawai (one lapsing, one "
        "lapsed); Penilaian kematangan UKPBJ (this year in progress); Register SOP (SOP-LPSE-A v2, public page "
        "/tata-kelola/sop/publik/); Register 17 standar LPSE; Program kerja Tim LPSE."
    )
