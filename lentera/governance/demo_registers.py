"""Demo rows of the maturity self-assessment, the SOP register and the 17 LPSE standards register (issue #17
parts 2, 3 and 5): last year's assessment submitted, this year's in progress with a roadmap; SOP 2.5 a with two
versions (the second in force, read by part of the staff), SOP 2.5 b in force and 2.5 e in draft; five standards
filled in. Idempotent: rows are looked up by their natural keys."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from lentera.accounts.models import Agency, User
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.demo import DemoContext

from . import demo_itsm, demo_programme
from . import services as governance_services
from .enums import DecreeKind
from .maturity import selectors as maturity_selectors
from .maturity import services as maturity
from .maturity.models import Assessment
from .models import Decree
from .sops import services as sops
from .sops.models import Sop
from .standards import selectors as standard_selectors
from .standards import services as standards
from .standards.models import StandardRecord

PDF = b"%PDF-1.4\n% Lentera demo SOP\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SOP_DECREE = "027/015/UKPBJ/{year}"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, "application/pdf")


def _maturity(head: User, admin: User, agency: Agency, today: dt.date) -> Assessment | None:
    if maturity_selectors.current_model() is None:
        return None
    last = Assessment.objects.filter(agency=agency, year=today.year - 1).first()
    if last is None:
        last = maturity.assessment_start(actor=head, agency=agency, year=today.year - 1)
        for variable in maturity_selectors.variables_of(last.model):
            level = 3 if variable.code == "1.1.1" else 2
            maturity.answer_save(
                actor=admin, assessment=last, variable=variable, level=level,
                justification="Penilaian tahun lalu (demo).",
            )  # fmt: skip
        maturity.assessment_submit(actor=head, assessment=last)
    current = Assessment.objects.filter(agency=agency, year=today.year).first()
    if current is None:
        current = maturity.assessment_start(actor=head, agency=agency, year=today.year)
        variables = maturity_selectors.variables_of(current.model)
        first, sdm = variables[0], next(v for v in variables if v.indicator == "certified_staff_share")
        maturity.answer_save(
            actor=admin, assessment=current, variable=first, level=3,
            justification="UKPBJ unit struktural dengan Subbagian LPSE serta pembinaan dan advokasi.",
            evidence_link="/tata-kelola/sk/",
        )  # fmt: skip
        maturity.answer_save(
            actor=admin, assessment=current, variable=sdm, level=2,
            justification="Sebagian pegawai bersertifikat; dua sertifikat perlu diperpanjang.",
            evidence_link="/tata-kelola/sertifikat/",
        )  # fmt: skip
        maturity.target_set(actor=admin, assessment=current, variable=sdm, year=today.year + 1, level=3)
        maturity.action_add(
            actor=admin, assessment=current, variable=sdm, description="Diklat dan ujian sertifikasi Pokja",
            owner=head, due_on=dt.date(today.year + 1, 6, 30),
        )  # fmt: skip
    return current


def _sop_decree(head: User, agency: Agency, today: dt.date) -> Decree:
    number = SOP_DECREE.format(year=today.year)
    decree = Decree.objects.filter(agency=agency, number=number).first()
    return decree or governance_services.decree_create(
        actor=head, agency=agency, kind=DecreeKind.OTHER, number=number,
        title="Penetapan Standar Operasional Prosedur Layanan Pengadaan Secara Elektronik",
        signed_on=dt.date(today.year, 1, 5), valid_from=dt.date(today.year, 1, 5), valid_until=None,
        scan=_pdf("sk-sop.pdf"),
    )  # fmt: skip


def _publish(head: User, sop: Sop, summary: str, decree: Decree, effective_on: dt.date) -> None:
    version = sops.version_draft(
        actor=head, sop=sop, change_summary=summary, document=_pdf(f"{sop.code}.pdf")
    )
    sops.version_approve(actor=head, version=version, decree=decree, effective_on=effective_on)
    sops.version_publish(actor=head, version=version)


def _sops(ctx: DemoContext, head: User, agency: Agency, today: dt.date) -> dict[str, Sop]:
    found = {s.code: s for s in Sop.objects.filter(agency=agency)}
    if "SOP-LPSE-A" in found:
        return found
    decree = _sop_decree(head, agency, today)
    start = dt.date(today.year, 1, 10)
    a = sops.sop_create(
        actor=head, agency=agency, code="SOP-LPSE-A", title="Registrasi dan verifikasi Pengguna SPSE", item="A",
        carried_by="/penyedia/",
    )  # fmt: skip
    _publish(head, a, "Versi awal sesuai Lampiran 2.5.1.", decree, start)
    _publish(
        head,
        a,
        "Verifikasi dokumen penyedia secara daring; tanpa pungutan.",
        decree,
        max(start, today - dt.timedelta(days=10)),
    )
    b = sops.sop_create(actor=head, agency=agency, code="SOP-LPSE-B", title="Layanan Pengguna SPSE", item="B")
    _publish(head, b, "Versi awal sesuai Lampiran 2.5.2.", decree, start)
    e = sops.sop_create(
        actor=head,
        agency=agency,
        code="SOP-LPSE-E",
        title="Pengarsipan dokumen elektronik (back up)",
        item="E",
    )
    sops.version_draft(actor=head, sop=e, change_summary="Konsep pertama.", document=_pdf("sop-e.pdf"))
    current = a.versions.get(number=2)
    for user_id in ("verifikator", "helpdesk"):
        person = ctx.objects.get(user_id)
        if person is not None:
            sops.acknowledge(actor=person, version=current)
    return {"SOP-LPSE-A": a, "SOP-LPSE-B": b, "SOP-LPSE-E": e}


def _standards(head: User, agency: Agency, found: dict[str, Sop], team: Decree | None) -> None:
    if StandardRecord.objects.filter(agency=agency).exists():
        return
    rows = [
        (1, found.get("SOP-LPSE-B"), "COMPLIANT"),
        (2, None, "COMPLIANT"),
        (5, found.get("SOP-LPSE-B"), "PARTIAL"),
        (11, None, "NOT_COMPLIANT"),
        (12, found.get("SOP-LPSE-E"), "PARTIAL"),
    ]
    for number, sop, status in rows:
        standards.record_update(
            actor=head, agency=agency, standard=standard_selectors.standard(number), sop=sop,
            coordinator_decree=team, status=status,
        )  # fmt: skip
    standards.evidence_add(
        actor=head, agency=agency, standard=standard_selectors.standard(2), title="Tim Pengelolaan LPSE",
        link="/tata-kelola/sk/",
    )  # fmt: skip
    review_on = local_date(db_now()) + dt.timedelta(days=90)
    for threat, vulnerability, likelihood, impact, treatment in (
        (
            "Server SPSE padam menjelang batas penawaran",
            "Satu catu daya tanpa UPS",
            3,
            5,
            "Pasang UPS dan genset",
        ),
        ("Kebocoran kata sandi pengguna", "Pengguna berbagi akun", 3, 4, "Wajib verifikasi dua langkah"),
        ("Cadangan basis data gagal dipulihkan", "Uji pemulihan belum rutin", 2, 4, "Uji pemulihan bulanan"),
    ):
        standards.risk_record(
            actor=head, agency=agency, threat=threat, vulnerability=vulnerability, likelihood=likelihood,
            impact=impact, treatment=treatment, owner=head, review_on=review_on,
        )  # fmt: skip


def load(ctx: DemoContext, agency: Agency, team: Decree | None) -> None:
    head, admin = (
        ctx.objects.get("kepala.ukpbj"),
        ctx.objects.get("admin.ukpbj") or ctx.objects.get("kepala.ukpbj"),
    )
    if head is None:
        return
    today = local_date(db_now())
    assessment = _maturity(head, admin or head, agency, today)
    found = _sops(ctx, head, agency, today)
    _standards(head, agency, found, team)
    kasubag = ctx.objects.get("kasubag.lpse") or head
    ctx.objects["lpse_work_programme"] = demo_programme.load(
        secretary=kasubag, agency=agency, team=team, today=today
    )
    ctx.objects["maturity_assessment"] = assessment
    if kasubag is not head:
        demo_itsm.load(editor=admin or head, approver=kasubag, agency=agency, today=today)
