"""The report sections about the LPSE's own service: the provider verification times, the LPSE team's activity and
the LPSE's availability. Plain tables like :mod:`.sections`, computed by :mod:`.service_figures`."""

from __future__ import annotations

from typing import Any

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from lentera.providers.models import VerificationRound

from . import service_figures
from .tables import col as _col
from .tables import table as _table

EMPTY_TIMES: dict[str, Any] = {
    "months": [],
    "total": {"decided": 0, "approved": 0, "rejected": 0, "median_hours": None, "p90_hours": None},
}

EMPTY_AVAILABILITY: dict[str, Any] = {
    "months": [],
    "total": {
        "samples": 0,
        "up": 0,
        "availability_pct": None,
        "downtime_minutes": 0,
        "median_latency_ms": None,
    },
}
EMPTY_ACTIVITY: dict[str, Any] = {
    "desk": {"count": 0, "answered": 0, "resolved": 0},
    "training": {"sessions": 0, "attendees": 0, "certificates": 0},
    "verifications": [],
    "notices": [],
    "programme": None,
}


def month_label(month: tuple[int, int]) -> str:
    return f"{MONTHS[month[1]]} {month[0]}"


def verification_section(times: dict[str, Any]) -> dict[str, Any]:
    """The provider verification times per month of decision (service_figures.verification_times)."""
    cols = [
        _col(_("Bulan")),
        _col(_("Diputuskan"), "int"),
        _col(_("Disetujui"), "int"),
        _col(_("Ditolak"), "int"),
        _col(_("Median (jam)"), "pct"),
        _col(_("Persentil ke-90 (jam)"), "pct"),
    ]

    def cells(label: str, r: dict[str, Any]) -> list[Any]:
        return [label, r["decided"], r["approved"], r["rejected"], r["median_hours"], r["p90_hours"]]

    body = [cells(month_label(r["month"]), r) for r in times["months"]]
    body.append(cells(_("Seluruh periode"), times["total"]))
    table = _table(
        _("Waktu verifikasi penyedia: dari pengajuan sampai keputusan verifikator"), cols, body, chart=4
    )
    return {"key": "verification", "title": _("Verifikasi penyedia"), "tables": [table]}


def _notice_labels() -> dict[str, str]:
    # the public app's ServiceNotice.Kind labels (the public app sits above reporting: not importable)
    return {
        "MAINTENANCE": _("Pemeliharaan terencana"),
        "OUTAGE": _("Gangguan layanan"),
        "INFO": _("Informasi layanan"),
    }


def team_activity_section(rows: dict[str, Any], year: int) -> dict[str, Any]:
    """The LPSE team's activity (Perbup PPU 2/2021 Pasal 4 huruf b angka 2): the service it gave in the period and
    its work programme of the year (service_figures.team_activity, governance's activity report)."""
    a = service_figures.team_activity(rows)
    subjects = VerificationRound.Subject
    body: list[list[Any]] = [
        [_("Tiket helpdesk dilaporkan"), a["tickets"]],
        [_("Tiket helpdesk ditanggapi"), a["tickets_answered"]],
        [_("Tiket helpdesk selesai"), a["tickets_resolved"]],
        [_("Sesi pelatihan diselenggarakan"), a["sessions"]],
        [_("Peserta pelatihan hadir"), a["attendees"]],
        [_("Sertifikat pelatihan diterbitkan"), a["certificates"]],
        *[
            [_("Verifikasi diputuskan: %(subject)s") % {"subject": subjects(k).label}, n]
            for k, n in a["rounds"].items()
        ],
        [_("Verifikasi disetujui"), a["rounds_approved"]],
        [_("Verifikasi ditolak"), a["rounds_rejected"]],
        *[
            [_("Pengumuman layanan: %(kind)s") % {"kind": _notice_labels()[k]}, n]
            for k, n in a["notices"].items()
        ],
        [_("Pengumuman layanan ditarik"), a["notices_withdrawn"]],
    ]
    service = _table(
        _("Layanan yang diberikan Tim Pengelola LPSE dalam periode"),
        [_col(_("Kegiatan")), _col(_("Jumlah"), "int")],
        body,
    )
    p = rows.get("programme")
    title = _("Program kerja Tim Pengelola LPSE tahun %(year)s") % {"year": year}
    if p is None:
        counts = [[_("Belum ada program kerja untuk tahun ini"), None]]
        money: list[list[Any]] = []
    else:
        counts = [[_("Kegiatan dalam program kerja"), p["activities"]]]
        counts += [[_("Kegiatan: %(status)s") % {"status": label}, n] for label, n in p["status_table"]]
        money = [
            [
                p["title"],
                p["budget"],
                p["period_spent"],
                p["spent"],
                p["absorption_pct"],
                p["mean_achievement_pct"],
            ]
        ]
    programme = _table(title, [_col(_("Ukuran")), _col(_("Jumlah"), "int")], counts)
    budget = _table(
        _("Anggaran dan capaian program kerja"),
        [
            _col(_("Program kerja")),
            _col(_("Anggaran (Rp)"), "money"),
            _col(_("Realisasi dalam periode (Rp)"), "money"),
            _col(_("Realisasi sampai akhir periode (Rp)"), "money"),
            _col(_("Penyerapan anggaran (%)"), "pct"),
            _col(_("Rata-rata capaian target (%)"), "pct"),
        ],
        money,
    )
    return {
        "key": "team_activity",
        "title": _("Kegiatan Tim Pengelola LPSE"),
        "tables": [service, programme, budget],
    }


def availability_section(figs: dict[str, Any]) -> dict[str, Any]:
    """The LPSE's availability per month from the health checks (service_figures.availability)."""
    cols = [
        _col(_("Bulan")),
        _col(_("Pemeriksaan"), "int"),
        _col(_("Tersedia"), "int"),
        _col(_("Ketersediaan (%)"), "pct"),
        _col(_("Waktu tidak tersedia (menit)"), "int"),
        _col(_("Median latensi (ms)"), "pct"),
    ]

    def cells(label: str, r: dict[str, Any]) -> list[Any]:
        return [
            label,
            r["samples"],
            r["up"],
            r["availability_pct"],
            r["downtime_minutes"],
            r["median_latency_ms"],
        ]

    body = [cells(month_label(r["month"]), r) for r in figs["months"]]
    body.append(cells(_("Seluruh periode"), figs["total"]))
    table = _table(_("Ketersediaan layanan LPSE (pemeriksaan /healthz)"), cols, body, chart=3)
    return {"key": "availability", "title": _("Ketersediaan LPSE"), "tables": [table]}
