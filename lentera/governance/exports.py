"""XLSX downloads of the governance registers (openpyxl): the decree register with its appointments, the staff
certificate register, the LPSE team's activity report (Perbup PPU 2/2021 Pasal 4 huruf b angka 2), the 17
standards register, the risk register and the ITSM registers of the LPSE standards. Real numbers and dates, not
text; one sheet per table; always Indonesian (like the PDFs).

The workbooks are built from rows the caller has already read through a scoped selector: this module reads
nothing on its own except through those selectors."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from django.utils import translation

from lentera.accounts.models import Agency, User
from lentera.core.calendar import local_date

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER_FORMATS = {"money": "#,##0", "pct": "0.0", "int": "0", "date": "dd/mm/yyyy"}


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # text, int, money, pct, date
    width: int = 18


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: list[list[Any]]
    heading: list[str] = field(default_factory=list)


def _sheet_name(title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]\*\?/\\:]", " ", title)[:31].strip() or "Sheet"
    base, n = name, 2
    while name in used:
        suffix = f" {n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def _cell(value: Any) -> Any:
    """openpyxl refuses aware datetimes: a moment becomes its local (WIB) day."""
    if isinstance(value, dt.datetime):
        return local_date(value)
    if value is None or isinstance(value, int | float | dt.date):
        return value
    if hasattr(value, "is_finite"):  # Decimal
        return value
    return str(value)


def workbook(sheets: Iterable[Sheet]) -> bytes:
    """One worksheet per sheet: its heading lines (bold), the column labels (bold), the rows with number formats."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    bold = Font(bold=True)
    for sheet in sheets:
        ws = wb.create_sheet(_sheet_name(sheet.title, used))
        for line in sheet.heading or [sheet.title]:
            ws.append([line])
            ws.cell(row=ws.max_row, column=1).font = bold
        ws.append([])
        ws.append([c.label for c in sheet.columns])
        for i in range(1, len(sheet.columns) + 1):
            ws.cell(row=ws.max_row, column=i).font = bold
        for row in sheet.rows:
            ws.append([_cell(v) for v in row])
            for i, col in enumerate(sheet.columns, start=1):
                fmt = NUMBER_FORMATS.get(col.kind)
                if fmt:
                    ws.cell(row=ws.max_row, column=i).number_format = fmt
        for i, col in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = col.width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def response(sheets: Iterable[Sheet], *, filename: str) -> HttpResponse:
    """The workbook as a download (the page and the API both answer with this)."""
    with translation.override("id"):
        body = workbook(list(sheets))
    resp = HttpResponse(body, content_type=XLSX_TYPE)
    resp["Content-Disposition"] = f'attachment; filename="{filename}"'
    return resp


def _display(obj: Any, name: str) -> str:
    return str(getattr(obj, f"get_{name}_display")())


# --- the decree register ---------------------------------------------------------------------------------------


def decree_sheets(user: User, *, on: dt.date) -> list[Sheet]:
    """The decrees ``user`` may read and every appointment they make (status on ``on``)."""
    from . import selectors

    with translation.override("id"):
        decrees = list(selectors.decrees_visible_to(user))
        rows = [
            [d.agency.name, d.number, d.title, _display(d, "kind"), d.signed_on, d.valid_from, d.valid_until,
             "Dicabut" if d.revoked_at else ("Berlaku" if d.in_force_on(on) else "Tidak berlaku"),
             d.revoked_at, d.revoked_reason]
            for d in decrees
        ]  # fmt: skip
        appointments = [
            [a.decree.number, a.person.full_name, _display(a, "position"), _display(a, "lpse_field") if a.lpse_field
             else "", _display(a, "role") if a.role else "", a.work_unit.name if a.work_unit else ""]
            for a in selectors.appointments_visible_to(user)
        ]  # fmt: skip
    return [
        Sheet(
            "Daftar SK",
            [
                Column("Instansi", width=30),
                Column("Nomor", width=28),
                Column("Perihal", width=48),
                Column("Jenis", width=30),
                Column("Tanggal penetapan", "date"),
                Column("Berlaku mulai", "date"),
                Column("Berlaku sampai", "date"),
                Column("Status"),
                Column("Dicabut pada", "date"),
                Column("Alasan pencabutan", width=40),
            ],  # fmt: skip
            rows,
            heading=["Register SK UKPBJ dan Tim Pengelolaan LPSE", f"Keadaan per {on:%d/%m/%Y}"],
        ),
        Sheet(
            "Penunjukan",
            [
                Column("Nomor SK", width=28),
                Column("Nama", width=30),
                Column("Kedudukan", width=30),
                Column("Bidang", width=30),
                Column("Peran di Lentera", width=24),
                Column("Satuan kerja", width=30),
            ],  # fmt: skip
            appointments,
            heading=["Penunjukan menurut SK (Perbup PPU 2/2021 Pasal 3)"],
        ),
    ]


# --- the certificate register ----------------------------------------------------------------------------------


def certificate_sheets(user: User, *, on: dt.date) -> list[Sheet]:
    """The certificates ``user`` may read with their status on ``on`` (Permendagri 53/2021 Pasal 21)."""
    from . import selectors

    def status(r: selectors.CertificateRow) -> str:
        if r.renewed:
            return "Sudah diperpanjang"
        if not r.valid:
            return "Tidak berlaku"
        return f"Habis dalam {r.days_left} hari" if r.warn else "Berlaku"

    with translation.override("id"):
        rows = [
            [r.certificate.agency.name, r.certificate.person.full_name, _display(r.certificate, "level"),
             r.certificate.number, r.certificate.issued_on, r.certificate.expires_on, r.days_left, status(r),
             "ya" if r.warn else ""]
            for r in selectors.certificate_rows(user, on=on)
        ]  # fmt: skip
    return [
        Sheet(
            "Sertifikat PBJ",
            [
                Column("Instansi", width=30),
                Column("Nama", width=30),
                Column("Jenis", width=30),
                Column("Nomor", width=28),
                Column("Terbit", "date"),
                Column("Berlaku sampai", "date"),
                Column("Sisa hari", "int"),
                Column("Status", width=22),
                Column("Perlu perhatian"),
            ],  # fmt: skip
            rows,
            heading=[
                "Register sertifikat PBJ pegawai (Permendagri 53/2021 Pasal 21)",
                f"Keadaan per {on:%d/%m/%Y}",
            ],
        )
    ]


# --- the activity report of the LPSE team ----------------------------------------------------------------------


def programme_report_sheets(report: Any) -> list[Sheet]:
    """The activity report (``programme.selectors.ActivityReport``): a summary, the activities, the
    realisations of the period: the same figures as the page, the PDF and the API."""
    from .programme.selectors import PROGRESS_LABELS

    p = report.programme
    period = f"Periode {report.first:%d/%m/%Y} – {report.last:%d/%m/%Y}"
    with translation.override("id"):
        summary = [
            ["Pagu seluruh kegiatan", report.budget],
            ["Realisasi anggaran dalam periode", report.period_spent],
            ["Realisasi anggaran s.d. akhir periode", report.spent],
            ["Penyerapan anggaran (%)", report.absorption_pct],
            ["Rata-rata capaian target (%)", report.mean_achievement_pct],
        ] + [[f"Kegiatan: {label}", n] for label, n in report.status_table]
        activities = [
            [r.activity.name, _display(r.activity, "lpse_field") if r.activity.lpse_field else "",
             r.activity.target, r.activity.target_quantity, r.activity.unit, r.activity.budget,
             r.activity.planned_start, r.activity.planned_end, r.period_quantity, r.period_spent, r.achieved,
             r.spent, r.achievement_pct, r.absorption_pct, str(PROGRESS_LABELS[r.status])]
            for r in report.rows
        ]  # fmt: skip
        realisations = [
            [r.activity.name, x.realised_on, x.quantity, x.spent, x.note]
            for r in report.rows
            for x in r.realisations
        ]
    heading = [f"Laporan Kegiatan Tim Pengelolaan LPSE Tahun {p.year}", p.agency.name, period,
               "Perbup PPU 2/2021 Pasal 4 huruf b angka 2"]  # fmt: skip
    return [
        Sheet(
            "Ringkasan", [Column("Uraian", width=44), Column("Nilai", "money", 20)], summary, heading=heading
        ),
        Sheet(
            "Kegiatan",
            [
                Column("Kegiatan", width=40),
                Column("Bidang", width=28),
                Column("Target", width=30),
                Column("Volume target", "int"),
                Column("Satuan"),
                Column("Pagu (Rp)", "money"),
                Column("Rencana mulai", "date"),
                Column("Rencana selesai", "date"),
                Column("Volume periode", "int"),
                Column("Biaya periode (Rp)", "money"),
                Column("Volume s.d. periode", "int"),
                Column("Biaya s.d. periode (Rp)", "money"),
                Column("Capaian (%)", "pct"),
                Column("Penyerapan (%)", "pct"),
                Column("Status"),
            ],  # fmt: skip
            activities,
            heading=heading,
        ),
        Sheet(
            "Realisasi periode",
            [
                Column("Kegiatan", width=40),
                Column("Tanggal", "date"),
                Column("Volume", "int"),
                Column("Biaya (Rp)", "money"),
                Column("Catatan", width=40),
            ],  # fmt: skip
            realisations,
            heading=heading,
        ),
    ]


# --- the 17 standards and the risk register --------------------------------------------------------------------


def standard_sheets(agency: Agency) -> list[Sheet]:
    """The 17 LPSE standards of ``agency`` (found through a scoped selector) with their status."""
    from .standards import selectors
    from .standards.models import Compliance

    with translation.override("id"):
        rows = [
            [r.standard.number, r.standard.name, str(dict(Compliance.choices)[r.status]),
             r.record.sop.code if r.record and r.record.sop else "",
             r.record.coordinator_decree.number if r.record and r.record.coordinator_decree else "",
             r.record.last_review_on if r.record else None, r.record.note if r.record else ""]
            for r in selectors.register(agency)
        ]  # fmt: skip
    return [
        Sheet(
            "17 standar LPSE",
            [
                Column("No.", "int", 6),
                Column("Standar", width=40),
                Column("Status kepatuhan", width=22),
                Column("SOP"),
                Column("SK koordinator", width=28),
                Column("Tinjauan terakhir", "date"),
                Column("Catatan", width=40),
            ],  # fmt: skip
            rows,
            heading=["Register 17 standar LPSE (Permendagri 53/2021 Lampiran 2.5.6)", agency.name],
        )
    ]


RISK_BANDS = {"LOW": "Rendah", "MEDIUM": "Sedang", "HIGH": "Tinggi"}


def risk_sheets(user: User, agency: Agency, *, on: dt.date) -> list[Sheet]:
    """The risk register of ``agency`` (standard 4) with each risk's exposure and band on ``on``."""
    from .standards import rules, selectors

    rows = []
    for r in selectors.risks_of(user=user, agency=agency):
        exposure, band = rules.risk_exposure(likelihood=r.likelihood, impact=r.impact, on=on)
        rows.append([r.threat, r.vulnerability, r.likelihood, r.impact, exposure, RISK_BANDS.get(band, band), r.treatment,
                     r.owner.full_name, r.review_on])  # fmt: skip
    return [
        Sheet(
            "Risiko",
            [
                Column("Ancaman", width=40),
                Column("Kerentanan", width=40),
                Column("Kemungkinan", "int"),
                Column("Dampak", "int"),
                Column("Paparan", "int"),
                Column("Tingkat"),
                Column("Penanganan", width=40),
                Column("Pemilik", width=28),
                Column("Tinjauan", "date"),
            ],  # fmt: skip
            rows,
            heading=[
                "Register risiko LPSE (standar 4, Pengelolaan Risiko)",
                agency.name,
                f"Per {on:%d/%m/%Y}",
            ],
        )
    ]


# --- the ITSM registers (assets, change requests, capacity log) -----------------------------------------------


def itsm_sheets(user: User, agency: Agency, *, on: dt.date) -> list[Sheet]:
    """The asset register (with each asset's value), the change requests and the capacity log of ``agency``."""
    from .itsm import rules, selectors

    heading = [
        "Register ITSM LPSE (standar 3 Aset, 6 Perubahan, 7 Kapasitas)",
        agency.name,
        f"Per {on:%d/%m/%Y}",
    ]
    status_labels = {"OK": "Aman", "WATCH": "Diawasi", "ACT": "Perlu tindakan"}
    with translation.override("id"):
        assets = []
        for a in selectors.assets_of(user=user, agency=agency):
            value, band = rules.asset_value(
                confidentiality=a.confidentiality, integrity=a.integrity, availability=a.availability, on=on
            )
            assets.append([a.code, a.name, _display(a, "kind"), a.owner.full_name, a.location, a.confidentiality,
                           a.integrity, a.availability, value, RISK_BANDS[band], a.note])  # fmt: skip
        changes = [
            [c.pk, c.title, _display(c, "kind"), c.asset.code if c.asset else "", _display(c, "status"),
             c.requested_by.full_name, c.created_at, c.decided_by.full_name if c.decided_by else "", c.decided_at,
             c.implemented_at, c.reviewed_at, "" if c.successful is None else ("ya" if c.successful else "tidak"),
             c.test_plan, c.rollback_plan]
            for c in selectors.changes_of(user=user, agency=agency)
        ]  # fmt: skip
        capacity = [
            [_display(r, "resource_kind"), r.resource, r.measured_on, r.utilisation_pct, r.forecast_pct,
             _display(r, "condition"), status_labels[rules.capacity_status(
                 utilisation_pct=r.utilisation_pct, forecast_pct=r.forecast_pct, on=r.measured_on)], r.follow_up]
            for r in selectors.capacity_of(user=user, agency=agency)
        ]  # fmt: skip
    return [
        Sheet(
            "Aset",
            [
                Column("Kode"),
                Column("Nama", width=36),
                Column("Jenis", width=22),
                Column("Pemilik", width=28),
                Column("Lokasi", width=28),
                Column("Kerahasiaan", "int"),
                Column("Integritas", "int"),
                Column("Ketersediaan", "int"),
                Column("Nilai", "int"),
                Column("Tingkat"),
                Column("Catatan", width=36),
            ],  # fmt: skip
            assets,
            heading=heading,
        ),
        Sheet(
            "Permintaan perubahan",
            [
                Column("No.", "int", 6),
                Column("Judul", width=36),
                Column("Jenis"),
                Column("Aset"),
                Column("Status"),
                Column("Pengaju", width=28),
                Column("Diajukan", "date"),
                Column("Diputus oleh", width=28),
                Column("Diputus", "date"),
                Column("Dilaksanakan", "date"),
                Column("Ditinjau", "date"),
                Column("Berhasil"),
                Column("Rencana uji", width=36),
                Column("Rencana pemulihan", width=36),
            ],  # fmt: skip
            changes,
            heading=heading,
        ),
        Sheet(
            "Kapasitas",
            [
                Column("Jenis", width=26),
                Column("Sumber daya", width=30),
                Column("Tanggal", "date"),
                Column("Utilisasi (%)", "pct"),
                Column("Prakiraan (%)", "pct"),
                Column("Kondisi"),
                Column("Status", width=16),
                Column("Tindak lanjut", width=40),
            ],  # fmt: skip
            capacity,
            heading=heading,
        ),
    ]
