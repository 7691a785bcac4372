"""The computed sections of a semester or annual report, as plain tables (title, typed columns, rows) that the page,
the PDF and the XLSX all render; frozen into ``Report.snapshot`` (JSON) at approval.

Cell kinds: ``text``, ``int``, ``money`` (Decimal rupiah), ``pct`` (Decimal, one place), ``date``. In the JSON a
Decimal is a string and a date ISO-8601, turned back by :func:`thaw`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from lentera.contracts.states import ContractState
from lentera.planning.models import Method
from lentera.planning.models import SelectionReport as _SelectionReportModel
from lentera.servicedesk.enums import Category as DeskCategory
from lentera.tendering.enums import TenderStatus

from . import figures, rules, sections_lpse, sections_service
from .tables import col as _col
from .tables import table as _table

Outcome = _SelectionReportModel.Outcome
ORDER_STATUSES = ("ORDERED", "ACCEPTED", "REFUSED", "CANCELLED")


def _method_label(code: str) -> str:
    return str(Method(code).label) if code in Method.values else code


def planning_section(s: figures.Scoped) -> dict[str, Any]:
    p = figures.pipeline(s)
    st = p["stages"]
    labels = stage_labels()
    stages = _table(
        _("Tahapan pengadaan"),
        [_col(_("Tahap")), _col(_("Jumlah"), "int"), _col(_("Nilai (Rp)"), "money")],
        [[labels[k], st[k].count, st[k].value] for k in figures.STAGES],
        chart=2,
    )
    summary = _table(
        _("Realisasi terhadap rencana"),
        [_col(_("Ukuran")), _col(_("Nilai"), "money"), _col(_("Persen"), "pct")],
        [
            [_("Rencana (RUP diumumkan)"), st["rup"].value, None],
            [_("Realisasi (kontrak + pesanan e-purchasing)"), p["committed"], p["realisation_pct"]],
            [_("Selisih terhadap rencana"), p["gap"], None],
            [_("Dibayar (terhadap nilai kontrak)"), st["payments"].value, p["paid_pct"]],
            [_("Paket dibatalkan (%(n)s paket)") % {"n": p["cancelled"].count}, p["cancelled"].value, None],
        ],
    )
    cols = [
        _col(_("Metode")),
        _col(_("Jumlah RUP"), "int"),
        _col(_("Pagu RUP (Rp)"), "money"),
        _col(_("Jumlah paket"), "int"),
        _col(_("Nilai kontrak (Rp)"), "money"),
        _col(_("Pesanan e-purchasing (Rp)"), "money"),
        _col(_("Realisasi (%)"), "pct"),
    ]
    methods = _table(
        _("Per metode pemilihan"),
        cols,
        [
            [
                _method_label(r["key"]),
                r["rup"].count,
                r["rup"].value,
                r["packages"].count,
                r["contracts"].value,
                r["orders"].value,
                r["realisation_pct"],
            ]
            for r in figures.by_method(s)
        ],
        chart=2,
    )
    units = _table(
        _("Per satuan kerja"),
        [_col(_("Satuan kerja")), *cols[1:]],
        [
            [
                r["label"],
                r["rup"].count,
                r["rup"].value,
                r["packages"].count,
                r["contracts"].value,
                r["orders"].value,
                r["realisation_pct"],
            ]
            for r in figures.by_work_unit(s)
        ],
        chart=2,
    )
    return {
        "key": "planning",
        "title": _("Perencanaan dan realisasi"),
        "tables": [stages, summary, methods, units],
    }


def selections_section(s: figures.Scoped) -> dict[str, Any]:
    statuses = [TenderStatus.ANNOUNCED, TenderStatus.COMPLETED, TenderStatus.FAILED, TenderStatus.CANCELLED]
    counts: dict[str, Counter] = defaultdict(Counter)
    retenders: Counter = Counter()
    for t in s.tenders:
        if s.f.in_window(t["announced_at"]):
            counts[t["method"]][t["status"]] += 1
            if t["attempt"] > 1:
                retenders[t["method"]] += 1
    rows = [
        [_method_label(m), sum(counts[m].values()), *(counts[m][st] for st in statuses), retenders[m]]
        for m in sorted(counts, key=_method_label)
    ]
    by_result = _table(
        _("Pemilihan diumumkan per metode dan hasil"),
        [
            _col(_("Metode")),
            _col(_("Diumumkan"), "int"),
            *(_col(str(st.label), "int") for st in statuses),
            _col(_("Tender ulang"), "int"),
        ],
        rows,
        chart=1,
    )
    e = figures.efficiency(s)
    shares = figures.local_shares(s)
    competition = _table(
        _("Efisiensi dan persaingan"),
        [_col(_("Ukuran")), _col(_("Nilai"), "money"), _col(_("Jumlah / persen"), "pct")],
        [
            [_("Total HPS paket berkontrak"), e["hps_sum"], None],
            [_("Total nilai kontrak awal"), e["signed_sum"], None],
            [_("Penghematan terhadap HPS"), e["savings"], e["savings_pct"]],
            [_("Tender kompetitif dengan penawaran"), None, Decimal(e["competitive_tenders"])],
            [_("Rata-rata penawar per tender"), None, e["bidders_per_tender"]],
            [_("Tender dengan satu penawar (%)"), None, e["single_bid_pct"]],
            [_("Tender tanpa penawaran"), None, Decimal(e["zero_bid_tenders"])],
            [_("Porsi nilai e-purchasing (%)"), None, e["epurchasing_value_pct"]],
            [_("Pagu RUP dicadangkan untuk usaha kecil (UMK)"), shares["umk_value"], shares["umk_pct"]],
            [_("Pagu RUP dengan produk dalam negeri (PDN)"), shares["pdn_value"], shares["pdn_pct"]],
            [_("TKDN rata-rata pesanan e-purchasing (tertimbang nilai, %)"), shares["tkdn_orders_value"],
             shares["tkdn_weighted_pct"]],
        ],
    )  # fmt: skip
    reports = Counter(r["outcome"] for r in s.selection_reports if s.f.in_window(r["submitted_at"]))
    acknowledged = sum(
        1
        for r in s.selection_reports
        if s.f.in_window(r["submitted_at"]) and r["acknowledged_at"] is not None
    )
    pasal17 = _table(
        _("Laporan hasil pemilihan Pokja / Pejabat Pengadaan (Pasal 17)"),
        [_col(_("Hasil")), _col(_("Jumlah"), "int")],
        [[str(o.label), reports[o.value]] for o in Outcome]
        + [[_("Sudah diterima Kepala UKPBJ"), acknowledged]],
    )
    return {
        "key": "selections",
        "title": _("Pemilihan penyedia per metode dan hasil"),
        "tables": [by_result, competition, pasal17],
    }


def contracts_section(s: figures.Scoped) -> dict[str, Any]:
    by_state: dict[str, figures.Stage] = defaultdict(figures.Stage)
    amended = figures.Stage()
    for c in s.contracts:
        if s.f.in_window(c["signed_on"]):
            by_state[c["state"]].add(c["value"])
            if c["amendment_count"]:
                amended.add(c["value"])
    rows = [
        [str(ContractState(st).label), by_state[st].count, by_state[st].value]
        for st in ContractState.values
        if st in by_state
    ]
    rows.append([_("Di antaranya diadendum"), amended.count, amended.value])
    cols = [_col(_("Status")), _col(_("Jumlah"), "int"), _col(_("Nilai kontrak (Rp)"), "money")]
    table = _table(_("Kontrak ditandatangani per status"), cols, rows, chart=1)
    t = figures.timeliness(s)
    late = _table(
        _("Ketepatan waktu"),
        [_col(_("Ukuran")), _col(_("Jumlah"), "int"), _col(_("Nilai (Rp)"), "money")],
        [
            [_("RUP belum mulai pemilihan setelah jadwal rencana"), t["rup_not_started"].count,
             t["rup_not_started"].value],
            [_("RUP mulai pemilihan terlambat dari jadwal rencana"), t["rup_started_late"].count,
             t["rup_started_late"].value],
            [_("Pemilihan melewati jadwal tahapan terakhir"), t["overdue_selections"].count,
             t["overdue_selections"].value],
            [_("Kontrak melewati akhir pelaksanaan"), t["late_contracts"].count, t["late_contracts"].value],
            [_("Denda keterlambatan dibayar"), t["penalties"].count, t["penalties"].value],
        ],
    )  # fmt: skip
    late_units = _table(
        _("Ketepatan waktu per satuan kerja"),
        [
            _col(_("Satuan kerja")),
            _col(_("RUP terlambat mulai"), "int"),
            _col(_("Pemilihan melewati jadwal"), "int"),
            _col(_("Kontrak terlambat"), "int"),
            _col(_("Denda keterlambatan (Rp)"), "money"),
        ],
        [
            [
                r["label"],
                r["rup_late"].count,
                r["overdue_selections"].count,
                r["late"].count,
                r["penalties"].value,
            ]
            for r in t["by_unit"]
        ],
    )
    return {"key": "contracts", "title": _("Kontrak dan statusnya"), "tables": [table, late, late_units]}


def catalogue_section(s: figures.Scoped) -> dict[str, Any]:
    labels = {
        "ORDERED": _("Menunggu jawaban penyedia"),
        "ACCEPTED": _("Diterima penyedia"),
        "REFUSED": _("Ditolak penyedia"),
        "CANCELLED": _("Dibatalkan PPK"),
    }
    by_status: dict[str, figures.Stage] = defaultdict(figures.Stage)
    for o in s.orders:
        if s.f.in_window(o["ordered_at"]):
            by_status[o["status"]].add(o["total"])
    table = _table(
        _("Pesanan e-purchasing katalog elektronik"),
        [_col(_("Status")), _col(_("Jumlah"), "int"), _col(_("Nilai (Rp)"), "money")],
        [[labels[st], by_status[st].count, by_status[st].value] for st in ORDER_STATUSES],
    )
    return {"key": "catalogue", "title": _("Pembelian melalui katalog elektronik"), "tables": [table]}


def objections_section(s: figures.Scoped) -> dict[str, Any]:
    def rows_of(items: list[dict[str, Any]]) -> list[list[Any]]:
        filed = [i for i in items if s.f.in_window(i["filed_at"])]
        follow = Counter(i["follow_up"] for i in filed if i["follow_up"])
        return [
            [_("Diajukan"), len(filed)],
            [_("Dijawab"), sum(1 for i in filed if i["answered_at"] is not None)],
            [_("Dinyatakan benar"), sum(1 for i in filed if i["justified"] is True)],
            [_("Dinyatakan tidak benar"), sum(1 for i in filed if i["justified"] is False)],
            [_("Tindak lanjut: evaluasi ulang"), follow["REEVALUATION"]],
            [_("Tindak lanjut: tender ulang"), follow["RETENDER"]],
        ]

    cols = [_col(_("Ukuran")), _col(_("Jumlah"), "int")]
    appeals = rows_of(s.appeals)
    filed_appeals = [a for a in s.appeals if s.f.in_window(a["filed_at"])]
    appeals.append(
        [
            _("Jaminan sanggah banding dicairkan"),
            sum(1 for a in filed_appeals if a["guarantee_outcome"] == "FORFEITED"),
        ]
    )
    return {
        "key": "objections",
        "title": _("Sanggah dan sanggah banding serta hasilnya"),
        "tables": [
            _table(_("Sanggahan"), cols, rows_of(s.objections)),
            _table(_("Sanggah banding"), cols, appeals),
        ],
    }


def desk_section(desk: dict[str, Any]) -> dict[str, Any]:
    table = _table(
        _("Layanan helpdesk LPSE"),
        [_col(_("Ukuran")), _col(_("Nilai"), "pct")],
        [
            [_("Tiket dilaporkan"), Decimal(desk["count"])],
            [_("Tiket selesai"), Decimal(desk["resolved"])],
            [_("Tepat SLA (%)"), desk["sla_met_pct"]],
            [_("Median tanggapan pertama (jam kerja)"), desk["median_first_response_hours"]],
            [_("Median penyelesaian (jam kerja)"), desk["median_resolution_hours"]],
            [_("Kepuasan rata-rata (1-5)"), desk["satisfaction"]],
            [_("Tiket dieskalasi"), Decimal(desk["escalated"])],
        ],
    )
    categories = _table(
        _("Tiket helpdesk per kategori"),
        [_col(_("Kategori")), _col(_("Jumlah"), "int")],
        [
            [str(DeskCategory(c).label), n]
            for c, n in zip(DeskCategory.values, desk["categories"], strict=True)
        ],
        chart=1,
    )
    return {"key": "servicedesk", "title": _("Layanan helpdesk"), "tables": [table, categories]}


def training_section(rows: list[dict[str, Any]], year: int) -> dict[str, Any]:
    cols = [
        _col(_("Pelatihan")),
        _col(_("Sesi"), "int"),
        _col(_("Pendaftar"), "int"),
        _col(_("Hadir"), "int"),
        _col(_("Sertifikat"), "int"),
        _col(_("Rata-rata penilaian (1-5)"), "pct"),
    ]
    body = [
        [f"{r['code']} {r['title']}", r["sessions"], r["registrations"], r["attendees"], r["certificates"],
         r["mean_rating"]]
        for r in rows
    ]  # fmt: skip
    body.append(
        [_("Jumlah"), *(sum(r[k] for r in rows) for k in ("sessions", "registrations", "attendees", "certificates")),
         None]
    )  # fmt: skip
    table = _table(
        _("Pelatihan LPSE tahun %(year)s (sesi yang diselenggarakan)") % {"year": year}, cols, body
    )
    return {"key": "training", "title": _("Pelatihan"), "tables": [table]}


def stage_labels() -> dict[str, str]:
    return {
        "rup": _("RUP diumumkan"),
        "packages": _("Paket"),
        "selections": _("Pemilihan diumumkan"),
        "contracts": _("Kontrak ditandatangani"),
        "orders": _("Pesanan e-purchasing diterima"),
        "handovers": _("Serah terima"),
        "payments": _("Pembayaran termin"),
    }


def report_sections(
    *,
    scoped: figures.Scoped,
    desk: dict[str, Any],
    training: list[dict[str, Any]] | None = None,
    verification: dict[str, Any] | None = None,
    team_activity: dict[str, Any] | None = None,
    availability: dict[str, Any] | None = None,
    sanctions: dict[str, list[dict[str, Any]]] | None = None,
    governance: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Every computed section of a semester or annual report, in the order of the report."""
    return [
        planning_section(scoped),
        selections_section(scoped),
        contracts_section(scoped),
        catalogue_section(scoped),
        objections_section(scoped),
        sections_lpse.sanctions_section(scoped, sanctions or {"entries": [], "proposals": []}),
        desk_section(desk),
        training_section(training or [], scoped.f.year),
        sections_service.verification_section(verification or sections_service.EMPTY_TIMES),
        sections_service.availability_section(availability or sections_service.EMPTY_AVAILABILITY),
        sections_service.team_activity_section(
            team_activity or sections_service.EMPTY_ACTIVITY, scoped.f.year
        ),
        sections_lpse.governance_section(
            governance or {"assessment": None, "standards": [], "reviews": []}, scoped.f.year
        ),
    ]


def filters_for(kind: str, year: int, agency_id: int, today: dt.date | None = None) -> figures.Filters:
    """A report's filters: its semester (none for the annual report), its instansi, and lateness judged on its
    period's last day, or today while the period runs."""
    semester = {rules.SEMESTER_1: 1, rules.SEMESTER_2: 2}.get(kind)
    last = rules.report_period(kind, year)[1]
    as_of = min(today, last) if today is not None else last
    return figures.Filters(year=year, semester=semester, agency_id=agency_id, as_of=as_of)


# --- JSON (the snapshot) -------------------------------------------------------------------------------------


def _freeze_cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _thaw_cell(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind in ("money", "pct"):
        return Decimal(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    return value


def freeze(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **sec,
            "title": str(sec["title"]),
            "tables": [
                {**t, "rows": [[_freeze_cell(c) for c in row] for row in t["rows"]]} for t in sec["tables"]
            ],
        }
        for sec in sections
    ]


def thaw(snapshot: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **sec,
            "tables": [
                {
                    **t,
                    "rows": [
                        [_thaw_cell(c, t["columns"][i]["kind"]) for i, c in enumerate(row)]
                        for row in t["rows"]
                    ],
                }
                for t in sec["tables"]
            ],
        }
        for sec in snapshot
    ]


def package_table(s: figures.Scoped) -> dict[str, Any]:
    """The drill-down's last level as a table (cancelled packages included)."""
    return _table(
        _("Daftar paket"),
        [
            _col(_("Kode paket")),
            _col(_("Nama paket")),
            _col(_("Metode")),
            _col(_("Status paket")),
            _col(_("Pagu (Rp)"), "money"),
            _col(_("HPS (Rp)"), "money"),
            _col(_("Tender terakhir")),
            _col(_("Percobaan"), "int"),
            _col(_("Nilai kontrak (Rp)"), "money"),
            _col(_("Dibayar (Rp)"), "money"),
        ],
        [
            [
                p["code"],
                p["name"],
                _method_label(p["method"]),
                p["status"],
                p["pagu"],
                p["hps_total"],
                p["tender_code"],
                p["attempts"],
                p["contract_value"],
                p["paid"],
            ]
            for p in figures.package_list(s)
        ],
    )


def service_section(
    desk: dict[str, Any],
    training: list[dict[str, Any]],
    year: int,
    verification: dict[str, Any] | None = None,
    availability: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The dashboard's service figures: the help desk's (tickets reported in the year or semester), the
    training per course of the year and the provider verification times per month."""
    tables = desk_section(desk)["tables"] + training_section(training, year)["tables"]
    if verification is not None:
        tables += sections_service.verification_section(verification)["tables"]
    if availability is not None:
        tables += sections_service.availability_section(availability)["tables"]
    return {"key": "service", "title": _("Layanan LPSE"), "tables": tables}


def dashboard_sections(s: figures.Scoped, service: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """What the dashboard's downloads hold: the pipeline and breakdowns, selections and efficiency, contracts,
    the service figures (``service``: selectors.service_figures), and the package list once a work unit is
    chosen."""
    out = [planning_section(s), selections_section(s), contracts_section(s)]
    if service is not None:
        out.append(
            service_section(
                service["desk"],
                service["training"],
                s.f.year,
                service.get("verification"),
                service.get("availability"),
            )
        )
    if s.f.work_unit_id is not None:
        out.append({"key": "packages", "title": _("Daftar paket"), "tables": [package_table(s)]})
    return out


def public_sections(s: figures.Scoped) -> list[dict[str, Any]]:
    """The public portal's subset: the same tables as the dashboard without the Pasal 17 reports (internal) and
    without any per-package list."""
    selections = selections_section(s)
    return [
        planning_section(s),
        {**selections, "tables": selections["tables"][:2]},
        contracts_section(s),
    ]
