"""The report sections about the LPSE and UKPBJ themselves rather than the packages: sanctions (the blacklist) and
maturity and standards status. Plain tables like :mod:`.sections`, computed from the rows the providers and
governance apps' selectors return (selectors.sanction_figures, selectors.governance_figures)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from lentera.core.calendar import local_date
from lentera.governance.maturity.models import Assessment
from lentera.governance.standards.models import Compliance, InternalReview
from lentera.providers.models import BlacklistEntry, BlacklistProposal

from . import figures
from .tables import col as _col
from .tables import table as _table

Category = BlacklistEntry.Category
ProposalStatus = BlacklistProposal.Status


def _in_period(f: figures.Filters, value: dt.date | dt.datetime | None) -> bool:
    """In the report's semester, or in its fiscal year for the annual report (the blacklist is not tied to the
    year's packages, so "no semester" must still mean this year)."""
    if value is None:
        return False
    if f.window is not None:
        return f.in_window(value)
    day = local_date(value) if isinstance(value, dt.datetime) else value
    return day.year == f.year


def sanctions_section(s: figures.Scoped, rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Blacklist sanctions decreed in the period and in force on the day judged (``as_of``) per category, and the
    proposals made and decided in the period."""
    f = s.f
    entries, proposals = rows["entries"], rows["proposals"]

    def in_force(e: dict[str, Any]) -> bool:
        return f.as_of is not None and e["starts_on"] <= f.as_of <= e["ends_on"]

    counts = [
        (
            str(cat.label),
            sum(1 for e in entries if e["category"] == cat.value and _in_period(f, e["decree_date"])),
            sum(1 for e in entries if e["category"] == cat.value and in_force(e)),
        )
        for cat in Category
    ]
    body: list[list[Any]] = [list(c) for c in counts]
    body.append([_("Jumlah"), sum(c[1] for c in counts), sum(c[2] for c in counts)])
    by_category = _table(
        _("Sanksi daftar hitam per kategori"),
        [
            _col(_("Kategori pelanggaran")),
            _col(_("Ditetapkan dalam periode"), "int"),
            _col(_("Berlaku"), "int"),
        ],
        body,
    )

    def decided(p: dict[str, Any], status: str) -> bool:
        return p["status"] == status and _in_period(f, p["decided_at"])

    def waiting(p: dict[str, Any]) -> bool:
        if f.as_of is None or local_date(p["proposed_at"]) > f.as_of:
            return False
        return p["decided_at"] is None or local_date(p["decided_at"]) > f.as_of

    proposal_table = _table(
        _("Usulan penetapan daftar hitam"),
        [_col(_("Ukuran")), _col(_("Jumlah"), "int")],
        [
            [_("Diusulkan dalam periode"), sum(1 for p in proposals if _in_period(f, p["proposed_at"]))],
            [
                _("Dicatat dalam daftar hitam"),
                sum(1 for p in proposals if decided(p, ProposalStatus.ENTERED)),
            ],
            [_("Tidak ditindaklanjuti"), sum(1 for p in proposals if decided(p, ProposalStatus.DISMISSED))],
            [_("Menunggu keputusan PA/KPA"), sum(1 for p in proposals if waiting(p))],
        ],
    )
    return {"key": "sanctions", "title": _("Sanksi"), "tables": [by_category, proposal_table]}


def governance_section(rows: dict[str, Any], year: int) -> dict[str, Any]:
    """The year's maturity self-assessment (status and per-domain score), the LPSE standards register by
    compliance status, and the internal reviews (standard 17) held in the year."""
    assessment = rows["assessment"]
    status = (
        str(Assessment.Status(assessment["status"]).label) if assessment else _("Belum ada penilaian mandiri")
    )
    summary = _table(
        _("Penilaian mandiri kematangan UKPBJ tahun %(year)s") % {"year": year},
        [_col(_("Ukuran")), _col(_("Keterangan")), _col(_("Tanggal"), "date")],
        [
            [_("Status"), status, local_date(assessment["submitted_at"]) if assessment and assessment["submitted_at"] else None],
            [_("Versi model"), assessment["model_code"] if assessment else "", None],
        ],
    )  # fmt: skip
    domains = _table(
        _("Skor per domain"),
        [_col(_("Domain")), _col(_("Variabel"), "int"), _col(_("Dinilai"), "int"), _col(_("Skor"), "pct")],
        [
            [d["name"], d["variables"], d["answered"], d["score"]]
            for d in (assessment or {}).get("domains", [])
        ],
        chart=3,
    )
    standards = rows["standards"]
    by_status = _table(
        _("Standar LPSE menurut status pemenuhan"),
        [_col(_("Status")), _col(_("Jumlah standar"), "int")],
        [[str(c.label), sum(1 for r in standards if r["status"] == c.value)] for c in reversed(Compliance)],
        chart=1,
    )
    held = [r for r in rows["reviews"] if r["held_on"].year == year]
    reviews = _table(
        _("Penilaian internal (standar 17) tahun %(year)s") % {"year": year},
        [_col(_("Tanggal penilaian"), "date"), _col(_("Status")), _col(_("Skor (%)"), "pct")],
        [[r["held_on"], str(InternalReview.Status(r["status"]).label), r["score"]] for r in held],
    )
    return {
        "key": "governance",
        "title": _("Kematangan UKPBJ dan standar LPSE"),
        "tables": [summary, domains, by_status, reviews],
    }
